from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from tortoise import connections, fields
from tortoise.models import Model

from models.db import placeholders

if TYPE_CHECKING:
    from models.user import User


class ConversationState(Model):
    """One saved conversation per user, rewritten after every step."""

    id = fields.IntField(primary_key=True)
    user: fields.OneToOneRelation[User] = fields.OneToOneField("models.User", related_name="conversation")
    state: dict[str, Any] = fields.JSONField(default=dict)
    #: The scenario under way, or null at the menu; lets the idle sweep find unfinished ones.
    scenario = fields.CharField(max_length=48, null=True)
    #: Bumped by every save; a save made from an older version is refused (optimistic locking).
    version = fields.IntField(default=0)
    updated_at = fields.DatetimeField()
    reminded_at = fields.DatetimeField(null=True)

    class Meta:
        table = "conversations"
        indexes = (("scenario", "updated_at"),)


_ADVANCE = (
    "UPDATE conversations SET version = {p[0]}, state = {p[1]}, scenario = {p[2]}, updated_at = {p[3]}, "
    "reminded_at = NULL WHERE user_id = {p[4]} AND version = {p[5]} RETURNING id"
)


async def advance(user_id: int, version: int, state: str, scenario: str | None, at: dt.datetime) -> bool:
    """Writes the next version of a conversation (`state` as JSON text) if the saved one is still `version`
    (optimistic locking). False when another process saved it first.

    The statement of every dialog step, so written by hand: the ORM's query builder was a tenth of a step.
    """
    conn = connections.get("default")
    marks = placeholders(conn, 6)
    when = ConversationState._meta.fields_map["updated_at"].to_db_value(at, ConversationState)
    values = [version + 1, state, scenario, when, user_id, version]
    return bool(await conn.execute_query_dict(_ADVANCE.format(p=marks), values))
