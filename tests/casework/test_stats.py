"""Every statistic agrees with a recount done here, by hand, from the raw cases, items and audit log."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

import pytest
from staff_desk import decide, filed

from casework import ratings, stats
from casework.casework import resubmit
from casework.request_rules import RequestDays
from casework.requests import RequestDesk
from handlers.effects import RateItem, ResubmitCase
from handlers.lifecycle import StaffAction
from handlers.workdays import default_calendar
from models import db
from models.case import Case, CaseEvent, CaseItem
from models.ratings import Rating
from models.requests import Request
from models.user import User

pytestmark = pytest.mark.usefixtures("local_services")
ZONE = ZoneInfo("Asia/Shanghai")


async def some_history(dialogs, files, catalog) -> list[Case]:  # type: ignore[no-untyped-def]
    first = await filed(dialogs, files, catalog, "convenience-store", channel="web")
    second = await filed(dialogs, files, catalog, "convenience-store", channel="telegram")
    third = await filed(dialogs, files, catalog, "gym", channel="wechat")
    await decide(catalog, first, "business_licence", StaffAction.ACCEPT)
    await decide(catalog, first, "business_licence", StaffAction.APPROVE)
    await decide(catalog, first, "fire_check", StaffAction.SUPPLEMENT, "", {"fields": [], "materials": ["id_card"]})
    await resubmit(ResubmitCase(first.number, {}, {}), first.user_id, catalog)  # type: ignore[attr-defined]
    await decide(catalog, first, "fire_check", StaffAction.ACCEPT)
    await decide(catalog, first, "hygiene_licence", StaffAction.REJECT, "不符合条件")
    await decide(catalog, second, "business_licence", StaffAction.REJECT, "不符合条件")
    await decide(catalog, second, "fire_check", StaffAction.ACCEPT)
    await decide(catalog, second, "fire_check", StaffAction.APPROVE)
    await decide(catalog, third, "fire_check", StaffAction.SUPPLEMENT, "", {"fields": [], "materials": ["id_card"]})
    # filed earlier than today, so handling takes working days and some items are overdue
    await Case.filter(id=first.id).update(created_at=db.now() - dt.timedelta(days=9))
    await Case.filter(id=third.id).update(created_at=db.now() - dt.timedelta(days=40))
    await User.filter(id=second.user_id).update(elder_mode=True)  # type: ignore[attr-defined]
    await some_ratings(catalog, first, second)
    return [first, second, third]


async def some_ratings(catalog, first: Case, second: Case) -> None:  # type: ignore[no-untyped-def]
    """好差评 of the four decided items: three low ones open follow-ups; one is answered, one voided on appeal,
    one left open (overdue a month on)."""
    desk = RequestDesk(default_calendar(), list(catalog.departments), "approval", RequestDays())
    followups = ratings.followups_from(desk)
    given = [
        (first, "business_licence", "basic", ()),
        (first, "hygiene_licence", "dissatisfied", ("slow",)),
        (second, "business_licence", "very_dissatisfied", ("attitude",)),
        (second, "fire_check", "dissatisfied", ("slow",)),
    ]
    for case, item, level, reasons in given:
        user = case.user_id  # type: ignore[attr-defined]
        assert await ratings.rate(user, RateItem(case.number, item, level, reasons), db.now(), 15, followups)
    low = await Rating.filter(case=second, level="dissatisfied").first()
    voided = await Rating.filter(case=second, level="very_dissatisfied").first()
    assert low and low.followup and voided and voided.followup
    await Request.filter(number=low.followup).update(status="answered")
    await Rating.filter(id=voided.id).update(appeal="voided")


#: What this test counts as satisfied, written out: the upper three of the five levels (好评 in the 好差评 rules).
SATISFIED = {"very_satisfied", "satisfied", "basic"}


async def recount_ratings(today: dt.date, start: dt.date) -> dict[str, dict[str, object]]:
    """The satisfaction figures per department, counted from the rating and follow-up rows one by one."""
    groups: dict[str, list[Rating]] = defaultdict(list)
    for rating in await Rating.all():
        if start <= rating.created_at.astimezone(ZONE).date() <= today and rating.appeal != "voided":
            groups[rating.department].append(rating)
    counted = {}
    for department, rows in groups.items():
        followups = [await Request.get(number=r.followup) for r in rows if r.followup]
        open_ = [f for f in followups if f.status in ("open", "waiting_applicant")]
        counted[department] = {
            "levels": {level: sum(1 for r in rows if r.level == level) for level in stats.LEVELS},
            "rated": len(rows),
            "satisfied": sum(1 for r in rows if r.level in SATISFIED) / len(rows),
            "open": len(open_),
            "overdue": sum(1 for f in open_ if f.status == "open" and f.due_date and f.due_date < today),
        }
    return counted


async def recount(today: dt.date, start: dt.date) -> dict[str, dict[str, object]]:
    """The department figures, counted from rows one by one."""
    calendar = default_calendar()
    groups: dict[str, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
    for item in await CaseItem.all().prefetch_related("case"):
        filed_on = item.case.created_at.astimezone(ZONE).date()
        if not start <= filed_on <= today:
            continue
        log = await CaseEvent.filter(item_id=item.id).order_by("id")
        g = groups[item.department]
        g["received"].append(1)
        decisions = [e for e in log if e.action in ("approve", "reject")]
        if decisions:
            decided = decisions[-1].created_at.astimezone(ZONE).date()
            g["days"].append(calendar.workdays_between(filed_on, decided))
            g["rejected"].append(decisions[-1].action == "reject")
            if item.due_date:
                g["on_time"].append(decided <= item.due_date)
        else:
            g["open"].append(1)
            if item.due_date and item.due_date < today:
                g["overdue"].append(1)
        g["supplemented"].append(any(e.action == "supplement" for e in log))
    return {key: _figures(g) for key, g in groups.items()}


def _figures(g: dict[str, list[object]]) -> dict[str, object]:
    days = sorted(int(d) for d in g["days"])  # type: ignore[call-overload]
    share = lambda xs: sum(1 for x in xs if x) / len(xs) if xs else None  # noqa: E731
    return {
        "received": len(g["received"]),
        "in_progress": len(g["open"]),
        "finished": len(days),
        "median": (days[len(days) // 2] if len(days) % 2 else (days[len(days) // 2 - 1] + days[len(days) // 2]) / 2)
        if days
        else None,
        "p90": days[math.ceil(0.9 * len(days)) - 1] if days else None,
        "on_time": share(g["on_time"]),
        "overdue": len(g["overdue"]),
        "supplement": share(g["supplemented"]),
        "rejection": share(g["rejected"]),
    }


async def test_the_statistics_agree_with_a_recount_from_the_events(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    mine = await some_history(dialogs, files, catalog)
    today = db.now().date() + dt.timedelta(days=30)  # a month on: open items with a time limit are overdue
    period = stats.Period(today - dt.timedelta(days=100), today)
    found = await stats.figures(catalog, default_calendar(), period, stats.Scope(), "department", today)
    expected = await recount(today, period.start)
    assert {g.key for g in found.groups} == set(expected)
    for group in found.groups:
        want = expected[group.key]
        got = {
            "received": group.received,
            "in_progress": group.in_progress,
            "finished": group.finished,
            "median": group.median_days,
            "p90": group.p90_days,
            "on_time": group.on_time_share,
            "overdue": group.overdue_now,
            "supplement": group.supplement_rate,
            "rejection": group.rejection_rate,
        }
        assert got == want, group.key
    # the fire department: three items received, one supplemented twice over two cases, one approved
    fire = next(g for g in found.groups if g.key == "fire")
    assert fire.received >= 3 and fire.finished >= 1 and fire.overdue_now >= 1

    every = await Case.all().prefetch_related("user")
    # the case-level figures count the cases behind the items (other tests leave bare cases with no item)
    with_items = set(await CaseItem.all().values_list("case_id", flat=True))
    cases = [c for c in every if period.start <= c.created_at.astimezone(ZONE).date() and c.id in with_items]
    events = await CaseEvent.filter(case_id__in=[c.id for c in cases])
    supplements = [e for e in events if e.action == "supplement"]
    assert found.cases == len(cases)
    assert found.supplemented_cases == len({e.case_id for e in supplements})  # type: ignore[attr-defined]
    assert found.supplement_rounds == len(supplements)
    assert found.channels == sorted(Counter(c.user.channel for c in cases).items())
    assert found.elder_cases == sum(1 for c in cases if c.user.elder_mode)
    assert found.proxy_cases == sum(1 for c in cases if c.proxy_by)
    reasons = Counter(e.note for e in events if e.action == "reject")
    assert dict(found.reasons) == {k: v for k, v in reasons.items() if k in dict(found.reasons)}
    assert dict(found.reasons)["不符合条件"] >= 2
    assert dict(found.documents)["convenience-store/id_card"] >= 1 and dict(found.documents)["gym/id_card"] >= 1
    assert {c.number for c in mine} <= {c.number for c in cases}

    # 好差评: the five levels, share satisfied and follow-ups agree with the rows; a voided rating is not counted
    rated = await recount_ratings(today, period.start)
    assert {g.key for g in found.satisfaction} == set(rated)
    for group in found.satisfaction:
        got = {
            "levels": group.levels,
            "rated": group.rated,
            "satisfied": group.satisfied_share,
            "open": group.followups_open,
            "overdue": group.followups_overdue,
        }
        assert got == rated[group.key], group.key
    assert sum(g.rated for g in found.satisfaction) == await Rating.exclude(appeal="voided").count()
    assert await Rating.filter(appeal="voided").count() >= 1
    assert sum(g.followups_overdue for g in found.satisfaction) >= 1  # a month on, the open follow-up is overdue


def test_periods_are_the_week_month_and_quarter_holding_today() -> None:
    day = dt.date(2026, 11, 26)  # a Thursday
    assert stats.Period.of("week", day) == stats.Period(dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    assert stats.Period.of("month", day) == stats.Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert stats.Period.of("quarter", day) == stats.Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert stats.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9.0
