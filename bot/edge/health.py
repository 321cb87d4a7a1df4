"""`/healthz`: 200 only when the database answers, so a load balancer stops sending to a process that cannot serve."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable

from aiohttp import web
from aiohttp.typedefs import Handler
from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.sqlite import SqliteClient

log = logging.getLogger(__name__)

#: Seconds the database has to answer the health query.
TIMEOUT = 2.0
#: A query that reads a table, so a SQLite file locked by another writer fails it (SELECT 1 would not).
PROBE = "SELECT 1 FROM users LIMIT 1"


def default_connection() -> BaseDBAsyncClient:
    return Tortoise.get_connection("default")


async def database_ok(connection: BaseDBAsyncClient) -> bool:
    try:
        await asyncio.wait_for(connection.execute_query(PROBE), TIMEOUT)
        if isinstance(connection, SqliteClient) and connection.filename != ":memory:":
            await asyncio.to_thread(_writable, connection.filename)
    except Exception as exc:  # whatever the driver raises, the answer is the same: not healthy
        log.warning("health check: database unavailable (%s)", type(exc).__name__)
        return False
    return True


def _writable(path: str) -> None:
    """Raises unless a write could start within the timeout.

    SQLite in WAL mode (tortoise's default) lets readers go on while another process holds the write
    lock, so the read above passed while every step waited for the lock and then failed. Asked on a
    connection of its own, so the probe never waits in, or holds up, the app's transactions.
    """
    probe = sqlite3.connect(path, timeout=TIMEOUT, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
    finally:
        probe.close()


def health_check(connection: Callable[[], BaseDBAsyncClient] = default_connection) -> Handler:
    """The handler; `connection` gives the database to probe (the app's own by default)."""

    async def health(request: web.Request) -> web.StreamResponse:
        if await database_ok(connection()):
            return web.json_response({"ok": True})
        body = {"ok": False, "database": "unavailable"}
        return web.json_response(body, status=503, headers={"Retry-After": "10"})

    return health
