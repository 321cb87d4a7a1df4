"""我的办件 in the web chat over loopback: the list opens each case, and its receipt link opens a printable page."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from scenario_walk import Chat, walk
from webchat_client import button, post_event, session

from bot.channels.webchat import WebChat
from bot.edge.headers import security_headers
from bot.receipts import RECEIPT_SECONDS, Receipts
from models.case import Case, CaseItem
from models.user import user_for


class Ticking:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ticking() -> Ticking:
    return Ticking()


@pytest.fixture
async def client(dialogs, files, channels, catalog, ticking) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    chat = WebChat(dialogs, files, secret=b"test-secret")
    channels.add(chat.inbox)
    receipts = Receipts(catalog, b"test-secret", "http://test", ticking)
    dialogs.receipt_link = receipts.link
    app = web.Application(middlewares=[security_headers])
    app.add_routes(chat.routes())
    app.add_routes(receipts.routes())
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def _file_in_web_chat(client: TestClient, dialogs, files, catalog) -> tuple[dict[str, str], Case]:  # type: ignore[no-untyped-def]
    auth = await session(client)
    await post_event(client, auth, type="command", text="/start")
    ref = auth["Authorization"].removeprefix("Bearer ").split(".")[0]
    number = await walk(Chat(dialogs, files, user=ref, channel="web"), catalog.get("ev-charger-home"))
    return auth, await Case.get(number=number)


async def test_my_cases_opens_a_case_and_its_receipt_prints(client, dialogs, files, catalog, ticking) -> None:  # type: ignore[no-untyped-def]
    # Given a resident of the web chat with a filed case
    auth, case = await _file_in_web_chat(client, dialogs, files, catalog)
    user = await user_for("web", auth["Authorization"].removeprefix("Bearer ").split(".")[0])
    assert case.user_id == user.id  # type: ignore[attr-defined]
    # When they tap the menu's 我的办件, then their case
    listed = await post_event(client, auth, type="button", text="*|status")
    opened = await post_event(client, auth, type="button", text=button(listed, f"case:{case.number}"))
    view = next(m["text"] for m in opened if m["text"].startswith(f"办件 {case.number}"))
    # Then the case shows every item with its department, status and due date
    items = await CaseItem.filter(case=case).order_by("id")
    departments = [catalog.department_name(i.department, "zh_CN") for i in items]
    assert all(d in view for d in departments) and all(str(i.due_date) in view for i in items) and "待受理" in view
    # And its receipt gives a link to a printable page with the case, items, departments and due dates
    told = await post_event(client, auth, type="button", text=button(opened, f"receipt:{case.number}"))
    link = re.search(r"http://test(/receipt/\S+)", "\n".join(m["text"] for m in told))
    assert link is not None
    page = await client.get(link.group(1))
    html = await page.text()
    assert page.status == 200 and page.content_type == "text/html" and "<script" not in html
    assert case.number in html and all(d in html for d in departments) and str(items[0].due_date) in html
    # A link with its signature changed, or one past its time, opens nothing
    assert (await client.get(link.group(1)[:-4] + "0000")).status == 403
    ticking.now += RECEIPT_SECONDS + 1
    expired = await client.get(link.group(1))
    assert expired.status == 403 and "已失效" in await expired.text()
