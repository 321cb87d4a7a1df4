"""Elder mode end to end: the text reply first, then its voice, made by the speak actor."""

from __future__ import annotations

import shutil

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from scenario_walk import Chat

from bot.channels.webchat import WebChat, WebchatInbox
from bot.settings import SpeechSettings
from bot.speech.cache import SpeechCache
from bot.speech.tts import make_tts
from models.outbox import Outbox
from models.webchat import WebchatMessage
from workers.speech import speak

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="make test installs espeak-ng")


async def test_an_elder_hears_each_reply_after_reading_it(local_services, dialogs, files, tmp_path) -> None:  # type: ignore[no-untyped-def]
    tts = make_tts(SpeechSettings())
    assert tts is not None
    local_services.voices = SpeechCache(tmp_path / "voices", tts)
    inbox = WebchatInbox()
    local_services.channels.add(inbox)
    chat = Chat(dialogs, files, channel="web")
    # Given a resident who switched read-aloud on
    await chat.send("button", "*|elder:on")
    await chat.send("button", "*|sc:retirement")
    # Then the step queued a speak job beside the saved conversation, not before the text
    rows = await Outbox.filter(actor="speak").order_by("-id").limit(1)
    job = rows[0].payload
    assert "一次告知" in "".join(job["texts"])
    # When the speak actor runs, the voice reaches the web chat once, even if delivered twice
    await speak.fn.__wrapped__(**job)
    await speak.fn.__wrapped__(**job)
    voices = [m for m in await WebchatMessage.filter(user__external_id=chat.user) if m.payload.get("voice")]
    assert len(voices) == len(job["texts"])
    # And the page can fetch it as Ogg audio
    webchat = WebChat(dialogs, files, b"s", inbox)
    webchat.voices_dir = local_services.voices.root
    app = web.Application()
    app.add_routes(webchat.routes())
    async with TestClient(TestServer(app)) as client:
        audio = await client.get("/" + voices[0].payload["voice"])
        assert audio.status == 200 and (await audio.read())[:4] == b"OggS"
        assert (await client.get("/api/voice/../../etc/passwd")).status == 404


async def test_the_read_aloud_button_of_a_bubble(local_services, dialogs, files, tmp_path) -> None:  # type: ignore[no-untyped-def]
    tts = make_tts(SpeechSettings())
    assert tts is not None
    webchat = WebChat(dialogs, files, b"s")
    webchat.voices = SpeechCache(tmp_path / "voices", tts)
    webchat.voices_dir = webchat.voices.root
    app = web.Application()
    app.add_routes(webchat.routes())
    async with TestClient(TestServer(app)) as client:
        token = (await (await client.post("/api/session", json={"lang": "zh_CN"})).json())["token"]
        auth = {"Authorization": f"Bearer {token}"}
        await client.post("/api/events", json={"type": "command", "text": "/start"}, headers=auth)
        turned = await (
            await client.post("/api/events", json={"type": "button", "data": "*|elder:on"}, headers=auth)
        ).json()
        assert turned["elder"] is True
        bubble = turned["messages"][-1]
        url = (await (await client.post("/api/voice", json={"message_id": bubble["id"]}, headers=auth)).json())["url"]
        assert (await (await client.get(f"/{url}")).read())[:4] == b"OggS"
        assert (await client.post("/api/voice", json={"message_id": 999999}, headers=auth)).status == 404
