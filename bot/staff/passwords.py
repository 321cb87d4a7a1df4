"""Desk passwords: argon2id through argon2-cffi, hashed off the event loop; and the lockout after failures."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from models import db
from models.staff import SignInFailures

#: argon2-cffi's defaults (argon2id, RFC 9106's low-memory profile).
_HASHER = PasswordHasher()
#: Checked against when no account has the login, so an unknown login takes as long as a wrong password.
_DUMMY = _HASHER.hash("no such account")
#: Shorter passwords are refused when set.
MIN_LENGTH = 10


def password_problem(password: str) -> str | None:
    """The locale key saying why a new password is refused, else None."""
    if len(password) < MIN_LENGTH:
        return "staffview.password_short"
    if len(password) > 256:
        return "staffview.password_long"
    return None


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


async def hash_password_async(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(None, _HASHER.hash, password)


def _verify(stored: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(stored: str | None, password: str) -> bool:
    """Whether the password matches the stored hash (None, an account without one, never matches)."""
    return await asyncio.get_running_loop().run_in_executor(None, _verify, stored, password)


@dataclass(frozen=True)
class LockPolicy:
    """After ``account_failures`` wrong passwords for one login, or ``address_failures`` from one
    address, within ``minutes``, sign-in is refused there for ``minutes``."""

    account_failures: int = 5
    address_failures: int = 20
    minutes: int = 15


class Lockout:
    """Failed sign-ins counted in the database, so every web process refuses a locked account alike."""

    def __init__(self, policy: LockPolicy) -> None:
        self.policy = policy

    def _limit(self, key: str) -> int:
        return self.policy.account_failures if key.startswith("account:") else self.policy.address_failures

    async def locked_until(self, keys: list[str]) -> dt.datetime | None:
        """The latest moment until which any of the keys is locked, if one is locked now."""
        now = db.now()
        rows = await SignInFailures.filter(key__in=keys, locked_until__gt=now)
        return max((r.locked_until for r in rows if r.locked_until), default=None)

    async def failed(self, keys: list[str]) -> dt.datetime | None:
        """Counts one failure against each key; the moment a key is now locked until, if one is."""
        now, window = db.now(), dt.timedelta(minutes=self.policy.minutes)
        until = None
        for key in keys:
            try:
                row, created = await SignInFailures.get_or_create(key=key, defaults={"since": now, "failures": 1})
            except IntegrityError:  # another process made the row at the same moment: count on it
                row, created = await SignInFailures.get(key=key), False
            if not created:
                if row.since < now - window:  # an old run of failures is forgotten
                    await SignInFailures.filter(id=row.id).update(failures=1, since=now, locked_until=None)
                else:
                    await SignInFailures.filter(id=row.id).update(failures=F("failures") + 1)
                await row.refresh_from_db()
            if row.failures >= self._limit(key):
                await SignInFailures.filter(id=row.id).update(locked_until=now + window, failures=0, since=now)
                until = now + window
        return until

    async def succeeded(self, account_key: str) -> None:
        await SignInFailures.filter(key=account_key).delete()
