"""Connection timeouts, so a client that sends slowly cannot hold a connection open.

aiohttp has no separate timer for the request head: its keep-alive timer starts when a
connection opens and again after each response, and closes a connection still waiting for a
complete head when it fires. So `keepalive_seconds` bounds both the head and the idle time.
A body has no timer in aiohttp; `body_timeout` below drops a request whose body stalls.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from bot.settings.web import EdgeSettings

#: Longest request line and header field (bytes); aiohttp answers 400 to longer ones.
MAX_LINE = 8190
MAX_FIELD = 8190
MAX_HEADERS = 64
#: Least body, in bytes, each `body_timeout` period must bring (a very slow mobile still sends far more).
MIN_BYTES = 1024


def server_options(edge: EdgeSettings) -> dict[str, Any]:
    """Keyword arguments for web.AppRunner, passed on to every connection's handler."""
    return {
        "keepalive_timeout": float(edge.keepalive_seconds),
        "max_line_size": MAX_LINE,
        "max_field_size": MAX_FIELD,
        "max_headers": MAX_HEADERS,
        "lingering_time": 2.0,
    }


def body_timeout(seconds: float) -> Middleware:
    """Drops a request whose body brings less than MIN_BYTES in `seconds` (like nginx's client_body_timeout)."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.body_exists or request.content.is_eof():  # nothing more to wait for: no timer
            return await handler(request)
        handling = asyncio.ensure_future(handler(request))
        watching = asyncio.ensure_future(_stalled(request, seconds))
        try:
            await asyncio.wait({handling, watching}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            watching.cancel()
            stalled = not handling.done()
            handling.cancel()
        if not stalled:
            return handling.result()
        with contextlib.suppress(asyncio.CancelledError):
            await handling
        request.protocol.force_close()  # the client is too slow to be answered
        raise web.HTTPRequestTimeout()

    return middleware


async def _stalled(request: web.Request, seconds: float) -> None:
    """Returns once a whole period brings less than MIN_BYTES of body; never, once it is all in.

    A pause alone is not enough: a client sending a byte a second never pauses for long.
    """
    seen = request.content.total_bytes
    while not request.content.is_eof():
        await asyncio.sleep(seconds)
        if request.content.total_bytes - seen < MIN_BYTES and not request.content.is_eof():
            return
        seen = request.content.total_bytes
    await asyncio.Future()  # the body is complete: only the handler decides now
