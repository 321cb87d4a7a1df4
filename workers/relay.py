"""Moves committed outbox rows to the broker and marks them sent.

At least once: a crash between send and mark sends again, which the actors'
idempotency keys absorb. When the broker cannot be reached the rows wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import dramatiq
from tortoise.transactions import in_transaction

from models import db
from models.outbox import Outbox

log = logging.getLogger(__name__)

#: Seconds between looks at the outbox when nobody kicks the relay.
POLL_SECONDS = 1.0
BATCH = 200


class Relay:
    def __init__(self, broker: dramatiq.Broker, poll_seconds: float | None = None) -> None:
        self.broker = broker
        self.poll_seconds = POLL_SECONDS if poll_seconds is None else poll_seconds
        self._kicked = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.failures = 0

    def kick(self) -> None:
        """Something was just committed to the outbox: send it now rather than at the next poll."""
        self._kicked.set()

    async def relay_once(self) -> int:
        sent: list[int] = []
        async with in_transaction():
            rows = await Outbox.filter(sent_at=None).order_by("id").limit(BATCH).select_for_update(skip_locked=True)
            for row in rows:
                try:
                    self.broker.get_actor(row.actor).send_with_options(kwargs=row.payload)
                except Exception as exc:  # Redis down or unreachable: the rows stay pending
                    self.failures += 1
                    log.warning("outbox relay cannot send %s (%s); will retry", row.key, type(exc).__name__)
                    break
                sent.append(row.id)
            if sent:
                await Outbox.filter(id__in=sent).update(sent_at=db.now())
        return len(sent)

    async def run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._kicked.wait(), self.poll_seconds)
            self._kicked.clear()
            try:
                while await self.relay_once() == BATCH:
                    pass
            except Exception:
                log.exception("outbox relay failed; trying again")

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self.run())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
