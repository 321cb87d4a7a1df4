"""人工客服's actors: what staff say and do, pushed to the resident; the sweep of handovers nobody took."""

from __future__ import annotations

import logging
from typing import Any

import dramatiq
from tortoise.transactions import in_transaction

from casework import jobs
from casework.jobs import Job
from casework.live import LiveDesk
from casework.livehours import LivePolicy
from handlers.events import Button, Reply
from models.live import LiveChat
from models.user import User
from workers import services
from workers.broker import installed
from workers.cases import CHANNEL_RETRIES
from workers.once import once
from workers.queues import Queues

#: The entry point's broker; importing this module before `workers.broker.install` raises.
broker = installed()

log = logging.getLogger(__name__)


@dramatiq.actor(broker=broker, actor_name=Job.PUSH_LIVE, queue_name=Queues.PUSHES, **CHANNEL_RETRIES)
@once()
async def push_live(chat_id: int, key: str, reply: dict[str, Any]) -> None:
    """One message of a handover to its resident, in their channel (WeChat holds what its 48-hour rule bars)."""
    chat = await LiveChat.get(id=chat_id)
    user = await User.get(id=chat.user_id)  # type: ignore[attr-defined]
    buttons = tuple(Button(b["label"], b["data"]) for b in reply.get("buttons", []))
    sent = await services.current().channels.push(user.channel, user.external_id, [Reply(reply["text"], buttons)], key)
    if not sent:
        raise RuntimeError(f"no channel {user.channel!r} in this worker to reach user {user.id}")
    if user.elder_mode:  # read aloud after the text, as status notices are
        async with in_transaction():
            await jobs.speak_live(user.id, key, reply["text"], user.locale)
        services.current().relay.kick()


@dramatiq.actor(broker=broker, actor_name=Job.CHECK_LIVE_WAITS, queue_name=Queues.HOUSEKEEPING, max_retries=3)
async def check_live_waits(wait_minutes: int) -> None:
    """Safe to run from several schedulers at once: each handover is ended by a conditional update."""
    svc = services.current()
    desk = LiveDesk(svc.catalog, svc.calendar, LivePolicy(wait_minutes=wait_minutes), svc.now)
    if expired := await desk.expire():
        svc.relay.kick()
        log.info("%d handovers to a person timed out; 留言 offered", expired)
