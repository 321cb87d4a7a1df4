"""Tortoise set-up from a DB URL: SQLite for the embedded demo, PostgreSQL in production."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from tortoise import Tortoise, connections, timezone
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

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
    return _marks(conn.capabilities.dialect == "postgres", count)


def _marks(postgres: bool, count: int) -> list[str]:
    return [f"${n}" for n in range(1, count + 1)] if postgres else ["?"] * count


def value_rows(conn: BaseDBAsyncClient, rows: int, types: Sequence[str]) -> str:
    """`(…), (…)` for a VALUES of `rows` rows with one column per entry of `types`, numbered as `placeholders`.
    PostgreSQL is told each column's type where one is given (`int`, `jsonb`, …: it takes a CTE's VALUES as
    text unless told; an INSERT's columns tell it themselves); SQLite converts by the column written to."""
    postgres, shape = conn.capabilities.dialect == "postgres", tuple(types)
    return _kept_rows(postgres, rows, shape) if rows <= KEPT_ROWS else _value_rows(postgres, rows, shape)


#: Batches up to this many rows have their VALUES spelled once per size (a few megabytes at most): a batch
#: of 300 history rows took 0.3 ms to spell, about 1% of its steps' time.
KEPT_ROWS = 512


@lru_cache(maxsize=256)
def _kept_rows(postgres: bool, rows: int, types: tuple[str, ...]) -> str:
    return _value_rows(postgres, rows, types)


def _value_rows(postgres: bool, rows: int, types: tuple[str, ...]) -> str:
    width = len(types)
    marks = _marks(postgres, rows * width)
    casts = [f"::{t}" if t and postgres else "" for t in types]
    return ", ".join(
        "(" + ", ".join(m + c for m, c in zip(marks[i : i + width], casts, strict=True)) + ")"
        for i in range(0, len(marks), width)
    )


#: Rows one INSERT carries at most: 2,000 rows of up to 16 columns stay inside both databases' limits on
#: parameters (32,766 on SQLite, 32,767 on PostgreSQL).
INSERT_CHUNK = 2000


async def insert_rows(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[int]:
    """New rows in one INSERT … VALUES (…), (…) RETURNING id (one per INSERT_CHUNK rows); their ids in the
    order given (ids rise in that order; RETURNING's own order is not promised, so they are sorted)."""
    conn = connections.get("default")
    ids: list[int] = []
    for start in range(0, len(rows), INSERT_CHUNK):
        chunk = rows[start : start + INSERT_CHUNK]
        groups = value_rows(conn, len(chunk), [""] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES {groups} RETURNING id"
        returned = await conn.execute_query_dict(sql, [value for row in chunk for value in row])
        ids += sorted(r["id"] for r in returned)
    return ids


async def insert_models(rows: Sequence[Model]) -> None:
    """New rows of one model through `insert_rows`; each gets its id.

    Every column is written as the model's own fields convert it; a time the ORM stamps on create
    (auto_now_add, auto_now) is stamped now, as its insert would."""
    if not rows:
        return
    model = type(rows[0])
    if any(type(row) is not model for row in rows):
        raise TypeError(f"insert_models takes rows of one model; {model.__name__} and others were given")
    meta = model._meta
    names = [name for name in meta.fields_db_projection if name != meta.pk_attr]
    stamp = timezone.now()
    values: list[list[Any]] = []
    for row in rows:
        converted: list[Any] = []
        for name in names:
            field = meta.fields_map[name]
            value = getattr(row, name)
            if value is None and (getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False)):
                value = stamp
                setattr(row, name, value)
            converted.append(field.to_db_value(value, row))
        values.append(converted)
    columns = [meta.fields_db_projection[name] for name in names]
    for row, pk in zip(rows, await insert_rows(meta.db_table, columns, values), strict=True):
        row.pk = pk
        row._saved_in_db = True
