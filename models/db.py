"""Tortoise set-up from a DB URL: SQLite for the embedded demo, PostgreSQL in production."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

from models import MODEL_MODULES

#: The zone datetimes are stored in. SQLite keeps them as text with this zone's offset and
#: compares them as text, so a moment compared with stored ones must be in the same zone
#: (a UTC moment never compares right there): take it from ``now()``.
ZONE = "Asia/Shanghai"


def now() -> dt.datetime:
    """This moment, in the zone the database stores datetimes in: for every stored or compared moment."""
    return dt.datetime.now(ZoneInfo(ZONE))


def tortoise_config(db_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": db_url},
        "apps": {"models": {"models": [*MODEL_MODULES, "aerich.models"], "default_connection": "default"}},
        "use_tz": True,
        "timezone": ZONE,
    }


async def open_db(db_url: str, create_schema: bool | None = None) -> None:
    """Connect; by default create missing tables on SQLite (the demo, the tests).

    PostgreSQL is migrated with aerich (`aerich upgrade`, see README) before any process
    starts: several processes creating tables at once race each other there.
    """
    await Tortoise.init(config=tortoise_config(db_url), _enable_global_fallback=True)
    if create_schema if create_schema is not None else db_url.startswith("sqlite"):
        await Tortoise.generate_schemas(safe=True)


async def close_db() -> None:
    await Tortoise.close_connections()


def placeholders(conn: BaseDBAsyncClient, count: int) -> list[str]:
    """The parameter marks of hand-written SQL on this connection: $1, $2, … on PostgreSQL, ? on SQLite."""
    return [f"${n}" for n in range(1, count + 1)] if conn.capabilities.dialect == "postgres" else ["?"] * count


def value_rows(conn: BaseDBAsyncClient, rows: int, types: Sequence[str]) -> str:
    """`(…), (…)` for a VALUES of `rows` rows with one column per entry of `types`, numbered as `placeholders`.
    PostgreSQL is told each column's type (`int`, `jsonb`, …: it takes a CTE's VALUES as text unless told);
    SQLite converts by the column written to and is told nothing."""
    marks = placeholders(conn, rows * len(types))
    casts = [f"::{t}" for t in types] if conn.capabilities.dialect == "postgres" else [""] * len(types)
    width = len(types)
    return ", ".join(
        "(" + ", ".join(m + c for m, c in zip(marks[i : i + width], casts, strict=True)) + ")"
        for i in range(0, len(marks), width)
    )
