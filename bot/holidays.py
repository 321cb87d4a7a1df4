"""China's holidays from the maintained `chinesecalendar` package, with the project's file on top.

The package (State Council notices, one release per year) covers the years it knows; the
scenario directory's holidays.yaml overrides single days and adds years the package does not
cover yet. The result is plain data (`WorkCalendar`) handed to the engine and the workers.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Mapping
from pathlib import Path

from handlers.workdays import WorkCalendar

log = logging.getLogger(__name__)

#: Operators are warned (start-up log, staff page, `yijianshi calendar`) when fewer days ahead are covered.
WARN_DAYS_AHEAD = 60


def package_calendar() -> WorkCalendar | None:
    """The package's holidays and make-up days, or None when it is not installed."""
    try:
        from chinese_calendar import constants
    except ImportError:
        return None
    names = {h.value: {"zh_CN": h.chinese, "en": h.value} for h in constants.Holiday}
    holidays: dict[dt.date, Mapping[str, str]] = {day: names[name] for day, name in constants.holidays.items()}
    workdays: dict[dt.date, Mapping[str, str]] = {
        day: {"zh_CN": f"{names[name]['zh_CN']}调休", "en": f"{name} make-up day"}
        for day, name in constants.workdays.items()
    }
    return WorkCalendar(holidays, workdays, frozenset(day.year for day in holidays))


def package_version() -> str | None:
    try:
        import chinese_calendar
    except ImportError:
        return None
    return str(chinese_calendar.__version__)


@functools.cache
def load_calendar(scenario_dir: Path | None = None) -> WorkCalendar:
    """The package's calendar with the scenario directory's (or shipped) holidays.yaml on top; read once."""
    own = WorkCalendar.load(scenario_dir)
    package = package_calendar()
    return package.layered(own) if package is not None else own


def coverage_warning(calendar: WorkCalendar, today: dt.date) -> str | None:
    """A line for operators when the holidays known run out within WARN_DAYS_AHEAD days; None when fine."""
    ahead = calendar.days_covered_ahead(today)
    if ahead >= WARN_DAYS_AHEAD:
        return None
    until = calendar.covered_until
    return (
        f"the holiday calendar covers only {ahead} days ahead (until {until or 'never'}): due dates after "
        f"that count weekends only and are marked provisional; add the next year to holidays.yaml "
        f"or upgrade chinesecalendar"
    )


def warn_if_short(calendar: WorkCalendar, today: dt.date) -> str | None:
    """Log the coverage warning (at start-up) and return it."""
    warning = coverage_warning(calendar, today)
    if warning:
        log.warning(warning)
    return warning
