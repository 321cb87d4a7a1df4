"""Working-day arithmetic for statutory deadlines (办结时限 counted in 工作日).

Mainland China's working days are Monday to Friday, less the public holidays, plus the
weekend days the State Council moves work to (调休上班). The bot layers `scenarios/holidays.yaml`
(local overrides, and years the `chinesecalendar` package does not cover yet) over that package
(`bot/holidays.py`); here the calendar is plain data. A year covered by neither counts weekends
only: `spans_unknown` tells that a date counted into it is provisional, and
`days_covered_ahead` lets operators be warned.

Nothing is read at import: `WorkCalendar.load` reads the file, `default_calendar` once.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handlers.catalog.loader import CatalogError, read_yaml, shipped_directory

HOLIDAYS_FILE = "holidays.yaml"
_LOCALES = ("zh_CN", "en")
_ONE_DAY = dt.timedelta(days=1)


def shipped_file() -> Path:
    return shipped_directory() / HOLIDAYS_FILE


@dataclass(frozen=True, eq=False)
class WorkCalendar:
    """Working days of mainland China: weekends off, public holidays off, make-up weekend days on."""

    #: Every day off that the file lists, with its holiday's name by locale.
    holidays: Mapping[dt.date, Mapping[str, str]]
    #: Weekend days that are working days, with their name by locale.
    workdays: Mapping[dt.date, Mapping[str, str]]
    #: Years the file lists; outside them only weekends are days off.
    years: frozenset[int]
    source: Path | None = None

    @classmethod
    def load(cls, path: Path | str | None = None) -> WorkCalendar:
        """Reads a holidays file: the shipped one by default.

        `path` may be the file itself or a scenario directory (YJS_SCENARIO_DIR); a directory
        without its own holidays.yaml falls back to the shipped file.
        """
        file = _resolve(Path(path) if path is not None else None)
        return _parse(file, read_yaml(file))

    def covers(self, day: dt.date) -> bool:
        """Whether the calendar knows the day's year's holidays (a year not covered counts weekends only)."""
        return day.year in self.years

    @property
    def covered_until(self) -> dt.date | None:
        """The last day whose holidays are known: the end of the last year covered, None when none is."""
        return dt.date(max(self.years), 12, 31) if self.years else None

    def days_covered_ahead(self, today: dt.date) -> int:
        """How many days after `today` the calendar still covers without a gap (0 if today is not covered)."""
        if not self.covers(today):
            return 0
        year = today.year
        while year + 1 in self.years:
            year += 1
        return (dt.date(year, 12, 31) - today).days

    def spans_unknown(self, start: dt.date, end: dt.date) -> bool:
        """Whether a date counted from `start` to `end` crossed a year whose holidays are not known:
        there only weekends were skipped, and the date is provisional."""
        return any(year not in self.years for year in range(start.year, end.year + 1))

    def layered(self, overrides: WorkCalendar) -> WorkCalendar:
        """This calendar with `overrides` on top: a day the overrides list is off or on as they say."""
        holidays = {d: n for d, n in self.holidays.items() if d not in overrides.workdays}
        workdays = {d: n for d, n in self.workdays.items() if d not in overrides.holidays}
        holidays.update(overrides.holidays)
        workdays.update(overrides.workdays)
        return WorkCalendar(holidays, workdays, self.years | overrides.years, overrides.source)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day not in self.holidays and day.weekday() < 5

    def name(self, day: dt.date, locale: str = "zh_CN") -> str | None:
        """The holiday or make-up day's name, or None for an ordinary day."""
        names = self.holidays.get(day) or self.workdays.get(day)
        if names is None:
            return None
        return names["en"] if locale == "en" else names["zh_CN"]

    def next_workday(self, day: dt.date) -> dt.date:
        """The first working day after `day`."""
        day += _ONE_DAY
        while not self.is_workday(day):
            day += _ONE_DAY
        return day

    def previous_workday(self, day: dt.date) -> dt.date:
        """The last working day before `day`."""
        day -= _ONE_DAY
        while not self.is_workday(day):
            day -= _ONE_DAY
        return day

    def due(self, start: dt.date, days: int, unit: str) -> dt.date:
        """The due date of a time limit counted from `start`: working days, or calendar days ("days")."""
        return self.add_workdays(start, days) if unit == "workdays" else start + dt.timedelta(days=days)

    def add_workdays(self, start: dt.date, days: int) -> dt.date:
        """The date by which `days` working days have passed, counting from the day after `start`.

        Submitted on a Friday with 1 working day, a case is due the next Monday; submitted on a
        holiday, counting starts at the next working day. 0 gives `start` itself if it is a
        working day, else the next one.
        """
        if days < 0:
            raise ValueError(f"days must be 0 or more, not {days}")
        if days == 0:
            return start if self.is_workday(start) else self.next_workday(start)
        day = start
        for _ in range(days):
            day = self.next_workday(day)
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`; negative if `end` is before `start`."""
        if end < start:
            return -self.workdays_between(end, start)
        count, day = 0, start + _ONE_DAY
        while day <= end:
            count += self.is_workday(day)
            day += _ONE_DAY
        return count


@functools.cache
def default_calendar(scenario_dir: Path | None = None) -> WorkCalendar:
    """The calendar for a scenario directory (or the shipped one), read once per process."""
    return WorkCalendar.load(scenario_dir)


def _resolve(path: Path | None) -> Path:
    if path is None:
        return shipped_file()
    if path.is_dir():
        own = path / HOLIDAYS_FILE
        return own if own.is_file() else shipped_file()
    return path


class _Refused(Exception):
    def __init__(self, where: str, reason: str) -> None:
        super().__init__(where, reason)
        self.where, self.reason = where, reason


def _parse(file: Path, data: Any) -> WorkCalendar:
    try:
        return _calendar(file, data)
    except _Refused as exc:
        raise CatalogError(file, exc.where, exc.reason) from None


def _calendar(file: Path, data: Any) -> WorkCalendar:
    if not isinstance(data, dict) or set(data) != {"years"} or not isinstance(data["years"], dict):
        raise _Refused("-", "the file must hold one mapping, `years:`, of year to holidays and workdays")
    holidays: dict[dt.date, Mapping[str, str]] = {}
    workdays: dict[dt.date, Mapping[str, str]] = {}
    for year, block in data["years"].items():
        where = f"years.{year}"
        if not isinstance(year, int) or isinstance(year, bool) or not 1949 < year < 10000:
            raise _Refused(where, "a year must be a number such as 2026")
        if not isinstance(block, dict) or set(block) != {"holidays", "workdays"}:
            raise _Refused(where, "a year must hold exactly `holidays:` and `workdays:` (either may be [])")
        for i, entry in enumerate(_list(f"{where}.holidays", block["holidays"])):
            at = f"{where}.holidays[{i}]"
            _keys(at, entry, {"from", "to", "name"})
            first, last = _date(at, "from", entry, year), _date(at, "to", entry, year)
            if last < first:
                raise _Refused(at, f"`to` ({last}) is before `from` ({first})")
            names = _names(at, entry)
            day = first
            while day <= last:
                if day in holidays:
                    raise _Refused(at, f"{day} is already in another holiday period")
                holidays[day] = names
                day += _ONE_DAY
        for i, entry in enumerate(_list(f"{where}.workdays", block["workdays"])):
            at = f"{where}.workdays[{i}]"
            _keys(at, entry, {"date", "name"})
            day = _date(at, "date", entry, year)
            if day.weekday() < 5:
                raise _Refused(at, f"{day} is a {day:%A}; only a Saturday or Sunday can be a make-up working day")
            if day in holidays:
                raise _Refused(at, f"{day} is inside a holiday period")
            if day in workdays:
                raise _Refused(at, f"{day} is listed twice")
            workdays[day] = _names(at, entry)
    return WorkCalendar(holidays, workdays, frozenset(data["years"]), file)


def _list(where: str, value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Refused(where, "must be a list")
    return value


def _keys(where: str, entry: Any, expected: set[str]) -> None:
    if not isinstance(entry, dict) or set(entry) != expected:
        found = sorted(map(str, entry)) if isinstance(entry, dict) else type(entry).__name__
        raise _Refused(where, f"expected the keys {sorted(expected)}, found {found}")


def _date(where: str, key: str, entry: dict[str, Any], year: int) -> dt.date:
    value = entry[key]
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise _Refused(where, f"`{key}`: {value!r} is not a date (YYYY-MM-DD)") from None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise _Refused(where, f"`{key}`: {value!r} is not a date (YYYY-MM-DD)")
    if value.year != year:
        raise _Refused(where, f"`{key}`: {value} is outside {year}")
    return value


def _names(where: str, entry: dict[str, Any]) -> Mapping[str, str]:
    names = entry["name"]
    if (
        not isinstance(names, dict)
        or set(names) != set(_LOCALES)
        or not all(isinstance(names[loc], str) and names[loc].strip() for loc in _LOCALES)
    ):
        raise _Refused(where, "`name` must give a non-empty text for each of zh_CN and en")
    return {loc: names[loc] for loc in _LOCALES}
