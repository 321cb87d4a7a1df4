"""Read-aloud: the voice follows the text reply, made here so the text is never held back."""

from __future__ import annotations

import logging

import dramatiq

from casework.jobs import Job
from models.user import User
from workers import services
from workers.broker import installed
from workers.once import once
from workers.queues import Queues

#: The entry point's broker; importing this module before `workers.broker.install` raises.
broker = installed()

log = logging.getLogger(__name__)


@dramatiq.actor(
    broker=broker,
    actor_name=Job.SPEAK,
    queue_name=Queues.SPEECH,
    max_retries=3,
    on_retry_exhausted=Job.RECORD_DEAD_LETTER,
)
@once()
async def speak(user_id: int, texts: list[str], locale: str, key: str) -> None:
    """Synthesize the replies and send them as voice messages; no transaction is open meanwhile."""
    svc = services.current()
    user = await User.get(id=user_id)
    channel = svc.channels.get(user.channel)
    if svc.voices is None or channel is None or not hasattr(channel, "push_voice"):
        log.info("no voice for user %s: speech or the channel's voice messages are not available here", user_id)
        return
    # Synthesis is slow: make all the audio first, so the voices arrive together.
    audio = [(await svc.voices.voice_for(text, locale, elder=True), text) for text in texts if text.strip()]
    for path, text in audio:
        await channel.push_voice(user.external_id, path, text)
