"""人工客服 end to end: a resident asks for a person in the web chat and in Telegram, staff take and reply
through the live page's HTTP API, the replies reach the resident, staff hand back and the bot answers again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from fake_telegram import SECRET, FakeTelegram, private_message, resident_bot, running_fake
from staff_desk import login, member, sign_in
from webchat_client import button, post_event, session

from bot.channels.webchat import WebChat
from bot.edge.headers import security_headers
from bot.staff.live import LivePage
from bot.staff.sessions import CSRF_HEADER
from bot.staff.view import StaffView
from models.db import now
from models.live import OPEN_LIVE, LiveChat, LiveMessage, LiveStatus
from models.outbox import Outbox
from models.staff import Role
from workers.actors import live as live_actors  # first: declares every actor on the one broker

RESIDENT = 555077


@pytest.fixture(autouse=True)
async def quiet_queues(db: str) -> None:
    """No one waiting, and no push left by other tests (the session's database is shared)."""
    await LiveChat.filter(status__in=list(OPEN_LIVE)).update(status=LiveStatus.ENDED)
    await Outbox.filter(actor="push_live", sent_at__isnull=True).update(sent_at=now())


@pytest.fixture
async def client(dialogs, files, local_services) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    """The web chat, the staff page and the live page on one app, as build_web assembles them."""
    chat = WebChat(dialogs, files, secret=b"test-secret")
    local_services.channels.add(chat.inbox)
    staff = StaffView(local_services.catalog, files, local_services.relay.kick, b"secret", "http://test", True)
    live = LivePage(local_services.catalog, staff.sessions, dialogs.live, local_services.relay.kick)
    app = web.Application(middlewares=[security_headers])
    for routes in (chat.routes(), staff.routes(), live.routes()):
        app.add_routes(routes)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def run_pushes() -> int:
    """What the worker does with the live pushes queued so far: each sent once, in order."""
    rows = await Outbox.filter(actor="push_live", sent_at__isnull=True).order_by("id")
    for row in rows:
        await live_actors.push_live.fn.__wrapped__(**row.payload)
        await Outbox.filter(id=row.id).update(sent_at=now())
    return len(rows)


async def staff_act(client: TestClient, auth: dict[str, str], chat: int, action: str, **body: str) -> dict[str, Any]:
    response = await client.post(f"/api/staff/live/{chat}/{action}", json=body, headers=auth)
    answer = await response.json()
    assert response.status == 200, answer
    return answer  # type: ignore[no-any-return]


async def queue(client: TestClient, auth: dict[str, str], since: str = "", wait: int = 0) -> dict[str, Any]:
    response = await client.get(f"/api/staff/live?department=approval&since={since}&wait={wait}", headers=auth)
    assert response.status == 200
    return await response.json()  # type: ignore[no-any-return]


async def test_a_person_through_the_web_chat_and_back_to_the_bot(client) -> None:  # type: ignore[no-untyped-def]
    resident = await session(client)
    # Given a resident who asked the bot something, then for a person
    await post_event(client, resident, type="text", text="我的电话13800138000，充电桩怎么报装")
    asked = await post_event(client, resident, type="text", text="转人工")
    assert "前面还有 0 位" in asked[-1]["text"]
    # When staff open the live page, they see the conversation so far, personal data masked
    clerk = await login(client, "approval")
    listing = await queue(client, clerk)
    [chat] = listing["chats"]
    assert chat["status"] == "waiting" and chat["messages"][0]["who"] == "earlier"
    assert "138****8000" in chat["messages"][0]["text"] and "13800138000" not in str(listing)
    # And take it and reply
    await staff_act(client, clerk, chat["id"], "take")
    await run_pushes()
    said = await post_event(client, resident, type="text", text="请问要带什么材料？")
    assert [m for m in said if m["from"] != "user"] == []  # the bot stays quiet: it went to the person
    changed = await queue(client, clerk, listing["stamp"], wait=5)
    last = changed["chats"][0]["messages"][-1]
    assert (last["who"], last["text"]) == ("resident", "请问要带什么材料？")
    assert changed["chats"][0]["mine"] and changed["chats"][0]["member"]
    await staff_act(client, clerk, chat["id"], "reply", text="请带身份证和物业同意书。")
    await run_pushes()
    # Then the reply reaches the resident in the web chat
    inbox = await (await client.get("/api/messages?after=0", headers=resident)).json()
    texts = [m["text"] for m in inbox["messages"]]
    assert any(t.endswith("已接入，请直接发送您的问题。") for t in texts) and "请带身份证和物业同意书。" in texts
    # When staff hand back, the resident is asked for a rating and the bot answers again
    await staff_act(client, clerk, chat["id"], "handback")
    await run_pushes()
    inbox = await (await client.get("/api/messages?after=0", headers=resident)).json()
    rating = inbox["messages"][-1]
    assert "工作人员已结束本次服务" in rating["text"]
    thanks = await post_event(client, resident, type="button", data=button([rating], "person_rate"))
    assert "感谢您的评价" in thanks[-1]["text"]
    assert (await LiveChat.get(id=chat["id"])).rating == 5
    found = await post_event(client, resident, type="text", text="充电桩")
    assert any(b["data"].endswith("sc:ev-charger-home") for m in found for b in m["buttons"])
    assert (await queue(client, clerk))["chats"] == []


async def test_the_live_page_is_served_with_its_own_script_hash_and_other_departments_are_refused(client) -> None:  # type: ignore[no-untyped-def]
    page = await client.get("/staff/live")
    assert page.status == 200 and "api/staff/live" in await page.text()
    assert "script-src 'sha256-" in page.headers["Content-Security-Policy"]
    fire = await login(client, "fire")
    refused = await client.get("/api/staff/live?department=approval", headers=fire)
    assert refused.status == 403 and "不在您的部门" in (await refused.json())["message"]
    assert (await client.get("/api/staff/live?department=approval")).status == 401
    phrases = await (await client.get("/api/staff/live/phrases?department=power", headers=fire)).json()
    assert "请稍等，我帮您查询一下。" in phrases["phrases"]


async def test_a_supervisor_reads_every_queue_and_takes_none_and_posts_need_the_csrf_token(client) -> None:  # type: ignore[no-untyped-def]
    resident = await session(client)
    await post_event(client, resident, type="text", text="转人工")
    # A supervisor reads any department's queue, as issue 15's roles say, but answers no one
    supervisor = await sign_in(client, await member(Role.SUPERVISOR))
    [chat] = (await queue(client, supervisor))["chats"]
    taken = await client.post(f"/api/staff/live/{chat['id']}/take", json={}, headers=supervisor)
    assert taken.status == 403 and (await LiveChat.get(id=chat["id"])).status == LiveStatus.WAITING
    # The department's clerk takes it, but only with the CSRF token the session hands out
    clerk = await login(client, "approval")
    bare = {k: v for k, v in clerk.items() if k != CSRF_HEADER}
    forged = await client.post(f"/api/staff/live/{chat['id']}/take", json={}, headers=bare)
    assert forged.status == 403 and (await LiveChat.get(id=chat["id"])).status == LiveStatus.WAITING
    elsewhere = await client.post(
        f"/api/staff/live/{chat['id']}/take", json={}, headers={**clerk, "Origin": "https://evil.example"}
    )
    assert elsewhere.status == 403
    await staff_act(client, clerk, chat["id"], "take")
    assert (await LiveChat.get(id=chat["id"])).status == LiveStatus.ACTIVE


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeTelegram, str]]:
    async with running_fake() as server_and_base:
        yield server_and_base


