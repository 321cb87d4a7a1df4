"""Assigning an item to a member of its department: on the card, in the log, reassigned only with a reason."""

from __future__ import annotations

import pytest
from staff_desk import decide, filed, member_of

from casework.assignment import assign
from casework.decisions import Refusal
from handlers.lifecycle import StaffAction
from models.case import CaseEvent, CaseItem
from models.staff import StaffCard
from workers.cases import draw_card

pytestmark = pytest.mark.usefixtures("local_services")


async def test_an_item_is_assigned_reassigned_with_a_reason_and_shown_on_the_card(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await filed(dialogs, files, catalog, "convenience-store")
    item = await CaseItem.get(case=case, item_key="fire_check")
    head, wang, li = await member_of("fire", "科长"), await member_of("fire", "王明"), await member_of("fire", "李芳")
    card = await StaffCard.get(case=case, department="fire")
    assert not isinstance(await assign(head, item.id, wang.id), Refusal)
    await card.refresh_from_db()
    await draw_card.fn.__wrapped__(card.id, f"draw:{card.id}:v{card.version}", card.version)  # as the worker would
    await card.refresh_from_db()
    assert "经办人：王明" in card.body["text"]
    await decide(catalog, case, "fire_check", StaffAction.ACCEPT)  # an assigned item is decided as any other
    # a change of hands needs a reason
    refused = await assign(head, item.id, li.id)
    assert isinstance(refused, Refusal) and refused.key == "assign.needs_reason"
    assert not isinstance(await assign(head, item.id, li.id, "王明休假"), Refusal)
    events = await CaseEvent.filter(case=case, action="assign").order_by("id")
    assert [e.detail["to"] for e in events] == [wang.ref, li.ref]
    assert events[1].note == "王明休假" and events[1].detail["from"] == wang.ref and events[1].actor == head.ref
    assert (await CaseItem.get(id=item.id)).assignee_id == li.id  # type: ignore[attr-defined]


async def test_assignment_stays_within_the_department(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await filed(dialogs, files, catalog, "convenience-store")
    item = await CaseItem.get(case=case, item_key="fire_check")
    outsider, health_clerk = await member_of("tax", "税务员"), await member_of("health", "卫生员")
    refused = await assign(outsider, item.id, None)
    assert isinstance(refused, Refusal) and refused.key == "assign.no_item"
    refused = await assign(await member_of("fire", "科长"), item.id, health_clerk.id)
    assert isinstance(refused, Refusal) and refused.key == "assign.not_in_department"
    assert await CaseEvent.filter(case=case, action="assign").count() == 0
