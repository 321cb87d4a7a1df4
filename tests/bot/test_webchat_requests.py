"""End to end over loopback: a resident files a complaint in the web chat, staff answer it through the staff API,
the worker pushes the answer to the web chat, and the resident rates it there."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from staff_desk import login
from webchat_client import button, post_event, session

from bot.channels.webchat import WebChat
from bot.staff.requests import RequestsView
from bot.staff.view import StaffView
from handlers.ratings import Level
from handlers.request_lifecycle import RequestStatus
from models.outbox import Outbox
from models.requests import Request, RequestEvent
from workers.requests import push_request


@pytest.fixture
async def client(local_services, dialogs, files, channels) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    webchat = WebChat(dialogs, files, secret=b"test-secret")
    channels.add(webchat.inbox)
    staff = StaffView(local_services.catalog, files, local_services.relay.kick, b"secret", "http://test", True)
    app = web.Application()
    app.add_routes(webchat.routes())
    app.add_routes(staff.routes())
    app.add_routes(RequestsView(local_services.catalog, dialogs.repo.desk(), staff.sessions, files).routes())
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def test_a_complaint_filed_in_the_web_chat_is_answered_by_staff_and_rated(client: TestClient) -> None:
    resident = await session(client)
    # The resident files a complaint
    asked = await post_event(client, resident, type="text", text="我要投诉")
    assert "投诉内容" in asked[-1]["text"]
    shown = await post_event(client, resident, type="text", text="区政务服务中心三号窗口中午提前下班")
    if "建议交给" in shown[-1]["text"]:
        shown = await post_event(client, resident, type="button", data=button(shown, "message:dept:-"))
    shown = await post_event(client, resident, type="button", data=button(shown, "message:publish:yes"))
    filed = await post_event(client, resident, type="button", data=button(shown, "message:submit"))
    request = await Request.get(text="区政务服务中心三号窗口中午提前下班")
    assert request.number in filed[-1]["text"]
    # Staff of the department see it in their queue and answer it
    staff = await login(client, request.department)
    queue = await (await client.get("/api/staff/requests?kind=message", headers=staff)).json()
    assert request.number in [r["number"] for r in queue["requests"]]
    answer = {"action": "answer", "text": "已核实，已对三号窗口批评教育并调整午间值班。", "publish": True}
    done = await client.post(f"/api/staff/requests/{request.number}/actions", json=answer, headers=staff)
    assert done.status == 200, await done.text()
    # The worker pushes the answer to the web chat, once even when delivered twice
    event = await RequestEvent.get(request=request, action="answer")
    job = (await Outbox.get(key=f"request-push:{event.id}")).payload
    await push_request.fn.__wrapped__(**job)
    await push_request.fn.__wrapped__(**job)
    history = (await (await client.get("/api/messages?after=0", headers=resident)).json())["messages"]
    pushed = [m for m in history if "已对三号窗口批评教育" in m["text"]]
    assert len(pushed) == 1 and request.number in pushed[0]["text"]
    # The resident rates the answer with its button, then says it resolved the matter
    asked = await post_event(
        client, resident, type="button", data=button(pushed, f"request:{request.number}:rate:basic")
    )
    assert "解决您的问题了吗" in asked[-1]["text"]
    closed = await post_event(
        client, resident, type="button", data=button(asked, f"request:{request.number}:resolved:yes")
    )
    assert any("很高兴问题已解决" in m["text"] for m in closed)
    request = await Request.get(id=request.id)
    assert request.rating == Level.BASIC and request.resolved and request.status == RequestStatus.CLOSED
    assert request.published
