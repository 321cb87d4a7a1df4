"""好差评 end to end through the real channels: an approved case, the rating invitation in the push, a 不满意
rating with its reason and comment, the follow-up the department answers, that answer reaching the resident,
and (in the web chat) the resident saying it resolves the matter."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from fake_telegram import SECRET, FakeTelegram, callback, resident_bot, running_fake
from scenario_walk import EV, Chat, walk
from staff_desk import decide_and_push
from webchat_client import button, post_event, session

from bot.channels.webchat import WebChat
from casework.request_rules import RequestDays
from casework.requests import RequestDesk
from handlers.lifecycle import StaffAction
from models.case import Case
from models.outbox import Outbox
from models.ratings import Rating
from models.requests import Request, RequestEvent
from models.staff import StaffMember
from workers.requests import push_request

RESIDENT = 555099


@pytest.fixture
def desk(dialogs, catalog, clock) -> RequestDesk:  # type: ignore[no-untyped-def]
    """The requests desk as the app wires it: a low rating's follow-up is filed through it."""
    made = RequestDesk(dialogs.repo.calendar, list(catalog.departments), "approval", RequestDays(), clock=clock)
    dialogs.repo.requests = made
    return made


async def answer_followup(desk: RequestDesk, case: Case, text: str) -> Request:
    """The rated department answers the follow-up in writing; the push runs as the worker would run it."""
    followup = await Request.get(case=case, kind="followup")
    member, _ = await StaffMember.get_or_create(
        channel="test",
        external_id=f"followup-{followup.department}",
        defaults={"name": "回访员", "department": followup.department},
    )
    answered = await desk.answer(member, followup.number, text)
    assert isinstance(answered, Request)
    event = await RequestEvent.filter(request=followup, action="answer").get()
    await push_request.fn.__wrapped__(**(await Outbox.get(key=f"request-push:{event.id}")).payload)
    return followup


async def test_a_rating_through_the_web_chat_to_the_follow_up_answer(  # type: ignore[no-untyped-def]
    dialogs, files, catalog, channels, local_services, desk
) -> None:
    webchat = WebChat(dialogs, files, secret=b"test-secret")
    channels.add(webchat.inbox)
    app = web.Application()
    app.add_routes(webchat.routes())
    async with TestClient(TestServer(app)) as client:
        # Given a resident of the web chat whose case the power department approved
        auth = await session(client)
        user_ref = auth["Authorization"].split()[1].split(".")[0]
        case = await Case.get(number=await walk(Chat(dialogs, files, user=user_ref, channel="web"), catalog.get(EV)))
        await decide_and_push(case, catalog, StaffAction.ACCEPT)
        await decide_and_push(case, catalog, StaffAction.APPROVE)
        # Then the approval push shows the result and invites a rating
        messages = (await (await client.get("/api/messages?after=0", headers=auth)).json())["messages"]
        approved = next(m for m in messages if "已通过" in m["text"])
        assert "欢迎您对临港供电中心" in approved["text"]
        # When they rate 不满意 with a reason and a comment
        levels = await post_event(client, auth, type="button", data=button([approved], "rate:"))
        reasons = await post_event(
            client,
            auth,
            type="button",
            data=button(levels, f"rate:{case.number}:charger_application:l:4"),
        )
        ticked = await post_event(
            client, auth, type="button", data=button(reasons, f"rate:{case.number}:charger_application:r:1")
        )
        kept = await post_event(
            client, auth, type="button", data=button(ticked, f"rate:{case.number}:charger_application:d")
        )
        assert any("已记录您的评价：不满意" in m["text"] for m in kept)
        await post_event(client, auth, type="text", text="等了二十天")
        rating = await Rating.get(case=case)
        assert (rating.level, rating.reasons, rating.comment, rating.channel) == (
            "dissatisfied",
            ["slow"],
            "等了二十天",
            "web",
        )
        # And the department answers the follow-up in writing
        followup = await answer_followup(desk, case, "已核实：因系统故障延误，已整改，向您致歉。")
        # Then the answer reaches the resident in the web chat, with the follow-up's number
        messages = (await (await client.get("/api/messages?after=0", headers=auth)).json())["messages"]
        answer = next(m for m in messages if "已核实：因系统故障延误" in m["text"])
        assert followup.number in answer["text"]
        # And they rate the answer and say it resolves the matter: the follow-up is closed, resolved
        asked = await post_event(
            client, auth, type="button", data=button([answer], f"request:{followup.number}:rate:satisfied")
        )
        await post_event(client, auth, type="button", data=button(asked, f"request:{followup.number}:resolved:yes"))
        await followup.refresh_from_db()
        assert (followup.status, followup.resolved, followup.rating) == ("closed", True, "satisfied")


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeTelegram, str]]:
    async with running_fake() as server_and_base:
        yield server_and_base


