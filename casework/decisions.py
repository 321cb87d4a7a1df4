"""A staff member's decision on one item of a case: the one door, whichever platform the press came from.

Adapters (the staff page, a Telegram group) translate their input into a ``CardPress``
and a note, and the outcome back into text; checking, recording, bumping the card and
queueing its redraw and the resident's notice all happen here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tortoise.transactions import in_transaction

from casework import jobs
from casework.casework import redraw
from casework.drawing import CardDrawer
from casework.locked import retrying_locked
from handlers.cards import CardPress
from handlers.lifecycle import NEEDS_NOTE, CaseStatus, ItemStatus, StaffAction, case_status, next_item_status
from models.case import Case, CaseEvent, CaseItem
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


class Decisions:
    """Carries out staff presses; ``after_commit`` runs once a decision has committed (it kicks the outbox relay)."""

    def __init__(self, drawer: CardDrawer, after_commit: Callable[[], None] | None = None) -> None:
        self.drawer, self.after_commit = drawer, after_commit

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
