"""A full disk answered politely: 503 "try again later", whatever request found it full.

The material store says so itself for uploads; but once the disk is quite full the database
cannot write either (SQLite: "database or disk is full"; PostgreSQL: SQLSTATE 53100), and then
every step, a new session and even the upload's own polite reply failed with a bare 500. A
failed write is rolled back, so what was saved before stays; the person only has to send again.
"""

from __future__ import annotations

import errno
import logging

import orjson
from aiohttp import web
from aiohttp.typedefs import Handler

from bot.files import StorageFull
from locales import translate

log = logging.getLogger(__name__)

#: When to try again (seconds): enough for an operator's alert to be seen.
RETRY_AFTER = 60
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
#: PostgreSQL's disk_full condition.
_DISK_FULL_SQLSTATE = "53100"


def is_storage_full(error: BaseException) -> bool:
    """Whether the error, or one it was raised from or wraps, says that the disk is full."""
    seen: set[int] = set()
    todo: list[BaseException] = [error]
    while todo:
        exc = todo.pop()
        if id(exc) in seen:
            continue
        seen.add(id(exc))
        if isinstance(exc, StorageFull) or (isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS):
            return True
        if getattr(exc, "sqlstate", None) == _DISK_FULL_SQLSTATE or "database or disk is full" in str(exc):
            return True
        todo += [e for e in (exc.__cause__, exc.__context__, *exc.args) if isinstance(e, BaseException)]
    return False


@web.middleware
async def storage_full(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception as exc:
        if not is_storage_full(exc):
            raise
        log.error("storage is full: %s %s answered 503 (%s)", request.method, request.path, type(exc).__name__)
        locale = "en" if request.headers.get("Accept-Language", "").lower().startswith("en") else "zh_CN"
        body = {"error": "storage_full", "message": translate(locale, "edge.storage_full")}
        return web.Response(
            body=orjson.dumps(body),
            status=503,
            content_type="application/json",
            charset="utf-8",
            headers={"Retry-After": str(RETRY_AFTER), "Cache-Control": "no-store"},
        )
