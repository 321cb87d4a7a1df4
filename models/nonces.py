"""Signed nonces already seen, so a replayed platform callback is refused in every process."""

from __future__ import annotations

import hashlib

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.models import Model


class SeenNonce(Model):
    """A signed callback's (timestamp, nonce), kept while its timestamp is still accepted, so a replay is refused.

    In the database rather than in memory so every process behind the load balancer refuses the same replay.
    """

    #: sha256 of channel, timestamp and nonce: fixed length whatever the platform sends.
    key = fields.CharField(max_length=64, primary_key=True)
    #: The request's own timestamp (Unix seconds, as signed); rows older than the accepted window can go.
    #: An integer, not a datetime: SQLite compares stored datetimes as text, across time zone offsets.
    signed_at = fields.BigIntField(db_index=True)

    class Meta:
        table = "seen_nonces"


def nonce_key(channel: str, timestamp: int, nonce: str) -> str:
    return hashlib.sha256(f"{channel}\0{timestamp}\0{nonce}".encode()).hexdigest()


async def first_nonce(key: str, signed_at: int) -> bool:
    """Record a nonce; False when it was already used (a replay), in this process or any other."""
    try:
        await SeenNonce.create(key=key, signed_at=signed_at)
    except IntegrityError:
        return False
    return True


async def forget_nonce(key: str) -> None:
    """Release a nonce whose request failed, so the platform's identical retry is not taken for a replay."""
    await SeenNonce.filter(key=key).delete()


async def prune_nonces(before: int) -> int:
    """Drop nonces signed before `before` (Unix seconds), too old to be accepted anyway; returns how many went."""
    return await SeenNonce.filter(signed_at__lt=before).delete()
