"""Work for the queue, written in the same transaction as the change that causes it.

Nothing reaches Dramatiq unless its transaction committed, and nothing is lost when
Redis is down: the relay sends pending rows when it can.
"""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class Outbox(Model):
    id = fields.IntField(primary_key=True)
    actor = fields.CharField(max_length=64)
    payload: dict[str, Any] = fields.JSONField()
    #: Also the idempotency key the actor records with its effect.
    key = fields.CharField(max_length=160, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox"
        indexes = (("sent_at", "id"),)


class DeadLetter(Model):
    """A message that failed every retry, kept for an admin to look at and replay."""

    id = fields.IntField(primary_key=True)
    actor = fields.CharField(max_length=64)
    payload: dict[str, Any] = fields.JSONField()
    key = fields.CharField(max_length=160)
    error = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    replayed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "dead_letters"


async def enqueue(actor: str, key: str, **payload: Any) -> None:
    """Add work to the outbox; call inside the transaction of the change that causes it.

    A key already present means the same work was queued before: nothing is added.
    """
    # One INSERT … ON CONFLICT DO NOTHING; get_or_create took a SELECT, a savepoint, an INSERT and a release.
    await Outbox.bulk_create([Outbox(key=key, actor=actor, payload={**payload, "key": key})], ignore_conflicts=True)


async def requeue(actor: str, key: str, payload: dict[str, Any]) -> None:
    """Add work to the outbox under ``key`` with ``payload`` as it is: a message sent before, whose payload
    keeps its own idempotency key (``enqueue`` gives the payload the row's key)."""
    await Outbox.bulk_create([Outbox(key=key, actor=actor, payload=payload)], ignore_conflicts=True)
