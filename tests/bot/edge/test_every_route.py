"""Issue 11 item 12, over every route `build_web` mounts: the browser headers on every answer, refusals and
failures included; no-store on the API's JSON; files as attachments or as what they are, never sniffed."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from edge_app import assert_common
from staff_desk import filed_case, login, member, sign_in
from tortoise.backends.asyncpg import AsyncpgDBClient
from tortoise.backends.sqlite import SqliteClient

from bot.settings import EdgeSettings
from bot.web import edge_middlewares
from models.staff import Role


def concrete(path: str) -> str:
    """A route's path with each {placeholder} filled in."""
    return re.sub(r"\{[^}]+\}", "1", path)


async def test_every_route_answers_with_the_headers_signed_in_or_not(whole_app: TestClient) -> None:
    staff = await login(whole_app, "power")
    routes = {(r.method, concrete(r.resource.canonical)) for r in whole_app.app.router.routes() if r.resource}
    assert len(routes) > 50  # every page and API, not a handful
    for method, path in sorted(routes - {("HEAD", p) for _, p in routes}):
        for headers in ({}, staff):
            response = await whole_app.request(method, path, headers=headers, data=b"")
            await response.read()
            assert_common(response)
            assert response.status != 500, (method, path, await response.text())
            if path.startswith("/api/") and response.content_type == "application/json":
                assert response.headers.get("Cache-Control") == "no-store", (method, path)


async def test_refusals_the_router_makes_carry_the_headers(whole_app: TestClient) -> None:
    for method, path, status in [("GET", "/nowhere", 404), ("DELETE", "/api/session", 405), ("PUT", "/staff", 405)]:
        response = await whole_app.request(method, path)
        assert response.status == status
        assert_common(response)
    too_big = await whole_app.post("/api/session", data=b"x" * (2 << 20), headers={"Content-Type": "application/json"})
    assert too_big.status in (400, 413)
    assert_common(too_big)


def failing_app() -> web.Application:
    async def broken(request: web.Request) -> web.Response:
        raise RuntimeError("a bug quoting 371302198506120027")

    app = web.Application(middlewares=edge_middlewares(EdgeSettings()))
    app.router.add_get("/api/broken", broken)
    return app


async def test_a_failure_is_a_500_with_the_headers_and_no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    async with TestClient(TestServer(failing_app())) as client:
        response = await client.get("/api/broken")
        body = await response.json()
    assert response.status == 500 and body["error"] == "internal" and body["message"]
    assert_common(response)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Traceback" not in await response.text()
    # The log has the traceback, with the ID number it quoted masked
    assert "RuntimeError" in caplog.text and "371302198506120027" not in caplog.text


async def test_a_database_locked_by_another_writer_is_a_503_with_a_retry_hint(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE users (id INTEGER)")
    ours = SqliteClient(str(path), connection_name="ours", journal_mode="WAL", busy_timeout=100)

    async def write(request: web.Request) -> web.Response:
        await ours.execute_query("INSERT INTO users VALUES (1)")
        return web.json_response({"ok": True})

    app = web.Application(middlewares=edge_middlewares(EdgeSettings()))
    app.router.add_post("/api/session", write)
    try:
        async with TestClient(TestServer(app)) as client:
            assert (await client.post("/api/session")).status == 200
            # Given another process writing (WAL: readers go on, writers wait, then fail)
            holder.execute("BEGIN EXCLUSIVE")
            response = await client.post("/api/session")
            body = await response.json()
            holder.execute("ROLLBACK")
            assert (await client.post("/api/session")).status == 200
    finally:
        holder.close()
        await ours.close()
    # Then that request is told to come back, politely, with the headers
    assert response.status == 503 and response.headers["Retry-After"] == "10"
    assert body["error"] == "unavailable" and body["message"]
    assert_common(response)


async def test_downloads_of_the_desk_are_kept_by_no_cache(whole_app: TestClient, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await filed_case(dialogs, files, catalog)
    head = await sign_in(whole_app, await member(Role.HEAD, "power"))
    today = dt.date.today()
    query = f"period=custom&from={today - dt.timedelta(days=7)}&to={today + dt.timedelta(days=1)}&table=groups"
    for path in (f"/api/staff/stats.csv?{query}", f"/api/staff/desk/cases/{case.number}/print.pdf"):
        answer = await whole_app.get(path, headers=head)
        assert answer.status == 200, path
        assert answer.headers.get("Cache-Control") == "no-store", path
        assert_common(answer)


async def test_a_postgresql_that_cannot_be_reached_is_a_503_with_a_retry_hint() -> None:
    closed_port = AsyncpgDBClient(
        user="x", password="x", database="x", host="127.0.0.1", port=1, connection_name="away", minsize=1, maxsize=1
    )

    async def read(request: web.Request) -> web.Response:
        await closed_port.execute_query("SELECT 1")
        return web.json_response({"ok": True})

    app = web.Application(middlewares=edge_middlewares(EdgeSettings()))
    app.router.add_get("/api/messages", read)
    async with TestClient(TestServer(app)) as client:
        response = await client.get("/api/messages")
        assert response.status == 503 and response.headers["Retry-After"] == "10"
        assert (await response.json())["error"] == "unavailable"
        assert_common(response)
