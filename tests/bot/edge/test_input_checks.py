"""Issue 11 item 15: malformed input is refused at the edge with a 400 and a JSON body, never a 500."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient
from staff_desk import login
from webchat_client import post_event, session

DEEP = "[" * 5000 + "]" * 5000
#: Full-width, Arabic-Indic and Devanagari digits that int() accepts, a number past any column, a sign.
BAD_IDS = ["１２３", "٣", "१२", "99999999999999999999999", "-1", "1e3", " 7"]


async def staff_login(client: TestClient) -> dict[str, str]:
    return await login(client, "power")


async def assert_400(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status == 400, await response.text()
    assert "error" in await response.json()


@pytest.mark.parametrize("path", ["/api/session", "/api/events", "/api/voice", "/api/staff/signin"])
async def test_deeply_nested_json_is_a_400(client: TestClient, path: str) -> None:
    auth = await session(client)
    body = '{"type": "text", "text": ' + DEEP + "}"
    await assert_400(await client.post(path, data=body, headers={**auth, "Content-Type": "application/json"}))


@pytest.mark.parametrize("value", BAD_IDS)
async def test_odd_numbers_in_the_web_chat_are_a_400(client: TestClient, value: str) -> None:
    auth = await session(client)
    await assert_400(await client.get("/api/messages", params={"after": value}, headers=auth))
    await assert_400(await client.get("/api/messages", params={"wait": value}, headers=auth))
    await assert_400(await client.post("/api/voice", json={"message_id": value}, headers=auth))


@pytest.mark.parametrize("value", BAD_IDS)
async def test_odd_numbers_in_the_staff_api_are_a_400(client: TestClient, value: str) -> None:
    auth = await staff_login(client)
    await assert_400(await client.get(f"/api/staff/files/{value}", headers=auth))
    await assert_400(await client.get("/api/staff/cards", params={"department": "power", "wait": value}, headers=auth))


@pytest.mark.parametrize("text", ["a\x00b", "\x00", "x\x1by", "\ud800"])
async def test_control_characters_in_text_are_a_400(client: TestClient, text: str) -> None:
    auth = await session(client)
    await post_event(client, auth, type="command", text="/start")
    await assert_400(await client.post("/api/events", json={"type": "text", "text": text}, headers=auth))
    staff = await staff_login(client)
    await assert_400(await client.post("/api/staff/actions", json={"data": text}, headers=staff))
    await assert_400(await client.post("/api/staff/actions", json={"data": "x", "note": text}, headers=staff))
    await assert_400(await client.post("/api/staff/signin", json={"login": text, "password": "x"}))
    # The conversation goes on: the refused text left nothing behind.
    assert (await post_event(client, auth, type="text", text="充电桩"))[0]["text"] == "充电桩"


async def test_plain_ids_and_text_still_work(client: TestClient) -> None:
    auth = await session(client)
    await post_event(client, auth, type="command", text="/start")
    assert (await client.get("/api/messages", params={"after": "0", "wait": "0"}, headers=auth)).status == 200
    staff = await staff_login(client)
    assert (await client.get("/api/staff/files/123456", headers=staff)).status == 404
