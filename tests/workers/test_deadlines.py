"""The deadline sweep, run in this process with a clock moved by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from scenario_walk import Chat, walk

from handlers.catalog import Catalog, load_catalog
from handlers.catalog.loader import shipped_directory
from handlers.workdays import default_calendar
from models.case import Case, CaseItem
from models.staff import StaffNotice
from workers.deadlines import check_deadlines


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    """The shipped catalog with an operator's departments file: the power centre commits to 5 working
    days for a home charger, an item the law gives no limit."""
    data = yaml.safe_load((shipped_directory() / "departments.yaml").read_text(encoding="utf-8"))
    power = next(d for d in data["departments"] if d["key"] == "power")
    power["commitments"] = {"居民充电桩报装申请": {"days": 5, "document": "临港供电中心服务承诺", "article": "第1条"}}
    path = tmp_path / "departments.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_catalog(departments_file=path)


async def test_a_reminder_the_day_before_and_one_escalation_after(
    local_services, dialogs, files, catalog, clock
) -> None:  # type: ignore[no-untyped-def]
    # Given a case submitted on Thursday 2026-11-26; the charger application is due in the power
    # centre's 5 working days (Thursday 2026-12-03); the app channel is government's own work, never filed
    case = await Case.get(number=await walk(Chat(dialogs, files), catalog.get("ev-charger-home")))
    item = await CaseItem.filter(case=case, department="power").first()
    assert item is not None and item.due_date == dt.date(2026, 12, 3)
    assert await CaseItem.filter(case=case).count() == 1
    # And the case is due when its one item is
    assert case.due_date == item.due_date
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
    # When it runs on Friday with the item still open, each lead department hears once for it
    clock.at = clock.at.replace(day=4)
    await check_deadlines.fn.__wrapped__()
    await check_deadlines.fn.__wrapped__()
    escalations = await StaffNotice.filter(text__contains=case.number, text__startswith="⚠️")
    assert sorted(n.department for n in escalations) == ["approval", "power"]


async def test_each_item_is_due_by_its_own_limit_and_the_case_by_the_last(
    local_services, dialogs, files, catalog, clock
) -> None:  # type: ignore[no-untyped-def]
    # Given a convenience store filed on Thursday 2026-11-26: every item has a limit in law
    scenario = catalog.get("convenience-store")
    case = await Case.get(number=await walk(Chat(dialogs, files), scenario))
    items = {i.item_key: i for i in await CaseItem.filter(case=case)}
    calendar = default_calendar()
    start = dt.date(2026, 11, 26)
    # Then the business licence is due in 3 working days (市场主体登记管理条例 第十九条) ...
    assert items["business_licence"].due_date == dt.date(2026, 12, 1)
    # ... and every other item by its own limit, not one date for all
    for key, item in items.items():
        limit = catalog.limit(scenario, key)
        assert limit is not None and item.due_date == calendar.due(start, limit.days, limit.unit), key
    assert items["hygiene_licence"].due_date != items["business_licence"].due_date
    # And the case is due when its last item is
    assert case.due_date == max(i.due_date for i in items.values() if i.due_date)
    # When the sweep runs on Monday 2026-11-30, only the approval bureau is reminded, of the licence
    clock.at = clock.at.replace(day=30)
    await check_deadlines.fn.__wrapped__()
    reminders = await StaffNotice.filter(text__contains=case.number, text__startswith="⏰")
    assert [n.department for n in reminders] == ["approval"] and "营业执照" in reminders[0].text


class Recorder:
    """The walk's channel ("test"), keeping what is pushed to residents."""

    name = "test"

    def __init__(self) -> None:
        self.pushed: list[tuple[str, str]] = []

    async def push(self, user_ref: str, replies: list, delivery: str | None = None) -> None:  # type: ignore[type-arg]
        self.pushed += [(user_ref, r.text) for r in replies]


async def test_a_promised_document_is_reminded_to_the_resident_the_working_day_before(
    local_services, dialogs, files, clock, channels
) -> None:  # type: ignore[no-untyped-def]
    # Given a construction permit filed on Thursday 2026-11-26 with the waste contracts promised (容缺受理)
    recorder = Recorder()
    channels.add(recorder)
    scenario = load_catalog().get("construction-permit")
    chat = Chat(dialogs, files)
    await walk(chat, scenario, stop_at="material:waste_plan")
    await chat.tap("promise")
    await chat.tap("promise:sign")
    case = await Case.get(number=await walk(chat, scenario, resume=True))
    assert case.owed == ["waste_plan"] and case.promised == {"waste_plan": "2026-12-26"}
    assert case.promise_due == dt.date(2026, 12, 26)
    # When the sweep runs two weeks before, nobody is reminded
    clock.at = clock.at.replace(day=10, month=12)
    await check_deadlines.fn.__wrapped__()
    assert recorder.pushed == []
    # When it runs on Friday 2026-12-25, the working day before the Saturday it is due, the resident
    # hears once, with the document and the date
    clock.at = clock.at.replace(day=25)
    await check_deadlines.fn.__wrapped__()
    await check_deadlines.fn.__wrapped__()
    assert len(recorder.pushed) == 1
    user, text = recorder.pushed[0]
    assert user == chat.user and case.number in text and "建筑垃圾处置方案" in text and "2026-12-26" in text
