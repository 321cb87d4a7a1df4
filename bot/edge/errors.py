"""Failures no handler answered, answered here: with our headers, without a traceback, and 503 when it is
the database or a full disk.

aiohttp answers an exception it did not expect with a bare 500 of its own, written after every
middleware, so it carried none of the security headers, and logged the traceback as it was,
personal data and all. A database that is locked by another writer or cannot be reached is no
fault of the request: it gets 503 with a time to come back, like ``/healthz``.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3

from aiohttp import web
from aiohttp.typedefs import Handler
from asyncpg import exceptions as pg
from tortoise.exceptions import DBConnectionError, OperationalError

from bot.channels.http import json_reply
from bot.edge import storage
from bot.logs import masked_trace
from locales import translate

log = logging.getLogger(__name__)

#: Seconds a client is asked to wait when the database is unavailable (as /healthz says).
RETRY_AFTER = 10
#: What the drivers say when the database is there but not taking work now.
_BUSY = ("database is locked", "database table is locked", "disk i/o error", "unable to open database")
#: PostgreSQL gone, going, full, or refusing connections for now (a restart, a failover, too many clients).
_POSTGRES_AWAY = (
    pg.PostgresConnectionError,
    pg.InterfaceError,
    pg.OperatorInterventionError,
    pg.TooManyConnectionsError,
)


@web.middleware
async def answer_failures(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except (web.HTTPException, asyncio.CancelledError):
        raise
    except Exception as exc:
        if storage.is_storage_full(exc):
            return _storage_full(request, exc)
        if database_unavailable(exc):
            log.error("%s %s: the database is unavailable (%s)", request.method, request.path, type(exc).__name__)
            body = {"error": "unavailable", "message": translate("zh_CN", "edge.unavailable")}
            return json_reply(body, status=503, headers={"Retry-After": str(RETRY_AFTER)})
        log.error("%s %s failed: %s", request.method, request.path, masked_trace(exc))
        return json_reply({"error": "internal", "message": translate("zh_CN", "edge.internal")}, status=500)


def _storage_full(request: web.Request, exc: Exception) -> web.Response:
    """A full disk (the store, or the database unable to write): what was saved before stays, so send again later."""
    log.error("storage is full: %s %s answered 503 (%s)", request.method, request.path, type(exc).__name__)
    locale = "en" if request.headers.get("Accept-Language", "").lower().startswith("en") else "zh_CN"
    body = {"error": "storage_full", "message": translate(locale, "edge.storage_full")}
    headers = {"Retry-After": str(storage.RETRY_AFTER), "Cache-Control": "no-store"}
    return json_reply(body, status=503, headers=headers)


def database_unavailable(exc: BaseException) -> bool:
    """Whether the failure, or one it came from, is the database not answering or not taking writes."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DBConnectionError | ConnectionError | TimeoutError):
            return True
        if isinstance(current, OperationalError | sqlite3.OperationalError) and _busy(current):
            return True
        if isinstance(current, _POSTGRES_AWAY):
            return True
        current = current.__cause__ or current.__context__
    return False


def _busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(sign in text for sign in _BUSY)
