"""When staff answer 人工客服: hours on working days, per department, holidays from the calendar."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from handlers.workdays import WorkCalendar

#: Service hours are Beijing time.
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
_PERIOD = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
#: Written before the periods, service every day of the year, holidays too (a 24-hour hotline).
DAILY = "daily"


@dataclass(frozen=True)
class ServiceHours:
    """Periods of a working day when a person answers; none on weekends and holidays (the calendar's)."""

    periods: tuple[tuple[dt.time, dt.time], ...]
    #: Every day, not only the calendar's working days.
    daily: bool = False

    @classmethod
    def parse(cls, raw: str) -> ServiceHours:
        """``"09:00-12:00,13:30-17:00"`` on working days, ``"daily 00:00-24:00"`` every day; a ValueError
        naming what is wrong otherwise."""
        daily = raw.strip().startswith(DAILY)
        periods = []
        for part in raw.strip().removeprefix(DAILY).replace(" ", "").split(","):
            found = _PERIOD.match(part)
            if found is None:
                raise ValueError(f"{part!r}: expected HH:MM-HH:MM")
            h1, m1, h2, m2 = (int(g) for g in found.groups())
            start, end = dt.time(h1, m1), dt.time.max if (h2, m2) == (24, 0) else dt.time(h2, m2)
            if start >= end:
                raise ValueError(f"{part!r}: the period ends before it starts")
            periods.append((start, end))
        return cls(tuple(sorted(periods)), daily)

    def open_at(self, moment: dt.datetime, calendar: WorkCalendar) -> bool:
        local = moment.astimezone(SHANGHAI)
        open_today = self.daily or calendar.is_workday(local.date())
        return open_today and any(a <= local.time() < b for a, b in self.periods)

    def text(self) -> str:
        return "、".join(f"{a:%H:%M}—{'24:00' if b == dt.time.max else f'{b:%H:%M}'}" for a, b in self.periods)


#: 周一至周五 9:00-12:00, 13:30-17:00: the hours the district's service hall keeps, TO BE CONFIRMED by the district.
DEFAULT_HOURS = ServiceHours.parse("09:00-12:00,13:30-17:00")


@dataclass(frozen=True)
class LivePolicy:
    """人工客服's settings: service hours (per department where they differ) and how long a handover waits."""

    hours: ServiceHours = DEFAULT_HOURS
    departments: Mapping[str, ServiceHours] = field(default_factory=dict)
    #: Minutes a handover waits to be taken before the resident is offered a 留言 instead.
    wait_minutes: int = 3
    #: True while the hours are the shipped defaults: the resident is told they are to be confirmed.
    to_confirm: bool = True

    def hours_of(self, department: str) -> ServiceHours:
        return self.departments.get(department, self.hours)
