"""Status notices reach each resident in the language they use now, and are read aloud in elder mode."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from scenario_walk import Chat, walk
from staff_desk import decide_and_push

from bot.channels.webchat import WebchatInbox
from bot.settings import SpeechSettings
from bot.speech.cache import SpeechCache
from bot.speech.tts import make_tts
from handlers.events import Reply
from models.case import Case
from models.outbox import Outbox
from models.user import User
from models.webchat import WebchatMessage
from workers.speech import speak


class VoiceChannel:
    """A chat platform that takes voice messages (as Telegram and WeChat do), recording what it got."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.texts: list[str] = []
        self.voices: list[Path] = []

    async def push(self, user_ref: str, replies: list[Reply], delivery: str | None = None) -> None:
        self.texts += [r.text for r in replies]

    async def push_voice(self, user_ref: str, audio: Path, text: str = "") -> None:
        self.voices.append(audio)


async def test_a_notice_follows_the_language_the_resident_switched_to(local_services, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    channel = VoiceChannel("telegram")
    local_services.channels.add(channel)
    # Given a case filed in Chinese, and a resident who then switched to English
    chat = Chat(dialogs, files, channel="telegram")
    case = await Case.get(number=await walk(chat, catalog.get("retirement")))
    assert case.locale == "zh_CN"
    await chat.send("button", "*|lang:en")
    # When a department accepts it
    await decide_and_push(case, catalog)
    # Then the notice is in English, with no voice (elder mode is off)
    assert channel.texts and channel.texts[-1].startswith("Case") and "已受理" not in channel.texts[-1]
    assert not await Outbox.filter(actor="speak", key__contains=":push:").exists()


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="make test installs espeak-ng")
@pytest.mark.parametrize("channel_name", ["web", "telegram", "wechat"])
async def test_an_elder_hears_every_status_notice(
    local_services, dialogs, files, catalog, tmp_path, channel_name
) -> None:  # type: ignore[no-untyped-def]
    tts = make_tts(SpeechSettings())
    assert tts is not None
    local_services.voices = SpeechCache(tmp_path / "voices", tts)
    channel = WebchatInbox() if channel_name == "web" else VoiceChannel(channel_name)
    local_services.channels.add(channel)
    # Given a resident in elder mode who filed a case
    chat = Chat(dialogs, files, channel=channel_name)
    await chat.send("button", "*|elder:on")
    case = await Case.get(number=await walk(chat, catalog.get("retirement")))
    # When a department accepts and the worker pushes the notice
    await decide_and_push(case, catalog)
    # Then a speak job for that notice was queued beside its text
    user = await User.get(channel=channel_name, external_id=chat.user)
    job = (await Outbox.get(actor="speak", key__startswith=f"speak:{user.id}:push:")).payload
    assert "已受理" in job["texts"][0]
    # And the speak actor delivers it as voice on the resident's channel, once
    await speak.fn.__wrapped__(**job)
    await speak.fn.__wrapped__(**job)
    if isinstance(channel, VoiceChannel):
        assert len(channel.voices) == 1 and channel.voices[0].read_bytes()[:4] == b"OggS"
    else:
        voices = [m for m in await WebchatMessage.filter(user=user) if m.payload.get("voice")]
        assert len(voices) == 1
