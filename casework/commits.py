"""Group commit: the saves of many people's steps share one transaction and one disk flush.

A step still replies only after its own save has committed, so nothing is less
durable; but at a thousand people at once, SQLite flushes once per batch instead
of once per step. A save that fails is retried alone, so it cannot fail the others.

The statements every step makes (its conversation's next version, the web chat's history of it) are
handed over as `Part`s, not run: each `Stage` writes the parts of a whole batch in one statement. A
statement per step and per table, each a trip to the database's thread, was a third of a web chat step.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from tortoise.transactions import in_transaction

Work = Callable[[], Awaitable[None]]
T = TypeVar("T")
T_contra = TypeVar("T_contra", contravariant=True)


class Stage(Protocol[T_contra]):
    """Writes the items of many saves at once. Stages run in the order of `order`, all before any save's work.

    Answers one outcome per item: None when written, or the exception that save fails with (it is left out
    of the later stages and its work, the others go on). Raising fails the batch: each save is then run
    again alone.
    """

    order: int

    async def write(self, items: Sequence[T_contra]) -> Sequence[Exception | None]: ...


@dataclass(frozen=True, slots=True)
class Part(Generic[T]):
    """One save's item for a stage."""

    stage: Stage[T]
    item: T


@dataclass(frozen=True, slots=True)
class _Save:
    work: Work | None
    parts: Sequence[Part[Any]]
    done: asyncio.Future[None] | None


class GroupCommit:
    def __init__(self, max_batch: int = 256) -> None:
        self.max_batch = max_batch
        self._pending: list[_Save] = []
        self._draining: asyncio.Task[None] | None = None

    async def run(self, work: Work | None = None, alone: bool = False, parts: Sequence[Part[Any]] = ()) -> None:
        """Write `parts` and run `work` in a transaction shared with whatever else is waiting; return once
        committed. Raises what a stage answered for this save, or what its work raised.

        `alone`: in a transaction of its own, at once. For work that takes a row lock other processes'
        steps wait for (a day's number counter): in a batch, the lock would be held while a batch of
        other people's steps runs, and the batch would wait for any other process holding it.
        """
        if alone:
            async with in_transaction():
                refused = await _written([_Save(work, parts, None)])
            if refused:
                raise refused[0]
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append(_Save(work, parts, done))
        if self._draining is None or self._draining.done():
            self._draining = asyncio.create_task(self._drain())
        await done

    async def _drain(self) -> None:
        while self._pending:
            batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch :]
            try:
                async with in_transaction():
                    refused = await _written(batch)
            except Exception:
                await _one_by_one(batch)
            else:
                for i, save in enumerate(batch):
                    _settle(save, refused.get(i))


async def _written(batch: list[_Save]) -> dict[int, Exception]:
    """Every stage over the batch's parts, then each save's work, in the transaction already open.
    The saves a stage refused, by their place in the batch, with why."""
    refused: dict[int, Exception] = {}
    stages = {id(p.stage): p.stage for save in batch for p in save.parts}
    for stage in sorted(stages.values(), key=lambda s: s.order):
        places, items = [], []
        for i, save in enumerate(batch):
            if i not in refused:
                for part in save.parts:
                    if part.stage is stage:
                        places.append(i)
                        items.append(part.item)
        if items:
            for i, outcome in zip(places, await stage.write(items), strict=True):
                if outcome is not None:
                    refused.setdefault(i, outcome)
    for i, save in enumerate(batch):
        if i not in refused and save.work is not None:
            await save.work()
    return refused


def _settle(save: _Save, failed: BaseException | None) -> None:
    if save.done is None or save.done.done():
        return
    if failed is None:
        save.done.set_result(None)
    else:
        save.done.set_exception(failed)


async def _one_by_one(batch: list[_Save]) -> None:
    for save in batch:
        try:
            async with in_transaction():
                refused = await _written([save])
        except Exception as exc:
            _settle(save, exc)
        else:
            _settle(save, refused.get(0))
