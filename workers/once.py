"""Idempotency: at-least-once delivery, but each piece of work takes effect once."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from models.outbox import Processed


async def done_before(key: str) -> bool:
    return await Processed.exists(key=key)


async def mark_done(key: str) -> bool:
    """Record the key; call in the transaction of the effect. False if a twin got there first."""
    try:
        await Processed.create(key=key)
    except IntegrityError:
        return False
    return True
