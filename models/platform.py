"""Platform credentials shared by every process, and pushes waiting for a way through."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.user import User


class PlatformToken(Model):
    """An access token (WeChat's lasts 2 hours); one process refreshes it, all read it."""

    name = fields.CharField(max_length=64, primary_key=True)
    value = fields.TextField(default="")
    expires_at = fields.DatetimeField(null=True)
    #: A process refreshing the token holds this claim until then; others wait and read.
    refreshing_until = fields.DatetimeField(null=True)

    class Meta:
        table = "platform_tokens"


class HeldPush(Model):
    """A notice no path could carry yet (WeChat: outside 48 hours, no template); sent when the person writes."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField("models.User", related_name="held_pushes")
    payload: dict[str, Any] = fields.JSONField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "held_pushes"
