"""A staff member's decision on one item of a case: the one door, whichever platform the press came from.

Adapters (the staff page, a Telegram group) translate their input into a ``CardPress``
and a note, and the outcome back into text; checking, recording, bumping the card and
queueing its redraw and the resident's notice all happen here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tortoise.transactions import in_transaction

from casework import jobs, visits
from casework.casework import redraw
from casework.drawing import CardDrawer
from casework.locked import retrying_locked
from handlers.cards import CardPress
from handlers.lifecycle import NEEDS_NOTE, CaseStatus, ItemStatus, StaffAction, case_status, next_item_status
from handlers.visits import (
    FIXED,
    VisitKind,
    VisitMove,
    VisitPress,
    VisitRefusal,
    VisitStatus,
    VisitVerb,
    action_of,
    check_time,
    move,
    parse_when,
)
from handlers.workdays import WorkCalendar, default_calendar
from models import db
from models.case import Case, CaseEvent, CaseItem, CaseVisit
from models.staff import StaffCard, StaffMember

#: What a supplement request asks for again: {"fields": [...], "materials": [...]}.
Asked = dict[str, list[str]]


@dataclass(frozen=True)
class Refusal:
    """A press that was not carried out, as a value: ``key`` names the polite message, ``params`` fill it."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    """A press carried out: the item's and the case's new states, and the card as the staff page now shows it."""

    case_number: str
    action: StaffAction
    item_status: ItemStatus
    case_status: CaseStatus
    card: StaffCard


@dataclass(frozen=True)
class VisitDecision:
    """A joint-visit press carried out: the visit's new state, and whether that press fixed its time."""

    case_number: str
    kind: VisitKind
    verb: VisitVerb
    status: VisitStatus
    fixed: bool


class Decisions:
    """Carries out staff presses; ``after_commit`` runs once a decision has committed (it kicks the outbox relay)."""

    def __init__(
        self,
        drawer: CardDrawer,
        after_commit: Callable[[], None] | None = None,
        calendar: WorkCalendar | None = None,
    ) -> None:
        self.drawer, self.after_commit = drawer, after_commit
        self.calendar = calendar or default_calendar()

    async def decide(
        self, member: StaffMember, press: CardPress, note: str = "", asked: Asked | None = None
    ) -> Decision | Refusal:
        outcome = await retrying_locked(lambda: _record(member, press, note.strip(), asked or {}))
        if isinstance(outcome, Refusal):
            return outcome
        card = await StaffCard.get(id=press.card_id).prefetch_related("case")
        # The staff page's copy first; chat platforms get theirs from the post_card actor just queued.
        await self.drawer.draw(card)
        if self.after_commit is not None:  # the resident's notice and the card leave now, not at the next poll
            self.after_commit()
        return Decision(card.case.number, press.action, outcome[0], outcome[1], card)

    async def visit(self, member: StaffMember, press: VisitPress, text: str = "") -> VisitDecision | Refusal:
        """A press about a joint visit: the lead proposes a time (``text``), a department confirms it
        or says why it cannot come (``text``). Every card of the case is redrawn."""
        outcome = await retrying_locked(lambda: _record_visit(member, press, text.strip(), self.calendar))
        if isinstance(outcome, Refusal):
            return outcome
        for card in await StaffCard.filter(case__number=outcome.case_number).prefetch_related("case"):
            await self.drawer.draw(card)
        if self.after_commit is not None:
            self.after_commit()
        return outcome


async def _record(
    member: StaffMember, press: CardPress, note: str, asked: Asked
) -> tuple[ItemStatus, CaseStatus] | Refusal:
    async with in_transaction():
        card = await StaffCard.filter(id=press.card_id).select_for_update().first()
        item = await CaseItem.filter(id=press.item_id).select_for_update().first()
        if card is None or item is None or item.case_id != card.case_id or item.department != card.department:  # type: ignore[attr-defined]
            return Refusal("staff.unknown_card")
        if not member.may_act_for(item.department):
            return Refusal("staff.not_member", {"department": item.department})
        if card.version != press.version:
            return Refusal("staff.stale_card")
        new_status = next_item_status(press.action, item.status)
        if new_status is None:
            return Refusal("staff.not_allowed", {"status": item.status})
        if press.action in NEEDS_NOTE and not (note or any(asked.values())):
            return Refusal(f"staff.needs_note.{press.action}")
        return await _apply(member, card, item, press.action, new_status, note, asked)


