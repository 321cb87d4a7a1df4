"""待我处理: what waits for a department's decision, with its due date in working days, and search.

A worklist is gathered from ``WORK_SOURCES``: each source turns the scope (the departments a
member works for) into entries. Items waiting for a decision, supplements sent back and owed
documents that arrived are here; later sources (ratings to follow up, messages, disclosure
requests) append themselves to ``WORK_SOURCES`` with the same signature.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field

from casework.stats import local_date
from handlers.catalog import Catalog
from handlers.identity import mask_id, mask_name, mask_phone
from handlers.lifecycle import OPEN, ItemStatus
from handlers.request_lifecycle import PENDING as REQUESTS_PENDING
from handlers.workdays import WorkCalendar
from models.case import Case, CaseItem
from models.requests import Request
from models.staff import StaffMember
from models.staffaudit import StaffAudit

#: Where a due date stands today: past it, the next working day, or neither.
OVERDUE, TOMORROW = "overdue", "tomorrow"
#: Answer types that are personal data: searching by them is audited.
PERSONAL = ("person_name", "phone", "id_card")
_NUMBER = re.compile(r"^LG\d{0,8}(-\d{0,4})?$", re.I)


@dataclass(frozen=True)
class WorkFilter:
    """What a member narrows the worklist to; empty strings and None leave a facet open."""

    status: str = ""
    scenario: str = ""
    item: str = ""
    #: ``overdue``, ``tomorrow`` (due by the next working day) or ``week`` (within 5 working days).
    due: str = ""
    #: ``me``, ``none`` or a member id.
    assignee: str = ""
    filed_from: dt.date | None = None
    filed_to: dt.date | None = None


@dataclass(frozen=True)
class WorkEntry:
    """One thing waiting for a department: what it is, for which case, by when."""

    kind: str
    case_number: str
    scenario_id: str
    item_id: int
    item_key: str
    department: str
    status: str
    due: dt.date | None
    #: Working days left until ``due`` (negative: overdue by that many), None without a due date.
    days_left: int | None
    urgency: str
    assignee_id: int | None
    assignee: str
    applicant: str
    filed: dt.date


@dataclass(frozen=True)
class Scope:
    """Whose work: the departments (None: every one), the member asking, today and the calendar."""

    departments: Collection[str] | None
    member_id: int
    today: dt.date
    calendar: WorkCalendar
    catalog: Catalog
    cases: Collection[int] | None = field(default=None)


WorkSource = Callable[[Scope], Awaitable[list[WorkEntry]]]


async def waiting_items(scope: Scope) -> list[WorkEntry]:
    """Items whose department owes a decision; a resubmitted supplement or arrived documents say so."""
    query = CaseItem.filter(status__in=sorted(OPEN)).prefetch_related("case", "assignee")
    if scope.departments is not None:
        query = query.filter(department__in=list(scope.departments))
    if scope.cases is not None:
        query = query.filter(case_id__in=list(scope.cases))
    return [_entry(item, scope) for item in await query]


async def waiting_requests(scope: Scope) -> list[WorkEntry]:
    """Messages, disclosure requests and 好差评 follow-ups a department owes an answer to (handled on /requests)."""
    if scope.cases is not None:  # a worklist narrowed to cases has no requests
        return []
    query = Request.filter(status__in=list(REQUESTS_PENDING))
    if scope.departments is not None:
        query = query.filter(department__in=list(scope.departments))
    return [_request_entry(request, scope) for request in await query]


#: Every source of the worklist, in order; other features append theirs.
WORK_SOURCES: list[WorkSource] = [waiting_items, waiting_requests]


async def worklist(scope: Scope, wanted: WorkFilter) -> list[WorkEntry]:
    """Every entry in scope that passes the filter, soonest due first (no due date last)."""
    entries = [e for source in WORK_SOURCES for e in await source(scope)]
    kept = [e for e in entries if _passes(e, wanted, scope.member_id)]
    return sorted(kept, key=lambda e: (e.due is None, e.due or dt.date.max, e.filed, e.case_number, e.item_id))


def _entry(item: CaseItem, scope: Scope) -> WorkEntry:
    case: Case = item.case
    assignee: StaffMember | None = item.assignee
    return WorkEntry(
        kind=_kind(item, case),
        case_number=case.number,
        scenario_id=case.scenario_id,
        item_id=item.id,
        item_key=item.item_key,
        department=item.department,
        status=item.status,
        due=item.due_date,
        days_left=_days_left(item.due_date, scope),
        urgency=_urgency(item.due_date, scope),
        assignee_id=assignee.id if assignee else None,
        assignee=assignee.name if assignee else "",
        applicant=applicant(case, scope.catalog),
        filed=local_date(case.created_at),
    )


def _request_entry(request: Request, scope: Scope) -> WorkEntry:
    return WorkEntry(
        kind=f"request_{request.kind}",
        case_number=request.number,
        scenario_id="",
        item_id=request.id,
        item_key=request.subkind or str(request.kind),
        department=request.department,
        status=str(request.status),
        due=request.due_date,
        days_left=_days_left(request.due_date, scope),
        urgency=_urgency(request.due_date, scope),
        assignee_id=None,
        assignee="",
        applicant="",
        filed=local_date(request.created_at),
    )


def _days_left(due: dt.date | None, scope: Scope) -> int | None:
    """Working days from today until ``due``; negative when it has passed."""
    if due is None:
        return None
    if due < scope.today:
        return -scope.calendar.workdays_between(due, scope.today)
    return scope.calendar.workdays_between(scope.today, due)


def _kind(item: CaseItem, case: Case) -> str:
    if item.status == ItemStatus.RESUBMITTED:
        return "resubmitted"
    return "arrived" if case.last_changes.get("arrived") else "decide"


def _urgency(due: dt.date | None, scope: Scope) -> str:
    if due is None:
        return ""
    if due < scope.today:
        return OVERDUE
    return TOMORROW if due <= scope.calendar.next_workday(scope.today) else ""


def _passes(entry: WorkEntry, wanted: WorkFilter, me: int) -> bool:
    checks = (
        not wanted.status or entry.status == wanted.status,
        not wanted.scenario or entry.scenario_id == wanted.scenario,
        not wanted.item or entry.item_key == wanted.item,
        not wanted.due or _due_passes(entry, wanted.due),
        not wanted.assignee or _assignee_passes(entry, wanted.assignee, me),
        wanted.filed_from is None or entry.filed >= wanted.filed_from,
        wanted.filed_to is None or entry.filed <= wanted.filed_to,
    )
    return all(checks)


def _due_passes(entry: WorkEntry, due: str) -> bool:
    if due == "week":
        return entry.days_left is not None and entry.days_left <= 5
    return entry.urgency == due or (due == TOMORROW and entry.urgency == OVERDUE)


def _assignee_passes(entry: WorkEntry, wanted: str, me: int) -> bool:
    if wanted == "none":
        return entry.assignee_id is None
    return entry.assignee_id == (me if wanted == "me" else int(wanted) if wanted.isdigit() else -1)


def applicant(case: Case, catalog: Catalog) -> str:
    """The applicant's name as cards show it (张*), or the first masked personal answer there is."""
    scenario = catalog.scenarios.get(case.scenario_id)
    if scenario is None:
        return ""
    for question in scenario.fields:
        value = case.answers.get(question.key)
        if question.type == "person_name" and value:
            return mask_name(str(value))
    return ""


