"""Working-day deadline arithmetic and the holidays file (handlers/workdays.py, scenarios/holidays.yaml)."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from handlers.catalog.loader import CatalogError
from handlers.workdays import WorkCalendar, default_calendar, shipped_file

D = dt.date.fromisoformat

#: The State Council notices, as published: (first day off, last day off, zh_CN name).
HOLIDAYS = [
    ("2025-01-01", "2025-01-01", "元旦"),
    ("2025-01-28", "2025-02-04", "春节"),
    ("2025-04-04", "2025-04-06", "清明节"),
    ("2025-05-01", "2025-05-05", "劳动节"),
    ("2025-05-31", "2025-06-02", "端午节"),
    ("2025-10-01", "2025-10-08", "国庆节、中秋节"),
    ("2026-01-01", "2026-01-03", "元旦"),
    ("2026-02-15", "2026-02-23", "春节"),
    ("2026-04-04", "2026-04-06", "清明节"),
    ("2026-05-01", "2026-05-05", "劳动节"),
    ("2026-06-19", "2026-06-21", "端午节"),
    ("2026-09-25", "2026-09-27", "中秋节"),
    ("2026-10-01", "2026-10-07", "国庆节"),
]
#: Weekend days worked instead (调休上班).
MAKE_UP_DAYS = [
    "2025-01-26",
    "2025-02-08",
    "2025-04-27",
    "2025-09-28",
    "2025-10-11",
    "2026-01-04",
    "2026-02-14",
    "2026-02-28",
    "2026-05-09",
    "2026-09-20",
    "2026-10-10",
]


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.load()


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


EVERY_DAY = days(D("2025-01-01"), D("2026-12-31"))


# ---------------------------------------------------------------- the shipped data


@pytest.mark.parametrize("day", MAKE_UP_DAYS)
def test_make_up_day_is_a_weekend_day_and_a_workday(cal: WorkCalendar, day: str) -> None:
    # Given a make-up day from the notice
    # Then it is a Saturday or Sunday, and the calendar counts it as a working day
    assert D(day).weekday() in (5, 6)
    assert cal.is_workday(D(day))
    assert cal.name(D(day)) is not None


@pytest.mark.parametrize(("first", "last", "name"), HOLIDAYS)
def test_holiday_period_is_one_contiguous_break(cal: WorkCalendar, first: str, last: str, name: str) -> None:
    # Given a holiday period from the notice
    period = days(D(first), D(last))
    # Then every day of it is off and carries the holiday's name
    assert [cal.is_workday(day) for day in period] == [False] * len(period)
    assert {cal.name(day) for day in period} == {name}
    # And the break is exactly the period: the days either side are working days (weekdays or make-up days)
    assert cal.is_workday(period[0] - dt.timedelta(days=1))
    assert cal.is_workday(period[-1] + dt.timedelta(days=1))


def test_the_file_lists_nothing_beyond_the_notices(cal: WorkCalendar) -> None:
    # Given the notices' tables
    expected_off = {day for first, last, _ in HOLIDAYS for day in days(D(first), D(last))}
    # Then the shipped file holds exactly those days off and make-up days, for 2025 and 2026
    assert set(cal.holidays) == expected_off
    assert set(cal.workdays) == {D(day) for day in MAKE_UP_DAYS}
    assert cal.years == {2025, 2026}


@pytest.mark.parametrize(
    ("name", "year", "length"),
    [("春节", 2025, 8), ("国庆节、中秋节", 2025, 8), ("春节", 2026, 9), ("国庆节", 2026, 7), ("劳动节", 2026, 5)],
)
def test_long_breaks_have_their_published_length(cal: WorkCalendar, name: str, year: int, length: int) -> None:
    # Given the notices' headline numbers ("共8天", "共9天", ...)
    # Then the file's period has that many days
    assert sum(1 for day, names in cal.holidays.items() if day.year == year and names["zh_CN"] == name) == length


def test_names_in_both_languages(cal: WorkCalendar) -> None:
    assert cal.name(D("2026-02-17"), "en") == "Spring Festival"
    assert cal.name(D("2025-09-28"), "en") == "National Day make-up day"
    assert cal.name(D("2025-09-28")) == "国庆节调休"
    assert cal.name(D("2025-03-12")) is None


# ---------------------------------------------------------------- is_workday


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        ("2025-03-08", False),  # an ordinary Saturday
        ("2025-03-09", False),  # an ordinary Sunday
        ("2025-03-10", True),  # an ordinary Monday
        ("2025-03-14", True),  # an ordinary Friday
        ("2026-07-04", False),  # Saturday
        ("2026-07-06", True),  # Monday
        ("2025-10-03", False),  # Friday inside National Day
        ("2025-10-11", True),  # make-up Saturday
        ("2026-02-16", False),  # Monday inside Spring Festival
        ("2026-01-04", True),  # make-up Sunday
    ],
)
def test_is_workday(cal: WorkCalendar, day: str, workday: bool) -> None:
    assert cal.is_workday(D(day)) is workday


@pytest.mark.parametrize(("day", "covered"), [("2024-12-31", False), ("2025-01-01", True), ("2026-12-31", True)])
def test_covers_the_years_in_the_file(cal: WorkCalendar, day: str, covered: bool) -> None:
    assert cal.covers(D(day)) is covered


def test_outside_the_file_only_weekends_are_off(cal: WorkCalendar) -> None:
    # Given a year the file does not list
    # Then New Year's Day 2027 (a Friday) counts as a working day, and the weekend does not
    assert not cal.covers(D("2027-01-01"))
    assert cal.is_workday(D("2027-01-01"))
    assert not cal.is_workday(D("2027-01-02"))
    assert cal.add_workdays(D("2026-12-31"), 2) == D("2027-01-04")


# ---------------------------------------------------------------- add_workdays


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # National Day 2025: Sep 30 (Tue) is the last working day before the Oct 1-8 break.
        # Counting starts the day after submission: Oct 9 Thu = 1, Oct 10 Fri = 2, Oct 11 Sat (make-up) = 3.
        # So 3 working days end on the make-up Saturday, 2025-10-11, not the Monday after it.
        ("2025-09-30", 3, "2025-10-11"),
        ("2025-09-30", 1, "2025-10-09"),
        ("2025-09-30", 4, "2025-10-13"),  # Oct 12 Sun is an ordinary day off
        ("2025-09-26", 1, "2025-09-28"),  # Fri -> Sep 27 Sat off -> Sep 28 Sun make-up
        ("2025-09-26", 2, "2025-09-29"),
        # Spring Festival 2026: Feb 14 Sat is worked, Feb 15-23 off, Feb 28 Sat worked.
        ("2026-02-12", 1, "2026-02-13"),
        ("2026-02-12", 2, "2026-02-14"),
        ("2026-02-12", 3, "2026-02-24"),
        ("2026-02-13", 1, "2026-02-14"),  # a Friday: next day is the make-up Saturday
        ("2026-02-24", 3, "2026-02-27"),  # Feb 25, 26, 27
        ("2026-02-24", 4, "2026-02-28"),  # ... and Feb 28, the make-up Saturday
        ("2026-02-24", 5, "2026-03-02"),
    ],
)
def test_add_workdays_across_holidays(cal: WorkCalendar, start: str, n: int, due: str) -> None:
    # Given a case submitted on `start` with a time limit of `n` working days
    # When the deadline is computed
    # Then it is the day the n-th working day after submission ends
    assert cal.add_workdays(D(start), n) == D(due)


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # From a Friday: the weekend does not count.
        ("2025-03-07", 1, "2025-03-10"),
        ("2025-03-07", 5, "2025-03-14"),
        ("2025-03-07", 6, "2025-03-17"),
        ("2026-07-03", 1, "2026-07-06"),
        # From a holiday: counting starts at the next working day.
        ("2025-10-03", 1, "2025-10-09"),
        ("2025-10-03", 3, "2025-10-11"),
        ("2026-02-17", 1, "2026-02-24"),
        ("2025-01-01", 1, "2025-01-02"),
        ("2026-01-01", 1, "2026-01-04"),  # Jan 1-3 off, Jan 4 Sun is a make-up day
        # From a make-up Saturday or Sunday: it is a working day, so the next one is day 1.
        ("2025-10-11", 1, "2025-10-13"),
        ("2025-01-26", 1, "2025-01-27"),
        ("2025-01-26", 2, "2025-02-05"),  # Jan 28 - Feb 4 off
        ("2025-02-08", 1, "2025-02-10"),
        ("2026-02-28", 1, "2026-03-02"),
        # Into a make-up day from an ordinary Friday before Labour Day 2025.
        ("2025-04-25", 1, "2025-04-27"),
        ("2025-04-25", 2, "2025-04-28"),
        ("2025-04-25", 4, "2025-04-30"),  # Apr 27, 28, 29, 30
        ("2025-04-25", 5, "2025-05-06"),  # May 1-5 off
    ],
)
def test_add_workdays_from_special_days(cal: WorkCalendar, start: str, n: int, due: str) -> None:
    assert cal.add_workdays(D(start), n) == D(due)


@pytest.mark.parametrize(
    ("start", "due"),
    [
        ("2025-03-10", "2025-03-10"),  # a working day is its own
        ("2025-10-11", "2025-10-11"),  # so is a make-up Saturday
        ("2025-03-08", "2025-03-10"),  # a Saturday moves to Monday
        ("2025-10-01", "2025-10-09"),  # a holiday moves past the break
        ("2026-02-13", "2026-02-13"),
    ],
)
def test_add_zero_workdays(cal: WorkCalendar, start: str, due: str) -> None:
    assert cal.add_workdays(D(start), 0) == D(due)


def test_add_negative_workdays_is_refused(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="0 or more"):
        cal.add_workdays(D("2025-03-10"), -1)


# ---------------------------------------------------------------- previous_workday, workdays_between


@pytest.mark.parametrize(
    ("day", "previous"),
    [
        ("2025-03-10", "2025-03-07"),  # Monday -> Friday
        ("2025-03-12", "2025-03-11"),
        ("2025-10-09", "2025-09-30"),  # after the National Day break
        ("2025-10-13", "2025-10-11"),  # Monday -> make-up Saturday
        ("2026-02-24", "2026-02-14"),  # after Spring Festival -> make-up Saturday before it
        ("2026-01-05", "2026-01-04"),  # -> make-up Sunday
        ("2026-01-04", "2025-12-31"),  # across the year boundary and New Year's Day
    ],
)
def test_previous_workday(cal: WorkCalendar, day: str, previous: str) -> None:
    assert cal.previous_workday(D(day)) == D(previous)


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        ("2025-03-10", "2025-03-10", 0),
        ("2025-03-07", "2025-03-10", 1),  # Fri -> Mon
        ("2025-03-07", "2025-03-09", 0),  # Fri -> Sun
        ("2025-09-30", "2025-10-08", 0),  # the whole break
        ("2025-09-30", "2025-10-11", 3),  # Oct 9, 10, 11 (make-up)
        ("2025-09-30", "2025-10-13", 4),
        ("2025-12-31", "2026-01-05", 2),  # Jan 4 (make-up Sunday), Jan 5
        ("2026-02-13", "2026-02-24", 2),  # Feb 14 (make-up), Feb 24
        ("2026-02-01", "2026-02-28", 16),  # Feb 2-6, 9-13 (10), 14 (make-up), 24-27 (4), 28 (make-up)
    ],
)
def test_workdays_between_is_antisymmetric(cal: WorkCalendar, start: str, end: str, count: int) -> None:
    # Given two dates
    # When the working days between them are counted both ways
    # Then forward gives the count and backward gives its negative
    assert cal.workdays_between(D(start), D(end)) == count
    assert cal.workdays_between(D(end), D(start)) == -count


# ---------------------------------------------------------------- properties over 2025-2026


@pytest.mark.parametrize("n", range(1, 11))
def test_add_workdays_agrees_with_workdays_between(cal: WorkCalendar, n: int) -> None:
    # Given every day of 2025 and 2026 as a submission date
    for day in EVERY_DAY:
        # When n working days are added
        due = cal.add_workdays(day, n)
        # Then the due date is a working day, exactly n working days on, and the earliest such day
        assert cal.is_workday(due), (day, n, due)
        assert cal.workdays_between(day, due) == n, (day, n, due)
        assert cal.workdays_between(day, due - dt.timedelta(days=1)) == n - 1, (day, n, due)
        # And the working day before it is n - 1 working days on (or the start's own, for n = 1)
        assert cal.workdays_between(day, cal.previous_workday(due)) == n - 1, (day, n, due)


# ---------------------------------------------------------------- loading


def test_load_defaults_to_the_shipped_file() -> None:
    assert WorkCalendar.load().source == shipped_file()
    assert default_calendar() is default_calendar()


def test_a_scenario_directory_without_its_own_file_uses_the_shipped_one(tmp_path: Path) -> None:
    assert WorkCalendar.load(tmp_path).source == shipped_file()


def test_a_scenario_directory_may_hold_its_own_file(tmp_path: Path) -> None:
    # Given a staff-run catalog directory with a holidays file for 2027 only
    (tmp_path / "holidays.yaml").write_text(
        "years:\n"
        "  2027:\n"
        "    holidays:\n"
        "      - {from: 2027-01-01, to: 2027-01-01, name: {zh_CN: 元旦, en: New Year's Day}}\n"
        "    workdays: []\n",
        encoding="utf-8",
    )
    # When the calendar is loaded from the directory
    cal = WorkCalendar.load(tmp_path)
    # Then that file is used, not the shipped one
    assert cal.source == tmp_path / "holidays.yaml"
    assert cal.covers(D("2027-06-01"))
    assert not cal.covers(D("2026-06-01"))
    assert not cal.is_workday(D("2027-01-01"))


def valid() -> dict[str, Any]:
    return {
        "years": {
            2025: {
                "holidays": [
                    {"from": D("2025-01-01"), "to": D("2025-01-01"), "name": {"zh_CN": "元旦", "en": "New Year"}},
                    {"from": D("2025-01-28"), "to": D("2025-02-04"), "name": {"zh_CN": "春节", "en": "Spring"}},
                ],
                "workdays": [{"date": D("2025-01-26"), "name": {"zh_CN": "春节调休", "en": "Make-up"}}],
            }
        }
    }


def holiday(data: dict[str, Any], i: int) -> dict[str, Any]:
    entry: dict[str, Any] = data["years"][2025]["holidays"][i]
    return entry


def workday(data: dict[str, Any], i: int) -> dict[str, Any]:
    entry: dict[str, Any] = data["years"][2025]["workdays"][i]
    return entry


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "holidays.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_valid_file_loads(tmp_path: Path) -> None:
    cal = WorkCalendar.load(write(tmp_path, valid()))
    assert cal.is_workday(D("2025-01-26"))
    assert not cal.is_workday(D("2025-01-29"))


BROKEN: list[tuple[str, Any, str, str]] = [
    # (case, how to break a valid file, the entry named, words of the reason)
    ("make-up day on a weekday", lambda d: workday(d, 0).update(date=D("2025-01-27")), "workdays[0]", "Monday"),
    ("to before from", lambda d: holiday(d, 1).update(to=D("2025-01-27")), "holidays[1]", "before `from`"),
    ("holiday outside its year", lambda d: holiday(d, 0).update(to=D("2026-01-01")), "holidays[0]", "outside 2025"),
    ("make-up outside its year", lambda d: workday(d, 0).update(date=D("2024-01-27")), "workdays[0]", "outside 2025"),
    ("not a date", lambda d: holiday(d, 0).update({"from": "2025-13-01"}), "holidays[0]", "not a date"),
    ("a time, not a date", lambda d: holiday(d, 0).update({"from": dt.datetime(2025, 1, 1)}), "holidays[0]", "date"),
    ("misspelt key", lambda d: holiday(d, 0).update(form=holiday(d, 0).pop("from")), "holidays[0]", "form"),
    ("no English name", lambda d: holiday(d, 1)["name"].pop("en"), "holidays[1]", "zh_CN and en"),
    ("empty name", lambda d: workday(d, 0)["name"].update(zh_CN=" "), "workdays[0]", "non-empty"),
    ("overlapping periods", lambda d: holiday(d, 0).update(to=D("2025-01-28")), "holidays[1]", "another holiday"),
    ("make-up day inside a holiday", lambda d: workday(d, 0).update(date=D("2025-02-01")), "workdays[0]", "inside"),
    ("make-up listed twice", lambda d: d["years"][2025]["workdays"].append(workday(d, 0)), "workdays[1]", "twice"),
    ("year as text", lambda d: d["years"].update({"2026": d["years"].pop(2025)}), "years.2026", "number"),
    ("no workdays key", lambda d: d["years"][2025].pop("workdays"), "years.2025", "workdays"),
    ("holidays not a list", lambda d: d["years"][2025].update(holidays={}), "years.2025.holidays", "list"),
    ("years not under `years:`", lambda d: d.update({2025: d.pop("years")[2025]}), ": -: ", "`years:`"),
]


@pytest.mark.parametrize(("case", "breaks", "where", "reason"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_malformed_file_is_refused_naming_file_and_entry(
    tmp_path: Path, case: str, breaks: Any, where: str, reason: str
) -> None:
    # Given a holidays file with one mistake
    data = copy.deepcopy(valid())
    breaks(data)
    path = write(tmp_path, data)
    # When it is loaded
    with pytest.raises(CatalogError) as refused:
        WorkCalendar.load(path)
    # Then the error names the file, the entry and the reason
    message = str(refused.value)
    assert message.startswith(f"{path}: "), message
    assert where in message, message
    assert reason in message, message


@pytest.mark.parametrize(
    ("text", "reason"),
    [("years: [unclosed\n", "cannot read"), ("", "`years:`"), ("- 2025\n", "`years:`")],
)
def test_an_unreadable_file_is_refused(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match=reason) as refused:
        WorkCalendar.load(path)
    assert str(path) in str(refused.value)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="cannot read"):
        WorkCalendar.load(tmp_path / "nope.yaml")


# -- coverage: a due date past the known holidays is provisional -------------------------


def test_a_due_date_inside_the_known_years_is_not_provisional(cal: WorkCalendar) -> None:
    due = cal.due(D("2026-09-24"), 5, "workdays")  # over 中秋 and the 调休 Sunday
    assert due == cal.add_workdays(D("2026-09-24"), 5) and not cal.spans_unknown(D("2026-09-24"), due)


def test_a_due_date_past_the_known_years_counts_weekends_only_and_is_provisional(cal: WorkCalendar) -> None:
    # 2026-12-24 (Thursday) + 20 working days: Fridays and Mondays only skip weekends in 2027
    due = cal.due(D("2026-12-24"), 20, "workdays")
    assert cal.spans_unknown(D("2026-12-24"), due)
    assert due == D("2027-01-21")  # 20 weekdays later; 元旦 2027 unknown, so not skipped


def test_coverage_is_counted_from_today_to_the_last_unbroken_year(cal: WorkCalendar) -> None:
    assert cal.covered_until == D("2026-12-31")
    assert cal.days_covered_ahead(D("2026-12-03")) == 28
    assert cal.days_covered_ahead(D("2027-01-05")) == 0


def test_a_calendar_layered_with_overrides_takes_their_days_and_years() -> None:
    base = WorkCalendar({D("2027-01-01"): {"zh_CN": "元旦", "en": "New Year"}}, {}, frozenset({2027}))
    names = {"zh_CN": "本地", "en": "Local"}
    local = WorkCalendar({D("2028-01-03"): names}, {D("2027-01-01"): names}, frozenset({2028}))
    both = base.layered(local)
    assert both.is_workday(D("2027-01-01"))  # the override makes the package's holiday a working day
    assert not both.is_workday(D("2028-01-03"))
    assert both.years == {2027, 2028} and both.covered_until == D("2028-12-31")
