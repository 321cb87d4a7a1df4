"""The menu and what works from anywhere: cancel, switching errands, language, voice notes."""

from __future__ import annotations

from scenario_walk import EV, at_id_question

#: What the chat holds at the ID question: the deciding answers, then the name.
KEPT = {"space_ownership": "owned", "property_consent": True, "applicant_name": "张三"}


async def test_cancel_asks_first_and_keeps_everything_when_declined(chat) -> None:
    await at_id_question(chat)
    await chat.send("command", "/cancel")
    assert "确定放弃" in chat.text
    await chat.tap("resume")
    assert (await chat.state()).answers == KEPT
    await chat.send("command", "/cancel")
    await chat.tap("cancel_yes")
    assert (await chat.state()).scenario is None


async def test_switching_scenarios_mid_way_asks_first(chat) -> None:
    await at_id_question(chat)
    await chat.send("button", "*|sc:retirement")
    assert "还没有提交" in chat.text
    await chat.tap("resume")
    assert (await chat.state()).scenario == EV
    await chat.send("button", "*|sc:retirement")
    await chat.tap("switch:retirement")
    assert (await chat.state()).scenario == "retirement"


async def test_language_switch(chat) -> None:
    await chat.send("command", "/lang")
    await chat.tap("lang:en")
    assert "Language set to English" in chat.text
    await chat.say("EV charger")
    assert "Home EV charger installation" in [b.label for b in chat.replies[-1].buttons]


async def test_a_voice_message_gets_a_polite_reply(chat) -> None:
    await at_id_question(chat)
    await chat.send("voice")
    assert "听不懂语音" in chat.text and "身份证号码" in chat.replies[-1].text


async def test_the_menu_offers_to_continue_a_paused_errand(chat) -> None:
    # Given an errand under way, and a resident who goes to the menu
    await at_id_question(chat)
    await chat.send("command", "/menu")
    # Then the menu says it was saved and shows the 继续办理 button it promises
    assert "继续办理" in chat.text
    assert chat.button("resume").label == "继续办理“居民充电桩报装”"
    # And the button takes the resident back to the question they left
    await chat.tap("resume")
    assert (await chat.state()).step == "field:applicant_id" and "身份证号码" in chat.replies[-1].text


async def test_the_menu_offers_no_continue_without_a_draft(chat) -> None:
    await chat.send("command", "/menu")
    assert not [b for b in chat.replies[-1].buttons if b.data.endswith("|resume")]