# -- search --------------------------------------------------------------------


def search_kind(term: str) -> str:
    """What a search term is: ``number`` (a case number), or personal data: ``id_card``, ``phone``, ``name``."""
    compact = re.sub(r"[\s-]", "", term)
    if _NUMBER.match(term.strip()):
        return "number"
    if re.fullmatch(r"\d{17}[\dXx]|\d{15}", compact):
        return "id_card"
    if re.fullmatch(r"(\+?86)?1\d{10}|\d{7,11}", compact):
        return "phone"
    return "name"


def masked_term(term: str, kind: str) -> str:
    return {"id_card": mask_id, "phone": mask_phone, "name": mask_name}.get(kind, str)(term.strip())


async def search(scope: Scope, term: str, actor: str) -> list[Case]:
    """Cases in scope whose number starts with ``term`` or with an applicant answer equal to it.

    A search by personal data is written to the staff audit log, masked, with the cases found.
    """
    kind = search_kind(term)
    cases = await _cases_in_scope(scope)
    if kind == "number":
        found = [c for c in cases if c.number.upper().startswith(term.strip().upper())]
    else:
        found = [c for c in cases if _holds(c, term, kind, scope.catalog)]
        await StaffAudit.create(
            actor=actor, action="search", kind=kind, term=masked_term(term, kind), found=[c.number for c in found]
        )
    return sorted(found, key=lambda c: c.number, reverse=True)[:50]


async def _cases_in_scope(scope: Scope) -> list[Case]:
    if scope.departments is None:
        return await Case.all()
    ids = await CaseItem.filter(department__in=list(scope.departments)).distinct().values_list("case_id", flat=True)
    return await Case.filter(id__in=list(ids))


def _holds(case: Case, term: str, kind: str, catalog: Catalog) -> bool:
    scenario = catalog.scenarios.get(case.scenario_id)
    if scenario is None:
        return False
    wanted = _normal(term, kind)
    types = ("person_name",) if kind == "name" else ("phone",) if kind == "phone" else ("id_card",)
    values = [case.answers.get(q.key) for q in scenario.fields if q.type in types]
    if kind == "phone" and case.proxy_phone:
        values.append(case.proxy_phone)
    return any(v not in (None, "") and _normal(str(v), kind) == wanted for v in values)


def _normal(value: str, kind: str) -> str:
    if kind == "phone":
        return re.sub(r"^86(?=1\d{10}$)", "", re.sub(r"\D", "", value))
    return re.sub(r"\s", "", value).upper()
