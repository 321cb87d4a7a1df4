"""Settings from the environment, each with a default that suits the embedded demo."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


class SettingsError(ValueError):
    """A setting that is missing or malformed; the message names it and says what is expected."""


def _int(env: dict[str, str], name: str, default: int, low: int, high: int) -> int:
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


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    database_url: str = ""
    material_dir: Path = field(default=Path())
    scenario_dir: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8080
    #: Minutes a conversation may sit unfinished before its one reminder.
    idle_reminder_minutes: int = 30
    #: Hard cap on any upload; each material has its own, lower limit.
    max_upload_mb: int = 50
    #: Redis for Dramatiq; empty means the embedded StubBroker with an in-process worker.
    redis_url: str = ""
    #: Where people reach the web app: links on staff cards point here.
    public_url: str = ""
    #: Minutes between deadline sweeps.
    deadline_check_minutes: int = 15

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        data = Path(env.get("YJS_DATA_DIR") or "data")
        scenario_dir = env.get("YJS_SCENARIO_DIR") or None
        host, port = env.get("YJS_HOST") or "127.0.0.1", _int(env, "YJS_PORT", 8080, 1, 65535)
        if env.get("YJS_REDIS_URL") and not env["YJS_REDIS_URL"].startswith(("redis://", "rediss://", "unix://")):
            raise SettingsError(f"YJS_REDIS_URL={env['YJS_REDIS_URL']!r}: expected redis://host:port/db")
        return cls(
            data_dir=data,
            database_url=env.get("YJS_DATABASE_URL") or f"sqlite://{data / 'yijianshi.db'}",
            material_dir=Path(env.get("YJS_MATERIAL_DIR") or data / "materials"),
            scenario_dir=Path(scenario_dir) if scenario_dir else None,
            host=host,
            port=port,
            idle_reminder_minutes=_int(env, "YJS_IDLE_REMINDER_MINUTES", 30, 1, 60 * 24 * 30),
            max_upload_mb=_int(env, "YJS_MAX_UPLOAD_MB", 50, 1, 200),
            redis_url=env.get("YJS_REDIS_URL") or "",
            public_url=(env.get("YJS_PUBLIC_URL") or f"http://{host}:{port}").rstrip("/"),
            deadline_check_minutes=_int(env, "YJS_DEADLINE_CHECK_MINUTES", 15, 1, 24 * 60),
        )
