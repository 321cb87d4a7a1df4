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
import random
from collections.abc import Awaitable, Callable
from typing import Any

import dramatiq
from tortoise.exceptions import OperationalError, TransactionManagementError
from tortoise.transactions import in_transaction

from models import ledger

Work = Callable[..., Awaitable[None]]

#: How long a claim of network work holds; past it the claimer is taken to have died. Longer
#: than any platform call takes (their timeouts are 30 s); the worker entry point sets it from
#: ``YJS_CLAIM_LEASE_SECONDS``.
LEASE = dt.timedelta(seconds=60)
#: The shortest wait of a delivery that found its twin at work.
TWIN_RETRY = dt.timedelta(milliseconds=500)
#: How soon work that lost a write race to another process tries again (ms, jittered).
CONTENDED_RETRY_MS = (50, 500)
#: What the databases say when a transaction lost a race that it would win a moment later:
#: SQLite's lock upgrade in a deferred transaction (busy_timeout does not wait for it), and
#: PostgreSQL's serialization failure and deadlock.
_CONTENDED = ("database is locked", "database table is locked", "could not serialize access", "deadlock detected")


def set_lease(seconds: int) -> None:
    """The entry point's choice of lease (``settings.queue.claim_lease_seconds``), before any work runs."""
    global LEASE
    LEASE = dt.timedelta(seconds=seconds)


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
            try:
                if not atomic:
                    await _leased(key, work, args, kwargs)
                    return
                async with in_transaction():
                    if await ledger.seen(key):
                        return
                    await work(*args, **kwargs)
                    await ledger.claim(key)
            except (OperationalError, TransactionManagementError) as error:
                if not contended(error):
                    raise
                # Another process wrote first; the transaction was rolled back whole. Trying again
                # in moments, not after the actor's backoff (15 s and up), keeps the case moving.
                raise dramatiq.Retry(delay=random.randint(*CONTENDED_RETRY_MS)) from error
            if then is not None:
                then()

        return run_once

    return decorate


def contended(error: BaseException) -> bool:
    """Whether the database refused the work only because another transaction held what it needed."""
    text = " ".join(str(e).lower() for e in (error, error.__cause__, error.__context__) if e is not None)
    return any(sign in text for sign in _CONTENDED)


async def _leased(key: str, work: Work, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if await ledger.seen(key):
        return
    held = await ledger.claim_lease(f"claim:{key}", LEASE)
    if held is not None:
        # A live twin records within moments; a dead one's claim runs out with the lease. Waiting as
        # long as the claim is old finds either in a few retries, well inside every actor's budget.
        wait = min(max(held, TWIN_RETRY), LEASE - held + TWIN_RETRY)
        raise dramatiq.Retry(delay=int(wait.total_seconds() * 1000))
    try:
        await work(*args, **kwargs)
    except BaseException:
        await ledger.release(f"claim:{key}")
        raise
    await ledger.settle(f"claim:{key}", key)
