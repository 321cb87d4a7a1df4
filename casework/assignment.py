"""Assigning an item to a member of its department, and reassigning it with a reason: audited, on the card."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from casework.casework import redraw
from casework.decisions import Refusal
from handlers.lifecycle import OPEN, CaseAction
from models.case import CaseEvent, CaseItem
from models.staff import StaffCard, StaffMember


async def assign(actor: StaffMember, item_id: int, to_id: int | None, reason: str = "") -> CaseItem | Refusal:
    """Give the item to member ``to_id`` (None: to nobody); a change of hands needs a reason.

    The card is redrawn (it shows who has the item) and the case's log says who gave it to whom.
    """
    reason = reason.strip()
    async with in_transaction():
        item = await CaseItem.filter(id=item_id).select_for_update().first()
        if item is None or not actor.may_act_for(item.department):
            return Refusal("assign.no_item")
        if item.status not in OPEN:
            return Refusal("assign.closed")
        target = await StaffMember.get_or_none(id=to_id, active=True) if to_id is not None else None
        if to_id is not None and (target is None or target.department != item.department):
            return Refusal("assign.not_in_department")
        previous = await StaffMember.get_or_none(id=item.assignee_id) if item.assignee_id else None  # type: ignore[attr-defined]
        if previous is not None and not reason:
            return Refusal("assign.needs_reason", {"name": previous.name})
        item.assignee = target
        await item.save(update_fields=["assignee_id", "updated_at"])
        detail = {"to": target.ref if target else "", "from": previous.ref if previous else ""}
        case_id: int = item.case_id  # type: ignore[attr-defined]
        await CaseEvent.create(
            case_id=case_id, item=item, actor=actor.ref, action=CaseAction.ASSIGN, note=reason, detail=detail
        )
        card = await StaffCard.filter(case_id=case_id, department=item.department).select_for_update().first()
        if card is not None:
            await redraw(card)
    return item


async def colleagues(department: str) -> list[StaffMember]:
    """Who an item of ``department`` may be assigned to."""
    return await StaffMember.filter(department=department, active=True).order_by("name")
