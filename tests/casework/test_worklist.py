"""待我处理: what waits for a department, its working days left, filters, and audited search."""

from __future__ import annotations

import datetime as dt

import pytest
from staff_desk import decide, filed, member_of

from casework.casework import resubmit
from casework.request_rules import RequestDays
from casework.requests import RequestDesk
from casework.worklist import OVERDUE, TOMORROW, Scope, WorkFilter, search, worklist
from handlers.effects import ResubmitCase
from handlers.lifecycle import StaffAction
from handlers.request_lifecycle import RequestKind
from handlers.workdays import default_calendar
from models.case import Case, CaseItem
from models.staffaudit import StaffAudit
from models.user import user_for

pytestmark = pytest.mark.usefixtures("local_services")


def scope_of(case: Case, catalog, today: dt.date, departments=None, member_id: int = 0) -> Scope:  # type: ignore[no-untyped-def]
    return Scope(departments, member_id, today, default_calendar(), catalog, cases=[case.id])


async def test_items_are_listed_soonest_due_first_with_working_days_left(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await filed(dialogs, files, catalog, "convenience-store")
    items = {i.item_key: i for i in await CaseItem.filter(case=case)}
    licence = items["business_licence"]  # 3 working days; fire 13, health 20
    assert licence.due_date is not None
    today = default_calendar().previous_workday(licence.due_date)
    entries = await worklist(scope_of(case, catalog, today), WorkFilter())
    assert [e.item_key for e in entries] == ["business_licence", "fire_check", "hygiene_licence"]
    first = entries[0]
    assert first.days_left == 1 and first.urgency == TOMORROW and first.applicant.endswith("*")
    assert entries[1].urgency == "" and entries[1].days_left and entries[1].days_left > 1
    # the day after the licence was due it is overdue by one working day
    later = default_calendar().next_workday(licence.due_date)
    overdue = (await worklist(scope_of(case, catalog, later), WorkFilter(due="overdue")))[0]
    assert overdue.item_key == "business_licence" and overdue.urgency == OVERDUE and overdue.days_left == -1
    # a department sees only its own items
    fire = await worklist(scope_of(case, catalog, today, ["fire"]), WorkFilter())
    assert [e.item_key for e in fire] == ["fire_check"]


async def test_filters_narrow_the_list(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await filed(dialogs, files, catalog, "convenience-store")
    today = case.created_at.date()
    await decide(catalog, case, "fire_check", StaffAction.ACCEPT)
    accepted = await worklist(scope_of(case, catalog, today), WorkFilter(status="accepted"))
    assert [e.item_key for e in accepted] == ["fire_check"]
    health = await worklist(scope_of(case, catalog, today), WorkFilter(item="hygiene_licence"))
    assert [e.item_key for e in health] == ["hygiene_licence"]
    assert await worklist(scope_of(case, catalog, today), WorkFilter(scenario="gym")) == []
    assert len(await worklist(scope_of(case, catalog, today), WorkFilter(assignee="none"))) == 3
    assert await worklist(scope_of(case, catalog, today), WorkFilter(assignee="me")) == []
    tomorrow = today + dt.timedelta(days=1)
    assert await worklist(scope_of(case, catalog, today), WorkFilter(filed_from=tomorrow)) == []
    assert len(await worklist(scope_of(case, catalog, today), WorkFilter(filed_to=today))) == 3


async def test_a_supplement_sent_back_is_marked_as_such(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await filed(dialogs, files, catalog, "convenience-store")
    asked = {"fields": [], "materials": ["id_card"]}
    await decide(catalog, case, "fire_check", StaffAction.SUPPLEMENT, "身份证不清楚", asked)
    today = case.created_at.date()
    assert [e.item_key for e in await worklist(scope_of(case, catalog, today, ["fire"]), WorkFilter())] == []
    await resubmit(ResubmitCase(case.number, {}, {}), case.user_id, catalog)  # type: ignore[attr-defined]
    (entry,) = await worklist(scope_of(case, catalog, today, ["fire"]), WorkFilter())
    assert entry.kind == "resubmitted" and entry.status == "resubmitted"


async def test_searching_by_personal_data_is_audited_and_masked(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await filed(dialogs, files, catalog, "convenience-store", given={"legal_rep_name": "欧阳娜娜"})
    member = await member_of("fire")
    scope = Scope(["fire"], member.id, case.created_at.date(), default_calendar(), catalog)
    before = await StaffAudit.all().count()
    assert [c.number for c in await search(scope, case.number, member.ref)] == [case.number]
    assert await StaffAudit.all().count() == before  # a case number is no personal data
    found = await search(scope, "欧阳娜娜", member.ref)
    assert case.number in [c.number for c in found]
    audit = await StaffAudit.all().order_by("-id").first()
    assert audit is not None and audit.actor == member.ref and audit.kind == "name"
    assert audit.term == "欧***" and case.number in audit.found
    id_number = next(v for k, v in case.answers.items() if "id" in k and isinstance(v, str) and len(v) == 18)
    assert case.number in [c.number for c in await search(scope, id_number, member.ref)]
    audit = await StaffAudit.all().order_by("-id").first()
    assert audit is not None and audit.kind == "id_card" and id_number not in audit.term
    # another department's member does not find the case
    outsider = Scope(["tax"], 0, case.created_at.date(), default_calendar(), catalog)
    assert case.number not in [c.number for c in await search(outsider, "欧阳娜娜", "staff:0:x")]


async def test_requests_a_department_owes_an_answer_are_on_its_list(catalog) -> None:  # type: ignore[no-untyped-def]
    user = await user_for("test", "worklist-requests")
    desk = RequestDesk(default_calendar(), list(catalog.departments), "approval", RequestDays())
    request = await desk.open(user.id, RequestKind.MESSAGE, "充电桩报装进度咨询", subkind="consult", department="fire")
    assert request.due_date is not None
    today = default_calendar().previous_workday(request.due_date)
    fire = Scope(["fire"], 0, today, default_calendar(), catalog)
    (entry,) = [e for e in await worklist(fire, WorkFilter()) if e.case_number == request.number]
    assert entry.kind == "request_message" and entry.days_left == 1 and entry.urgency == TOMORROW
    tax = Scope(["tax"], 0, today, default_calendar(), catalog)
    assert request.number not in [e.case_number for e in await worklist(tax, WorkFilter())]
    # a list narrowed to a scenario holds no requests
    only = await worklist(fire, WorkFilter(scenario="convenience-store"))
    assert request.number not in [e.case_number for e in only]
