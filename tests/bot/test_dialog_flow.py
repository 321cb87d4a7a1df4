"""The dialog as a resident lives it, through the real runtime and database."""

from __future__ import annotations

import asyncio
import datetime as dt

from samples import EXE, JPEG, PDF
from scenario_walk import Chat, walk

from bot.dialogs import Dialogs
from bot.files import FileStore
from handlers.events import InboundEvent, Reply
from handlers.search import searcher_for
from models.case import Case

EV = "ev-charger-home"


async def at_id_question(chat: Chat) -> None:
    await chat.send("button", f"*|sc:{EV}")
    await chat.tap("start")
    await chat.say("张三")
    assert (await chat.state()).step == "field:applicant_id"


async def at_first_material(chat: Chat) -> None:
    await at_id_question(chat)
    for answer in ["371302198506120027", "13800138000", "临港区滨海路8号阳光小区3号楼", "1", "1", "是"]:
        await chat.say(answer)
    assert (await chat.state()).step == "material:id_card"


async def test_a_wrong_id_number_is_explained_and_nothing_is_lost(dialogs, files) -> None:
    chat = Chat(dialogs, files)
    await at_id_question(chat)
    await chat.say("371302198506120028")
    assert "校验位不符" in chat.text
    conv = await chat.state()
    assert conv.step == "field:applicant_id" and conv.answers == {"applicant_name": "张三"}
    await chat.say("37130219851306002X")
    assert "出生日期不正确" in chat.text
    await chat.say("371302198506120027")
    assert (await chat.state()).answers["applicant_id"] == "371302198506120027"


async def test_gibberish_and_empty_answers_are_refused_politely(dialogs, files) -> None:
    chat = Chat(dialogs, files)
    await at_id_question(chat)
    await chat.say("371302198506120027")
    await chat.say("!!!???")
    assert "电话号码不正确" in chat.text
    await chat.say("   ")
    assert "没有输入内容" in chat.text
    assert (await chat.state()).step == "field:phone"


async def test_questions_in_the_middle_are_answered_and_the_place_is_kept(dialogs, files) -> None:
    chat = Chat(dialogs, files)
    await at_id_question(chat)
    await chat.say("要带什么材料")
    assert "申请人身份证（正反面）" in chat.text and "我们继续办理" in chat.text
    await chat.say("多久能办好？")
    assert "5 个工作日" in chat.text
    await chat.send("command", "/status")
    assert "还没有提交过办件" in chat.text
    assert (await chat.state()).step == "field:applicant_id"
    assert "身份证号码" in chat.replies[-1].text


async def test_back_reopens_the_previous_answer(dialogs, files) -> None:
    chat = Chat(dialogs, files)
    await at_id_question(chat)
    await chat.send("command", "/back")
    conv = await chat.state()
    assert conv.step == "field:applicant_name" and "applicant_name" not in conv.answers


async def test_cancel_asks_first_and_keeps_everything_when_declined(dialogs, files) -> None:
    chat = Chat(dialogs, files)
    await at_id_question(chat)
    await chat.send("command", "/cancel")
    assert "确定放弃" in chat.text
    await chat.tap("resume")
    assert (await chat.state()).answers == {"applicant_name": "张三"}
    await chat.send("command", "/cancel")
    await chat.tap("cancel_yes")
    assert (await chat.state()).scenario is None


async def test_a_button_from_an_old_message_is_refused_politely(dialogs, files) -> None:
    chat = Chat(dialogs, files)
    await chat.send("button", f"*|sc:{EV}")
    old_start = chat.button("start")
    await chat.tap("start")
    await chat.say("张三")
    await chat.send("button", old_start.data)
    assert "已经失效" in chat.text
    assert (await chat.state()).step == "field:applicant_id"
    await chat.send("button", "forged-data-without-structure")
    assert "已经失效" in chat.text


