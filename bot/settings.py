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

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        data = Path(env.get("YJS_DATA_DIR") or "data")
        scenario_dir = env.get("YJS_SCENARIO_DIR") or None
        return cls(
            data_dir=data,
            database_url=env.get("YJS_DATABASE_URL") or f"sqlite://{data / 'yijianshi.db'}",
            material_dir=Path(env.get("YJS_MATERIAL_DIR") or data / "materials"),
            scenario_dir=Path(scenario_dir) if scenario_dir else None,
            host=env.get("YJS_HOST") or "127.0.0.1",
            port=_int(env, "YJS_PORT", 8080, 1, 65535),
            idle_reminder_minutes=_int(env, "YJS_IDLE_REMINDER_MINUTES", 30, 1, 60 * 24 * 30),
            max_upload_mb=_int(env, "YJS_MAX_UPLOAD_MB", 50, 1, 200),
        )