async def _apply(
    member: StaffMember,
    card: StaffCard,
    item: CaseItem,
    action: StaffAction,
    new_status: ItemStatus,
    note: str,
    asked: Asked,
) -> tuple[ItemStatus, CaseStatus]:
    previous = item.status
    item.status, item.note, item.decided_by = new_status, note, member.ref
    item.supplement = asked if action == StaffAction.SUPPLEMENT else {}
    await item.save(update_fields=["status", "note", "decided_by", "supplement", "updated_at"])
    case = await Case.filter(id=item.case_id).select_for_update().get()  # type: ignore[attr-defined]
    status = case_status([i.status for i in await CaseItem.filter(case_id=case.id)])
    case.status = status
    await case.save(update_fields=["status", "updated_at"])
    event = await CaseEvent.create(
        case=case,
        item=item,
        actor=member.ref,
        action=action,
        from_status=previous,
        to_status=new_status,
        case_status=status,
        note=note,
        detail=item.supplement,
    )
    await redraw(card)
    await jobs.push_status(event.id)
    return new_status, status


async def _record_visit(
    member: StaffMember, press: VisitPress, text: str, calendar: WorkCalendar
) -> VisitDecision | Refusal:
    async with in_transaction():
        card = await StaffCard.filter(id=press.card_id).select_for_update().prefetch_related("case").first()
        if card is None:
            return Refusal("staff.unknown_card")
        if not member.may_act_for(card.department):
            return Refusal("staff.not_member", {"department": card.department})
        if card.version != press.version:
            return Refusal("staff.stale_card")
        case = card.case
        row = await CaseVisit.filter(case_id=case.id, kind=press.kind).select_for_update().first()
        if row is None:
            return Refusal("visit.refused.none")
        at = None
        if press.verb == VisitVerb.PROPOSE:
            proposed = _proposed_time(text, calendar)
            if isinstance(proposed, Refusal):
                return proposed
            at = proposed
        earlier = None
        if press.kind == VisitKind.COMPLETION:
            survey = await CaseVisit.get_or_none(case_id=case.id, kind=VisitKind.SURVEY)
            earlier = visits.as_rules(survey) if survey else None
        who = await visits.participants(case.id)
        moved = move(visits.as_rules(row), press.verb, card.department, who, at=at, text=text, earlier=earlier)
        if isinstance(moved, VisitRefusal):
            return Refusal(moved.key)
        await row.save(update_fields=visits.stored(moved.appointment, row))
        await _log_visit_move(case, member, press, moved, f"{at:%Y-%m-%d %H:%M}" if at else text)
        for each in await StaffCard.filter(case_id=case.id).select_for_update():
            await redraw(each)
        return VisitDecision(case.number, press.kind, press.verb, moved.appointment.status, moved.fixed)


def _proposed_time(text: str, calendar: WorkCalendar) -> dt.datetime | Refusal:
    """The time a lead department typed for a joint visit, or why it will not do."""
    now = visits.local(db.now())
    assert now is not None
    at = parse_when(text, now.date())
    if at is None:
        return Refusal("visit.refused.no_time")
    if why := check_time(at, now, calendar):
        return Refusal(why)
    return at


async def _log_visit_move(case: Case, member: StaffMember, press: VisitPress, moved: VisitMove, note: str) -> None:
    """The verb in the audit log; a time every department confirmed gets its own line, which residents are told."""
    await CaseEvent.create(case=case, actor=member.ref, action=action_of(press.verb, press.kind), note=note)
    if moved.fixed:
        shown = moved.appointment.at
        fixed = await CaseEvent.create(
            case=case, actor=member.ref, action=action_of(FIXED, press.kind), note=f"{shown:%Y-%m-%d %H:%M}"
        )
        await jobs.push_status(fixed.id)
