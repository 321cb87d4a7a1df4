"""The request desk on a real database: numbering, routing, working-day clocks, the one path per action."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.decisions import Refusal
from casework.jobs import request_push_key
from casework.request_rules import RequestDays, routing_department
from casework.requests import RequestDesk, desk_for
from handlers.catalog import Catalog
from handlers.ratings import Level
from handlers.request_lifecycle import MessageKind, RequestAction, RequestKind, RequestStatus
from handlers.workdays import default_calendar
from models.outbox import Outbox
from models.requests import Request, RequestEvent
from models.staff import Role, StaffMember
from models.user import User, user_for

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
#: Tuesday before 中秋节 (Fri 25 – Sun 27 Sep 2026) and 国庆节 (1 – 7 Oct, Sat 10 Oct worked).
BEFORE_HOLIDAYS = dt.datetime(2026, 9, 22, 10, 0, tzinfo=SHANGHAI)


class Clock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


@pytest.fixture
def moment() -> Clock:
    return Clock(BEFORE_HOLIDAYS)


@pytest.fixture
async def desk(db: str, catalog: Catalog, moment: Clock) -> RequestDesk:
    return RequestDesk(default_calendar(), list(catalog.departments), "approval", RequestDays(), clock=moment)


async def _resident(name: str) -> User:
    return await user_for("web", f"resident-{name}")


async def _member(department: str | None, admin: bool = False) -> StaffMember:
    role = Role.ADMIN if admin else Role.CLERK
    member, _ = await StaffMember.get_or_create(
        channel="test", external_id=f"clerk-{department}-{admin}",
        defaults={"name": f"clerk of {department}", "department": department, "role": role},
    )  # fmt: skip
    return member


async def _actions(request: Request) -> list[str]:
    return [str(a) for a in await RequestEvent.filter(request=request).order_by("id").values_list("action", flat=True)]


def test_without_a_configured_department_requests_go_to_the_one_leading_most_scenarios(catalog: Catalog) -> None:
    assert routing_department(catalog) == "approval"
    assert routing_department(catalog, "market-regulation") == "market-regulation"
    with pytest.raises(ValueError):
        routing_department(catalog, "no-such-office")


async def test_a_message_is_numbered_routed_and_due_on_the_working_day_calendar(desk: RequestDesk) -> None:
    # Given a resident, on Tuesday 2026-09-22, before 中秋 and 国庆
    user = await _resident("numbered")
    # When they leave a question for no department and a complaint for the market regulator
    question = await desk.open(user.id, RequestKind.MESSAGE, "公司年报怎么报？", subkind=MessageKind.CONSULT)
    complaint = await desk.open(
        user.id, RequestKind.MESSAGE, "窗口态度差", subkind=MessageKind.COMPLAINT, department="market-regulation"
    )
    # Then each has the day's next number, and the question went to the routing department
    first = int(question.number.removeprefix("LY20260922-"))  # other modules may have numbered that day too
    assert complaint.number == f"LY20260922-{first + 1:04d}"
    assert (question.department, complaint.department) == ("approval", "market-regulation")
    # And 咨询 is due in 5 working days, skipping 中秋 (Fri 25 to Sun 27)
    assert question.due_date == dt.date(2026, 9, 30) and not question.due_provisional
    # And 投诉 in 15, skipping 国庆 and counting the make-up Saturday 10 Oct
    assert complaint.due_date == dt.date(2026, 10, 20)
    # And the audit log starts with the filing, which nobody is pushed about (the dialog replied)
    assert await _actions(question) == [RequestAction.OPEN]
    opened = await RequestEvent.get(request=question)
    assert not await Outbox.filter(key=request_push_key(opened.id)).exists()


async def test_disclosure_and_followup_have_their_own_numbers_and_clocks(desk: RequestDesk) -> None:
    user = await _resident("kinds")
    disclosure = await desk.open(user.id, RequestKind.DISCLOSURE, "2025年道路维修合同", department="housing")
    followup = await desk.open(user.id, RequestKind.FOLLOWUP, "不满意：材料反复要", department="market-regulation")
    assert disclosure.number.startswith("GK20260922-") and followup.number.startswith("HF20260922-")
    assert disclosure.due_date == dt.date(2026, 10, 27)  # 20 working days, 国庆 skipped
    assert followup.due_date == dt.date(2026, 9, 30)


async def test_only_the_department_acts_and_each_action_is_logged_and_pushed(desk: RequestDesk) -> None:
    # Given a complaint routed to the approval bureau
    user = await _resident("acts")
    request = await desk.open(user.id, RequestKind.MESSAGE, "办证排队太久", subkind=MessageKind.COMPLAINT)
    # When the market regulator tries to answer it, it is refused on the server
    refused = await desk.answer(await _member("market-regulation"), request.number, "已处理")
    assert refused == Refusal("requests.refused.not_member", {"department": "approval"})
    # An admin decides no department's requests either (issue 15's roles)
    assert await desk.answer(await _member(None, admin=True), request.number, "已处理") == refused
    # When approval passes it on without a reason, it is refused
    approval = await _member("approval")
    assert await desk.pass_on(approval, request.number, "market-regulation", " ") == Refusal(
        "requests.refused.needs_note.pass_on"
    )
    # When approval passes it on to the market regulator with a reason, the market may answer it
    moved = await desk.pass_on(approval, request.number, "market-regulation", "属市场监管职责")
    assert isinstance(moved, Request) and moved.department == "market-regulation" and moved.due_date == request.due_date
    assert isinstance(await desk.answer(approval, request.number, "x"), Refusal)
    answered = await desk.answer(await _member("market-regulation"), request.number, "已约谈窗口负责人，增设自助机。")
    assert isinstance(answered, Request) and answered.status == RequestStatus.ANSWERED
    assert answered.answered_by is not None and answered.answered_by.startswith("staff:")
    # Then the log holds every step with its actor, and the resident is pushed each staff action once
    assert await _actions(request) == [RequestAction.OPEN, RequestAction.PASS_ON, RequestAction.ANSWER]
    events = await RequestEvent.filter(request=request, action__in=[RequestAction.PASS_ON, RequestAction.ANSWER])
    pushes = await Outbox.filter(key__in=[request_push_key(e.id) for e in events]).count()
    assert pushes == 2
    # And an answered request takes no second answer
    again = await desk.answer(await _member("market-regulation"), request.number, "again")
    assert isinstance(again, Refusal) and again.key != "requests.refused.not_member"
    assert isinstance(await desk.answer(await _member(None, admin=True), request.number, "again"), Refusal)


async def test_publishing_needs_the_residents_consent(desk: RequestDesk) -> None:
    user, clerk = await _resident("publish"), await _member("approval")
    allowed = await desk.open(user.id, RequestKind.MESSAGE, "问", subkind=MessageKind.CONSULT, publishable=True)
    private = await desk.open(user.id, RequestKind.MESSAGE, "问", subkind=MessageKind.CONSULT)
    assert isinstance(done := await desk.answer(clerk, allowed.number, "答", publish=True), Request) and done.published
    assert isinstance(kept := await desk.answer(clerk, private.number, "答", publish=True), Request)
    assert not kept.published


async def test_a_correction_stops_the_clock_and_its_receipt_restarts_it(desk: RequestDesk, moment: Clock) -> None:
    # Given a disclosure request filed on 2026-09-22 (due 2026-10-27)
    user, office = await _resident("correction"), await _member("housing")
    request = await desk.open(user.id, RequestKind.DISCLOSURE, "那份合同", department="housing")
    # When the office asks for 补正, the applicant has 7 working days (国庆 skipped) and the clock stands still
    asked = await desk.ask_correction(office, request.number, "请写明合同名称和年份")
    assert isinstance(asked, Request) and asked.status == RequestStatus.WAITING_APPLICANT
    assert asked.correction_due == dt.date(2026, 10, 9)
    # And a second 补正 is refused (the statute allows one)
    again = await desk.ask_correction(office, request.number, "再补")
    assert again == Refusal("requests.refused.not_allowed", {"status": "waiting_applicant"})
    # When the applicant answers on Thursday 2026-10-08, the 20 days run again from then
    moment.at = dt.datetime(2026, 10, 8, 9, 0, tzinfo=SHANGHAI)
    assert isinstance(await desk.receive_correction(user.id + 999, request.number, "x"), Refusal)  # not theirs
    received = await desk.receive_correction(user.id, request.number, "2025年临港大道维修合同")
    assert isinstance(received, Request) and received.status == RequestStatus.OPEN
    assert received.due_date == dt.date(2026, 11, 4) and received.correction_due is None
    assert received.payload["corrections"] == ["2025年临港大道维修合同"]
    # And once open again, no second 补正
    assert await desk.ask_correction(office, request.number, "再补") == Refusal("requests.refused.correction_once")


async def test_an_extension_is_granted_once_within_the_kinds_limit(desk: RequestDesk) -> None:
    user, office = await _resident("extend"), await _member("housing")
    request = await desk.open(user.id, RequestKind.DISCLOSURE, "资料", department="housing")
    assert await desk.extend(office, request.number, "涉及第三方", days=21) == Refusal(
        "requests.refused.extension_days", {"most": 20}
    )
    extended = await desk.extend(office, request.number, "需征求第三方意见")
    assert isinstance(extended, Request) and extended.extended
    assert extended.due_date == dt.date(2026, 11, 24)  # 2026-10-27 plus 20 working days
    assert await desk.extend(office, request.number, "再延") == Refusal("requests.refused.extended_once")


async def test_the_resident_rates_the_answer_and_says_whether_it_resolved_it(desk: RequestDesk) -> None:
    user = await _resident("rate")
    request = await desk.open(user.id, RequestKind.MESSAGE, "路灯坏了", subkind=MessageKind.HELP)
    assert isinstance(await desk.rate(user.id, request.number, Level.SATISFIED), Refusal)  # nothing to rate yet
    await desk.answer(await _member("approval"), request.number, "已报修")
    rated = await desk.rate(user.id, request.number, Level.DISSATISFIED, "还没修")
    assert isinstance(rated, Request) and rated.rating == Level.DISSATISFIED and rated.rating_comment == "还没修"
    closed = await desk.resident_confirms(user.id, request.number, resolved=False)
    assert isinstance(closed, Request) and closed.status == RequestStatus.CLOSED and closed.resolved is False
    log = await _actions(request)
    assert log[-2:] == [RequestAction.RATE, RequestAction.CONFIRM]


async def test_desk_for_builds_the_desk_from_the_catalog(catalog: Catalog) -> None:
    desk = desk_for(catalog, default_calendar(), RequestDays(consult=3))
    assert desk.routing == "approval" and desk.days.answer_days(RequestKind.MESSAGE, "consult") == 3
    assert desk.days.answer_days(RequestKind.MESSAGE, "complaint") == 15
    assert desk.days.answer_days(RequestKind.DISCLOSURE) == 20
