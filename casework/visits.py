"""Joint site visits of a case as stored: opened at filing, read for cards and the case view,
and the applicant's wish for another time. Staff presses go through ``casework.decisions``."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from casework.casework import redraw
from handlers.lifecycle import ItemStatus
from handlers.visits import (
    Appointment,
    VisitFacts,
    VisitKind,
    VisitMove,
    VisitRefusal,
    VisitStatus,
    VisitVerb,
    action_of,
    move,
)
from models.case import Case, CaseEvent, CaseItem, CaseVisit
from models.db import ZONE
from models.staff import StaffCard


def as_rules(row: CaseVisit) -> Appointment:
    return Appointment(
        VisitKind(row.kind),
        row.lead,
        VisitStatus(row.status),
        local(row.at),
        row.round,
        tuple(row.confirmed),
        dict(row.declined),
        row.change_asked,
    )


def local(moment: dt.datetime | None) -> dt.datetime | None:
    """A stored visit time as the district's wall clock, without a zone (as the rules and people read it)."""
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(ZONE)).replace(tzinfo=None) if moment.tzinfo else moment


def stored(appointment: Appointment, row: CaseVisit) -> list[str]:
    """Copy the rules' appointment onto its row; the names of the fields changed, for ``save``."""
    row.status, row.round, row.change_asked = appointment.status, appointment.round, appointment.change_asked
    row.at = appointment.at.replace(tzinfo=ZoneInfo(ZONE)) if appointment.at else None
    row.confirmed, row.declined = list(appointment.confirmed), dict(appointment.declined)
    return ["status", "round", "change_asked", "at", "confirmed", "declined", "updated_at"]


async def participants(case_id: int) -> tuple[str, ...]:
    """Departments that come to the visits: every department with an item not rejected."""
    items = (
        await CaseItem.filter(case_id=case_id).exclude(status=ItemStatus.REJECTED).values_list("department", flat=True)
    )
    return tuple(sorted(set(items)))  # type: ignore[arg-type]


async def views(case_id: int) -> list[VisitFacts]:
    """The case's joint visits in the catalog's order (the survey first)."""
    rows = await CaseVisit.filter(case_id=case_id)
    if not rows:
        return []
    who = await participants(case_id)
    order = list(VisitKind)
    rows.sort(key=lambda r: order.index(VisitKind(r.kind)))
    return [VisitFacts(as_rules(r), r.place, who) for r in rows]


async def ask_change(user_id: int, number: str, kind: VisitKind, wish: str) -> str | None:
    """The applicant asks for another time; None when done, else the refusal's locale key.
    Runs inside the step's save: the lead's card and every other card show the wish."""
    case = await Case.get_or_none(number=number, user_id=user_id)
    row = await CaseVisit.filter(case_id=case.id, kind=kind).select_for_update().first() if case else None
    if case is None or row is None:
        return "visit.refused.none"
    outcome: VisitMove | VisitRefusal = move(as_rules(row), VisitVerb.ASK_CHANGE, "", (), text=wish)
    if isinstance(outcome, VisitRefusal):
        return outcome.key
    await row.save(update_fields=stored(outcome.appointment, row))
    await CaseEvent.create(case=case, actor=f"user:{user_id}", action=action_of(VisitVerb.ASK_CHANGE, kind), note=wish)
    for card in await StaffCard.filter(case=case):
        await redraw(card)
    return None
