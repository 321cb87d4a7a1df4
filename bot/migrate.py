"""The tortoise config aerich migrates with (`[tool.aerich] tortoise_orm` in pyproject.toml).

Computed from `Settings` when aerich asks for it, not at import, so migrations run against
the same YJS_DATABASE_URL (and its default under YJS_DATA_DIR) as every other process.
"""

from __future__ import annotations

from typing import Any

from bot.settings import Settings, SettingsError
from models.db import tortoise_config


def __getattr__(name: str) -> Any:
    # aerich reads `bot.migrate.TORTOISE_ORM` with getattr, which lands here.
    if name == "TORTOISE_ORM":
        try:
            return tortoise_config(Settings.from_env().database_url)
        except SettingsError as exc:  # one line naming the setting, as `yijianshi` prints it
            raise SystemExit(f"aerich: {exc}") from None
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
