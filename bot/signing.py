"""The key that signs session tokens, and the signing itself."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from bot.settings import Settings


def load_secret(settings: Settings) -> bytes:
    """YJS_SECRET, else a key made once and kept in the data directory (readable by its owner only)."""
    if configured := settings.web.secret:
        return configured.encode()
    path = Path(settings.data_dir) / "secret"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        # Created private in one step: a file written first and chmod-ed after is readable in between.
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:  # made before, or by another process starting at the same moment
        path.chmod(0o600)
    else:
        with os.fdopen(descriptor, "w") as key_file:
            key_file.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def sign(secret: bytes, subject: str) -> str:
    return hmac.new(secret, subject.encode(), hashlib.sha256).hexdigest()[:40]


def same(given: str, expected: str) -> bool:
    """Constant-time comparison that refuses, rather than raises on, a forged non-ASCII value.

    compare_digest raises TypeError on non-ASCII str, and aiohttp hands header bytes that are
    not UTF-8 over as surrogates, so both sides are compared as bytes, surrogates kept.
    """
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode("utf-8", "surrogateescape"))


def staff_token(secret: bytes, member_id: int) -> str:
    return f"{member_id}.{sign(secret, f'staff:{member_id}')}"