async def test_a_double_tap_on_submit_files_one_case(dialogs, files, catalog) -> None:
    chat = Chat(dialogs, files)
    scenario = catalog.get(EV)
    await chat.send("button", f"*|sc:{EV}")
    # walk to the review page, then tap the same submit button twice at once
    await walk_to_review(chat, scenario)
    submit = chat.button("submit")
    first, second = await asyncio.gather(
        chat.dialogs.handle(InboundEvent("test", chat.user, "button", text=submit.data)),
        chat.dialogs.handle(InboundEvent("test", chat.user, "button", text=submit.data)),
    )
    texts = "\n".join(r.text for r in [*first, *second])
    assert texts.count("提交成功") == 1 and "无需重复提交" in texts
    number = (await chat.state()).last_case
    assert await Case.filter(number=number).count() == 1
    user_cases = await Case.filter(user__external_id=chat.user).count()
    assert user_cases == 1


async def walk_to_review(chat: Chat, scenario) -> None:  # type: ignore[no-untyped-def]
    await chat.tap("start")
    for answer in ["张三", "371302198506120027", "13800138000", "临港区滨海路8号阳光小区3号楼", "1", "1", "是"]:
        await chat.say(answer)
    await chat.upload("id.jpg", JPEG)
    await chat.upload("title.pdf", PDF)
    await chat.tap("later")
    await chat.upload("car.jpg", JPEG)
    assert (await chat.state()).step == "review"


async def test_an_exe_renamed_to_jpg_is_refused_and_nothing_changes(dialogs, files) -> None:
    chat = Chat(dialogs, files)
    await at_first_material(chat)
    before = await chat.state()
    await chat.upload("photo.jpg", EXE)
    assert "不是可接受的格式" in chat.text
    after = await chat.state()
    assert after.step == "material:id_card" and after.answers == before.answers and after.materials == {}


async def test_a_file_over_the_limit_is_refused_with_its_size(dialogs, files, tmp_path) -> None:
    chat = Chat(dialogs, files)
    await at_first_material(chat)
    small_cap = FileStore(tmp_path / "capped", cap_bytes=1024)
    staged = await small_cap.stage_bytes("huge.jpg", JPEG * 10)
    await chat.send("file", files=(staged,))
    assert "超过了" in chat.text
    big = await files.stage_bytes("big.jpg", JPEG + bytes(11 * 1024 * 1024))
    await chat.send("file", files=(big,))
    assert "10MB 的上限" in chat.text
    assert (await chat.state()).materials == {}


async def test_an_album_becomes_one_material(dialogs, files) -> None:
    chat = Chat(dialogs, files)
    await at_first_material(chat)
    await chat.upload("front.jpg", JPEG, group="album-1")
    await chat.upload("back.jpg", JPEG + b"2", group="album-1")
    assert chat.replies == []  # the second photo of an album adds a page quietly
    conv = await chat.state()
    assert [f["name"] for f in conv.materials["id_card"]] == ["front.jpg", "back.jpg"]
    assert conv.step == "material:space_certificate"


async def test_a_file_when_none_is_asked_for_is_not_kept(dialogs, files) -> None:
    chat = Chat(dialogs, files)
    await at_id_question(chat)
    await chat.upload("photo.jpg", JPEG)
    assert "现在不需要上传文件" in chat.text
    assert (await chat.state()).materials == {}


async def test_an_id_card_from_an_earlier_case_is_offered_for_reuse(dialogs, files, catalog) -> None:
    chat = Chat(dialogs, files)
    first = await walk(chat, catalog.get(EV))
    await at_first_material(chat)
    assert f"使用{first}中已交的" in [b.label for b in chat.replies[-1].buttons]
    await chat.tap("reuse")
    conv = await chat.state()
    assert conv.materials["id_card"][0]["reused_from"] == first
    assert conv.step == "material:space_certificate"


async def test_switching_scenarios_mid_way_asks_first(dialogs, files) -> None:
    chat = Chat(dialogs, files)
    await at_id_question(chat)
    await chat.send("button", "*|sc:retirement")
    assert "还没有提交" in chat.text
    await chat.tap("resume")
    assert (await chat.state()).scenario == EV
    await chat.send("button", "*|sc:retirement")
    await chat.tap("switch:retirement")
    assert (await chat.state()).scenario == "retirement"


