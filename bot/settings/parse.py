"""Reading one variable: a whole number in a range, a switch, a pattern, a list of pairs.

A malformed value raises SettingsError naming the variable and what is expected, so the start stops
with one line instead of failing later in whichever module first reads it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit


class SettingsError(ValueError):
    """A setting that is missing or malformed; the message names it and says what is expected."""


def env_path(env: Mapping[str, str], name: str) -> Path | None:
    value = env.get(name) or ""
    return Path(value) if value else None


def env_int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r}: expected a whole number") from None
    if not low <= value <= high:
        raise SettingsError(f"{name}={value}: expected {low} to {high}")
    return value


def env_switch(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = (env.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "on", "true", "yes"):
        return True
    if raw in ("0", "off", "false", "no", "none"):
        return False
    raise SettingsError(f"{name}={raw!r}: expected on or off (1 or 0)")


def env_matching(env: Mapping[str, str], name: str, pattern: str, expected: str) -> str:
    raw = env.get(name) or ""
    if raw and not re.fullmatch(pattern, raw):
        raise SettingsError(f"{name}={raw!r}: expected {expected}")
    return raw


def key_value_pairs(raw: str, name: str, value: str, shape: str = "key=value") -> dict[str, str]:
    pairs: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in raw.split(","))):
        key, _, val = pair.partition("=")
        if not re.fullmatch(value, val.strip()):
            raise SettingsError(f"{name}: {pair!r} should be {shape}")
        pairs[key.strip()] = val.strip()
    return pairs


#: Where the web addresses the settings name may point: the program speaks HTTP to each.
WEB = ("http", "https")
#: The databases the program's hand-written SQL is written for (tortoise's names for them).
DATABASES = ("sqlite", "postgres", "postgresql", "asyncpg", "psycopg")


def env_url(env: Mapping[str, str], name: str, schemes: tuple[str, ...], default: str = "") -> str:
    """An address with one of ``schemes`` (and, for web ones, a host); the default when unset."""
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    parts = urlsplit(raw)
    if parts.scheme not in schemes or (parts.scheme in WEB and not parts.netloc):
        raise SettingsError(f"{name}={raw!r}: expected an address starting {' or '.join(s + ':' for s in schemes)}")
    return raw
