"""Issue 11 item 18: /healthz answers 503 with Retry-After when the database does not answer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from tortoise.backends.asyncpg import AsyncpgDBClient
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.sqlite import SqliteClient

from bot.edge.health import health_check


async def health_of(connection: BaseDBAsyncClient) -> tuple[int, dict[str, str]]:
    app = web.Application()
    app.router.add_get("/healthz", health_check(lambda: connection))
    async with TestClient(TestServer(app)) as client:
        response = await client.get("/healthz")
        return response.status, dict(response.headers)


async def test_healthy_when_the_database_answers(client: TestClient) -> None:
    assert (await client.get("/healthz")).status == 200


async def test_a_database_that_cannot_be_reached_is_unhealthy() -> None:
    closed_port = AsyncpgDBClient(
        user="x", password="x", database="x", host="127.0.0.1", port=1, connection_name="down", minsize=1, maxsize=1
    )
    status, headers = await health_of(closed_port)
    assert status == 503 and headers["Retry-After"] == "10"


async def test_a_locked_sqlite_file_is_unhealthy_until_released(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE users (id INTEGER)")
    app_side = SqliteClient(str(path), connection_name="probe", journal_mode="DELETE")
    try:
        assert (await health_of(app_side))[0] == 200
        holder.execute("BEGIN EXCLUSIVE")  # another process writing: readers wait, then fail
        status, headers = await health_of(app_side)
        assert status == 503 and headers["Retry-After"] == "10"
        holder.execute("ROLLBACK")
        # The query cut short may still wait out SQLite's busy timeout (5 s) in its thread.
        for _ in range(10):
            if (await health_of(app_side))[0] == 200:
                break
        else:
            raise AssertionError("still unhealthy after the lock was released")
    finally:
        holder.close()
        await app_side.close()


async def test_a_sqlite_file_another_process_writes_to_is_unhealthy_though_readable(tmp_path: Path) -> None:
    # Given the app's journal mode, WAL, where readers go on while another process holds the write lock
    path = tmp_path / "wal.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE users (id INTEGER)")
    app_side = SqliteClient(str(path), connection_name="wal-probe", journal_mode="WAL")
    try:
        assert (await health_of(app_side))[0] == 200
        holder.execute("BEGIN EXCLUSIVE")
        status, headers = await health_of(app_side)
        holder.execute("ROLLBACK")
        assert status == 503 and headers["Retry-After"] == "10"
        assert (await health_of(app_side))[0] == 200
    finally:
        holder.close()
        await app_side.close()