async def test_language_switch(dialogs, files) -> None:
    chat = Chat(dialogs, files)
    await chat.send("command", "/lang")
    await chat.tap("lang:en")
    assert "Language set to English" in chat.text
    await chat.say("EV charger")
    assert "Home EV charger installation" in [b.label for b in chat.replies[-1].buttons]


async def test_typing_at_the_menu_finds_scenarios(dialogs, files) -> None:
    chat = Chat(dialogs, files)
    await chat.say("充电桩")
    assert any("充电桩" in b.label for b in chat.replies[-1].buttons)
    await chat.say("qwzx")
    assert "没有找到" in chat.text and chat.button("all")


async def test_a_voice_message_gets_a_polite_reply(dialogs, files) -> None:
    chat = Chat(dialogs, files)
    await at_id_question(chat)
    await chat.send("voice")
    assert "听不懂语音" in chat.text and "身份证号码" in chat.replies[-1].text


async def test_a_new_runtime_resumes_where_the_conversation_stood(dialogs, files, catalog, clock) -> None:
    chat = Chat(dialogs, files)
    await at_id_question(chat)
    restarted = Chat(Dialogs(catalog, searcher_for(catalog), now=clock), files, user=chat.user)
    await restarted.send("command", "/help")
    assert "我们继续办理“居民充电桩报装”" in restarted.text
    await restarted.say("371302198506120027")
    assert (await restarted.state()).step == "field:phone"


class Recorder:
    name = "test"

    def __init__(self) -> None:
        self.pushed: list[tuple[str, list[Reply]]] = []

    async def push(self, user_ref: str, replies: list[Reply]) -> None:
        self.pushed.append((user_ref, replies))


async def test_an_idle_conversation_gets_one_gentle_reminder(dialogs, files, channels, clock) -> None:
    recorder = Recorder()
    channels.add(recorder)
    chat = Chat(dialogs, files)
    await at_id_question(chat)
    clock.advance(minutes=31)
    await dialogs.remind_idle(dt.timedelta(minutes=30))
    mine = [replies for user, replies in recorder.pushed if user == chat.user]
    assert len(mine) == 1 and "还没办完" in mine[0][0].text
    chat.replies = mine[0]
    await dialogs.remind_idle(dt.timedelta(minutes=30))
    assert len([u for u, _ in recorder.pushed if u == chat.user]) == 1
    await chat.tap("resume")
    assert "身份证号码" in chat.replies[-1].text


async def test_one_users_messages_are_handled_in_order(dialogs, files) -> None:
    chat = Chat(dialogs, files)
    await chat.send("button", f"*|sc:{EV}")
    await chat.tap("start")
    events = [
        InboundEvent("test", chat.user, "text", text=t)
        for t in ["张三", "371302198506120027", "13800138000", "临港区滨海路8号阳光小区3号楼"]
    ]
    await asyncio.gather(*(dialogs.handle(e) for e in events))
    conv = await chat.state()
    assert conv.answers["phone"] == "13800138000" and conv.step == "field:space_ownership"


async def test_a_step_on_a_stale_copy_is_run_again_on_the_saved_one(dialogs, files, catalog, clock) -> None:
    # Given two processes serving the same resident, each with its own memory
    chat = Chat(dialogs, files)
    await chat.send("button", f"*|sc:{EV}")
    other = Chat(Dialogs(catalog, searcher_for(catalog), now=clock), files, user=chat.user)
    await other.send("button", chat.button("start").data)
    # When the first process gets the next message while its copy is one step behind
    await chat.say("张三")
    # Then the answer lands on the saved conversation, not on the stale copy
    conv = await chat.state()
    assert conv.answers == {"applicant_name": "张三"} and conv.step == "field:applicant_id"


async def test_elder_mode_is_offered_once_and_answers_by_number(dialogs, files) -> None:
    chat = Chat(dialogs, files)
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
