"""The one idempotency ledger: keys of work taken in or done, for platform updates and actors alike.

A platform update claims its key before it is handled (``claim``) and gives it back when
handling failed (``release``), so the platform's re-send is handled once. An actor looks
its key up (``seen``) and records it with its effect (``record``); see ``workers.once``.
The two kinds never share a key: inbound keys start with ``inbound:``, actors' with
their job (``casework.jobs``).
"""

from __future__ import annotations

import datetime as dt

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.models import Model

from models import db


class Processed(Model):
    """An idempotency key of work already done; a redelivered message finds it and stops."""

    key = fields.CharField(max_length=160, primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "processed"


async def seen(key: str) -> bool:
    return await Processed.exists(key=key)


async def claim(key: str) -> bool:
    """Record the key; False if it was there already (a twin got there first)."""
    try:
        await Processed.create(key=key)
    except IntegrityError:
        return False
    return True


async def claim_lease(key: str, lease: dt.timedelta) -> dt.timedelta | None:
    """Claim work in progress under ``key``: None when claimed, else the age of the claim that holds it.

    A claim older than ``lease`` is taken to be a dead worker's and claimed anew.
    """
    if await claim(key):
        return None
    now = db.now()
    if await Processed.filter(key=key, created_at__lt=now - lease).delete():
        return None if await claim(key) else dt.timedelta(0)
    held = await Processed.get_or_none(key=key)
    return now - held.created_at if held else dt.timedelta(0)


async def settle(claimed: str, key: str) -> None:
    """Turn a claim of work into the record that it is done."""
    await claim(key)  # False: a twin recorded it first (after our claim had run out)
    await release(claimed)


async def release(key: str) -> None:
    """Forget a claim whose work failed, so the next delivery can do it."""
    await Processed.filter(key=key).delete()


async def first_delivery(key: str) -> bool:
    """Claim a platform update before working on it: a re-send arriving meanwhile finds the claim and stops."""
    return await claim(f"inbound:{key}")


async def forget_delivery(key: str) -> None:
    """Release the claim of an update whose handling failed, so the platform's re-send can succeed."""
    await release(f"inbound:{key}")
