"""The deadline sweep, run in this process with a clock moved by hand."""

from __future__ import annotations

import datetime as dt

from scenario_walk import Chat, walk

from models.case import Case, CaseItem
from models.staff import StaffNotice
from workers.deadlines import check_deadlines


async def test_a_reminder_the_day_before_and_one_escalation_after(
    local_services, dialogs, files, catalog, clock
) -> None:  # type: ignore[no-untyped-def]
    # Given a case submitted on Thursday 2026-11-26, promised in 5 working days: due Thursday 2026-12-03
    case = await Case.get(number=await walk(Chat(dialogs, files), catalog.get("ev-charger-home")))
    item = await CaseItem.filter(case=case, department="power").first()
    assert item is not None and item.due_date == dt.date(2026, 12, 3)
    notices = StaffNotice.filter(text__contains=case.number)
    # When the sweep runs on Tuesday, nobody is reminded yet
    clock.at = clock.at.replace(day=1, month=12)
    await check_deadlines.fn.__wrapped__()
    assert await notices.count() == 0
    # When it runs on Wednesday, the working day before, the department of the one item applied for
    # (the app channel is government's own work, never filed) is reminded once
    clock.at = clock.at.replace(day=2)
    await check_deadlines.fn.__wrapped__()
    await check_deadlines.fn.__wrapped__()
    reminders = await StaffNotice.filter(text__contains=case.number, text__startswith="⏰")
    assert sorted(n.department for n in reminders) == ["power"]
    # When it runs on Friday with the item still open, each lead department hears once
    clock.at = clock.at.replace(day=4)
    await check_deadlines.fn.__wrapped__()
    await check_deadlines.fn.__wrapped__()
    escalations = await StaffNotice.filter(text__contains=case.number, text__startswith="⚠️")
    assert sorted(n.department for n in escalations) == ["approval", "power"]