@pytest.fixture
async def telegram(fake, dialogs, files, catalog, local_services) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    _, base = fake
    async with resident_bot(base, dialogs, files, catalog, local_services) as client:
        yield client


async def test_a_person_through_telegram(fake, telegram, client) -> None:  # type: ignore[no-untyped-def]
    server, _ = fake

    async def send(text: str) -> None:
        update = server.update(message=private_message(RESIDENT, len(server.updates) + 10, text=text))
        response = await telegram.post(
            "/telegram/webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        )
        assert response.status == 200

    async def sent(count: int) -> list[str]:
        for _ in range(1500):  # up to ~30 s: a loaded CI machine, never a timing check
            texts = [m["text"] for m in server.sent("sendMessage", RESIDENT)]
            if len(texts) >= count:
                return texts
            await asyncio.sleep(0.02)
        raise AssertionError(f"only {server.sent('sendMessage', RESIDENT)}")

    await send("人工客服")
    assert "前面还有 0 位" in (await sent(1))[-1]
    clerk = await login(client, "approval")
    [chat] = (await queue(client, clerk))["chats"]
    await staff_act(client, clerk, chat["id"], "take")
    await send("我想问退休手续")
    await heard(chat["id"], "我想问退休手续")  # it reached the person
    await staff_act(client, clerk, chat["id"], "reply", text="您好，退休手续请带身份证。")
    await run_pushes()
    await sent(3)
    await send("结束人工")
    await sent(4)
    await send("退休")
    texts = await sent(5)  # the bot answers again
    # In this order, and nothing from the bot while the person served: the bot stayed quiet
    assert "前面还有 0 位" in texts[0] and texts[1].endswith("已接入，请直接发送您的问题。")
    assert texts[2] == "您好，退休手续请带身份证。" and "请您为这次服务评价" in texts[3]
    assert (await LiveChat.get(id=chat["id"])).ended_by == "resident"


async def heard(chat: int, text: str) -> None:
    """Waits until the resident's message is stored for staff (Telegram's updates are handled in the background)."""
    for _ in range(1500):  # up to ~30 s: a loaded CI machine, never a timing check
        if await LiveMessage.filter(chat_id=chat, who="resident", text=text).exists():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{text!r} never reached the person")
