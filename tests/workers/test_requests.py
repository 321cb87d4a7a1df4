"""Requests' pushes and deadlines, run in this process as a worker runs them, with a clock moved by hand."""

from __future__ import annotations

import datetime as dt

from casework.request_rules import RequestDays
from casework.requests import RequestDesk
from handlers.buttons import ButtonData
from handlers.events import Reply
from handlers.request_lifecycle import MessageKind, RequestAction, RequestKind
from handlers.workdays import default_calendar
from models.outbox import Outbox
from models.requests import RequestEvent
from models.staff import StaffMember, StaffNotice
from models.user import user_for
from workers.deadlines import check_deadlines
from workers.requests import push_request

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


class Recorder:
    """A chat platform (as Telegram is) that records what it was asked to push."""

    name = "telegram"

    def __init__(self) -> None:
        self.replies: list[Reply] = []

    async def push(self, user_ref: str, replies: list[Reply], delivery: str | None = None) -> None:
        self.replies += replies


def _desk(catalog, clock) -> RequestDesk:  # type: ignore[no-untyped-def]
    return RequestDesk(default_calendar(), list(catalog.departments), "approval", RequestDays(), clock=clock)


async def test_an_answer_reaches_the_resident_once_in_their_language_with_the_rating_buttons(
    local_services, catalog, clock, db
) -> None:  # type: ignore[no-untyped-def]
    recorder = Recorder()
    local_services.channels.add(recorder)
    # Given a resident on Telegram who uses English, and their question passed on and answered
    user = await user_for("telegram", "tg-asker", locale="en")
    desk = _desk(catalog, clock)
    request = await desk.open(user.id, RequestKind.MESSAGE, "Where is the hall?", subkind=MessageKind.CONSULT)
    member = await StaffMember.create(name="王", department="approval", channel="test", external_id="push-approval")
    await desk.pass_on(member, request.number, "housing", "属住建职责")
    housing = await StaffMember.create(name="李", department="housing", channel="test", external_id="push-housing")
    await desk.answer(housing, request.number, "The hall is at 1 Lingang Road.")
    # When the worker runs each queued push, the answer twice (a redelivery)
    events = await RequestEvent.filter(request=request).exclude(action=RequestAction.OPEN).order_by("id")
    jobs = [(await Outbox.get(key=f"request-push:{e.id}")).payload for e in events]
    for payload in [*jobs, jobs[-1]]:
        await push_request.fn.__wrapped__(**payload)
    # Then the resident heard of the passing on, then of the answer, once each, in English
    texts = [r.text for r in recorder.replies]
    assert len(texts) == 2
    assert request.number in texts[0] and "passed on" in texts[0]
    assert "The hall is at 1 Lingang Road." in texts[1]
    # And the answer carries the five rating levels, best first
    labels = [b.label for b in recorder.replies[1].buttons]
    assert labels[0] == "Very satisfied" and len(labels) == 5
    assert ButtonData.unpack(recorder.replies[1].buttons[0].data).argument == f"{request.number}:rate:very_satisfied"


async def test_a_reminder_the_working_day_before_and_one_escalation_across_the_holidays(
    local_services, catalog, clock, db
) -> None:  # type: ignore[no-untyped-def]
    local_services.request_supervisor = "approval"
    # Given a question to housing filed on Tuesday 2026-09-22: due Wednesday 2026-09-30 (中秋 skipped)
    clock.at = dt.datetime(2026, 9, 22, 10, tzinfo=SHANGHAI)
    user = await user_for("web", "sweep-asker")
    desk = _desk(catalog, clock)
    late = await desk.open(user.id, RequestKind.MESSAGE, "问", subkind=MessageKind.CONSULT, department="housing")
    # And another waiting for the applicant's 补正: its clock stands still
    waiting = await desk.open(user.id, RequestKind.MESSAGE, "问", subkind=MessageKind.CONSULT, department="housing")
    office = await StaffMember.create(name="李", department="housing", channel="test", external_id="sweep-housing")
    await desk.ask_correction(office, waiting.number, "请说明地址")
    assert late.due_date == dt.date(2026, 9, 30)
    notices = StaffNotice.filter(text__contains=late.number)
    # When the sweep runs on Monday 2026-09-28, nobody is reminded yet
    clock.at = dt.datetime(2026, 9, 28, 9, tzinfo=SHANGHAI)
    await check_deadlines.fn.__wrapped__()
    assert await notices.count() == 0
    # When it runs twice on Tuesday, the working day before, housing is reminded once
    clock.at = dt.datetime(2026, 9, 29, 9, tzinfo=SHANGHAI)
    await check_deadlines.fn.__wrapped__()
    await check_deadlines.fn.__wrapped__()
    assert [n.department for n in await notices.filter(text__startswith="⏰")] == ["housing"]
    # When it runs during 国庆, and again on Thursday 2026-10-08, it is escalated once, to housing and the supervisor
    for day in (dt.date(2026, 10, 2), dt.date(2026, 10, 8)):
        clock.at = dt.datetime.combine(day, dt.time(9), tzinfo=SHANGHAI)
        await check_deadlines.fn.__wrapped__()
    escalations = await StaffNotice.filter(text__contains=late.number, text__startswith="⚠️")
    assert sorted(n.department for n in escalations) == ["approval", "housing"]
    # And the audit log says so; the request waiting for 补正 was neither reminded nor escalated
    actions = await RequestEvent.filter(request=late).order_by("id").values_list("action", flat=True)
    assert actions == [RequestAction.OPEN, RequestAction.REMIND, RequestAction.ESCALATE]
    assert not await StaffNotice.filter(text__contains=waiting.number).exists()
