"""The privacy notice before the first personal question, its consent or refusal, and /mydata."""

from __future__ import annotations

from scenario_walk import EV, at_id_question

from handlers.effects import SubmitCase


async def test_the_notice_comes_before_the_first_personal_question(chat) -> None:
    await chat.send("button", f"*|sc:{EV}")
    await chat.tap("start")
    # Then the notice says who receives what, for how long, and asks for a separate consent
    notice = chat.replies[-1].text
    assert "敏感个人信息" in notice and "单独同意" in notice
    assert "临港供电中心" in notice and "区行政审批服务局" not in notice and "1095 天" in notice and "/mydata" in notice
    assert "姓名" not in chat.replies[-1].text.split("\n")[-1]  # the question itself is not asked yet
    # And nothing typed is taken before it is answered
    await chat.say("张三")
    assert "请先阅读" in chat.text and (await chat.state()).answers == {}
    # When the resident agrees, consent is recorded and the first question is asked
    await chat.tap("privacy:yes")
    state = await chat.state()
    assert state.privacy and state.privacy["consented_at"].startswith("2026")
    assert "车位是自有还是租用" in chat.replies[-1].text  # what decides the documents comes first


async def test_declining_ends_the_errand_politely(chat) -> None:
    await chat.send("button", f"*|sc:{EV}")
    await chat.tap("start")
    await chat.tap("privacy:no")
    # Then nothing is held, and the resident is told where to go instead
    state = await chat.state()
    assert state.scenario is None and state.answers == {}
    assert "没有收集您的任何个人信息" in chat.text and "区政务服务中心" in chat.text


async def test_each_errand_asks_again(chat) -> None:
    await at_id_question(chat)
    await chat.send("command", "/cancel")
    await chat.tap("cancel_yes")
    await chat.send("button", "*|sc:retirement")
    await chat.tap("start")
    assert "单独同意" in chat.replies[-1].text and (await chat.state()).privacy is None


async def test_the_consent_is_filed_with_the_case(chat, catalog) -> None:
    from scenario_walk import walk

    await walk(chat, catalog.get("retirement"))
    filed = [e for e in chat.effects if isinstance(e, SubmitCase)]
    assert filed and filed[-1].privacy_consented_at


async def test_mydata_shows_what_the_draft_holds_and_deletes_it_on_confirm(chat) -> None:
    await at_id_question(chat)
    await chat.say("371302198506120027")
    await chat.send("command", "/mydata")
    # Then the draft's answers are shown, masked, with when consent was given
    shown = chat.text
    assert "张*" in shown and "371*************27" in shown and "371302198506120027" not in shown
    assert "同意了个人信息告知" in shown
    # as the review page shows them: an option by its label, a yes/no as 是/否, never the stored value
    assert "：自有产权车位" in shown and "owned" not in shown and "物业是否已同意安装？：是" in shown
    # When the resident asks to delete it, they are asked to confirm first
    await chat.tap("forget")
    assert "不能恢复" in chat.text and (await chat.state()).answers
    await chat.tap("forget:yes")
    state = await chat.state()
    assert state.scenario is None and state.answers == {} and "已删除" in chat.text


async def test_mydata_without_a_draft_and_from_the_menu(chat) -> None:
    await chat.send("command", "/mydata")
    assert "没有正在办理的草稿" in chat.text
    await at_id_question(chat)
    await chat.send("command", "/menu")
    await chat.tap("mydata")
    assert "的草稿中保存了" in chat.text and chat.button("forget")
    await chat.tap("resume")
    assert (await chat.state()).step == "field:applicant_id"


async def test_an_old_delete_button_does_not_delete_a_new_draft(chat) -> None:
    await at_id_question(chat)
    await chat.send("command", "/mydata")
    old = chat.button("forget").data
    await chat.send("command", "/cancel")
    await chat.tap("cancel_yes")
    await at_id_question(chat)
    await chat.send("button", old.replace("forget:", "forget:yes:"))
    assert "已经不在了" in chat.text and (await chat.state()).answers["applicant_name"] == "张三"


async def test_the_case_records_the_consent_and_the_notice_states_the_set_retention(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    from scenario_walk import Chat, walk

    from models.case import Case

    dialogs.retention_days = 730
    chat = Chat(dialogs, files)
    await chat.send("button", f"*|sc:{EV}")
    await chat.tap("start")
    assert "730 天" in chat.replies[-1].text
    case = await Case.get(number=await walk(chat, catalog.get(EV)))
    assert case.privacy_consent_at is not None
