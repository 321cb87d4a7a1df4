"""Resident sessions of the web chat: idle expiry, and "end and clear".

A token alone would stay valid for ever; the session row says whether it may still be used.
When a session ends (idle too long, or ended by the person) its web chat history is deleted;
the conversation and any case stay in the database for the service.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from aiohttp import web

from locales import translate
from models.user import User
from models.webchat import WebchatMessage, WebchatSession

CHANNEL = "web"
#: The idle clock restarts at most this often: an idle limit of hours needs no database write per message.
TOUCH_EVERY = dt.timedelta(minutes=1)


def session_refused(locale: str) -> web.HTTPUnauthorized:
    """401 with the polite word the page shows before it starts a new session."""
    body = {"error": "session", "message": translate(locale, "webchat.expired")}
    return web.HTTPUnauthorized(text=json.dumps(body, ensure_ascii=False), content_type="application/json")


class WebchatSessions:
    """Opens, checks, refreshes and ends web chat sessions against an injectable clock."""

    def __init__(self, idle: dt.timedelta, now: Callable[[], dt.datetime]) -> None:
        self.idle, self.now = idle, now

    async def open(self, user: User) -> None:
        await WebchatSession.create(user=user, active_at=self.now())

    async def user(self, user_ref: str) -> User:
        """The person behind a verified token, if their session is still open; else a 401."""
        return (await self.active(user_ref))[0]

    async def active(self, user_ref: str) -> tuple[User, WebchatSession]:
        """The person and their open session, read in one query; a 401 if it is not open."""
        session = (
            await WebchatSession.filter(user__channel=CHANNEL, user__external_id=user_ref)
            .select_related("user")
            .first()
        )
        if session is None:
            raise session_refused("zh_CN")
        user = session.user
        if session.ended_at is None and self.now() - session.active_at > self.idle:
            await self._end(session, user)
        if session.ended_at is not None:
            raise session_refused(user.locale)
        return user, session

    async def touch(self, user: User, session: WebchatSession | None = None) -> None:
        """The person did something: the idle time starts again (unless the session, as read, just did)."""
        if session is not None and self.now() - session.active_at < TOUCH_EVERY:
            return
        await WebchatSession.filter(user_id=user.id).update(active_at=self.now())

    async def end(self, user: User) -> None:
        session = await WebchatSession.get(user_id=user.id)
        await self._end(session, user)

    async def _end(self, session: WebchatSession, user: User) -> None:
        session.ended_at = self.now()
        await session.save(update_fields=["ended_at"])
        await WebchatMessage.filter(user_id=user.id).delete()
