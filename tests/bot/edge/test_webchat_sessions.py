"""Issue 11 item 7: idle expiry, "end and clear", and a history that never replays ID numbers or mobiles."""

from __future__ import annotations

from aiohttp.test_utils import TestClient
from webchat_client import button, post_event, session

from models.conversation import ConversationState
from models.user import User
from models.webchat import WebchatMessage

ID, PHONE = "371302198506120027", "13800138000"


async def start_ev_charger(client: TestClient, auth: dict[str, str]) -> None:
    await post_event(client, auth, type="command", text="/start")
    found = await post_event(client, auth, type="text", text="充电桩")
    notice = await post_event(client, auth, type="button", data=button(found, "sc:ev-charger-home"))
    await post_event(client, auth, type="button", data=button(notice, "start"))


async def test_a_20_minute_old_token_does_not_replay_the_id_number(client: TestClient, clock) -> None:  # type: ignore[no-untyped-def]
    auth = await session(client)
    await start_ev_charger(client, auth)
    await post_event(client, auth, type="text", text="张三")
    typed = await post_event(client, auth, type="text", text=ID)
    assert typed[0]["text"] == ID  # the echo right after typing is as typed
    await post_event(client, auth, type="text", text=PHONE)
    clock.advance(minutes=20)
    history = await (await client.get("/api/messages?after=0", headers=auth)).json()
    texts = "\n".join(m["text"] for m in history["messages"])
    assert ID not in texts and PHONE not in texts
    assert "371*************27" in texts and "138****8000" in texts


async def test_an_idle_session_is_refused_politely(client: TestClient, clock) -> None:  # type: ignore[no-untyped-def]
    auth = await session(client)
    await post_event(client, auth, type="command", text="/start")
    clock.advance(hours=23)
    assert (await client.get("/api/messages", headers=auth)).status == 200
    await post_event(client, auth, type="text", text="充电桩")  # activity: the idle time starts again
    clock.advance(hours=24, minutes=1)
    refused = await client.get("/api/messages", headers=auth)
    assert refused.status == 401 and "新的会话" in (await refused.json())["message"]
    assert (await client.post("/api/events", json={"type": "text", "text": "x"}, headers=auth)).status == 401


async def test_messages_within_a_minute_do_not_write_the_idle_clock_again(client: TestClient, clock) -> None:  # type: ignore[no-untyped-def]
    from models.webchat import WebchatSession

    auth = await session(client)
    user = await User.get(external_id=auth["Authorization"].split()[1].split(".")[0])
    opened = (await WebchatSession.get(user=user)).active_at
    clock.advance(seconds=30)
    await post_event(client, auth, type="command", text="/start")
    assert (await WebchatSession.get(user=user)).active_at == opened  # no write per message
    clock.advance(seconds=31)
    await post_event(client, auth, type="text", text="充电桩")
    assert (await WebchatSession.get(user=user)).active_at > opened  # a minute on: the clock restarts


async def test_end_and_clear_stops_the_token_and_deletes_the_history(client: TestClient) -> None:
    auth = await session(client)
    await start_ev_charger(client, auth)
    user = await User.get(external_id=auth["Authorization"].split()[1].split(".")[0])
    assert await WebchatMessage.filter(user=user).count() > 0
    ended = await client.post("/api/session/end", headers=auth)
    assert ended.status == 200 and "已清除" in (await ended.json())["message"]
    assert await WebchatMessage.filter(user=user).count() == 0
    assert (await client.get("/api/messages", headers=auth)).status == 401
    assert (await client.post("/api/session/end", headers=auth)).status == 401
    assert await ConversationState.filter(user=user).exists()  # the conversation stays for the service
