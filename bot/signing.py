"""The key that signs session tokens, and the signing itself."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from bot.settings import Settings


def load_secret(settings: Settings) -> bytes:
    """YJS_SECRET, else a key made once and kept in the data directory (readable by its owner only)."""
    if configured := settings.web.secret:
        return configured.encode()
    path = Path(settings.data_dir) / "secret"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        _make_key(path)
    path.chmod(0o600)  # made by an older version, maybe wider
    key = path.read_text().strip().encode()
    if len(key) < 32:  # never sign with an empty or cut key: anyone could forge its tokens
        raise RuntimeError(f"{path} holds no usable key; remove it to have a new one made")
    return key


def _make_key(path: Path) -> None:
    """Write a new key in a private file beside ``path``, then link it into place.

    Created private in one step (a file written first and chmod-ed after is readable in between), and
    whole or not at all: a process starting at the same moment either finds no key and makes its own,
    or finds the finished file (linking never replaces one), never an empty file still being written.
    """
    descriptor, aside = tempfile.mkstemp(prefix=".secret-", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(descriptor, "w") as key_file:
            key_file.write(secrets.token_hex(32))
            key_file.flush()
            os.fsync(key_file.fileno())
        with contextlib.suppress(FileExistsError):  # another process linked its key first: both read that one
            os.link(aside, path)
    finally:
        os.unlink(aside)


#: What a signature is for, signed in front of its subject: one key signs several kinds of
#: token, and a token made for one purpose must never pass as another's.
Purpose = Literal["chat", "staff", "staff-link", "staff-csrf", "receipt"]


def sign(secret: bytes, purpose: Purpose, subject: str) -> str:
    """HMAC-SHA256 (RFC 2104) of "purpose:subject", hex, cut to 40 characters.

    The same bytes as hmac.digest, from the key's two hashes made once: hmac.digest looks the digest up in
    OpenSSL and sets the key up again on every call, and lets go of the interpreter lock while it does,
    so every web chat message waited for the lock to come back.
    """
    inner, outer = _keyed(secret)
    inner = inner.copy()
    inner.update(f"{purpose}:{subject}".encode())
    outer = outer.copy()
    outer.update(inner.digest())
    return outer.hexdigest()[:40]


_IPAD = bytes(x ^ 0x36 for x in range(256))
_OPAD = bytes(x ^ 0x5C for x in range(256))


@cache
def _keyed(secret: bytes) -> tuple[hashlib._Hash, hashlib._Hash]:
    """The HMAC key's inner and outer hashes, each already fed its padded key (a process has one or two keys)."""
    key = (hashlib.sha256(secret).digest() if len(secret) > 64 else secret).ljust(64, b"\0")
    return hashlib.sha256(key.translate(_IPAD)), hashlib.sha256(key.translate(_OPAD))


def same(given: str, expected: str) -> bool:
    """Constant-time comparison that refuses, rather than raises on, a forged non-ASCII value.

    compare_digest raises TypeError on non-ASCII str, and aiohttp hands header bytes that are
    not UTF-8 over as surrogates, so both sides are compared as bytes, surrogates kept.
    """
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode("utf-8", "surrogateescape"))


@dataclass(frozen=True)
class StaffClaim:
    """What a well-signed staff token says: who, at which of their token versions, issued when (Unix seconds)."""

    member_id: int
    version: int
    issued: int


StaffPurpose = Literal["staff", "staff-link"]


def staff_token(secret: bytes, claim: StaffClaim, purpose: StaffPurpose = "staff") -> str:
    """A session (``staff``) or a one-time sign-in link (``staff-link``): one cannot pass as the other."""
    subject = f"{claim.member_id}.{claim.version}.{claim.issued}"
    return f"{subject}.{sign(secret, purpose, subject)}"


def read_staff_token(secret: bytes, token: str, purpose: StaffPurpose = "staff") -> StaffClaim | None:
    """The claim of a token signed with this key, else None; whether it is still good is the caller's to judge."""
    subject, _, signature = token.rpartition(".")
    parts = subject.split(".")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    if not same(signature, sign(secret, purpose, subject)):
        return None
    return StaffClaim(int(parts[0]), int(parts[1]), int(parts[2]))
