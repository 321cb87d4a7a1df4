"""Platform updates already taken in, so a redelivery is handled once."""

from __future__ import annotations

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.models import Model


class InboundUpdate(Model):
    key = fields.CharField(max_length=160, primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "inbound_updates"


async def first_delivery(key: str) -> bool:
    """Claim an update before working on it: a re-send arriving meanwhile finds the claim and stops."""
    try:
        await InboundUpdate.create(key=key)
    except IntegrityError:
        return False
    return True


async def forget_delivery(key: str) -> None:
    """Release the claim of an update whose handling failed, so the platform's re-send can succeed."""
    await InboundUpdate.filter(key=key).delete()
