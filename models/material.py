from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import connections, fields
from tortoise.models import Model

from models.db import placeholders

if TYPE_CHECKING:
    from models.case import Case
    from models.user import User


class Material(Model):
    """File metadata of one material in one case; the bytes live on disk, named by sha256."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField("models.Case", related_name="materials")
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField("models.User", related_name="materials")
    key = fields.CharField(max_length=40)
    filename = fields.CharField(max_length=255)
    kind = fields.CharField(max_length=16)
    mime = fields.CharField(max_length=64)
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    #: Relative to the material directory setting, so the directory can move.
    path = fields.CharField(max_length=80)
    #: True: the virus scanner found it clean; False: kept unscanned (no scanner, or it was down);
    #: None: kept before uploads were scanned.
    scanned = fields.BooleanField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "materials"
        indexes = (("user_id", "key"),)


async def latest_case_with(user_id: int, key: str) -> int | None:
    """The case this person last gave this document in, if any: asked at every document step, so written by hand."""
    conn = connections.get("default")
    p1, p2 = placeholders(conn, 2)
    sql = f"SELECT case_id FROM materials WHERE user_id = {p1} AND key = {p2} ORDER BY id DESC LIMIT 1"
    rows = await conn.execute_query_dict(sql, [user_id, key])
    return int(rows[0]["case_id"]) if rows else None
