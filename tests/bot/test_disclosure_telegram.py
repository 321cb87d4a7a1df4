"""依申请公开 through Telegram: python-telegram-bot against the local fake Bot API, filed and answered."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from fake_telegram import SECRET, FakeTelegram, callback, private_message, resident_bot, running_fake

from casework import disclosure
from casework.request_rules import RequestDays
from casework.requests import RequestDesk
from handlers.disclosure import Answer, AnswerType
from handlers.request_lifecycle import RequestAction
from handlers.workdays import default_calendar
from models.outbox import Outbox
from models.requests import Request, RequestEvent
from models.staff import StaffMember
from workers.actors import cases  # noqa: F401  first: declares every actor on the one broker
from workers.requests import push_request

APPLICANT = 555021


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeTelegram, str]]:
    async with running_fake() as server_and_base:
        yield server_and_base


@pytest.fixture
async def client(fake, dialogs, files, catalog, local_services) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    _, base = fake
    async with resident_bot(base, dialogs, files, catalog, local_services) as client:
        yield client


async def _sent(server: FakeTelegram, count: int) -> list[dict[str, Any]]:
    for _ in range(1500):  # up to ~30 s: a loaded CI machine, never a timing check
        sent = server.sent("sendMessage", APPLICANT)
        if len(sent) >= count:
            await asyncio.sleep(0.15)  # a step may answer with several messages: let them all arrive
            if len(server.sent("sendMessage", APPLICANT)) == len(sent):
                return sent
            continue
        await asyncio.sleep(0.02)
    raise AssertionError(f"only {len(server.sent('sendMessage', APPLICANT))} messages")


def _button(message: dict[str, Any], action: str) -> str:
    datas = [b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row]
    return next(d for d in datas if d.split("|", 1)[-1].startswith(action))


async def test_a_request_filed_on_telegram_receives_its_answer(fake, client, catalog, clock) -> None:  # type: ignore[no-untyped-def]
    server, _ = fake
    seen = 0

    async def deliver(update: dict[str, Any]) -> list[dict[str, Any]]:
        nonlocal seen
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        assert (await client.post("/telegram/webhook", json=update, headers=headers)).status == 200
        sent = await _sent(server, seen + 1)
        new, seen = sent[seen:], len(sent)
        return new

    async def say(text: str) -> list[dict[str, Any]]:
        return await deliver(server.update(message=private_message(APPLICANT, len(server.updates) + 10, text=text)))

    async def tap(shown: list[dict[str, Any]], action: str) -> list[dict[str, Any]]:
        data = _button(next(m for m in reversed(shown) if "reply_markup" in m and _has(m, action)), action)
        return await deliver(server.update(callback_query=callback(APPLICANT, APPLICANT, data)))

    # Given an organisation that asks for information by typing it
    shown = await tap(await say("我要申请政府信息公开"), "gk:go")
    shown = await tap(shown, "gk_pick:applicant_type=org")
    for text in (
        "临沂某某贸易有限公司",
        "91371300MA3C1234XA",
        "05398888888",
        "临港区2025年度涉企行政事业性收费目录清单",
    ):
        shown = await say(text)
    shown = await tap(shown, "gk_skip:purpose")
    shown = await tap(shown, "gk_pick:form=electronic")
    shown = await tap(shown, "gk_pick:delivery=online")
    shown = await tap(shown, "gk_pick:department=unknown")
    receipt = await tap(shown, "gk_submit")
    request = await Request.get(kind="disclosure", user__channel="telegram", user__external_id=str(APPLICANT))
    assert request.number in "\n".join(m["text"] for m in receipt) and request.subkind == "org"
    # When the routing office answers that another office holds it
    clerk = await StaffMember.create(name="王", department=request.department, channel="test", external_id="gk-tg")
    desk = RequestDesk(default_calendar(), list(catalog.departments), "approval", RequestDays(), clock=clock)
    answer = Answer(AnswerType.NOT_HELD, "该清单由区财政金融局制定。", right_office="区财政金融局 0539-0000000")
    await disclosure.answer(desk, clerk, request.number, answer)
    event = await RequestEvent.get(request=request, action=RequestAction.ANSWER)
    await push_request.fn.__wrapped__(**(await Outbox.get(key=f"request-push:{event.id}")).payload)
    # Then the applicant reads on Telegram the type, the right office and the rights of remedy
    pushed = (await _sent(server, seen + 1))[-1]["text"]
    assert "非本机关掌握" in pushed and "区财政金融局 0539-0000000" in pushed and "行政诉讼" in pushed


def _has(message: dict[str, Any], action: str) -> bool:
    rows = message["reply_markup"].get("inline_keyboard", [])
    return any(b["callback_data"].split("|", 1)[-1].startswith(action) for row in rows for b in row)
