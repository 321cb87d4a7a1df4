"""The rules of a joint site visit, with no storage: times as staff type them, buttons, and moves."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.catalog import load_catalog
from handlers.notices import StatusFacts, VisitNotice, status_notice
from handlers.visits import (
    Appointment,
    VisitKind,
    VisitMove,
    VisitPress,
    VisitRefusal,
    VisitStatus,
    VisitVerb,
    check_time,
    move,
    parse_when,
)
from handlers.workdays import WorkCalendar
from locales import translate

TODAY = dt.date(2026, 12, 3)  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-10 09:30", dt.datetime(2026, 12, 10, 9, 30)),
        ("2026-12-10T09:30", dt.datetime(2026, 12, 10, 9, 30)),  # as a datetime-local input sends it
        ("2026/12/10 9:05", dt.datetime(2026, 12, 10, 9, 5)),
        ("12月10日 9:30", dt.datetime(2026, 12, 10, 9, 30)),
        ("12月10日下午2点半", dt.datetime(2026, 12, 10, 14, 30)),
        ("12月10号上午10点", dt.datetime(2026, 12, 10, 10, 0)),
        ("1月5日 14：00", dt.datetime(2027, 1, 5, 14, 0)),  # no year, already past this year: next year
        ("2026年12月11日 15时", dt.datetime(2026, 12, 11, 15, 0)),
    ],
)
def test_a_time_is_read_as_staff_type_it(text: str, expected: dt.datetime) -> None:
    assert parse_when(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "明天上午", "2026-13-01 09:00", "2026-02-30 09:00", "12月10日", "09:30", "abc"])
def test_what_is_not_a_time_is_none(text: str) -> None:
    assert parse_when(text, TODAY) is None


def test_a_time_must_be_a_later_working_day_in_working_hours_and_not_too_far() -> None:
    holiday = dt.date(2026, 12, 8)
    calendar = WorkCalendar(holidays={holiday: {"zh_CN": "假"}}, workdays={}, years=frozenset({2026}))
    now = dt.datetime(2026, 12, 3, 10, 0)
    assert check_time(dt.datetime(2026, 12, 4, 9, 0), now, calendar) is None
    assert check_time(dt.datetime(2026, 12, 3, 9, 0), now, calendar) == "visit.refused.past"
    assert check_time(dt.datetime(2026, 12, 5, 9, 0), now, calendar) == "visit.refused.not_workday"  # Saturday
    assert check_time(dt.datetime(2026, 12, 8, 9, 0), now, calendar) == "visit.refused.not_workday"  # a holiday
    assert check_time(dt.datetime(2026, 12, 4, 7, 30), now, calendar) == "visit.refused.hours"
    assert check_time(dt.datetime(2026, 12, 4, 18, 1), now, calendar) == "visit.refused.hours"
    assert check_time(dt.datetime(2027, 6, 1, 9, 0), now, calendar) == "visit.refused.too_far"


def test_a_visit_button_travels_and_anything_else_is_none() -> None:
    press = VisitPress(12, 3, VisitKind.COMPLETION, VisitVerb.DECLINE)
    assert press.pack() == "visit:12:3:completion:decline"
    assert VisitPress.unpack(press.pack()) == press
    for forged in ["visit:12:3:completion:ask_change", "visit:x:3:survey:confirm", "visit:1:2:party:confirm",
                   "card:1:2:accept:3", "visit:1:2:survey", ""]:  # fmt: skip
        assert VisitPress.unpack(forged) is None


def test_confirmations_fix_the_time_only_when_every_participant_has_confirmed() -> None:
    who = ("gas", "power", "water")
    a = move(
        Appointment(VisitKind.SURVEY, "approval"), VisitVerb.PROPOSE, "approval", who, at=dt.datetime(2026, 12, 4, 9)
    )
    assert isinstance(a, VisitMove)
    current = a.appointment
    for department in who:
        step = move(current, VisitVerb.CONFIRM, department, who)
        assert isinstance(step, VisitMove)
        assert step.fixed == (department == who[-1])
        current = step.appointment
    assert current.status == VisitStatus.FIXED
    # A new proposal starts over: every confirmation is for one proposal only
    again = move(current, VisitVerb.PROPOSE, "approval", who, at=dt.datetime(2026, 12, 7, 9))
    assert isinstance(again, VisitMove) and again.appointment.confirmed == () and again.appointment.round == 2
    assert move(current, VisitVerb.CONFIRM, "telecom", who) == VisitRefusal("visit.refused.not_participant")


def test_a_joint_completion_acceptance_needs_a_joint_survey_in_the_catalog() -> None:
    catalog = load_catalog()
    scenario = catalog.get("utilities-connection")
    assert scenario is not None and scenario.joint_visits == [VisitKind.SURVEY, VisitKind.COMPLETION]
    with pytest.raises(ValueError, match="joint completion acceptance follows a joint survey"):
        scenario.model_validate({**scenario.model_dump(), "joint_visits": ["completion"]})


def test_the_notice_of_a_fixed_visit_in_english() -> None:
    catalog = load_catalog()
    facts = StatusFacts(
        number="LG20261203-0001",
        scenario_id="utilities-connection",
        locale="en",
        case_status="in_progress",
        action="visit_fixed:survey",
        item_key="",
        department="approval",
        visit=VisitNotice(VisitKind.SURVEY, "2026-12-10 09:30", "临港区滨海路8号"),
    )
    notice = status_notice(facts, catalog, translate)
    assert notice.text.startswith("Case LG20261203-0001 (Joint application for water")
    assert "Joint site survey agreed for 2026-12-10 09:30, at 临港区滨海路8号" in notice.text
    assert notice.buttons[0].label == "Ask for another time"
    assert notice.buttons[0].data == "*|visit_change:LG20261203-0001/survey"
