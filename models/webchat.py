from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.user import User


class WebchatMessage(Model):
    """A message in a web chat, kept so a reload shows the history and pushes wait to be fetched."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField("models.User", related_name="webchat_messages")
    sender = fields.CharField(max_length=8)
    payload: dict[str, Any] = fields.JSONField()
    created_at = fields.DatetimeField(auto_now_add=True)
    #: The push this message was delivered by (its job key, the recipient, its place), so that a
    #: push made again after a worker died shows once; None for replies and unkeyed pushes.
    delivery = fields.CharField(max_length=160, null=True, unique=True)

    class Meta:
        table = "webchat_messages"
        indexes = (("user_id", "id"),)


class WebchatSession(Model):
    """A resident's web chat session: refused once idle too long or ended by the person."""

    id = fields.IntField(primary_key=True)
    user: fields.OneToOneRelation[User] = fields.OneToOneField("models.User", related_name="webchat_session")
    user_id: int
    #: When the person last sent something (typing, a button, a file); polling does not count.
    active_at = fields.DatetimeField()
    #: Set by "end and clear"; the token is refused from then on.
    ended_at = fields.DatetimeField(null=True)

    class Meta:
        table = "webchat_sessions"
