"""Messages that failed every retry are kept where an admin can see and replay them."""

from __future__ import annotations

from typing import Any

import dramatiq

from casework.jobs import Job
from models.outbox import DeadLetter
from workers.broker import installed
from workers.queues import Queues

#: The entry point's broker; importing this module before `workers.broker.install` raises.
broker = installed()


@dramatiq.actor(broker=broker, actor_name=Job.RECORD_DEAD_LETTER, queue_name=Queues.HOUSEKEEPING, max_retries=20)
async def record_dead_letter(message: dict[str, Any], retry_info: dict[str, Any]) -> None:
    kwargs = message.get("kwargs") or {}
    options = message.get("options") or {}
    await DeadLetter.create(
        actor=message.get("actor_name", "?"),
        payload=kwargs,
        key=str(kwargs.get("key", message.get("message_id", ""))),
        error=str(options.get("traceback", ""))[-4000:],
    )
