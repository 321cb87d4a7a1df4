"""Internal items (government's own work) are never filed, shown as applied for, or counted in the outcome."""

from __future__ import annotations

from dataclasses import dataclass, field

from scenario_walk import EV, Chat, walk
from staff_desk import filed_case

from casework.decisions import Decision, Decisions
from casework.drawing import CardDrawer
from casework.pushes import status_facts
from handlers.cards import CardPress
from handlers.events import Reply
from handlers.lifecycle import CaseStatus, StaffAction
from handlers.notices import status_notice
from locales import translate
from models.case import Case, CaseEvent, CaseItem
from models.staff import StaffCard, StaffMember

CHANNEL = "“爱山东”app申报渠道建设"


async def _decide(decisions: Decisions, item: CaseItem, action: StaffAction, note: str = "") -> None:
    member, _ = await StaffMember.get_or_create(
        channel="test",
        external_id=f"clerk-{item.department}",
        defaults={"name": "clerk", "department": item.department},
    )
    card = await StaffCard.get(case_id=item.case_id, department=item.department)  # type: ignore[attr-defined]
    press = CardPress(card.id, card.version, action, item.id)
    assert isinstance(await decisions.decide(member, press, note, {}), Decision)


async def test_a_refused_charger_closes_the_case_as_rejected(local_services, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    # Given a filed EV charger case, whose app channel item is marked internal
    assert catalog.get(EV).item("online_channel").internal
    case = await filed_case(dialogs, files, catalog)
    # Then only the charger application is filed and carded: nobody decides on the app channel
    items = await CaseItem.filter(case=case)
    assert [i.item_key for i in items] == ["charger_application"]
    assert [c.department for c in await StaffCard.filter(case=case)] == ["power"]
    # When the power company accepts and then refuses the charger
    decisions = Decisions(CardDrawer(catalog, "http://test"))
    await _decide(decisions, items[0], StaffAction.ACCEPT)
    await _decide(decisions, items[0], StaffAction.REJECT, "车位不具备安装条件")
    # Then the case is rejected, not partly done
    assert (await Case.get(id=case.id)).status == CaseStatus.REJECTED
    # And the status messages never mention the app channel
    for event in await CaseEvent.filter(case=case).exclude(item_id=None):
        facts, _ = await status_facts(event.id)
        text = status_notice(facts, catalog, translate).text
        assert CHANNEL not in text
    assert "车位不具备安装条件" in text


@dataclass
class Recording(Chat):
    """A chat that keeps every reply of the walk, not only the latest."""

    seen: list[str] = field(default_factory=list)

    async def send(self, kind: str, text: str = "", **extra: object) -> list[Reply]:
        replies = await super().send(kind, text, **extra)
        self.seen = [*self.seen, *(r.text for r in replies)]
        return replies


async def test_the_app_channel_is_not_offered_as_something_to_apply_for(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    # When a resident walks the EV charger errand from the notice to the receipt
    chat = Recording(dialogs, files)
    number = await walk(chat, catalog.get(EV))
    notice = next(text for text in chat.seen if "【居民充电桩报装】一次告知" in text)
    review = next(text for text in chat.seen if "请核对" in text)
    receipt = next(text for text in chat.seen if number in text)
    # Then the notice lists the charger application as the one item, and says government builds the channel
    assert "本事项共联办 1 项" in notice
    assert "1. 居民充电桩报装申请" in notice
    assert f"以下由政府部门同步完成，无需您申请，也不用等它审批：{CHANNEL}" in notice
    # And neither the review page nor the receipt lists it
    assert "居民充电桩报装申请" in review and CHANNEL not in review
    assert "居民充电桩报装申请" in receipt and CHANNEL not in receipt
