"""The web chat page and its JSON API, over real HTTP on loopback."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from samples import EXE, JPEG
from webchat_client import answer_to_first_document, button, post_event, session

from bot.channels.webchat import WebChat
from bot.files import FileStore
from handlers.events import Reply


@pytest.fixture
async def webchat(dialogs, files, channels) -> WebChat:
    chat = WebChat(dialogs, files, secret=b"test-secret")
    channels.add(chat.inbox)
    return chat


@pytest.fixture
async def client(webchat: WebChat) -> AsyncIterator[TestClient]:
    app = web.Application()
    app.add_routes(webchat.routes())
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def test_the_page_is_served(client: TestClient) -> None:
    response = await client.get("/")
    assert response.status == 200
    page = await response.text()
    assert "<html" in page and "api/events" in page


async def test_strings_come_from_the_locales(client: TestClient) -> None:
    zh = await (await client.get("/api/strings?lang=zh_CN")).json()
    en = await (await client.get("/api/strings?lang=en")).json()
    assert zh["title"] == "高效办成一件事" and en["send"] == "Send" and set(zh) == set(en)


async def test_a_forged_or_missing_token_is_refused(client: TestClient) -> None:
    assert (await client.get("/api/messages")).status == 401
    forged = {"Authorization": "Bearer w-1234.0000"}
    assert (await client.post("/api/events", json={"type": "text", "text": "hi"}, headers=forged)).status == 401


async def test_a_token_once_checked_still_refuses_another_for_the_same_session(
    client: TestClient, webchat: WebChat
) -> None:
    auth = await session(client)
    user_ref, _, token = auth["Authorization"].removeprefix("Bearer ").partition(".")
    assert (await client.get("/api/messages", headers=auth)).status == 200
    assert webchat.tokens.get(user_ref) == token  # kept once it matched
    for wrong in ("0" * 40, token[:-1] + ("0" if token[-1] != "0" else "1"), "", token + "0"):
        forged = {"Authorization": f"Bearer {user_ref}.{wrong}"}
        assert (await client.get("/api/messages", headers=forged)).status == 401
    guessed = "w-" + "ab" * 8
    assert (await client.get("/api/messages", headers={"Authorization": f"Bearer {guessed}.{'1' * 40}"})).status == 401
    assert webchat.tokens.get(guessed) is None  # a guess is not kept
    assert (await client.get("/api/messages", headers=auth)).status == 200


async def test_malformed_events_are_refused(client: TestClient) -> None:
    auth = await session(client)
    assert (await client.post("/api/events", data=b"not json", headers=auth)).status == 400
    assert (await client.post("/api/events", json={"type": "nope", "text": "x"}, headers=auth)).status == 400
    assert (await client.post("/api/events", json={"type": "text", "text": " "}, headers=auth)).status == 400


async def test_a_conversation_with_an_upload_and_history(client: TestClient) -> None:
    auth = await session(client)
    welcome = await post_event(client, auth, type="command", text="/start")
    assert len(welcome) == 1 and "您好" in welcome[0]["text"]
    found = await post_event(client, auth, type="text", text="充电桩")
    notice = await post_event(client, auth, type="button", data=button(found, "sc:ev-charger-home"))
    assert notice[0]["text"] == "居民充电桩报装"  # the tapped label is echoed as the person's message
    assert "一次告知" in notice[1]["text"]
    started = await post_event(client, auth, type="button", data=button(notice, "start"))
    await answer_to_first_document(client, auth, started)
    form = aiohttp.FormData()
    form.add_field("file", EXE, filename="photo.jpg", content_type="image/jpeg")
    refused = await (await client.post("/api/files", data=form, headers=auth)).json()
    assert "不是可接受的格式" in refused["messages"][1]["text"]
    album = aiohttp.FormData()
    album.add_field("file", JPEG, filename="front.jpg", content_type="image/jpeg")
    album.add_field("file", JPEG + b"x", filename="back.jpg", content_type="image/jpeg")
    taken = await (await client.post("/api/files", data=album, headers=auth)).json()
    assert "（2个文件）" in taken["messages"][1]["text"]
    history = await (await client.get("/api/messages?after=0", headers=auth)).json()
    assert len(history["messages"]) > 20 and history["locale"] == "zh_CN"


async def test_an_oversized_upload_gets_a_polite_reply(dialogs, channels, tmp_path) -> None:
    chat = WebChat(dialogs, FileStore(tmp_path / "m", cap_bytes=64 * 1024), secret=b"s")
    app = web.Application()
    app.add_routes(chat.routes())
    async with TestClient(TestServer(app)) as client:
        auth = await session(client)
        notice = await post_event(client, auth, type="button", data="*|sc:ev-charger-home")
        started = await post_event(client, auth, type="button", data=button(notice, "start"))
        await answer_to_first_document(client, auth, started)
        form = aiohttp.FormData()
        form.add_field("file", JPEG + bytes(1024 * 1024), filename="big.jpg", content_type="image/jpeg")
        response = await client.post("/api/files", data=form, headers=auth)
        assert response.status == 200
        replies = (await response.json())["messages"]
        assert "超过了" in replies[1]["text"]


async def test_a_push_reaches_a_waiting_long_poll(client: TestClient, webchat: WebChat) -> None:
    auth = await session(client)
    await post_event(client, auth, type="command", text="/start")
    seen = (await (await client.get("/api/messages?after=0", headers=auth)).json())["messages"][-1]["id"]
    user_ref = auth["Authorization"].split()[1].split(".")[0]
    waiting = asyncio.create_task(client.get(f"/api/messages?after={seen}&wait=10", headers=auth))
    await asyncio.sleep(0.2)
    await webchat.inbox.push(user_ref, [Reply("您的办件已受理")])
    response = await asyncio.wait_for(waiting, 5)
    assert [m["text"] for m in (await response.json())["messages"]] == ["您的办件已受理"]
    # Nobody waits now, so nothing is kept for the person: a worker pushes to everyone and no page polls it
    assert len(webchat.inbox.waiting) == 0
    await webchat.inbox.push(user_ref, [Reply("请等待审核")])
    await post_event(client, auth, type="text", text="你好")
    assert len(webchat.inbox.waiting) == 0


async def test_a_push_made_again_by_another_worker_is_shown_once(client: TestClient, webchat: WebChat) -> None:
    # Given a resident whose status push a worker made and then died before recording it
    auth = await session(client)
    await post_event(client, auth, type="command", text="/start")
    user_ref = auth["Authorization"].split()[1].split(".")[0]
    notice = [Reply("您的办件已受理"), Reply("请等待审核")]
    await webchat.inbox.push(user_ref, notice, "push:7")
    # When the next worker makes the same delivery again
    await webchat.inbox.push(user_ref, notice, "push:7")
    # Then the page shows it once, while a different delivery still arrives
    await webchat.inbox.push(user_ref, [Reply("您的办件已办结")], "push:8")
    texts = [m["text"] for m in (await (await client.get("/api/messages?after=0", headers=auth)).json())["messages"]]
    assert texts.count("您的办件已受理") == 1 and texts.count("请等待审核") == 1 and "您的办件已办结" in texts


async def test_read_aloud_without_a_speech_engine_says_so(client: TestClient) -> None:
    auth = await session(client)
    welcome = await post_event(client, auth, type="command", text="/start")
    response = await client.post("/api/voice", json={"message_id": welcome[-1]["id"]}, headers=auth)
    assert response.status == 503 and "espeak-ng" in (await response.json())["message"]


async def test_the_web_app_keeps_the_inbox_as_the_web_channel(
    dialogs, files, channels, catalog, caplog: pytest.LogCaptureFixture
) -> None:
    # Workers in the demo process push text and voice through the "web" channel: it must stay the inbox.
    from bot.app import App
    from bot.channels.webchat import WebchatInbox
    from bot.settings import Settings
    from bot.web import build_web
    from handlers.workdays import default_calendar
    from workers.broker import installed
    from workers.relay import Relay
    from workers.staffboards import StaffBoards

    inbox = WebchatInbox()
    channels.add(inbox)
    settings = Settings.from_env({"YJS_DATA_DIR": str(files.root.parent)})
    app = App(settings, catalog, default_calendar(), dialogs, files, channels, StaffBoards(), Relay(installed()))
    with caplog.at_level(logging.WARNING):
        build_web(app)
    assert channels.get("web") is inbox and hasattr(inbox, "push_voice")
    # The embedded demo on loopback has its staff demo accounts on, and says so once (it said so twice).
    assert caplog.text.count("staff demo accounts are on") == 1


async def test_a_forged_non_ascii_session_is_refused_not_a_crash(client: TestClient) -> None:
    for forged in ("Bearer 用户.签名", "Bearer x.\udce9"):
        response = await client.get("/api/messages?after=0", headers={"Authorization": forged})
        assert response.status == 401


async def test_the_page_is_told_the_limits_it_checks_before_sending(client: TestClient, webchat: WebChat) -> None:
    config = await (await client.get("/api/config")).json()
    assert config["max_text"] == 2000 and config["max_files"] == 10
    assert config["max_file_bytes"] == webchat.files.cap
    assert config["file_types"]["image/jpeg"] == "image" and config["file_types"]["application/pdf"] == "pdf"


async def test_each_answer_says_what_file_the_step_takes(client: TestClient) -> None:
    auth = await session(client)
    notice = await post_event(client, auth, type="button", data="*|sc:ev-charger-home")
    start = {"type": "button", "data": button(notice, "start")}
    asked = await (await client.post("/api/events", json=start, headers=auth)).json()
    assert asked["upload"] is None  # a question: no file expected
    await answer_to_first_document(client, auth, asked["messages"])
    polled = await (await client.get("/api/messages?after=0", headers=auth)).json()
    assert polled["upload"] == {"kinds": ["image", "pdf"], "max_bytes": 10 * 1024 * 1024}


async def test_too_long_a_message_is_refused_and_the_question_asked_again(client: TestClient) -> None:
    auth = await session(client)
    notice = await post_event(client, auth, type="button", data="*|sc:ev-charger-home")
    question = await post_event(client, auth, type="button", data=button(notice, "start"))
    refused = await post_event(client, auth, type="text", text="长" * 5000)
    assert "太长" in refused[0]["text"] and refused[-1]["text"] == question[-1]["text"]
    assert all("长长长" not in m["text"] for m in refused)  # nothing of it is stored or echoed


async def test_a_voice_is_attached_to_the_message_it_reads(client: TestClient, webchat: WebChat, tmp_path) -> None:
    auth = await session(client)
    welcome = await post_event(client, auth, type="command", text="/start")
    user_ref = auth["Authorization"].split()[1].split(".")[0]
    await webchat.inbox.push_voice(user_ref, tmp_path / f"{'b' * 64}.ogg", welcome[-1]["text"])
    voice = (await (await client.get(f"/api/messages?after={welcome[-1]['id']}", headers=auth)).json())["messages"]
    assert voice[0]["voice"] == f"api/voice/{'b' * 64}.ogg" and voice[0]["of"] == welcome[-1]["id"]


async def test_a_voice_is_served_as_mp3_for_browsers_without_opus(
    client: TestClient, webchat: WebChat, tmp_path
) -> None:
    import io
    import wave

    from bot.speech.encode import wav_to_ogg_opus

    silence = io.BytesIO()
    with wave.open(silence, "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(22050), w.writeframes(bytes(22050))
    webchat.voices_dir = tmp_path
    (tmp_path / f"{'c' * 64}.ogg").write_bytes(wav_to_ogg_opus(silence.getvalue()))
    response = await client.get(f"/api/voice/{'c' * 64}.mp3")
    body = await response.read()
    assert response.status == 200 and response.headers["Content-Type"] == "audio/mpeg"
    assert body[:3] == b"ID3" or body[0] == 0xFF  # an MP3 stream, not the Ogg file
    assert (await client.get(f"/api/voice/{'d' * 64}.mp3")).status == 404  # no voice of that name


async def test_a_message_and_its_replies_are_stored_in_the_steps_own_save(client: TestClient, webchat: WebChat) -> None:
    # Each stored message on its own was a transaction and a disk flush: most of a step's time under load.
    # The person's words and the replies are written in the step's own save: one transaction, shared with
    # other people's steps by the group commit, as parts its stages write for a whole batch at once.
    from bot.channels.webchat_inbox import SAID
    from casework.repository import ADVANCES

    commits = webchat.dialogs.repo.commits
    ran: list[tuple[object, list[object]]] = []
    real_run = commits.run

    async def counted(work=None, alone=False, parts=()):  # type: ignore[no-untyped-def]
        ran.append((work, [p.stage for p in parts]))
        await real_run(work, alone, parts)

    commits.run = counted  # type: ignore[method-assign]
    auth = await session(client)
    await post_event(client, auth, type="command", text="/start")
    ran.clear()
    shown = await post_event(client, auth, type="text", text="充电桩")
    assert shown[0]["from"] == "user" and len(shown) >= 2
    assert ran == [(None, [ADVANCES, SAID])], ran  # one save: no work of its own, two parts
    history = await client.get("/api/messages", headers=auth)
    stored = (await history.json())["messages"]
    assert [m["id"] for m in stored[-len(shown) :]] == [m["id"] for m in shown]
    assert stored[-len(shown)]["text"] == "充电桩" and stored[-len(shown)]["from"] == "user"


async def test_a_save_run_again_after_its_batch_failed_keeps_one_copy_of_what_was_said(db) -> None:  # type: ignore[no-untyped-def]
    # The group commit runs a save again alone when its batch failed; the rolled-back rows must not show.
    from tortoise.transactions import in_transaction

    from bot.channels.webchat import _Transcript
    from models.user import user_for
    from models.webchat import WebchatMessage

    user = await user_for("web", "w-rerun", "zh_CN")
    transcript = _Transcript(user.id, "充电桩")
    choose, receipt = Reply("请选择"), Reply("已受理，办件编号 LG20261203-0001")

    async def saved(part) -> None:  # type: ignore[no-untyped-def]
        async with in_transaction():
            await part.stage.write([part.item])

    part = transcript([choose], 0)
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await part.stage.write([part.item])
            raise RuntimeError("another step of the batch failed")
    await saved(part)
    await saved(transcript([receipt], 1))  # the engine's answer, saved after the step
    transcript([Reply("您的办件已提交")], 2)  # an answer whose save lost a race with another process: not written
    # and the replies no save wrote are written last, once
    late = transcript.saves[2][2]
    await transcript.rest([choose, receipt, *late])
    await transcript.rest([choose, receipt, *late])
    rows = [row for row, _ in transcript.shown()]
    assert [(r.sender, r.payload["text"]) for r in rows] == [
        ("user", "充电桩"),
        ("bot", "请选择"),
        ("bot", "已受理，办件编号 LG20261203-0001"),
        ("bot", "您的办件已提交"),
    ]
    stored = await WebchatMessage.filter(user_id=user.id).order_by("id").values_list("id", flat=True)
    assert stored == [r.id for r in rows]


async def test_two_polls_of_one_person_are_both_woken_and_leave_nothing_behind() -> None:
    from bot.channels.webchat_inbox import Wakeups

    waiting = Wakeups()
    first, second = (asyncio.create_task(waiting.wait(7, 10)) for _ in range(2))
    await asyncio.sleep(0.05)
    assert len(waiting) == 1
    waiting.wake(8)  # someone else: nobody here wakes
    await asyncio.sleep(0.05)
    assert not first.done() and not second.done()
    waiting.wake(7)
    await asyncio.wait_for(asyncio.gather(first, second), 5)
    assert len(waiting) == 0
