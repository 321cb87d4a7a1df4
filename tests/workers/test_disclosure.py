"""依申请公开's pushes and deadlines, run in this process as a worker runs them, with a clock moved by hand."""

from __future__ import annotations

import datetime as dt

from disclosure_requests import Recorder, file_disclosure, run_pushes

from casework import disclosure
from casework.request_rules import RequestDays
from casework.requests import RequestDesk
from handlers.buttons import ButtonData, GlobalAction
from handlers.disclosure import Answer, AnswerType, Ground
from handlers.request_lifecycle import RequestAction, RequestStatus
from handlers.workdays import default_calendar
from models.requests import Request, RequestEvent
from models.staff import StaffMember, StaffNotice
from models.user import user_for
from workers.deadlines import check_deadlines

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def _desk(catalog, clock) -> RequestDesk:  # type: ignore[no-untyped-def]
    return RequestDesk(default_calendar(), list(catalog.departments), "approval", RequestDays(), clock=clock)


async def _filed(local_services, catalog, clock, who: str) -> tuple[Recorder, RequestDesk, Request, StaffMember]:  # type: ignore[no-untyped-def]
    """A Telegram applicant's request to natural-resources filed on Friday 18 September 2026, and its clerk."""
    recorder = Recorder()
    local_services.channels.add(recorder)
    clock.at = dt.datetime(2026, 9, 18, 10, tzinfo=SHANGHAI)
    desk = _desk(catalog, clock)
    request = await file_disclosure(desk, await user_for("telegram", who), "natural-resources")
    clerk = await StaffMember.create(name="王", department="natural-resources", channel="test", external_id=f"gk-{who}")
    return recorder, desk, request, clerk


async def test_the_correction_asked_carries_its_button_and_the_answer_its_type_ground_and_remedy(
    local_services, catalog, clock, db
) -> None:  # type: ignore[no-untyped-def]
    recorder, desk, request, clerk = await _filed(local_services, catalog, clock, "tg-applicant")
    await disclosure.ask_correction(desk, clerk, request.number, "请写明道路名称")
    await run_pushes(request.number)
    asked = recorder.replies[-1]
    assert "请写明道路名称" in asked.text and "视为放弃申请" in asked.text
    tapped = ButtonData.unpack(asked.buttons[0].data)
    assert (tapped.action, tapped.argument) == (GlobalAction.REQUEST, f"{request.number}:correction")
    # When the applicant has corrected it and the office withholds part on Article 15
    await desk.receive_correction(request.user_id, request.number, "临港区滨海路")
    answer = Answer(AnswerType.PARTIAL, "许可证见附件，附图不予公开。", Ground.ART15)
    await disclosure.answer(desk, clerk, request.number, answer)
    recorder.replies.clear()
    await run_pushes(request.number)
    # Then the applicant hears the type, the ground and their rights of remedy
    text = recorder.replies[-1].text
    assert "部分公开" in text and "第十五条" in text and "行政复议" in text and "行政诉讼" in text


async def test_an_extended_request_is_escalated_only_after_its_new_due_date(local_services, catalog, clock, db) -> None:  # type: ignore[no-untyped-def]
    local_services.request_supervisor = "approval"
    _, desk, request, clerk = await _filed(local_services, catalog, clock, "tg-late")
    assert request.due_date == dt.date(2026, 10, 22)
    await disclosure.extend(desk, clerk, request.number, "需调取档案", approved_by="李主任")
    late = StaffNotice.filter(text__contains=request.number, text__startswith="⚠️")
    # When the sweep runs after the first due date, the extended request is not late
    clock.at = dt.datetime(2026, 10, 26, 9, tzinfo=SHANGHAI)
    await check_deadlines.fn.__wrapped__()
    assert not await late.exists()
    # When it runs after the extended due date (19 Nov), it is escalated once, to the office and the supervisor
    for day in (20, 23):
        clock.at = dt.datetime(2026, 11, day, 9, tzinfo=SHANGHAI)
        await check_deadlines.fn.__wrapped__()
    assert sorted(n.department for n in await late) == ["approval", "natural-resources"]


async def test_a_correction_not_given_in_time_withdraws_the_request_once_and_tells_the_applicant(
    local_services, catalog, clock, db
) -> None:  # type: ignore[no-untyped-def]
    recorder, desk, request, clerk = await _filed(local_services, catalog, clock, "tg-silent")
    clock.at = dt.datetime(2026, 9, 21, 10, tzinfo=SHANGHAI)
    asked = await disclosure.ask_correction(desk, clerk, request.number, "请写明道路名称")
    assert asked.correction_due == dt.date(2026, 10, 8)  # type: ignore[union-attr]  # 中秋 and 国庆 skipped
    # When the sweep runs on the last day, nothing happens; on the next working day, twice, it is withdrawn once
    for day in (dt.date(2026, 10, 8), dt.date(2026, 10, 9), dt.date(2026, 10, 9)):
        clock.at = dt.datetime.combine(day, dt.time(9), tzinfo=SHANGHAI)
        await check_deadlines.fn.__wrapped__()
        if day == dt.date(2026, 10, 8):
            assert (await Request.get(id=request.id)).status == "waiting_applicant"
    assert (await Request.get(id=request.id)).status == "closed"
    closes = await RequestEvent.filter(request=request, action=RequestAction.CLOSE)
    assert len(closes) == 1 and closes[0].data == {"withdrawn": True}
    recorder.replies.clear()
    await run_pushes(request.number)
    assert "视为放弃申请" in recorder.replies[-1].text


async def test_the_sweep_that_withdraws_a_request_kicks_the_relay(
    local_services, catalog, clock, db, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # Given a request whose applicant was asked for a 补正 they never gave
    _, desk, request, clerk = await _filed(local_services, catalog, clock, "tg-kick")
    clock.at = dt.datetime(2026, 9, 21, 10, tzinfo=SHANGHAI)
    await disclosure.ask_correction(desk, clerk, request.number, "请写明道路名称")
    kicks: list[str] = []
    monkeypatch.setattr(local_services.relay, "kick", lambda: kicks.append("kick"))
    # When the sweep withdraws it
    clock.at = dt.datetime(2026, 10, 9, 9, tzinfo=SHANGHAI)
    await check_deadlines.fn.__wrapped__()
    assert (await Request.get(id=request.id)).status == RequestStatus.CLOSED
    # Then the relay is kicked: the applicant's notice leaves now, not at the relay's next look at the outbox
    assert kicks
