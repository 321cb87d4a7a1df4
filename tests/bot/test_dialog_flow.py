"""The dialog through the real runtime and database: what saving adds.

Double taps, restarts, reminders, ordering and stale copies need the runtime and the
database; the dialog itself is tested on the engine alone, in tests/handlers/dialog/.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from samples import JPEG, PDF
from scenario_walk import EV, Chat, at_id_question

from bot.runtime import Runtime
from handlers.events import InboundEvent, Reply
from handlers.search import searcher_for
from models.case import Case


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
    await chat.tap("privacy:yes")
    for answer in ["1", "是", "张三", "371302198506120027", "13800138000", "临港区滨海路8号阳光小区3号楼", "1"]:
        await chat.say(answer)
    await chat.upload("id.jpg", JPEG)
    await chat.upload("id-back.jpg", JPEG)
    await chat.upload("title.pdf", PDF)
    await chat.tap("later")
    await chat.upload("car.jpg", JPEG)
    await chat.tap("pages_done")
    assert (await chat.state()).step == "review"


async def test_a_new_runtime_resumes_where_the_conversation_stood(dialogs, files, catalog, clock) -> None:
    chat = Chat(dialogs, files)
    await at_id_question(chat)
    restarted = Chat(Runtime(catalog, searcher_for(catalog), now=clock), files, user=chat.user)
    await restarted.send("command", "/help")
    assert "我们继续办理“居民充电桩报装”" in restarted.text
    await restarted.say("371302198506120027")
    assert (await restarted.state()).step == "field:phone"


class Recorder:
    name = "test"

    def __init__(self) -> None:
        self.pushed: list[tuple[str, list[Reply]]] = []

    async def push(self, user_ref: str, replies: list[Reply], delivery: str | None = None) -> None:
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
    await chat.tap("privacy:yes")
    events = [
        InboundEvent("test", chat.user, "text", text=t)
        for t in ["1", "是", "张三", "371302198506120027", "13800138000", "临港区滨海路8号阳光小区3号楼"]
    ]
    await asyncio.gather(*(dialogs.handle(e) for e in events))
    conv = await chat.state()
    assert conv.answers["phone"] == "13800138000" and conv.step == "field:charger_power"


async def test_a_step_on_a_stale_copy_is_run_again_on_the_saved_one(dialogs, files, catalog, clock) -> None:
    # Given two processes serving the same resident, each with its own memory
    chat = Chat(dialogs, files)
    await chat.send("button", f"*|sc:{EV}")
    other = Chat(Runtime(catalog, searcher_for(catalog), now=clock), files, user=chat.user)
    await other.send("button", chat.button("start").data)
    await other.send("button", other.button("privacy:yes").data)
    # When the first process gets the next message while its copy is one step behind
    await chat.say("1")
    # Then the answer lands on the saved conversation, not on the stale copy
    conv = await chat.state()
    assert conv.answers == {"space_ownership": "owned"} and conv.step == "field:property_consent"


async def test_a_slow_step_is_logged_with_where_its_time_went(dialogs, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    """How the load test's late replies were found: a step over the bound names its phases (a bound of
    zero here, so that any step is slow; never a timing check)."""
    import logging

    import bot.runtime

    monkeypatch.setattr(bot.runtime, "SLOW_STEP_SECONDS", 0.0)
    with caplog.at_level(logging.WARNING, logger="bot.runtime"):
        await dialogs.handle(InboundEvent("terminal", "slow-1", "command", text="/start"))
    [line] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("slow step of user")]
    assert "(terminal)" in line
    for phase in ("lock", "load", "engine", "save", "answers"):
        assert f"{phase} " in line
