"""Idempotency for actors: claim, act, record, written once here instead of in every actor.

Delivery is at least once (the relay and Redis may deliver a message twice). ``once``
makes a redelivered message whose key is recorded stop before it does anything.

- ``atomic=True``: the key is checked and recorded in the transaction of the actor's
  database effect, so the effect happens exactly once.
- otherwise (an actor that talks to a network): the key is checked, the actor runs with
  no transaction open, and the key is recorded after it returns. Duplicates are
  suppressed, not impossible: a crash after the network call and before the record
  sends again on redelivery.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from tortoise.transactions import in_transaction

from models import ledger

Work = Callable[..., Awaitable[None]]


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
                if await ledger.seen(key):
                    return
                await work(*args, **kwargs)
                await ledger.claim(key)  # False: a twin finished first; its effect and ours are the duplicate
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
