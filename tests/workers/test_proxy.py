"""帮办代办: staff file for a resident who agreed; both hear of every step."""

from __future__ import annotations

from scenario_walk import Chat, walk

from bot.channels.webchat import WebchatInbox
from casework.decisions import Decision, Decisions
from casework.drawing import CardDrawer
from handlers.cards import CardPress
from handlers.events import Reply
from handlers.lifecycle import StaffAction
from models.case import Case, CaseEvent, CaseItem
from models.staff import StaffCard, StaffMember
from models.webchat import WebchatMessage
from workers.cases import post_card, push_status, route_case


class Recorder:
    name = "test"

    def __init__(self) -> None:
        self.pushed: list[tuple[str, str]] = []

    async def push(self, user_ref: str, replies: list[Reply]) -> None:
        self.pushed += [(user_ref, r.text) for r in replies]


async def test_staff_file_for_a_consenting_resident_and_both_are_told(local_services, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    recorder = Recorder()
    local_services.channels.add(recorder)
    local_services.channels.add(WebchatInbox())
    # Given a resident known by the mobile of their own earlier application
    resident = Chat(dialogs, files, channel="web")
    await walk(resident, catalog.get("ev-charger-home"))
    # And someone who is not staff cannot file for others
    stranger = Chat(dialogs, files)
    await stranger.send("command", "/proxy")
    assert "只有登记在册的工作人员" in stranger.text
    # When a clerk starts 帮办代办 and records the resident's consent
    clerk = Chat(dialogs, files, user="window-clerk-1")
    await StaffMember.create(name="窗口·赵敏", department="approval", channel="test", external_id=clerk.user)
    await clerk.send("command", "/proxy")
    await clerk.say("138-0013-8000")
    assert "138****8000" in clerk.text and "同意" in clerk.text
    await clerk.tap("consent:yes")
    assert "已记录申请人" in clerk.text
    # And files the retirement errand for them
    number = await walk(clerk, catalog.get("retirement"))
    case = await Case.get(number=number)
    assert case.proxy_phone == "13800138000" and case.proxy_by and "赵敏" in case.proxy_by and case.consent_at
    submitted = await CaseEvent.get(case=case, action="submit")
    assert submitted.actor == case.proxy_by and "同意" in submitted.note
    # Then a department's decision reaches the clerk and the resident alike
    await route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    item = await CaseItem.filter(case=case).first()
    assert item is not None
    card = await StaffCard.get(case=case, department=item.department)
    await post_card.fn.__wrapped__(card.id, f"card:{card.id}:v0")
    member, _ = await StaffMember.get_or_create(
        channel="test",
        external_id=f"dept-{item.department}",
        defaults={"name": "审批员", "department": item.department},
    )
    decisions = Decisions(CardDrawer(catalog, "http://test"))
    press = CardPress(card.id, card.version, StaffAction.ACCEPT, item.id)
    assert isinstance(await decisions.decide(member, press), Decision)
    event = await CaseEvent.get(case=case, action="accept")
    await push_status.fn.__wrapped__(event.id, f"push:{event.id}")
    assert any(user == clerk.user and number in text for user, text in recorder.pushed)
    told = await WebchatMessage.filter(user__external_id=resident.user, payload__not={}).order_by("-id").first()
    assert told is not None and number in told.payload["text"]


async def test_no_consent_no_proxy_filing(local_services, dialogs, files) -> None:  # type: ignore[no-untyped-def]
    clerk = Chat(dialogs, files, user="window-clerk-2")
    await StaffMember.create(name="窗口·钱明", department="approval", channel="test", external_id=clerk.user)
    await clerk.send("command", "/proxy")
    await clerk.say("12345")
    assert "电话号码不正确" in clerk.text and (await clerk.state()).step == "proxy_phone"
    await clerk.say("13900001111")
    await clerk.tap("consent:no")
    conv = await clerk.state()
    assert "未取得申请人同意" in clerk.text and conv.proxy is None
