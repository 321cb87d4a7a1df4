"""The figures that measure the reform, from the cases, their items and the audit log.

Everything counts the items of the cases filed in a period (the unit a department decides),
grouped by scenario, item or department; case-level figures (supplements per case, channel,
elder mode, 帮办代办) count each case once. A handling time runs from the day a case was filed
to the day its item was approved or rejected, in working days (``handlers.workdays``).
Satisfaction (好差评) counts the ratings first given in the period (a rating belongs to the period it
was given in, not to the case's), grouped the same way; a rating voided on appeal (申诉复核) is not
counted, nor is its follow-up. Other sources of figures may append to ``EXTRA_FIGURES``.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from handlers.catalog import Catalog
from handlers.lifecycle import DECIDED, OPEN, ItemStatus, StaffAction
from handlers.ratings import LOW, Appeal, Level
from handlers.request_lifecycle import PENDING, RequestStatus
from handlers.workdays import WorkCalendar
from models import db
from models.case import Case, CaseEvent, CaseItem
from models.ratings import Rating
from models.requests import Request

#: How figures are grouped.
DIMENSIONS = ("scenario", "item", "department")
#: Periods a member may pick; ``custom`` takes its own start and end.
PERIODS = ("week", "month", "quarter", "custom")
#: 好差评's five levels, best first.
LEVELS = tuple(Level)
#: The levels counted as satisfied: 非常满意, 满意 and 基本满意. The national 好差评 rules (国办发〔2019〕51号)
#: rate on these five levels and count the upper three as 好评, the lower two (不满意, 非常不满意) as 差评;
#: the lower two are also the ones that open a follow-up here (``handlers.ratings.LOW``), so 基本满意 counts as
#: satisfied: the resident said the service was acceptable and nothing was followed up.
SATISFIED = frozenset(Level) - LOW
#: Follow-ups not yet answered (staff owe the ones in ``PENDING``; an overdue one is among those).
FOLLOWUP_OPEN = (RequestStatus.OPEN, RequestStatus.WAITING_APPLICANT)


def local_date(moment: dt.datetime) -> dt.date:
    """The day a stored moment fell on, in the zone the service works in."""
    return moment.astimezone(ZoneInfo(db.ZONE)).date()


@dataclass(frozen=True)
class Period:
    """Days from ``start`` to ``end``, both included."""

    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, kind: str, today: dt.date) -> Period:
        """The week, month or quarter that holds ``today``."""
        if kind == "week":
            start = today - dt.timedelta(days=today.weekday())
            return cls(start, start + dt.timedelta(days=6))
        first_month = today.month if kind == "month" else 3 * ((today.month - 1) // 3) + 1
        start = dt.date(today.year, first_month, 1)
        months = 1 if kind == "month" else 3
        year, month = divmod(first_month - 1 + months, 12)
        return cls(start, dt.date(today.year + year, month + 1, 1) - dt.timedelta(days=1))

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        zone = ZoneInfo(db.ZONE)
        start = dt.datetime.combine(self.start, dt.time(), zone)
        return start, dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), zone)


@dataclass(frozen=True)
class Scope:
    """Which items count: the departments a member sees (None: all), and optional narrowing."""

    departments: Collection[str] | None = None
    scenario: str = ""
    item: str = ""
    department: str = ""


@dataclass(frozen=True)
class Group:
    """The figures of one scenario, item or department."""

    key: str
    received: int
    in_progress: int
    finished: int
    median_days: float | None
    p90_days: float | None
    on_time_share: float | None
    overdue_now: int
    supplement_rate: float | None
    rejection_rate: float | None


@dataclass(frozen=True)
class Satisfaction:
    """The 好差评 of one scenario, item or department: the five levels, the share satisfied, the follow-ups."""

    key: str
    #: Ratings per level, every level of ``LEVELS`` present.
    levels: dict[str, int]
    rated: int
    satisfied_share: float | None
    followups_open: int
    followups_overdue: int


@dataclass(frozen=True)
class Figures:
    """Every figure of a period: groups by the chosen dimension, and the case-level counts."""

    period: Period
    by: str
    groups: list[Group]
    cases: int
    supplemented_cases: int
    supplement_rounds: int
    documents: list[tuple[str, int]]
    reasons: list[tuple[str, int]]
    channels: list[tuple[str, int]]
    elder_cases: int
    proxy_cases: int
    satisfaction: list[Satisfaction] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Item:
    """One item with what the log says of it."""

    row: CaseItem
    case: Case
    filed: dt.date
    decided: dt.date | None
    rounds: int


ExtraFigures = Callable[[Period, Scope], Awaitable[dict[str, Any]]]
#: Further figures from other sources, each returning a dict merged into ``Figures.extra``.
EXTRA_FIGURES: list[ExtraFigures] = []


async def figures(
    catalog: Catalog, calendar: WorkCalendar, period: Period, scope: Scope, by: str, today: dt.date
) -> Figures:
    items = await _items(period, scope)
    cases = {i.case.id: i.case for i in items}
    events = await CaseEvent.filter(case_id__in=list(cases), action__in=[StaffAction.SUPPLEMENT, StaffAction.REJECT])
    in_scope = {i.row.id for i in items}
    supplements = [e for e in events if e.action == StaffAction.SUPPLEMENT and e.item_id in in_scope]  # type: ignore[attr-defined]
    rejections = [e for e in events if e.action == StaffAction.REJECT and e.item_id in in_scope]  # type: ignore[attr-defined]
    users = {c.id: await c.user for c in cases.values()}
    extra: dict[str, Any] = {}
    for source in EXTRA_FIGURES:
        extra.update(await source(period, scope))
    return Figures(
        period=period,
        by=by,
        groups=[_group(key, rows, calendar, today) for key, rows in _grouped(items, by).items()],
        cases=len(cases),
        supplemented_cases=len({e.case_id for e in supplements}),  # type: ignore[attr-defined]
        supplement_rounds=len(supplements),
        documents=Counter(
            f"{cases[e.case_id].scenario_id}/{k}"  # type: ignore[attr-defined]
            for e in supplements
            for k in e.detail.get("materials", [])
        ).most_common(10),
        reasons=Counter(e.note.strip() for e in rejections).most_common(10),
        channels=sorted(Counter(u.channel for u in users.values()).items()),
        elder_cases=sum(1 for u in users.values() if u.elder_mode),
        proxy_cases=sum(1 for c in cases.values() if c.proxy_by),
        satisfaction=await satisfaction(period, scope, by, today),
        extra=extra,
    )


async def satisfaction(period: Period, scope: Scope, by: str, today: dt.date) -> list[Satisfaction]:
    """好差评 per group: the ratings first given in the period, less those voided on appeal."""
    start, end = period.bounds()
    query = Rating.filter(created_at__gte=start, created_at__lt=end).exclude(appeal=Appeal.VOIDED)
    if scope.departments is not None:
        query = query.filter(department__in=list(scope.departments))
    if scope.department:
        query = query.filter(department=scope.department)
    if scope.item:
        query = query.filter(item__item_key=scope.item)
    if scope.scenario:
        query = query.filter(case__scenario_id=scope.scenario)
    rows = await query.order_by("id").prefetch_related("case", "item")
    numbers = [r.followup for r in rows if r.followup]
    followups = {f.number: f for f in await Request.filter(number__in=numbers)} if numbers else {}
    groups: dict[str, list[Rating]] = {}
    for rating in rows:
        scenario = rating.case.scenario_id
        key = {"scenario": scenario, "department": rating.department}.get(by, f"{scenario}/{rating.item.item_key}")
        groups.setdefault(key, []).append(rating)
    listed = []
    for key, ratings in sorted(groups.items()):
        counted = Counter(r.level for r in ratings)
        opened = [followups[r.followup] for r in ratings if r.followup in followups]
        open_ = [f for f in opened if f.status in FOLLOWUP_OPEN]
        listed.append(
            Satisfaction(
                key=key,
                levels={level: counted[level] for level in LEVELS},
                rated=len(ratings),
                satisfied_share=_share(sum(counted[level] for level in SATISFIED), len(ratings)),
                followups_open=len(open_),
                followups_overdue=sum(
                    1 for f in open_ if f.status in PENDING and f.due_date is not None and f.due_date < today
                ),
            )
        )
    return listed


async def _items(period: Period, scope: Scope) -> list[_Item]:
    start, end = period.bounds()
    query = CaseItem.filter(case__created_at__gte=start, case__created_at__lt=end).prefetch_related("case")
    if scope.departments is not None:
        query = query.filter(department__in=list(scope.departments))
    if scope.department:
        query = query.filter(department=scope.department)
    if scope.item:
        query = query.filter(item_key=scope.item)
    if scope.scenario:
        query = query.filter(case__scenario_id=scope.scenario)
    rows = await query.order_by("id")
    log = await CaseEvent.filter(item_id__in=[r.id for r in rows]).order_by("id")
    decided: dict[int, dt.date] = {}
    rounds: Counter[int] = Counter()
    for event in log:
        if event.action in (StaffAction.APPROVE, StaffAction.REJECT):
            decided[event.item_id] = local_date(event.created_at)  # type: ignore[attr-defined]
        elif event.action == StaffAction.SUPPLEMENT:
            rounds[event.item_id] += 1  # type: ignore[attr-defined]
    return [_Item(r, r.case, local_date(r.case.created_at), decided.get(r.id), rounds[r.id]) for r in rows]


def _grouped(items: Sequence[_Item], by: str) -> dict[str, list[_Item]]:
    groups: dict[str, list[_Item]] = {}
    for item in items:
        key = {"scenario": item.case.scenario_id, "department": item.row.department}.get(by, item.row.item_key)
        groups.setdefault(key if by != "item" else f"{item.case.scenario_id}/{key}", []).append(item)
    return dict(sorted(groups.items()))


def _group(key: str, items: list[_Item], calendar: WorkCalendar, today: dt.date) -> Group:
    done = [i for i in items if i.row.status in DECIDED and i.decided is not None]
    days = sorted(calendar.workdays_between(i.filed, i.decided) for i in done if i.decided)
    timed = [i for i in done if i.row.due_date is not None]
    open_ = [i for i in items if i.row.status in OPEN or i.row.status == ItemStatus.SUPPLEMENT_REQUESTED]
    rejected = sum(1 for i in done if i.row.status == ItemStatus.REJECTED)
    return Group(
        key=key,
        received=len(items),
        in_progress=len(open_),
        finished=len(done),
        median_days=float(statistics.median(days)) if days else None,
        p90_days=percentile(days, 0.9),
        on_time_share=_share(
            sum(1 for i in timed if i.decided and i.row.due_date and i.decided <= i.row.due_date), len(timed)
        ),
        overdue_now=sum(1 for i in open_ if i.row.due_date is not None and i.row.due_date < today),
        supplement_rate=_share(sum(1 for i in items if i.rounds), len(items)),
        rejection_rate=_share(rejected, len(done)),
    )


def percentile(values: Sequence[int], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least ``share`` of values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[max(math.ceil(share * len(ordered)) - 1, 0)])


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
