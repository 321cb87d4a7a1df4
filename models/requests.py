"""Requests from residents outside a case: 留言 (messages), 依申请公开 (disclosure), 好差评 follow-ups.

One shape for all of them: a tracking number, a department, a working-day due date, staff
handling, reminders and escalation, and an append-only audit log (``RequestEvent``). The
service that changes them is ``casework.requests``; here are the tables and small queries. The engine
names kinds, statuses and actions (``handlers.request_lifecycle``); models spell the defaults.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.case import Case
    from models.user import User


class Request(Model):
    """One request from a resident, tracked by its number until closed."""

    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=24, unique=True)
    #: A ``handlers.request_lifecycle.RequestKind`` value.
    kind = fields.CharField(max_length=16)
    #: Within a kind: a ``MessageKind`` for messages; free for the others (e.g. the disclosure's applicant type).
    subkind = fields.CharField(max_length=24, default="")
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField("models.User", related_name="requests")
    #: The language it was filed in; pushes use the one the resident uses now (casework.audience).
    locale = fields.CharField(max_length=8, default="zh_CN")
    #: The case it is about, if any (a rating's follow-up).
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="requests", null=True
    )
    department = fields.CharField(max_length=48)
    #: A ``handlers.request_lifecycle.RequestStatus`` value.
    status = fields.CharField(max_length=24, default="open")
    text = fields.TextField(default="")
    #: Kind-specific fields (a disclosure's form and delivery, a follow-up's rating reasons, photos).
    payload: dict[str, Any] = fields.JSONField(default=dict)
    due_date = fields.DateField(null=True)
    #: Counted past the holidays known (weekends only): shown as provisional.
    due_provisional = fields.BooleanField(default=False)
    #: Extended once (e.g. 依申请公开: 20 more working days).
    extended = fields.BooleanField(default=False)
    #: 补正: the date the applicant is asked to answer by, while the clock stands still.
    correction_due = fields.DateField(null=True)
    reminded_at = fields.DatetimeField(null=True)
    escalated_at = fields.DatetimeField(null=True)
    answer = fields.TextField(default="")
    answered_by = fields.CharField(max_length=128, null=True)
    answered_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    #: The resident allows the reply to be published without personal data.
    publishable = fields.BooleanField(default=False)
    #: Staff chose to publish the reply (only where the resident allowed it).
    published = fields.BooleanField(default=False)
    #: The resident's rating of the answer: a ``handlers.ratings.Level`` value.
    rating = fields.CharField(max_length=24, null=True)
    rating_comment = fields.TextField(default="")
    #: Whether the answer resolved the matter, as the resident said (None: not said).
    resolved = fields.BooleanField(null=True)
    rated_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "requests"
        indexes = (("department", "status"), ("status", "due_date"))


class RequestEvent(Model):
    """Append-only audit log of a request: who did what, when, with what note."""

    id = fields.IntField(primary_key=True)
    request: fields.ForeignKeyRelation[Request] = fields.ForeignKeyField("models.Request", related_name="events")
    at = fields.DatetimeField(auto_now_add=True)
    #: ``staff:<id>:<name>``, ``user:<id>`` or ``system``.
    actor = fields.CharField(max_length=128)
    #: A ``handlers.request_lifecycle.RequestAction`` value.
    action = fields.CharField(max_length=24)
    #: The status right after this event, so a push tells its moment, not today's.
    status = fields.CharField(max_length=24)
    note = fields.TextField(default="")
    data: dict[str, Any] = fields.JSONField(default=dict)

    class Meta:
        table = "request_events"


class RequestCounter(Model):
    """The last number handed out per prefix and day, for numbers like LY20261203-0001."""

    key = fields.CharField(max_length=16, primary_key=True)
    last_number = fields.IntField(default=0)

    class Meta:
        table = "request_counters"


async def for_department(department: str | None, kind: str | None, status: str | None) -> list[Request]:
    """A queue for the staff page: one department's (None: all), soonest due first."""
    query = Request.all()
    if department is not None:
        query = query.filter(department=department)
    if kind is not None:
        query = query.filter(kind=kind)
    if status is not None:
        query = query.filter(status=status)
    return await query.order_by("status", "due_date", "id").limit(200)


async def of_user(user_id: int, kind: str | None = None) -> list[Request]:
    """A resident's own requests, newest first."""
    query = Request.filter(user_id=user_id)
    if kind is not None:
        query = query.filter(kind=kind)
    return await query.order_by("-id").limit(50)


async def published_replies(kind: str, limit: int = 100) -> list[Request]:
    """Replies published with the resident's consent, newest first."""
    return (
        await Request.filter(kind=kind, published=True, answered_at__not_isnull=True)
        .order_by("-answered_at")
        .limit(limit)
    )
