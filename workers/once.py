"""Idempotency for actors: claim, act, record, written once here instead of in every actor.

Delivery is at least once (the relay and Redis may deliver a message twice). ``once``
makes a redelivered message whose key is recorded stop before it does anything.

- ``atomic=True``: the key is checked and recorded in the transaction of the actor's
  database effect, so the effect happens exactly once.
- otherwise (an actor that talks to a network): the work is claimed under a lease, runs
  with no transaction open, and its key is recorded after it returns. A twin delivered
  meanwhile finds the claim and retries later (it then finds the key and stops), so two
  deliveries do not both act. Duplicates are suppressed, not impossible: a crash after the
  network call and before the record sends again once the lease has run out.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

import dramatiq
from tortoise.transactions import in_transaction

from models import ledger

Work = Callable[..., Awaitable[None]]

#: How long a claim of network work holds; past it the claimer is taken to have died.
LEASE = dt.timedelta(minutes=5)
#: How soon a delivery that found its twin at work looks again (ms).
TWIN_RETRY_MS = 500


def once(*, atomic: bool = False, then: Callable[[], None] | None = None) -> Callable[[Work], Work]:
    """Decorate an actor function that takes its idempotency key as ``key``.

    ``then`` runs after the work and its record committed (e.g. to kick the outbox relay
    for the jobs the work queued): inside the transaction they would not be visible yet.
    """

    def decorate(work: Work) -> Work:
        signature = inspect.signature(work)

        @functools.wraps(work)
        async def run_once(*args: Any, **kwargs: Any) -> None:
            key = str(signature.bind(*args, **kwargs).arguments["key"])
            if not atomic:
                await _leased(key, work, args, kwargs)
                return
            async with in_transaction():
                if await ledger.seen(key):
                    return
                await work(*args, **kwargs)
                await ledger.claim(key)
            if then is not None:
                then()

        return run_once

    return decorate


async def _leased(key: str, work: Work, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if await ledger.seen(key):
        return
    if not await ledger.claim_lease(f"claim:{key}", LEASE):
        raise dramatiq.Retry(delay=TWIN_RETRY_MS)  # a twin is at it; by the retry it will have recorded
    try:
        await work(*args, **kwargs)
        await ledger.claim(key)
    finally:
        await ledger.release(f"claim:{key}")
