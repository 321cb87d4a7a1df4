"""Short read-then-write transactions, retried when SQLite finds another process wrote past their snapshot.

On PostgreSQL ``select_for_update`` makes a second writer wait; SQLite (the embedded
topology, and the test suite with worker processes) ignores it and fails the later
writer at once with "database is locked". The transaction rolled back, so running it
again is safe.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from tortoise.exceptions import OperationalError

T = TypeVar("T")
#: Attempts before the error is raised to the caller (a request fails; an actor is retried by Dramatiq).
ATTEMPTS = 5


async def retrying_locked(transaction: Callable[[], Awaitable[T]]) -> T:
    """Run ``transaction`` (a function that opens its own), again while the database is locked."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return await transaction()
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == ATTEMPTS:
                raise
            await asyncio.sleep(0.05 * attempt)
    raise AssertionError("unreachable")
