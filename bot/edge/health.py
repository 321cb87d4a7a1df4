"""`/healthz`: 200 only when the database answers, so a load balancer stops sending to a process that cannot serve."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from tortoise import Tortoise

log = logging.getLogger(__name__)

#: Seconds the database has to answer the health query.
TIMEOUT = 2.0
#: A query that reads a table, so a SQLite file locked by another writer fails it (SELECT 1 would not).
PROBE = "SELECT 1 FROM users LIMIT 1"


async def database_ok() -> bool:
    try:
        await asyncio.wait_for(Tortoise.get_connection("default").execute_query(PROBE), TIMEOUT)
    except Exception as exc:  # whatever the driver raises, the answer is the same: not healthy
        log.warning("health check: database unavailable (%s)", type(exc).__name__)
        return False
    return True


async def health(request: web.Request) -> web.Response:
    if await database_ok():
        return web.json_response({"ok": True})
    return web.json_response({"ok": False, "database": "unavailable"}, status=503, headers={"Retry-After": "10"})
