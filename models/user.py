from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class User(Model):
    """A person as one channel knows them; the same person on two channels is two users."""

    id = fields.IntField(primary_key=True)
    channel = fields.CharField(max_length=16)
    external_id = fields.CharField(max_length=128)
    locale = fields.CharField(max_length=8, default="zh_CN")
    elder_mode = fields.BooleanField(default=False)
    #: Buttons of the last message on channels without buttons, so "1" means the first of them.
    last_buttons: list[dict[str, str]] = fields.JSONField(default=list)
    #: When the person last wrote, and what was pushed since: WeChat's 48-hour / 5-message rule.
    last_seen_at = fields.DatetimeField(null=True)
    pushes_since_seen = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "users"
        unique_together = (("channel", "external_id"),)


async def user_for(channel: str, external_id: str, locale: str = "zh_CN") -> User:
    user = await User.get_or_none(channel=channel, external_id=external_id)
    if user is None:
        user, _ = await User.get_or_create(channel=channel, external_id=external_id, defaults={"locale": locale})
    return user
