"""Elder mode: offered once, and a number alone taps that option."""

from __future__ import annotations


async def test_elder_mode_is_offered_once_and_answers_by_number(chat) -> None:
    # Given a first contact: the welcome offers read-aloud, once
    await chat.send("command", "/start")
    assert "需要语音朗读吗" in chat.text
    await chat.send("command", "/start")
    assert "需要语音朗读吗" not in chat.text
    # When the resident switches it on from the menu button
    await chat.tap("elder:on")
    assert "已开启语音朗读" in chat.text and (await chat.state()).elder
    # Then a number alone taps that option, at the menu and at each step
    await chat.say("1")
    assert (await chat.state()).scenario == "unemployment-insurance"
    await chat.say("1")
    assert (await chat.state()).step.startswith("field:")
    # And /elder switches it off again, remembered across scenarios
    await chat.send("command", "/elder")
    conv = await chat.state()
    assert not conv.elder and conv.scenario == "unemployment-insurance"


async def test_too_long_a_message_is_refused_and_the_question_asked_again(chat) -> None:
    # Given the resident at the first question of the EV charger
    await chat.send("command", "/start")
    await chat.tap("sc:ev-charger-home")
    await chat.tap("start")
    asked = chat.replies[-1].text
    # When the channel says they typed more than it takes
    await chat.send("too_long")
    # Then they are told so, and the same question is asked again
    assert "太长" in chat.replies[0].text
    assert chat.replies[-1].text == asked
    assert (await chat.state()).step == "field:space_ownership"
