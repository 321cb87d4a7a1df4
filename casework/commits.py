"""Group commit: the saves of many people's steps share one transaction and one disk flush.

A step still replies only after its own save has committed, so nothing is less
durable; but at a thousand people at once, SQLite flushes once per batch instead
of once per step. A save that fails is retried alone, so it cannot fail the others.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from tortoise.transactions import in_transaction

Work = Callable[[], Awaitable[None]]


class GroupCommit:
    def __init__(self, max_batch: int = 256) -> None:
        self.max_batch = max_batch
        self._pending: list[tuple[Work, asyncio.Future[None]]] = []
        self._draining: asyncio.Task[None] | None = None

    async def run(self, work: Work, alone: bool = False) -> None:
        """Run work in a transaction shared with whatever else is waiting; return once committed.

        `alone`: in a transaction of its own, at once. For work that takes a row lock other processes'
        steps wait for (a day's number counter): in a batch, the lock would be held while a batch of
        other people's steps runs, and the batch would wait for any other process holding it.
        """
        if alone:
            async with in_transaction():
                await work()
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((work, done))
        if self._draining is None or self._draining.done():
            self._draining = asyncio.create_task(self._drain())
        await done

    async def _drain(self) -> None:
        while self._pending:
            batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch :]
            try:
                async with in_transaction():
                    for work, _ in batch:
                        await work()
            except Exception:
                await _one_by_one(batch)
            else:
                for _, done in batch:
                    done.set_result(None)


async def _one_by_one(batch: list[tuple[Work, asyncio.Future[None]]]) -> None:
    for work, done in batch:
        try:
            async with in_transaction():
                await work()
        except Exception as exc:
            done.set_exception(exc)
        else:
            done.set_result(None)
