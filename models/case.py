from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import connections, fields
from tortoise.models import Model

from models.db import placeholders

if TYPE_CHECKING:
    from models.staff import StaffMember
    from models.user import User


class Case(Model):
    """One submission of one scenario: the unit residents track and departments share."""

    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=24, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField("models.User", related_name="cases")
    scenario_id = fields.CharField(max_length=48)
    #: A ``handlers.lifecycle.CaseStatus`` value; models spell the default, the engine owns the names.
    status = fields.CharField(max_length=24, default="submitted")
    answers: dict[str, Any] = fields.JSONField(default=dict)
    locale = fields.CharField(max_length=8, default="zh_CN")
    #: The conversation draft it came from: a second submit of the same draft is refused here.
    draft_id = fields.CharField(max_length=32, unique=True)
    #: The promised date of the whole case: the latest of its items' due dates.
    due_date = fields.DateField(null=True)
    #: The due date was counted past the holidays known (weekends only): shown as provisional.
    due_provisional = fields.BooleanField(default=False)
    #: 帮办代办: the resident's mobile (a record only: it finds nobody, see models.linking), the
    #: staff member who filed, and when the resident consented.
    proxy_phone = fields.CharField(max_length=20, null=True)
    proxy_by = fields.CharField(max_length=128, null=True)
    consent_at = fields.DatetimeField(null=True)
    #: When the resident agreed to the privacy notice (个人信息保护法 第二十九条: separate consent).
    privacy_consent_at = fields.DatetimeField(null=True)
    #: Set when the supplement the resident sent back is filed, to show staff what changed.
    last_changes: dict[str, Any] = fields.JSONField(default=dict)
    #: Material keys the resident chose to hand in later (稍后补交) and has not handed in yet.
    owed: list[str] = fields.JSONField(default=list)
    #: 容缺受理: owed material key -> the date (ISO) the applicant promised, in the dialog, to hand it in by.
    promised: dict[str, str] = fields.JSONField(default=dict)
    #: The earliest promised date still owed, for the deadline sweep (None: nothing promised is owed).
    promise_due = fields.DateField(null=True)
    #: When the resident was reminded of the promise due on promise_due.
    promise_reminded_at = fields.DatetimeField(null=True)
    #: When the retention period ran out and the personal data and documents were erased.
    erased_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "cases"


class CaseItem(Model):
    """One department's item within a case, decided on its own."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField("models.Case", related_name="items")
    item_key = fields.CharField(max_length=40)
    department = fields.CharField(max_length=48)
    #: A ``handlers.lifecycle.ItemStatus`` value.
    status = fields.CharField(max_length=24, default="pending")
    due_date = fields.DateField(null=True)
    #: The reason given with a rejection, or the note of a supplement request.
    note = fields.TextField(default="")
    #: What a supplement request asks for again: {"fields": [...], "materials": [...]}.
    supplement: dict[str, Any] = fields.JSONField(default=dict)
    decided_by = fields.CharField(max_length=128, null=True)
    reminded_at = fields.DatetimeField(null=True)
    escalated_at = fields.DatetimeField(null=True)
    #: The member of the item's department it is assigned to (None: anyone there), see casework.assignment.
    assignee: fields.ForeignKeyNullableRelation[StaffMember] = fields.ForeignKeyField(
        "models.StaffMember", related_name="assigned_items", null=True, on_delete=fields.SET_NULL
    )
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "case_items"
        unique_together = (("case", "item_key"),)


class CaseEvent(Model):
    """Append-only audit log: who changed what, when, from which state to which."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField("models.Case", related_name="events")
    item: fields.ForeignKeyNullableRelation[CaseItem] = fields.ForeignKeyField(
        "models.CaseItem", related_name="events", null=True
    )
    actor = fields.CharField(max_length=128)
    action = fields.CharField(max_length=32)
    from_status = fields.CharField(max_length=24, null=True)
    to_status = fields.CharField(max_length=24, null=True)
    #: The case's own status right after this event, so each notice tells its moment, not today's.
    case_status = fields.CharField(max_length=24, null=True)
    note = fields.TextField(default="")
    #: What the event was about, for the timeline and statistics: a supplement's {"fields", "materials"}
    #: asked for, a resubmission's changed ones, an assignment's {"to": member ref}.
    detail: dict[str, Any] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "case_events"


class CaseCounter(Model):
    """The last case number handed out on one day, for numbers like LG20261126-0001."""

    day = fields.CharField(max_length=8, primary_key=True)
    last_number = fields.IntField(default=0)

    class Meta:
        table = "case_counters"


class CaseVisit(Model):
    """A joint site visit of a case (联合现场勘验 or 联合竣工验收): one time agreed by every department.

    The rules are ``handlers.visits``; the history is in the audit log (``visit_*`` events).
    """

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField("models.Case", related_name="visits")
    #: A ``handlers.visits.VisitKind`` value.
    kind = fields.CharField(max_length=16)
    #: The department that proposes the time (the scenario's lead).
    lead = fields.CharField(max_length=48)
    #: A ``handlers.visits.VisitStatus`` value.
    status = fields.CharField(max_length=16, default="unscheduled")
    #: Local wall-clock time of the visit (the district's zone), as proposed.
    at = fields.DatetimeField(null=True)
    place = fields.TextField(default="")
    round = fields.IntField(default=0)
    confirmed: list[str] = fields.JSONField(default=list)
    declined: dict[str, str] = fields.JSONField(default=dict)
    change_asked = fields.TextField(default="")
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "case_visits"
        unique_together = (("case", "kind"),)


async def recent_answers(user_id: int, limit: int) -> list[tuple[str, dict[str, Any]]]:
    """(number, answers) of this person's latest cases, newest first: asked at every errand's first identity
    question, so written by hand."""
    conn = connections.get("default")
    (p1,) = placeholders(conn, 1)
    sql = f"SELECT number, answers FROM cases WHERE user_id = {p1} ORDER BY id DESC LIMIT {int(limit)}"
    decode = Case._meta.fields_map["answers"].to_python_value
    return [(row["number"], decode(row["answers"])) for row in await conn.execute_query_dict(sql, [user_id])]
