"""人工客服: a resident's conversation handed to a person, its messages, and its audit log."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.staff import StaffMember
    from models.user import User


class LiveStatus(StrEnum):
    """A handover waits in its department's queue, is taken by a member, and ends."""

    WAITING = "waiting"
    ACTIVE = "active"
    ENDED = "ended"


#: A handover still under way: the bot stays quiet for its resident.
OPEN_LIVE = (LiveStatus.WAITING, LiveStatus.ACTIVE)


class LiveChat(Model):
    """One handover of a resident's conversation to a department's staff."""

    id = fields.IntField(primary_key=True)
    department = fields.CharField(max_length=48)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField("models.User", related_name="live_chats")
    channel = fields.CharField(max_length=16)
    lang = fields.CharField(max_length=8, default="zh_CN")
    status = fields.CharField(max_length=8, default=LiveStatus.WAITING)
    member: fields.ForeignKeyNullableRelation[StaffMember] = fields.ForeignKeyField(
        "models.StaffMember", related_name="live_chats", null=True
    )
    #: When it joined its current department's queue (a transfer queues it again).
    queued_at = fields.DatetimeField()
    taken_at = fields.DatetimeField(null=True)
    ended_at = fields.DatetimeField(null=True)
    #: Why it ended: "resident", "staff" (handed back), "timeout" (nobody took it in time).
    ended_by = fields.CharField(max_length=16, default="")
    #: The resident's rating, 1 (非常不满意) to 5 (非常满意).
    rating = fields.IntField(null=True)
    #: The place in the queue the resident was last told, so a push is sent only when it changes.
    ahead_told = fields.IntField(null=True)
    #: The 留言 left instead (outside hours, or nobody took it in time), once.
    request_number = fields.CharField(max_length=32, null=True)
    #: The errand the resident was in when they asked, for staff to see.
    errand = fields.CharField(max_length=64, default="")
    #: Bumped at every change, for the live page's change stamp.
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "live_chats"
        indexes = (("department", "status"), ("user_id", "status"))


class LiveMessage(Model):
    """One message of a handover; the resident's are kept with ID numbers and phones masked."""

    id = fields.IntField(primary_key=True)
    chat: fields.ForeignKeyRelation[LiveChat] = fields.ForeignKeyField("models.LiveChat", related_name="messages")
    #: "resident", "earlier" (said to the bot before the handover) or a staff ref.
    who = fields.CharField(max_length=96)
    text = fields.TextField()
    at = fields.DatetimeField()

    class Meta:
        table = "live_messages"
        indexes = (("chat_id", "id"),)


class LiveEvent(Model):
    """The audit log of handovers: who did what, when."""

    id = fields.IntField(primary_key=True)
    chat: fields.ForeignKeyRelation[LiveChat] = fields.ForeignKeyField("models.LiveChat", related_name="events")
    #: asked, queued, taken, reply, transfer, handback, ended, timeout, rated, message.
    action = fields.CharField(max_length=16)
    actor = fields.CharField(max_length=96)
    note = fields.TextField(default="")
    at = fields.DatetimeField()

    class Meta:
        table = "live_events"
