"""留言 through Telegram end to end: python-telegram-bot against the local fake Bot API, the complaint answered
through the staff HTTP API, the answer pushed by the worker's actor, and rated with its buttons."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from disclosure_requests import run_pushes
from fake_telegram import SECRET, FakeTelegram, callback, private_message, resident_bot, running_fake
from staff_desk import login

from bot.staff.requests import RequestsView
from bot.staff.view import StaffView
from handlers.ratings import Level
from handlers.request_lifecycle import RequestStatus
from models.requests import Request
from workers.actors import cases  # noqa: F401  first: declares every actor on the one broker

RESIDENT = 555031
#: A resident whose steps fail (the failure test at the end).
FAILING = 555077
ID_NUMBER = "371302198506120027"


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeTelegram, str]]:
    async with running_fake() as server_and_base:
        yield server_and_base


@pytest.fixture
async def telegram(fake, dialogs, files, catalog, local_services) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    _, base = fake
    async with resident_bot(base, dialogs, files, catalog, local_services) as client:
        yield client


@pytest.fixture
async def staff(dialogs, files, local_services) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    view = StaffView(local_services.catalog, files, local_services.relay.kick, b"secret", "http://test", True)
    app = web.Application()
    app.add_routes(view.routes())
    app.add_routes(RequestsView(local_services.catalog, dialogs.repo.desk(), view.sessions, files).routes())
    async with TestClient(TestServer(app)) as client:
        yield client


class Chat:
    """The resident's private chat: what they send through the webhook, and the bot's messages since."""

    def __init__(self, server: FakeTelegram, client: TestClient) -> None:
        self.server, self.client, self.seen = server, client, 0

    async def deliver(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        assert (await self.client.post("/telegram/webhook", json=update, headers=headers)).status == 200
        return await self.new()

    async def new(self) -> list[dict[str, Any]]:
        """The messages sent to the resident since the last look, once at least one came and no more follow."""
        for _ in range(1500):  # up to ~30 s: a loaded CI machine, never a timing check
            sent = self.server.sent("sendMessage", RESIDENT)
            if len(sent) > self.seen:
                await asyncio.sleep(0.15)  # a step may answer with several messages: let them all arrive
                if len(self.server.sent("sendMessage", RESIDENT)) == len(sent):
                    new, self.seen = sent[self.seen :], len(sent)
                    return new
                continue
            await asyncio.sleep(0.02)
        raise AssertionError(f"nothing new after {self.seen} messages")

    async def say(self, text: str) -> list[dict[str, Any]]:
        message = private_message(RESIDENT, len(self.server.updates) + 10, text=text)
        return await self.deliver(self.server.update(message=message))

    async def tap(self, shown: list[dict[str, Any]], action: str) -> list[dict[str, Any]]:
        """Presses the button of the newest message that has one whose data does ``action``."""
        for message in reversed(shown):
            rows = message.get("reply_markup", {}).get("inline_keyboard", [])
            for data in (b["callback_data"] for row in rows for b in row):
                if data.split("|", 1)[-1].startswith(action):
                    return await self.deliver(self.server.update(callback_query=callback(RESIDENT, RESIDENT, data)))
        raise AssertionError(f"no {action} button")


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m["text"] for m in messages)


async def test_a_complaint_filed_on_telegram_is_answered_by_staff_and_rated(fake, telegram, staff) -> None:  # type: ignore[no-untyped-def]
    chat = Chat(fake[0], telegram)
    # Given a resident who complains to the bot
    assert "投诉内容" in texts(await chat.say("我要投诉"))
    shown = await chat.say("临港区不动产登记窗口下午三点就停止取号")
    if "建议交给" in texts(shown):
        shown = await chat.tap(shown, "message:dept:-")
    shown = await chat.tap(shown, "message:publish:no")
    filed = await chat.tap(shown, "message:submit")
    request = await Request.get(text="临港区不动产登记窗口下午三点就停止取号")
    assert request.number in texts(filed) and request.subkind == "complaint" and request.status == RequestStatus.OPEN
    assert request.publishable is False
    # When the department answers it through the staff API
    clerk = await login(staff, request.department)
    answer = {"action": "answer", "text": "已核实，取号时间恢复至下午五点，并已通报相关窗口。"}
    done = await staff.post(f"/api/staff/requests/{request.number}/actions", json=answer, headers=clerk)
    assert done.status == 200, await done.text()
    assert (await Request.get(id=request.id)).status == RequestStatus.ANSWERED
    await run_pushes(request.number)
    # Then the answer reaches the resident on Telegram with the five levels to rate it
    [pushed] = await chat.new()
    assert request.number in pushed["text"] and "取号时间恢复至下午五点" in pushed["text"]
    labels = [b["text"] for row in pushed["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    # And the resident rates it, then says it did not resolve the matter: closed, marked unresolved for the
    # department and the supervisor
    asked = await chat.tap([pushed], f"request:{request.number}:rate:basic")
    assert "解决您的问题了吗" in texts(asked)
    unsolved = await chat.tap(asked, f"request:{request.number}:resolved:no")
    assert "已记录您的反馈" in texts(unsolved) and "12345" in texts(unsolved)
    request = await Request.get(id=request.id)
    assert request.rating == Level.BASIC and request.resolved is False and request.status == RequestStatus.CLOSED


# -- a failed update ---------------------------------------------------------------------
async def _messages_to_failing(server: FakeTelegram, count: int) -> list[dict[str, Any]]:
    for _ in range(1500):  # up to ~30 s on a loaded machine; never a timing check
        if len(sent := server.sent("sendMessage", FAILING)) >= count:
            return sent
        await asyncio.sleep(0.02)
    raise AssertionError(f"only {len(server.sent('sendMessage', FAILING))} messages")


async def _post_update(client: TestClient, update: dict[str, Any]) -> None:
    response = await client.post("/telegram/webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert response.status == 200


async def test_a_failed_step_is_answered_politely_and_logged_without_the_id_number(  # type: ignore[no-untyped-def]
    fake, telegram, dialogs, caplog
) -> None:
    server, _ = fake
    real_handle = dialogs.handle

    async def broken(event, *args, **kwargs):  # type: ignore[no-untyped-def]
        if event.text == ID_NUMBER:
            raise RuntimeError(f"could not check {ID_NUMBER}")
        return await real_handle(event, *args, **kwargs)

    dialogs.handle = broken
    caplog.set_level(logging.ERROR)
    await _post_update(telegram, {"update_id": 9001, "message": private_message(FAILING, 1, text="/start")})
    answered = len(await _messages_to_failing(server, 1))
    # When the step fails
    await _post_update(telegram, {"update_id": 9002, "message": private_message(FAILING, 2, text=ID_NUMBER)})
    # Then the resident hears that it failed, that nothing is lost, and to send it again
    told = (await _messages_to_failing(server, answered + 1))[-1]["text"]
    assert "没有处理成功" in told and "保存" in told
    # and the log has the failure without the ID number
    failures = [r for r in caplog.records if "9002" in r.getMessage()]
    assert failures and "RuntimeError" in failures[0].getMessage()
    assert ID_NUMBER not in caplog.text
    # A button press that fails is answered too (the spinner stops) and explained
    dialogs.handle = lambda *a, **k: (_ for _ in ()).throw(RuntimeError("down"))
    await _post_update(telegram, {"update_id": 9003, "callback_query": callback(FAILING, FAILING, "*|menu")})
    assert "没有处理成功" in (await _messages_to_failing(server, answered + 2))[-1]["text"]
    assert server.sent("answerCallbackQuery")
