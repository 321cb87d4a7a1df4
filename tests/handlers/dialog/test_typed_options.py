"""Typed answers at choice questions and names, in a chat: taken, asked back, or refused with a reason."""

from __future__ import annotations

from scenario_walk import EV


async def at_parking_space(chat) -> None:  # type: ignore[no-untyped-def]
    # The parking space decides which documents apply, so it is the first question
    await chat.send("button", f"*|sc:{EV}")
    await chat.tap("start")
    await chat.tap("privacy:yes")
    assert (await chat.state()).step == "field:space_ownership"


async def test_typed_words_and_powers_are_taken_directly(chat) -> None:
    # Given a resident at 车位是自有还是租用？
    await at_parking_space(chat)
    # When they type 自己的, then 7千瓦 at the power question
    await chat.say("自己的")
    assert (await chat.state()).answers["space_ownership"] == "owned"
    for answer in ["是", "张三", "371302198506120027", "13800138000", "临港区滨海路8号阳光小区3号楼"]:
        await chat.say(answer)
    await chat.say("7千瓦")
    # Then both are taken, with no "请点选"
    conv = await chat.state()
    assert conv.answers["charger_power"] == "kw7" and conv.step == "material:id_card"
    assert "请点选" not in chat.text


async def test_typed_partial_word_is_taken(chat) -> None:
    await at_parking_space(chat)
    await chat.say("自有")
    assert (await chat.state()).answers["space_ownership"] == "owned"


async def test_an_unsure_match_is_asked_back_and_yes_takes_it(chat) -> None:
    await at_parking_space(chat)
    # When the resident types something close to one option only
    await chat.say("自由车位")
    # Then they are asked whether they meant it, with yes and no buttons, and nothing is kept yet
    assert "您是说「自有产权车位」吗？" in chat.text
    assert [b.label for b in chat.replies[-1].buttons] == ["是的", "不是，重新选"]
    assert "space_ownership" not in (await chat.state()).answers
    # When they tap yes, it is taken
    await chat.tap("answer:1")
    conv = await chat.state()
    assert conv.answers["space_ownership"] == "owned" and conv.step == "field:property_consent"


async def test_no_to_an_unsure_match_asks_the_question_again(chat) -> None:
    await at_parking_space(chat)
    await chat.say("自由车位")
    await chat.tap("reask")
    conv = await chat.state()
    assert conv.step == "field:space_ownership" and "space_ownership" not in conv.answers
    assert "车位是自有还是租用？" in chat.text


async def test_a_typed_yes_or_no_answers_the_question_asked_back(chat) -> None:
    await at_parking_space(chat)
    await chat.say("自由车位")
    await chat.say("不是")
    assert "车位是自有还是租用？" in chat.text
    assert "space_ownership" not in (await chat.state()).answers
    await chat.say("自由车位")
    await chat.say("是的")
    assert (await chat.state()).answers["space_ownership"] == "owned"


async def test_a_name_that_is_no_name_is_refused_with_the_reason(chat) -> None:
    await at_parking_space(chat)
    await chat.say("1")
    await chat.say("是")
    for typed in ["123", "张" * 200, "<b>张三</b>"]:
        await chat.say(typed)
        assert "姓名不正确" in chat.text
        assert (await chat.state()).step == "field:applicant_name"
    await chat.say("阿依古丽·买买提")
    assert (await chat.state()).answers["applicant_name"] == "阿依古丽·买买提"