@pytest.fixture
async def telegram(fake, dialogs, files, catalog, local_services) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    _, base = fake
    async with resident_bot(base, dialogs, files, catalog, local_services) as client:
        yield client


async def sent_to_resident(server: FakeTelegram, count: int) -> list[dict[str, Any]]:
    for _ in range(1500):  # up to ~30 s: a loaded CI machine, never a timing check
        if len(server.sent("sendMessage", RESIDENT)) >= count:
            await asyncio.sleep(0.1)  # a step may answer with several messages: let them all arrive
            return server.sent("sendMessage", RESIDENT)
        await asyncio.sleep(0.02)
    raise AssertionError(f"only {len(server.sent('sendMessage', RESIDENT))} messages to the resident")


def data_of(message: dict[str, Any], action: str) -> str:
    datas = [b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row]
    return next(d for d in datas if d.split("|", 1)[-1].startswith(action))


async def test_a_rating_through_telegram_to_the_follow_up_answer(fake, telegram, dialogs, files, catalog, desk) -> None:  # type: ignore[no-untyped-def]
    server, _ = fake
    client = telegram

    async def tap(data: str) -> dict[str, Any]:
        before = len(server.sent("sendMessage", RESIDENT))
        update = server.update(callback_query=callback(RESIDENT, RESIDENT, data))
        response = await client.post(
            "/telegram/webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        )
        assert response.status == 200
        return (await sent_to_resident(server, before + 1))[-1]

    # Given a Telegram resident whose case the power department approved
    chat = Chat(dialogs, files, user=str(RESIDENT), channel="telegram")
    case = await Case.get(number=await walk(chat, catalog.get(EV)))
    await decide_and_push(case, catalog, StaffAction.ACCEPT)
    await decide_and_push(case, catalog, StaffAction.APPROVE)
    approved = next(m for m in server.sent("sendMessage", RESIDENT) if "已通过" in m["text"])
    assert "欢迎您对临港供电中心" in approved["text"]
    # When they rate 非常不满意 with the buttons, tick 态度, and need no comment
    levels = await tap(data_of(approved, "rate:"))
    reasons = await tap(data_of(levels, f"rate:{case.number}:charger_application:l:5"))
    ticked = await tap(data_of(reasons, f"rate:{case.number}:charger_application:r:3"))
    kept = await tap(data_of(ticked, f"rate:{case.number}:charger_application:d"))
    await tap(data_of(kept, f"rate:{case.number}:charger_application:s"))
    rating = await Rating.get(case=case)
    assert (rating.level, rating.reasons, rating.channel) == ("very_dissatisfied", ["attitude"], "telegram")
    # Then the department's written answer to the follow-up reaches them in Telegram
    followup = await answer_followup(desk, case, "已约谈窗口人员并整改，感谢监督。")
    told = server.sent("sendMessage", RESIDENT)[-1]
    assert "已约谈窗口人员并整改" in told["text"] and followup.number in told["text"]
