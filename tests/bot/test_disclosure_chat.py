"""依申请公开 end to end through the web chat's JSON API: filed in the chat, 补正 asked and given, answered by
the office, and every push delivered by the worker's actor into the page."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from disclosure_requests import DESCRIPTION, run_pushes
from webchat_client import button, post_event, session

from bot.channels.webchat import WebChat
from casework import disclosure
from casework.request_rules import RequestDays
from casework.requests import RequestDesk
from handlers.disclosure import Answer, AnswerType, Clock, Ground
from handlers.workdays import default_calendar
from models.requests import Request
from models.staff import StaffMember


@pytest.fixture
async def webchat(local_services, dialogs, files, channels) -> WebChat:  # type: ignore[no-untyped-def]
    chat = WebChat(dialogs, files, secret=b"test-secret")
    channels.add(chat.inbox)  # after local_services' own inbox: the actor pushes into this one
    return chat


@pytest.fixture
async def client(webchat: WebChat) -> AsyncIterator[TestClient]:
    app = web.Application()
    app.add_routes(webchat.routes())
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


@pytest.fixture
def desk(catalog, clock) -> RequestDesk:  # type: ignore[no-untyped-def]
    return RequestDesk(default_calendar(), list(catalog.departments), "approval", RequestDays(), clock=clock)


async def _new_messages(client: TestClient, auth: dict[str, str], after: int) -> list[dict]:
    return (await (await client.get(f"/api/messages?after={after}", headers=auth)).json())["messages"]


async def test_a_request_filed_in_the_web_chat_is_clarified_and_answered(client, desk, clock) -> None:  # type: ignore[no-untyped-def]
    auth = await session(client)
    menu = await post_event(client, auth, type="command", text="/start")
    intro = await post_event(client, auth, type="button", data=button(menu, "gk"))
    assert "20 个工作日" in intro[-1]["text"]
    shown = await post_event(client, auth, type="button", data=button(intro, "gk:go"))
    shown = await post_event(client, auth, type="button", data=button(shown, "gk_pick:applicant_type=person"))
    for text in ("张三", "371302198506120027", "13800138000", DESCRIPTION):
        shown = await post_event(client, auth, type="text", text=text)
    shown = await post_event(client, auth, type="button", data=button(shown, "gk_skip:purpose"))
    shown = await post_event(client, auth, type="button", data=button(shown, "gk_pick:form=electronic"))
    shown = await post_event(client, auth, type="button", data=button(shown, "gk_pick:delivery=online"))
    review = await post_event(client, auth, type="button", data=button(shown, "gk_pick:department=natural-resources"))
    assert "371*************27" in review[-1]["text"]
    receipt = await post_event(client, auth, type="button", data=button(review, "gk_submit"))
    filed = "\n".join(m["text"] for m in receipt)
    found = re.search(r"GK\d{8}-\d{4}", filed)
    assert found is not None
    request = await Request.get(number=found.group())
    assert request.kind == "disclosure" and request.due_date is not None and request.due_date.isoformat() in filed
    # When the office asks for a 补正, the push reaches the page with its button
    clerk = await StaffMember.create(name="王", department="natural-resources", channel="test", external_id="gk-web")
    await disclosure.ask_correction(desk, clerk, request.number, "请写明道路名称")
    seen = receipt[-1]["id"]
    await run_pushes(request.number)
    asked = await _new_messages(client, auth, seen)
    assert "请写明道路名称" in asked[-1]["text"]
    # And the applicant answers it in the chat: the clock restarts from the day of the 补正
    typing = await post_event(client, auth, type="button", data=button(asked, f"request:{request.number}:correction"))
    corrected = await post_event(client, auth, type="text", text="临港区滨海路（XX路）拓宽工程")
    assert "重新开始计算答复期限" in "\n".join(m["text"] for m in corrected)
    restarted = await Request.get(id=request.id)
    assert typing and restarted.status == "open"
    assert restarted.due_date == Clock(default_calendar()).restarted_due(clock().date())
    # When the office withholds part on Article 15, the answer with its ground and the rights of remedy arrives
    answer = Answer(AnswerType.PARTIAL, "许可证予以公开，附图涉及第三方商业秘密。", Ground.ART15)
    await disclosure.answer(desk, clerk, request.number, answer)
    await run_pushes(request.number)
    pushed = (await _new_messages(client, auth, corrected[-1]["id"]))[-1]["text"]
    assert "部分公开" in pushed and "第十五条" in pushed and "行政复议" in pushed and "行政诉讼" in pushed
