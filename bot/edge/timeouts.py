"""Connection timeouts, so a client that sends slowly cannot hold a connection open.

aiohttp has no separate timer for the request head: its keep-alive timer starts when a
connection opens and again after each response, and closes a connection still waiting for a
complete head when it fires. So `keepalive_seconds` bounds both the head and the idle time.
A body has no timer in aiohttp; `body_timeout` below drops a request whose body stalls, or
trickles in: a client sending just enough never to stall held a connection for as long as its
body took (a 1 KB every 20 s held a 60 KB body for 20 minutes, an upload for days).
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
#: Least average speed of a body after its first period, in bytes a second: 16 kbit/s, below any mobile
#: connection that can send a photo at all.
MIN_RATE = 2048


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
    """Drops a request whose body brings less than MIN_BYTES in any `seconds` (like nginx's client_body_timeout),
    or less than MIN_RATE a second on average once its first `seconds` are over."""

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
    """Returns once a whole period brings less than MIN_BYTES of body, or the body falls behind MIN_RATE on
    average after its first period; never, once it is all in.

    A pause alone is not enough: a client sending a byte a second never pauses for long.
    """
    seen, periods = request.content.total_bytes, 0
    while not request.content.is_eof():
        await asyncio.sleep(seconds)
        periods += 1
        got = request.content.total_bytes
        if request.content.is_eof():
            break
        if got - seen < MIN_BYTES or got < MIN_RATE * seconds * (periods - 1):
            return
        seen = got
    await asyncio.Future()  # the body is complete: only the handler decides now
