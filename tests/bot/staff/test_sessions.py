"""Staff sessions: tokens that lapse unused and slide on use, sign-out, revocation, purposes, the demo switch."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.channels.webchat import WebChat
from bot.settings import Settings
from bot.signing import read_staff_token
from bot.staff.sessions import RENEWED_HEADER
from bot.staff.view import StaffView
from bot.web import staff_demo

SECRET = b"one-key-for-both"


@pytest.fixture
async def client(local_services, files, dialogs, clock) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    """The staff page and the web chat on one server, signed with one key, as `bot/web.py` builds them."""
    idle = dt.timedelta(hours=12)
    view = StaffView(local_services.catalog, files, local_services.relay.kick, SECRET, "http://test", True, idle, clock)
    app = web.Application()
    app.add_routes(view.routes())
    app.add_routes(WebChat(dialogs, files, SECRET).routes())
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def staff_token(client: TestClient, department: str = "power") -> str:
    body = await (await client.post("/api/staff/session", json={"department": department})).json()
    return str(body["token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_token_lapses_after_the_idle_hours_unless_used(client, clock) -> None:  # type: ignore[no-untyped-def]
    token = await staff_token(client)
    clock.advance(hours=11)
    used = await client.get("/api/staff/me", headers=bearer(token))
    renewed = used.headers[RENEWED_HEADER]
    assert used.status == 200 and renewed != token
    clock.advance(hours=2)
    # 13 hours after it was issued the first token is refused; the renewed one, used 2 hours ago, works
    assert (await client.get("/api/staff/me", headers=bearer(token))).status == 401
    assert (await client.get("/api/staff/cards?department=power", headers=bearer(renewed))).status == 200
    clock.advance(hours=13)
    assert (await client.get("/api/staff/me", headers=bearer(renewed))).status == 401


async def test_a_fresh_token_is_not_renewed_at_every_request(client) -> None:  # type: ignore[no-untyped-def]
    answer = await client.get("/api/staff/me", headers=bearer(await staff_token(client)))
    assert answer.status == 200 and RENEWED_HEADER not in answer.headers


async def test_signing_out_ends_the_members_tokens(client) -> None:  # type: ignore[no-untyped-def]
    token, other_department = await staff_token(client), await staff_token(client, "fire")
    assert (await client.post("/api/staff/signout", headers=bearer(token))).status == 200
    assert (await client.get("/api/staff/me", headers=bearer(token))).status == 401
    assert (await client.get("/api/staff/cards?department=power", headers=bearer(token))).status == 401
    # another member is not signed out, and the member may sign in again
    assert (await client.get("/api/staff/me", headers=bearer(other_department))).status == 200
    assert (await client.get("/api/staff/me", headers=bearer(await staff_token(client)))).status == 200


async def test_a_staff_token_is_no_chat_token(client) -> None:  # type: ignore[no-untyped-def]
    token = await staff_token(client)
    member_id = token.split(".")[0]
    for forged in (token, f"staff:{token}", f"staff:{member_id}.{token.rsplit('.', 1)[1]}"):
        assert (await client.get("/api/messages", headers=bearer(forged))).status == 401


async def test_a_chat_token_is_no_staff_token(client, clock) -> None:  # type: ignore[no-untyped-def]
    chat = await (await client.post("/api/session", json={})).json()
    assert (await client.get("/api/messages", headers=bearer(chat["token"]))).status == 200
    signature = chat["token"].partition(".")[2]
    for forged in (chat["token"], f"1.0.{int(clock().timestamp())}.{signature}"):
        assert (await client.get("/api/staff/me", headers=bearer(forged))).status == 401


def yijianshi(data_dir: Path, *args: str) -> str:
    env = {**os.environ, "YJS_DATA_DIR": str(data_dir), "YJS_DATABASE_URL": "", "YJS_SECRET": ""}
    done = subprocess.run([sys.executable, "-m", "bot", *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout


def test_staff_revoke_ends_every_link_of_the_member(tmp_path: Path) -> None:
    yijianshi(tmp_path, "staff", "add", "--name", "王工", "--department", "power")
    link = yijianshi(tmp_path, "staff", "link", "--id", "1").splitlines()[0]
    claim = read_staff_token((tmp_path / "secret").read_text().strip().encode(), link.split("#token=")[1])
    assert claim is not None and claim.member_id == 1 and claim.version == 0
    assert "王工" in yijianshi(tmp_path, "staff", "list")
    assert "stopped working" in yijianshi(tmp_path, "staff", "revoke", "王工")
    yijianshi(tmp_path, "staff", "revoke", "1")
    with sqlite3.connect(tmp_path / "yijianshi.db") as db:
        (version,) = db.execute("SELECT token_version FROM staff_members WHERE id = 1").fetchone()
    assert version == 2  # the link's version 0 is no longer the member's
    with pytest.raises(subprocess.CalledProcessError):
        yijianshi(tmp_path, "staff", "revoke", "nobody")


@pytest.mark.parametrize(
    ("env", "on"),
    [
        ({"YJS_HOST": "0.0.0.0"}, False),
        ({"YJS_HOST": "192.168.1.20"}, False),
        ({"YJS_HOST": "::"}, False),
        ({"YJS_HOST": "127.0.0.1"}, True),
        ({"YJS_HOST": "127.3.0.1"}, True),
        ({"YJS_HOST": "::1"}, True),
        ({"YJS_HOST": "localhost"}, True),
        ({"YJS_HOST": "127.0.0.1", "YJS_REDIS_URL": "redis://r:6379/0"}, False),
        ({"YJS_HOST": "0.0.0.0", "YJS_STAFF_DEMO": "1"}, True),
    ],
)
def test_the_demo_sign_in_is_on_only_on_loopback_or_when_asked_for(
    env: dict[str, str], on: bool, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        assert staff_demo(Settings.from_env(env)) is on
    assert ("staff demo sign-in is on" in caplog.text) is on
