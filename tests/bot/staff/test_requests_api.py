"""The staff page's requests API: a department's queue only, the timeline, actions through the desk, refusals."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from samples import EXE, JPEG
from scenario_walk import Chat
from staff_desk import login, member, sign_in

from bot.edge.headers import page_policy, security_headers
from bot.staff.requests import RequestsView
from bot.staff.sessions import CSRF_HEADER
from bot.staff.view import StaffView
from casework.request_rules import RequestDays
from casework.requests import RequestDesk
from handlers.request_lifecycle import MessageKind, RequestKind, RequestStatus
from handlers.workdays import default_calendar
from models.outbox import Outbox
from models.requests import Request, RequestEvent
from models.staff import Role
from models.user import user_for


@pytest.fixture
def desk(local_services, db) -> RequestDesk:  # type: ignore[no-untyped-def]
    catalog = local_services.catalog
    return RequestDesk(default_calendar(), list(catalog.departments), "approval", RequestDays())


@pytest.fixture
async def client(local_services, files, desk) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    staff = StaffView(local_services.catalog, files, local_services.relay.kick, b"secret", "http://test", True)
    app = web.Application(middlewares=[security_headers])
    app.add_routes(staff.routes())
    app.add_routes(RequestsView(local_services.catalog, desk, staff.sessions, files).routes())
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def _complaint(desk: RequestDesk, department: str, text: str = "窗口排队太久") -> Request:
    user = await user_for("web", f"api-{department}-{text}")
    return await desk.open(user.id, RequestKind.MESSAGE, text, subkind=MessageKind.COMPLAINT, department=department)


async def test_a_department_lists_only_its_own_requests_and_sees_the_timeline(client, desk) -> None:  # type: ignore[no-untyped-def]
    ours, theirs = await _complaint(desk, "housing"), await _complaint(desk, "fire")
    housing = await login(client, "housing")
    listing = await (await client.get("/api/staff/requests?kind=message&status=open", headers=housing)).json()
    numbers = [r["number"] for r in listing["requests"]]
    assert ours.number in numbers and theirs.number not in numbers
    row = next(r for r in listing["requests"] if r["number"] == ours.number)
    assert row["what"] == "投诉" and row["status_name"] == "办理中" and row["due"] == ours.due_date.isoformat()  # type: ignore[union-attr]
    # The detail has the audit log; another department's request looks like none at all
    detail = await (await client.get(f"/api/staff/requests/{ours.number}", headers=housing)).json()
    assert [e["action"] for e in detail["events"]] == ["提交"] and detail["events"][0]["actor"] == "群众"
    not_yours = await client.get(f"/api/staff/requests/{theirs.number}", headers=housing)
    missing = await client.get("/api/staff/requests/LY20991231-9999", headers=housing)
    assert not_yours.status == missing.status == 404 and await not_yours.json() == await missing.json()
    # A filter that is no kind is refused
    assert (await client.get("/api/staff/requests?kind=nonsense", headers=housing)).status == 400


async def test_supervisors_and_admins_read_every_departments_requests_and_decide_none(client, desk) -> None:  # type: ignore[no-untyped-def]
    ours, theirs = await _complaint(desk, "housing", "路灯不亮"), await _complaint(desk, "fire", "消防通道被占")
    for role in (Role.SUPERVISOR, Role.ADMIN):
        reader = await sign_in(client, await member(role))
        listing = await (await client.get("/api/staff/requests?kind=message&status=open", headers=reader)).json()
        assert {ours.number, theirs.number} <= {r["number"] for r in listing["requests"]}, role
        detail = await client.get(f"/api/staff/requests/{theirs.number}", headers=reader)
        assert detail.status == 200 and (await detail.json())["text"] == "消防通道被占"
        url = f"/api/staff/requests/{theirs.number}/actions"
        refused = await client.post(url, json={"action": "answer", "text": "好"}, headers=reader)
        assert refused.status == 403, role
    assert (await Request.get(number=theirs.number)).status == RequestStatus.OPEN


async def test_an_action_needs_the_sessions_csrf_token(client, desk) -> None:  # type: ignore[no-untyped-def]
    request = await _complaint(desk, "housing", "垃圾没人收")
    url = f"/api/staff/requests/{request.number}/actions"
    housing = await login(client, "housing")
    bare = {k: v for k, v in housing.items() if k != CSRF_HEADER}
    assert (await client.post(url, json={"action": "answer", "text": "已处理。"}, headers=bare)).status == 403
    assert (await client.post(url, json={"action": "answer", "text": "已处理。"})).status == 401
    assert (await Request.get(number=request.number)).status == RequestStatus.OPEN
    assert (await client.post(url, json={"action": "answer", "text": "已处理。"}, headers=housing)).status == 200


async def test_answering_through_the_api_goes_through_the_desk(client, desk) -> None:  # type: ignore[no-untyped-def]
    request = await _complaint(desk, "housing", "楼道灯坏了")
    url = f"/api/staff/requests/{request.number}/actions"
    # Another department is refused on the server, with the department by name
    refused = await client.post(url, json={"action": "answer", "text": "好"}, headers=await login(client, "fire"))
    assert refused.status == 403 and "区建设局" in (await refused.json())["message"]
    housing = await login(client, "housing")
    # An answer without text is refused politely
    empty = await client.post(url, json={"action": "answer", "text": "  "}, headers=housing)
    assert empty.status == 400 and (await empty.json())["message"] == "请填写答复内容。"
    done = await client.post(url, json={"action": "answer", "text": "已派人维修。"}, headers=housing)
    body = await done.json()
    assert done.status == 200 and body["ok"] and body["request"]["status"] == RequestStatus.ANSWERED
    # The answer is logged and its push queued for the resident
    event = await RequestEvent.get(request=request, action="answer")
    assert event.note == "已派人维修。" and await Outbox.filter(key=f"request-push:{event.id}").exists()
    # A second answer is refused as a conflict
    again = await client.post(url, json={"action": "answer", "text": "再答"}, headers=housing)
    assert again.status == 409 and "已答复" in (await again.json())["message"]


async def test_the_page_is_served_with_its_inline_code_hashed(client) -> None:  # type: ignore[no-untyped-def]
    page = await client.get("/staff/requests")
    assert page.status == 200 and "<script>" in await page.text()
    assert page.headers["Content-Security-Policy"] == page_policy("staff/static/requests.html")
    assert "'sha256-" in page.headers["Content-Security-Policy"]
    strings = await (await client.get("/api/staff/requests/strings")).json()
    assert strings["title"] == "留言与申请" and strings["act.answer"] == "答复"


async def test_photos_sent_with_a_message_are_kept_and_shown_to_the_department_only(client, dialogs, files) -> None:  # type: ignore[no-untyped-def]
    # Given a resident who writes a complaint and sends a photo with it (and a program, refused)
    resident = Chat(dialogs, files)
    await resident.say("我要投诉")
    await resident.say("小区门口的井盖丢了，很危险")
    await resident.upload("well.jpg", JPEG)
    assert "已收到照片（1/3）" in resident.text
    await resident.upload("tool.exe", EXE)
    assert "已收到照片" not in resident.text
    for action in ("message:dept:-", "message:publish:no", "message:submit"):
        if any(b.data.endswith(action) for r in resident.replies for b in r.buttons):
            await resident.tap(action)
    request = await Request.get(text="小区门口的井盖丢了，很危险")
    [photo] = request.payload["photos"]
    stored = files.path_of(photo["sha256"]).read_bytes()  # (kept as the documents are: re-encoded, EXIF gone)
    assert stored[:3] == JPEG[:3]
    # Then the department sees it in the detail and downloads it; another department cannot
    own = await login(client, request.department)
    detail = await (await client.get(f"/api/staff/requests/{request.number}", headers=own)).json()
    assert [p["name"] for p in detail["photos"]] == ["well.jpg"]
    got = await client.get(f"/api/staff/{detail['photos'][0]['url']}", headers=own)
    assert got.status == 200 and await got.read() == stored and "attachment" in got.headers["Content-Disposition"]
    other = await login(client, "fire")
    assert (await client.get(f"/api/staff/{detail['photos'][0]['url']}", headers=other)).status == 404


async def test_an_overdue_request_is_marked_and_each_action_reaches_the_desk(client, local_services) -> None:  # type: ignore[no-untyped-def]
    # Given a complaint filed in January 2026, long overdue now
    catalog = local_services.catalog
    january = RequestDesk(
        default_calendar(), list(catalog.departments), "approval", RequestDays(),
        clock=lambda: dt.datetime(2026, 1, 5, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))),
    )  # fmt: skip
    request = await _complaint(january, "housing", "去年的投诉一直没人回")
    housing = await login(client, "housing")
    listing = await (await client.get("/api/staff/requests?kind=message&status=open", headers=housing)).json()
    assert next(r for r in listing["requests"] if r["number"] == request.number)["overdue"] is True
    url = f"/api/staff/requests/{request.number}/actions"
    # Extending, asking to clarify and closing each go through the desk and into the audit log
    assert (
        await client.post(url, json={"action": "extend", "text": "需现场核查", "days": 5}, headers=housing)
    ).status == 200
    again = await client.post(url, json={"action": "extend", "text": "再延", "days": 5}, headers=housing)
    assert again.status == 400 and (await again.json())["message"] == "期限只能延长一次。"
    asked = await client.post(url, json={"action": "ask_correction", "text": "请说明具体地址"}, headers=housing)
    assert asked.status == 200
    closed = await client.post(url, json={"action": "close", "text": "申请人未补正"}, headers=housing)
    assert closed.status == 200 and (await closed.json())["request"]["status"] == RequestStatus.CLOSED
    detail = await (await client.get(f"/api/staff/requests/{request.number}", headers=housing)).json()
    assert [e["action"] for e in detail["events"]] == ["提交", "延期", "要求补正", "办结"]
    # Passing on needs another known department; the receiving department then owns it
    other = await _complaint(desk_for_now(catalog), "housing", "转交测试")
    moved = await client.post(
        f"/api/staff/requests/{other.number}/actions",
        json={"action": "pass_on", "department": "fire", "text": "属消防职责"}, headers=housing,
    )  # fmt: skip
    assert moved.status == 200 and (await moved.json())["request"]["department"] == "fire"
    assert (await client.get(f"/api/staff/requests/{other.number}", headers=housing)).status == 404
    assert (await client.get(f"/api/staff/requests/{other.number}", headers=await login(client, "fire"))).status == 200


def desk_for_now(catalog) -> RequestDesk:  # type: ignore[no-untyped-def]
    return RequestDesk(default_calendar(), list(catalog.departments), "approval", RequestDays())
