"""One lock per key: a user's messages handled in the order they came, a voice file made once.

`KeyedLocks` orders the work of one process; `SharedLocks` adds a Redis lock per key so that
several `serve` processes take one resident's messages one at a time, and `RunOnce` lets one
of several processes' schedulers run a periodic job per period.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from typing import Protocol, TypeVar

from redis.asyncio import BlockingConnectionPool, Redis

K = TypeVar("K")
V = TypeVar("V")

#: Seconds a Redis lock lives if its process dies holding it: longer than any step takes.
LEASE_SECONDS = 30
#: Seconds between tries while another process holds the lock.
RETRY_SECONDS = 0.005
#: Connections a process keeps to Redis at most, and how long a command waits for a free one (s).
REDIS_CONNECTIONS = 100
REDIS_WAIT_SECONDS = 20
#: Where the per-key locks live in Redis (bench/load.py reads them to tell when a chat's step is over).
LOCK_PREFIX = "yjs:lock:"
#: Deletes the lock only if this holder still owns it (its lease may have passed to another).
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


def redis_client(url: str, connections: int = REDIS_CONNECTIONS) -> Redis:
    """A Redis client whose commands wait for a free connection when all are busy.

    redis-py's default pool raises ``MaxConnectionsError`` at once past 100 connections in use:
    with a few hundred residents talking at once, a step then failed with a 500 (the load test
    found it). A command now waits for a connection, as it would for a database connection.
    """
    pool = BlockingConnectionPool.from_url(url, max_connections=connections, timeout=REDIS_WAIT_SECONDS)
    return Redis(connection_pool=pool)


class Locks(Protocol):
    """Holds a key for one piece of work at a time."""

    def hold(self, key: str) -> AbstractAsyncContextManager[None]: ...


@contextmanager
def shared_entry(table: dict[K, tuple[V, int]], key: K, make: Callable[[], V]) -> Iterator[V]:
    """The table's value for key (made if absent) while in use; the entry goes when its last user leaves."""
    value, users = table.get(key) or (make(), 0)
    table[key] = (value, users + 1)
    try:
        yield value
    finally:
        value, users = table[key]
        if users == 1:
            del table[key]
        else:
            table[key] = (value, users - 1)


class KeyedLocks:
    """In-process locks that vanish when nobody holds or waits for them.

    A held key maps to its waiters, first come first served. Nobody waits for most keys (one person's
    next message comes after the answer to the last), so taking a free key builds no lock at all: every
    web chat message takes one.
    """

    def __init__(self) -> None:
        self._waiting: dict[str, deque[asyncio.Future[None]]] = {}

    def hold(self, key: str) -> _Held:
        return _Held(self._waiting, key)


class _Held:
    """`async with` a key of KeyedLocks: in once every earlier holder has left, in the order they came."""

    __slots__ = ("key", "waiting")

    def __init__(self, waiting: dict[str, deque[asyncio.Future[None]]], key: str) -> None:
        self.waiting, self.key = waiting, key

    async def __aenter__(self) -> None:
        queue = self.waiting.get(self.key)
        if queue is None:  # free: held from now on, nobody waiting
            self.waiting[self.key] = deque()
            return
        turn = asyncio.get_running_loop().create_future()
        queue.append(turn)
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():  # handed the key as it was cancelled: pass it on
                self._leave()
            elif turn in queue:  # not yet passed over by a holder leaving
                queue.remove(turn)
            raise

    async def __aexit__(self, *_: object) -> None:
        self._leave()

    def _leave(self) -> None:
        queue = self.waiting[self.key]
        while queue:
            turn = queue.popleft()
            if not turn.done():  # the next waiter holds it now
                turn.set_result(None)
                return
        del self.waiting[self.key]


class SharedLocks:
    """A key held across every process on one Redis; waiters in this process keep their order.

    The in-process lock comes first, so one process asks Redis once per key at a time and
    its own messages go in arrival order; the Redis lock then orders the processes.
    """

    def __init__(self, redis: Redis, prefix: str = LOCK_PREFIX) -> None:
        self.redis, self.prefix = redis, prefix
        self.local = KeyedLocks()

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        async with self.local.hold(key):
            name, token = self.prefix + key, uuid.uuid4().hex
            while not await self.redis.set(name, token, nx=True, ex=LEASE_SECONDS):
                await asyncio.sleep(RETRY_SECONDS)
            try:
                yield
            finally:
                await self.redis.eval(_RELEASE, 1, name, token)  # type: ignore[misc]


class RunOnce:
    """Lets one process of many run a periodic job per period: the first to claim the period runs it."""

    def __init__(self, redis: Redis | None, prefix: str = "yjs:once:") -> None:
        self.redis, self.prefix = redis, prefix

    async def claim(self, job: str, period_seconds: float) -> bool:
        """True for the first caller in this period (always, in a single process without Redis)."""
        if self.redis is None:
            return True
        # A little under the period, so the next round's claim is free however the timers drift.
        lease_ms = max(int(period_seconds * 900), 1)
        return bool(await self.redis.set(self.prefix + job, "1", nx=True, px=lease_ms))
