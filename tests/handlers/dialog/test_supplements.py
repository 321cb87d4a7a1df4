"""Supplements and late documents through the runtime on a real database: the case keeps what the resident sends."""

from __future__ import annotations

import hashlib

import pytest
from samples import JPEG, PNG
from scenario_walk import EV, Chat, answer_for
from staff_desk import filed_case

from casework.decisions import Decision, Decisions
from casework.drawing import CardDrawer
from handlers.buttons import StepAction, here
from handlers.cards import CardPress
from handlers.lifecycle import StaffAction
from handlers.steps import StepKind
from models.case import Case, CaseItem
from models.material import Material
from models.staff import StaffCard, StaffMember
from models.user import User
from workers.cases import route_case

#: Actor functions are called in this process, as the workers would.
pytestmark = pytest.mark.usefixtures("local_services")


async def _clerk(department: str) -> StaffMember:
    member, _ = await StaffMember.get_or_create(
        channel="test", external_id=f"clerk-{department}", defaults={"name": "王", "department": department}
    )
    return member


async def ask(catalog, item: CaseItem, note: str, **asked: list[str]) -> None:  # type: ignore[no-untyped-def]
    card = await StaffCard.get(case_id=item.case_id, department=item.department)  # type: ignore[attr-defined]
    press = CardPress(card.id, card.version, StaffAction.SUPPLEMENT, item.id)
    decisions = Decisions(CardDrawer(catalog, "http://test"))
    assert isinstance(await decisions.decide(await _clerk(item.department), press, note, asked), Decision)


async def card_text(catalog, case: Case, department: str) -> str:  # type: ignore[no-untyped-def]
    card = await StaffCard.get(case=case, department=department)
    return (await CardDrawer(catalog, "http://test").draw(card)).text


async def resident_of(case: Case, dialogs, files) -> Chat:  # type: ignore[no-untyped-def]
    user = await User.get(id=case.user_id)  # type: ignore[attr-defined]
    return Chat(dialogs, files, user=user.external_id, channel=user.channel)


async def test_a_note_only_supplement_keeps_what_the_resident_changed(dialogs, files, catalog) -> None:
    # Given a filed case and a clerk who asks with a note only (as a Telegram group could)
    case = await filed_case(dialogs, files, catalog)
    item = await CaseItem.filter(case=case).order_by("id").first()
    assert item is not None
    await ask(catalog, item, "身份证照片看不清，电话也打不通")
    chat = await resident_of(case, dialogs, files)
    # When the resident opens the supplement: nothing is named, so the whole application is open
    await chat.send("button", f"*|supplement:{case.number}")
    assert "看不清" in chat.text and (await chat.state()).at.kind == StepKind.REVIEW
    # And changes their phone and uploads a new ID card photo, then submits
    await chat.tap("change")
    await chat.tap("edit:field:phone")
    await chat.say("13900001111")
    await chat.tap("change")
    await chat.tap("edit:material:id_card")
    await chat.upload("clear-id-front.png", PNG)
    await chat.upload("clear-id-back.jpg", JPEG)
    await chat.tap("submit")
    assert "补正已提交" in chat.text
    # Then the case holds what they changed, and the card names exactly that
    fresh = await Case.get(id=case.id)
    assert fresh.answers["phone"] == "13900001111"
    kept = await Material.filter(case=case, key="id_card").order_by("id")
    assert [m.filename for m in kept] == ["clear-id-front.png", "clear-id-back.jpg"]  # the old photos are gone
    assert kept[0].sha256 == hashlib.sha256(PNG).hexdigest()
    said = await card_text(catalog, fresh, item.department)
    assert "申请人已补正：联系电话（手机）、申请人身份证" in said


async def test_a_named_supplement_never_offers_later_and_repeats_the_note(dialogs, files, catalog) -> None:
    case = await filed_case(dialogs, files, catalog)
    item = await CaseItem.filter(case=case).order_by("id").first()
    assert item is not None
    await ask(catalog, item, "请上传盖章的物业同意书", materials=["property_letter"])
    chat = await resident_of(case, dialogs, files)
    await chat.send("button", f"*|supplement:{case.number}")
    assert (await chat.state()).step == "material:property_letter"
    # The clerk's note is repeated at the upload step, and 稍后补交 is not offered
    assert "请上传盖章的物业同意书" in chat.replies[-1].text
    assert all(b.label != "稍后补交" for b in chat.replies[-1].buttons)
    # and a 稍后补交 tap made up for this step is refused
    await chat.send("button", here(await chat.state(), "稍后补交", StepAction.LATER).data)
    assert "不能稍后补交" in chat.text and (await chat.state()).step == "material:property_letter"


async def _walk_deferring(chat: Chat, catalog, deferred: str) -> str:  # type: ignore[no-untyped-def]
    """Walk the EV errand, handing in every document but one, which is kept for later."""
    scenario = catalog.get(EV)
    await chat.send("button", f"*|sc:{EV}")
    for _ in range(100):
        conv = await chat.state()
        if conv.scenario is None:
            return str(conv.last_case)
        at = conv.at
        if at.kind not in (StepKind.NOTICE, StepKind.ITEMS) and not conv.privacy:
            await chat.tap("privacy:yes")  # the privacy notice, at the first personal question
        elif at.kind == StepKind.MATERIAL and at.key == deferred:
            await chat.tap("later")
        elif at.kind == StepKind.MATERIAL and conv.partial.get(at.key) and scenario.material(at.key).sides != 2:
            await chat.tap("pages_done")  # one page of a document of several is enough here
        elif at.kind == StepKind.MATERIAL:
            await chat.upload("photo.png", PNG)
        elif at.kind == StepKind.FIELD:
            await chat.say(answer_for(scenario.question(at.key), chat.today(), 0))
        elif at.kind == StepKind.NOTICE:
            await chat.tap("start")
        else:
            await chat.tap("submit")
    raise AssertionError("the walk did not finish")


async def test_a_deferred_document_is_owed_shown_and_handed_in_later(dialogs, files, catalog) -> None:
    # Given a resident who files, keeping the property letter for later
    chat = Chat(dialogs, files, channel="web")
    number = await _walk_deferring(chat, catalog, "property_letter")
    assert "稍后补交：物业同意安装证明" in chat.text and "补交材料" in chat.text  # the receipt says how
    case = await Case.get(number=number)
    assert case.owed == ["property_letter"]
    await route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    departments = sorted({i.department for i in await CaseItem.filter(case=case)})
    # Then the cards say it is owed
    assert "待补交材料（申请人选择稍后补交）：物业同意" in await card_text(catalog, case, departments[0])
    # And the resident's list and case view show it owed, with an action to hand it in
    await chat.send("button", "*|status")
    assert f"{number} · 居民充电桩报装 · 已提交" in chat.text and "待补交材料" in chat.text
    await chat.send("button", f"*|case:{number}")
    assert "待补交材料：物业同意" in chat.text
    await chat.tap("hand_in")
    assert (await chat.state()).step == "material:property_letter"
    await chat.upload("letter.png", PNG)
    await chat.tap("submit")
    # Then the document is part of the case, nothing is owed, and every card says it arrived
    fresh = await Case.get(id=case.id)
    assert fresh.owed == [] and await Material.filter(case=case, key="property_letter").count() == 1
    for department in departments:
        said = await card_text(catalog, fresh, department)
        assert "申请人已补交材料：物业同意" in said and "待补交" not in said
