"""Answering the steps of an errand: refusals explained, going back, old buttons refused."""

from __future__ import annotations

from scenario_walk import EV, at_first_material, at_id_question, walk

#: What the chat holds at the ID question: the deciding answers, then the name.
KEPT = {"space_ownership": "owned", "property_consent": True, "applicant_name": "张三"}


async def test_a_wrong_id_number_is_explained_and_nothing_is_lost(chat) -> None:
    await at_id_question(chat)
    await chat.say("371302198506120028")
    assert "校验位不符" in chat.text
    conv = await chat.state()
    assert conv.step == "field:applicant_id" and conv.answers == KEPT
    await chat.say("37130219851306002X")
    assert "出生日期不正确" in chat.text
    await chat.say("371302198506120027")
    assert (await chat.state()).answers["applicant_id"] == "371302198506120027"


async def test_gibberish_and_empty_answers_are_refused_politely(chat) -> None:
    await at_id_question(chat)
    await chat.say("371302198506120027")
    await chat.say("!!!???")
    assert "电话号码不正确" in chat.text
    await chat.say("   ")
    assert "没有输入内容" in chat.text
    assert (await chat.state()).step == "field:phone"


async def test_back_reopens_the_previous_answer(chat) -> None:
    await at_id_question(chat)
    await chat.send("command", "/back")
    conv = await chat.state()
    assert conv.step == "field:applicant_name" and "applicant_name" not in conv.answers


async def test_a_button_from_an_old_message_is_refused_politely(chat) -> None:
    await chat.send("button", f"*|sc:{EV}")
    old_start = chat.button("start")
    await chat.tap("start")
    await chat.tap("privacy:yes")
    await chat.say("1")
    await chat.send("button", old_start.data)
    assert "已经失效" in chat.text
    assert (await chat.state()).step == "field:property_consent"
    await chat.send("button", "forged-data-without-structure")
    assert "已经失效" in chat.text


async def test_an_id_card_from_an_earlier_case_is_offered_for_reuse(chat, catalog) -> None:
    first = await walk(chat, catalog.get(EV))
    await at_first_material(chat)
    # Labelled by what and when, never by a bare case number
    label = chat.button("reuse").label
    day = chat.today()
    assert label == f"上次交过的申请人身份证（正反面）（{day:%m-%d} 居民充电桩报装）" and first not in label
    await chat.tap("reuse")
    assert f"已沿用{label}" in chat.text
    conv = await chat.state()
    assert conv.materials["id_card"][0]["reused_from"] == first
    assert conv.step == "material:space_certificate"


def test_the_option_asked_back_is_kept_as_step_and_number() -> None:
    from handlers.dialog.answering import AskedBack

    asked = AskedBack("field:parking", 2)
    assert asked.pack() == "field:parking=2"
    assert AskedBack.unpack(asked.pack()) == asked
    for forged in ("", "field:parking", "field:parking=", "=2", "field:parking=two"):
        assert AskedBack.unpack(forged) is None, forged
