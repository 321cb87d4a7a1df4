from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tortoise import connections, fields
from tortoise.models import Model

from models.db import value_rows

if TYPE_CHECKING:
    from models.user import User


class ConversationState(Model):
    """One saved conversation per user, rewritten after every step."""

    id = fields.IntField(primary_key=True)
    user: fields.OneToOneRelation[User] = fields.OneToOneField("models.User", related_name="conversation")
    state: dict[str, Any] = fields.JSONField(default=dict)
    #: The scenario under way, or null at the menu; lets the idle sweep find unfinished ones.
    scenario = fields.CharField(max_length=48, null=True)
    #: Bumped by every save; a save made from an older version is refused (optimistic locking).
    version = fields.IntField(default=0)
    updated_at = fields.DatetimeField()
    reminded_at = fields.DatetimeField(null=True)

    class Meta:
        table = "conversations"
        indexes = (("scenario", "updated_at"),)


@dataclass(frozen=True, slots=True)
class Advance:
    """The next version of one conversation (`state` as JSON text), to be written if the saved one is
    still `version` (optimistic locking); version None: the first, to be written if there is none yet."""

    user_id: int
    version: int | None
    state: str
    scenario: str | None
    at: dt.datetime


#: The statement of every dialog step, written by hand for a whole batch of them at once: the ORM's query
#: builder was a tenth of a step, and a statement per step a trip each to the database's thread.
_ADVANCE = (
    "WITH v(user_id, version, state, scenario, at) AS (VALUES {values}) "
    "UPDATE conversations AS c SET version = v.version + 1, state = v.state, scenario = v.scenario, "
    "updated_at = v.at, reminded_at = NULL FROM v WHERE c.user_id = v.user_id AND c.version = v.version "
    "RETURNING {returned}"
)
_TYPES = ("int", "int", "jsonb", "varchar", "timestamptz")


_BEGIN = (
    "INSERT INTO conversations (user_id, version, state, scenario, updated_at) VALUES {values} "
    "ON CONFLICT (user_id) DO NOTHING RETURNING user_id"
)


async def advance(rows: Sequence[Advance]) -> set[int]:
    """Writes each conversation's next version (or its first), one statement for the next versions and one
    for the first; the users whose conversation was written. One left out was saved by another process
    first (or is in `rows` twice: only its first is written)."""
    conn = connections.get("default")
    postgres = conn.capabilities.dialect == "postgres"
    first: dict[int, Advance] = {}
    for row in rows:
        first.setdefault(row.user_id, row)
    encode = ConversationState._meta.fields_map["updated_at"].to_db_value
    written: set[int] = set()
    for new in (True, False):
        chosen = [row for row in first.values() if (row.version is None) == new]
        if not chosen:
            continue
        values: list[Any] = []
        for row in chosen:
            values += [
                row.user_id,
                1 if row.version is None else row.version,
                row.state,
                row.scenario,
                encode(row.at, ConversationState),
            ]
        groups = value_rows(conn, len(chosen), _TYPES)
        sql = (
            _BEGIN.format(values=groups)
            if new
            else _ADVANCE.format(values=groups, returned="c.user_id" if postgres else "user_id")
        )
        written |= {r["user_id"] for r in await conn.execute_query_dict(sql, values)}
    return written
