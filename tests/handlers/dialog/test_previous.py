"""Name, ID number and phone from the last case, offered masked instead of typed again."""

from __future__ import annotations

from scenario_walk import EV, answer_for, walk

from handlers.catalog import load_catalog
from handlers.steps import StepKind

IDENTITY = ("applicant_name", "applicant_id", "phone")


async def at_first_question(chat, scenario_id: str) -> None:  # type: ignore[no-untyped-def]
    """At the first of name, ID number and phone: the questions deciding what applies come before it."""
    await chat.send("button", f"*|sc:{scenario_id}")
    await chat.tap("start")
    if any("items_done" in b.data for b in chat.replies[-1].buttons):
        await chat.tap("items_done")  # an errand whose items are chosen: the ones ticked already
    await chat.tap("privacy:yes")
    scenario = load_catalog().get(scenario_id)
    for _ in range(20):
        conv = await chat.state()
        if conv.at.kind != StepKind.FIELD or conv.at.key in IDENTITY:
            return
        await chat.say(answer_for(scenario.question(conv.at.key), chat.today(), 0))


async def test_the_last_answers_are_offered_masked_and_filled_in_on_a_tap(chat, catalog) -> None:
    # Given a resident who filed the EV charger errand as 张三
    await walk(chat, catalog.get(EV))
    # When they start another errand that asks for a name, an ID number and a phone
    await at_first_question(chat, "retirement")
    # Then the first question offers the previous answers, masked
    offer = chat.replies[-1]
    assert "用上次的信息：张* 371…27 138****8000" in offer.text
    assert "371302198506120027" not in offer.text and "13800138000" not in offer.text
    assert chat.button("same").label == "用上次的信息：张* 371…27 138****8000"
    # When they tap it, all three are filled in and the next question is asked
    await chat.tap("same")
    state = await chat.state()
    assert {k: state.answers[k] for k in ("applicant_name", "applicant_id", "phone")} == {
        "applicant_name": "张三",
        "applicant_id": "371302198506120027",
        "phone": "13800138000",
    }
    assert state.step not in {f"field:{k}" for k in IDENTITY}


async def test_typing_new_details_instead(chat, catalog) -> None:
    await walk(chat, catalog.get(EV))
    await at_first_question(chat, "retirement")
    assert (await chat.state()).step == "field:applicant_id"  # it tells the age: asked first
    await chat.say("371302196505120026")
    state = await chat.state()
    assert state.answers == {"applicant_id": "371302196505120026"} and state.step != "field:applicant_id"
    # The offer is made once, at the first of them: the ID question asks plainly
    assert "上次的信息" not in chat.replies[-1].text


async def test_no_offer_without_an_earlier_case_nor_to_another_resident(chat, new_chat, catalog) -> None:
    await at_first_question(chat, "retirement")
    assert "上次的信息" not in chat.replies[-1].text
    await walk(new_chat(), catalog.get(EV))
    stranger = new_chat()
    await at_first_question(stranger, "retirement")
    assert "上次的信息" not in stranger.replies[-1].text


async def test_only_the_details_the_errand_asks_are_offered(chat, catalog) -> None:
    # vehicle-inspection asks a name and a phone, no ID number
    await walk(chat, catalog.get(EV))
    await at_first_question(chat, "vehicle-inspection")
    assert "用上次的信息：张* 138****8000" in chat.replies[-1].text
    await chat.tap("same")
    state = await chat.state()
    assert "applicant_id" not in state.answers and state.answers["phone"] == "13800138000"


async def test_through_the_database_repository(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    from scenario_walk import Chat

    from casework.repository import SHANGHAI
    from models.case import Case

    chat = Chat(dialogs, files)
    await walk(chat, catalog.get(EV))
    await at_first_question(chat, "social-security-card")
    assert "用上次的信息：张* 371…27 138****8000" in chat.replies[-1].text
    await chat.tap("same")
    assert (await chat.state()).answers["applicant_id"] == "371302198506120027"
    # And an earlier document is labelled by what and when
    scenario = catalog.get("social-security-card")
    for _ in range(10):
        conv = await chat.state()
        if conv.step == "material:id_card":
            break
        await chat.say(answer_for(scenario.question(conv.at.key), chat.today(), 0))
    assert (await chat.state()).step == "material:id_card"
    label = chat.button("reuse").label
    filed = (await Case.get(user__external_id=chat.user)).created_at.astimezone(SHANGHAI)
    assert label == f"上次交过的身份证（正反面）（{filed:%m-%d} 居民充电桩报装）"
