from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

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
