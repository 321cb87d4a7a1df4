from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

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
