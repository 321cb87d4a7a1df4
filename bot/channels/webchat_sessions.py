"""Resident sessions of the web chat: idle expiry, and "end and clear".

A token alone would stay valid for ever; the session row says whether it may still be used.
When a session ends (idle too long, or ended by the person) its web chat history is deleted;
the conversation and any case stay in the database for the service.

A single serve process keeps the sessions it has read (it is the only one that opens, touches and
ends them); where several serve processes share the residents, every message reads the row.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable, Sequence

from aiohttp import web
from tortoise import connections

from casework.commits import GroupCommit, Part
from casework.lru import LRU
from locales import translate
from models.db import insert_models, placeholders, value_rows
from models.user import User
from models.webchat import WebchatSession

CHANNEL = "web"
#: The idle clock restarts at most this often: an idle limit of hours needs no database write per message.
TOUCH_EVERY = dt.timedelta(minutes=1)
#: Most open sessions one serve process keeps in memory (about 300 bytes each).
SESSIONS_CACHED = 50_000
#: Asked at every message, so written once by hand: building it through the ORM's query builder was a
#: third of a web chat step's time. The person's columns are listed from the model, so none is missed.
_ACTIVE = (
    "SELECT s.id AS session__id, s.active_at AS session__active_at, s.ended_at AS session__ended_at, {columns} "
    "FROM webchat_sessions s JOIN users u ON u.id = s.user_id WHERE u.channel = {p1} AND u.external_id = {p2} LIMIT 1"
)


def session_refused(locale: str, ended_by_person: bool = False) -> web.HTTPUnauthorized:
    """401 with the polite word the page shows before it starts a new session: that it ended when the person
    ended it ("end and clear"), or that it lapsed while they were away."""
    key = "webchat.ended" if ended_by_person else "webchat.expired"
    body = {"error": "session", "message": translate(locale, key)}
    return web.HTTPUnauthorized(text=json.dumps(body, ensure_ascii=False), content_type="application/json")


class WebchatSessions:
    """Opens, checks, refreshes and ends web chat sessions against an injectable clock."""

    def __init__(
        self,
        idle: dt.timedelta,
        now: Callable[[], dt.datetime],
        people: Callable[[str], Awaitable[User]] | None = None,
        cached: bool = False,
        commits: GroupCommit | None = None,
    ) -> None:
        """`people` finds the person of a cached session (the runtime's own cache of people, whose language
        its steps keep up to date); without it, or with `cached` False, every message reads the database.
        `commits`: the group commit that sessions are opened and ended in (the steps' own, shared with them)."""
        self.idle, self.now, self.people = idle, now, people
        self.commits = commits or GroupCommit()
        #: Open sessions read by this process, by the person's reference.
        self.cache = LRU[str, WebchatSession](SESSIONS_CACHED if cached and people else 0)

    async def open(self, user_ref: str, locale: str) -> User:
        """A new person (the reference is new and random) and their session, in one transaction."""
        user = User(channel=CHANNEL, external_id=user_ref, locale=locale)
        session = WebchatSession(active_at=self.now())
        await self.commits.run(parts=[Part(OPENINGS, (user, session))])
        self.cache.put(user_ref, session)
        return user

    async def user(self, user_ref: str) -> User:
        """The person behind a verified token, if their session is still open; else a 401."""
        return (await self.active(user_ref))[0]

    async def active(self, user_ref: str) -> tuple[User, WebchatSession]:
        """The person and their open session, read in one query; a 401 if it is not open."""
        session = self.cache.get(user_ref)
        if session is not None and self.people is not None:
            user = await self.people(user_ref)
        else:
            found = await _active_row(user_ref)
            if found is None:
                raise session_refused("zh_CN")
            user, session = found
            if session.ended_at is None:
                self.cache.put(user_ref, session)
        if session.ended_at is None and self.now() - session.active_at > self.idle:
            await self._end(session, user)
        if session.ended_at is not None:  # ended within the idle limit of the last activity: by the person
            raise session_refused(user.locale, session.ended_at - session.active_at <= self.idle)
        return user, session

    async def touch(self, user: User, session: WebchatSession | None = None) -> None:
        """The person did something: the idle time starts again (unless the session, as read, just did)."""
        if session is not None and self.now() - session.active_at < TOUCH_EVERY:
            return
        at = self.now()
        await WebchatSession.filter(user_id=user.id).update(active_at=at)
        if session is not None:
            session.active_at = at

    async def end(self, user: User, session: WebchatSession) -> None:
        """The session as `active` read it ends now, and its history is deleted."""
        await self._end(session, user)

    async def _end(self, session: WebchatSession, user: User) -> None:
        self.cache.drop(user.external_id)
        session.ended_at = self.now()
        await self.commits.run(parts=[Part(ENDINGS, session)])


class _Openings:
    """New people and their sessions: one INSERT for the people of a batch of saves, one for their sessions
    (opening a session was a transaction of its own, which on SQLite the steps' batches queued behind)."""

    order = -10  # before anything else a batch writes: nothing else in it can be of a person not yet made

    async def write(self, items: Sequence[tuple[User, WebchatSession]]) -> list[Exception | None]:
        await insert_models([user for user, _ in items])
        for user, session in items:
            session.user_id = user.id
        await insert_models([session for _, session in items])
        return [None] * len(items)


class _Endings:
    """Sessions ended (each at its own `ended_at`) and their web chat history deleted, for a batch of saves."""

    order = 20  # after the history a step of the same batch wrote: it goes too

    async def write(self, items: Sequence[WebchatSession]) -> list[Exception | None]:
        conn = connections.get("default")
        at = WebchatSession._meta.fields_map["ended_at"].to_db_value
        values = [v for session in items for v in (session.id, at(session.ended_at, session))]
        rows = value_rows(conn, len(items), ("int", "timestamptz"))
        await conn.execute_query(_ENDED.format(values=rows), values)
        users = placeholders(conn, len(items))
        await conn.execute_query(_CLEARED.format(users=", ".join(users)), [s.user_id for s in items])
        return [None] * len(items)


_ENDED = "WITH v(id, at) AS (VALUES {values}) UPDATE webchat_sessions AS s SET ended_at = v.at FROM v WHERE s.id = v.id"
_CLEARED = "DELETE FROM webchat_messages WHERE user_id IN ({users})"
OPENINGS, ENDINGS = _Openings(), _Endings()


async def _active_row(user_ref: str) -> tuple[User, WebchatSession] | None:
    conn = connections.get("default")
    p1, p2 = placeholders(conn, 2)
    sql = _ACTIVE.format(columns=_USER_COLUMNS, p1=p1, p2=p2)
    rows = await conn.execute_query_dict(sql, [CHANNEL, user_ref])
    if not rows:
        return None
    row = rows[0]
    user = User._init_from_db(**{column: row[column] for column in User._meta.db_fields})
    session = WebchatSession._init_from_db(
        id=row["session__id"],
        user_id=user.id,
        active_at=row["session__active_at"],
        ended_at=row["session__ended_at"],
    )
    return user, session


_USER_COLUMNS = ", ".join(f"u.{column}" for column in sorted(User._meta.db_fields))
