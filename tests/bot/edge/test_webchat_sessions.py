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
    refused = await client.get("/api/messages", headers=auth)
    # the token of a session the person ended is told so, not that they were away too long
    assert refused.status == 401 and "会话已结束" in (await refused.json())["message"]
    assert (await client.post("/api/session/end", headers=auth)).status == 401
    assert await ConversationState.filter(user=user).exists()  # the conversation stays for the service


async def test_sessions_opened_and_ended_together_share_one_statement_each(db) -> None:  # type: ignore[no-untyped-def]
    # Opening a session was a transaction of its own, which on SQLite every batch of steps queued behind:
    # the web chat benchmark's first step of a session had a p99 of 240 ms. Opened and ended in the steps'
    # group commit now, a batch's people, sessions and endings are one statement each.
    import asyncio
    import datetime as dt

    from bot.channels.webchat_sessions import ENDINGS, OPENINGS, WebchatSessions
    from casework.commits import GroupCommit
    from models.webchat import WebchatSession

    at = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
    moments = iter([at, at + dt.timedelta(seconds=1), at + dt.timedelta(minutes=5), at + dt.timedelta(minutes=6)])
    sessions = WebchatSessions(dt.timedelta(hours=24), lambda: next(moments), commits=GroupCommit())
    calls: dict[str, int] = {}
    for stage, name in ((OPENINGS, "_Openings"), (ENDINGS, "_Endings")):
        real = stage.write

        async def counted(items, real=real, name=name):  # type: ignore[no-untyped-def]
            calls[name] = calls.get(name, 0) + 1
            return await real(items)

        stage.write = counted  # type: ignore[method-assign]
    try:
        one, two = await asyncio.gather(sessions.open("w-batch-1", "zh_CN"), sessions.open("w-batch-2", "en"))
        assert calls == {"_Openings": 1}
        assert [u.locale for u in await User.filter(id__in=[one.id, two.id]).order_by("id")] == ["zh_CN", "en"]
        assert (await User.get(id=one.id)).created_at is not None  # stamped as the ORM's create would
        rows = {s.user_id: s for s in await WebchatSession.filter(user_id__in=[one.id, two.id])}
        assert rows[one.id].active_at == at and rows[two.id].active_at == at + dt.timedelta(seconds=1)
        await WebchatMessage.create(user_id=one.id, sender="user", payload={"text": "你好"}, created_at=at)
        await WebchatMessage.create(user_id=two.id, sender="user", payload={"text": "hello"}, created_at=at)
        ends = [sessions.end(user, rows[user.id]) for user in (one, two)]
        await asyncio.gather(*ends)
        assert calls == {"_Openings": 1, "_Endings": 1}
    finally:
        for stage in (OPENINGS, ENDINGS):
            del stage.write  # type: ignore[method-assign]
    ended = {s.user_id: s.ended_at for s in await WebchatSession.filter(user_id__in=[one.id, two.id])}
    assert ended == {one.id: at + dt.timedelta(minutes=5), two.id: at + dt.timedelta(minutes=6)}
    assert not await WebchatMessage.filter(user_id__in=[one.id, two.id]).exists()  # the history is cleared
