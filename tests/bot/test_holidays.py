"""China's holidays from the chinesecalendar package, the project's file on top, and `yijianshi calendar`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.cli import main
from bot.holidays import coverage_warning, load_calendar, package_calendar
from handlers.workdays import WorkCalendar

D = dt.date.fromisoformat
#: A year the package does not know yet (1.11.0 ends with 2026), given in a local holidays.yaml.
LOCAL_2027 = """
years:
  2027:
    holidays:
      - {from: 2027-02-06, to: 2027-02-14, name: {zh_CN: 春节, en: Spring Festival}}
    workdays: []
"""


def test_the_package_gives_years_the_projects_file_does_not_list() -> None:
    package = package_calendar()
    assert package is not None and 2024 in package.years
    calendar = load_calendar()
    assert 2024 not in WorkCalendar.load().years  # only from the package
    assert not calendar.is_workday(D("2024-02-12")) and calendar.name(D("2024-02-12")) == "春节"
    assert calendar.is_workday(D("2024-02-04"))  # a Sunday worked for the Spring Festival (调休)
    assert not calendar.is_workday(D("2026-02-16"))  # the file's years stay as they were


def test_a_local_file_adds_a_year_the_package_does_not_cover(tmp_path: Path) -> None:
    (tmp_path / "holidays.yaml").write_text(LOCAL_2027, encoding="utf-8")
    calendar = load_calendar(tmp_path)
    assert calendar.covered_until == D("2027-12-31")
    due = calendar.due(D("2027-02-05"), 1, "workdays")  # a Friday before the Spring Festival
    assert due == D("2027-02-15") and not calendar.spans_unknown(D("2027-02-05"), due)
    assert coverage_warning(calendar, D("2026-12-03")) is None


def test_operators_are_warned_within_sixty_days_of_the_end() -> None:
    calendar = load_calendar()
    assert coverage_warning(calendar, D("2026-12-03")) is not None
    assert coverage_warning(calendar, D("2026-09-01")) is None


@pytest.mark.parametrize(("today", "code"), [("2026-12-03", 1), ("2026-09-01", 0)])
def test_the_calendar_command_prints_the_range_and_fails_when_short(
    today: str, code: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("YJS_SCENARIO_DIR", raising=False)
    assert main(["calendar", "--today", today]) == code
    out = capsys.readouterr()
    assert "until 2026-12-31" in out.out and "chinesecalendar 1.11.0" in out.out
    assert ("WARNING" in out.err) is bool(code)
