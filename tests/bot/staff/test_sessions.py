"""Staff sign-in: passwords, one-time links, cookie sessions that lapse unused, CSRF, lockout, sign-out, the CLI."""

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
from aiohttp import DummyCookieJar, web
from aiohttp.test_utils import TestClient, TestServer
from staff_desk import PASSWORD, member, sign_in

from bot.channels.webchat import WebChat
from bot.settings import Settings
from bot.signing import StaffClaim, read_staff_token, staff_token
from bot.staff.demo import DEMO_ACCOUNTS, demo_accounts, demo_banner
from bot.staff.passwords import LockPolicy
from bot.staff.sessions import COOKIE, CSRF_HEADER
from bot.staff.view import StaffView
from bot.web import staff_demo
from models import db
from models.staff import Role, SignInFailures, StaffMember

SECRET = b"one-key-for-both"


def build(
    local_services, files, dialogs, clock, public_url: str = "http://test", proxies=("127.0.0.0/8",)
) -> web.Application:  # type: ignore[no-untyped-def]
    """The staff page and the web chat on one server, signed with one key, as `bot/web.py` builds them."""
    idle = dt.timedelta(hours=12)
    lock = LockPolicy(account_failures=3, address_failures=5, minutes=15)
    view = StaffView(
        local_services.catalog,
        files,
        local_services.relay.kick,
        SECRET,
        public_url,
        True,
        idle,
        clock,
        None,
        lock,
        proxies,  # by default the test client is the proxy
    )
    app = web.Application()
    app.add_routes(view.routes())
    app.add_routes(WebChat(dialogs, files, SECRET).routes())
    return app


@pytest.fixture
async def client(local_services, files, dialogs, clock) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    # No cookie jar: each request names its member in its headers, as tests/staff_desk.py hands them out.
    jar = DummyCookieJar()
    async with TestClient(TestServer(build(local_services, files, dialogs, clock)), cookie_jar=jar) as test_client:
        yield test_client
    await SignInFailures.all().delete()


def cookie_of(answer) -> str:  # type: ignore[no-untyped-def]
    return str(answer.cookies[COOKIE].value)


def session(cookie: str, csrf: str = "") -> dict[str, str]:
    return {"Cookie": f"{COOKIE}={cookie}", **({CSRF_HEADER: csrf} if csrf else {})}


async def test_a_session_lapses_after_the_idle_hours_unless_used(client, clock) -> None:  # type: ignore[no-untyped-def]
    headers = await sign_in(client, await member(Role.CLERK, "power"))
    clock.advance(hours=11)
    used = await client.get("/api/staff/me", headers=headers)
    renewed = cookie_of(used)
    assert used.status == 200 and renewed != headers["Cookie"].split("=", 1)[1]
    clock.advance(hours=2)
    # 13 hours after sign-in the first cookie is refused; the renewed one, used 2 hours ago, works
    assert (await client.get("/api/staff/me", headers=headers)).status == 401
    assert (await client.get("/api/staff/cards?department=power", headers=session(renewed))).status == 200
    clock.advance(hours=13)
    lapsed = await client.get("/api/staff/me", headers=session(renewed))
    assert lapsed.status == 401 and "重新登录" in (await lapsed.json())["message"]


async def test_a_fresh_session_is_not_renewed_at_every_request(client) -> None:  # type: ignore[no-untyped-def]
    answer = await client.get("/api/staff/me", headers=await sign_in(client, await member(Role.CLERK, "power")))
    assert answer.status == 200 and COOKIE not in answer.cookies


async def test_the_session_cookie_is_httponly_strict_and_secure_on_https(  # type: ignore[no-untyped-def]
    client, local_services, files, dialogs, clock
) -> None:
    who = await member(Role.CLERK, "power")
    answer = await client.post("/api/staff/signin", json={"login": who.login, "password": PASSWORD})
    cookie = answer.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and not cookie["secure"]
    assert int(cookie["max-age"]) == 12 * 3600 and cookie["path"] == "/"
    assert COOKIE not in await answer.text()  # the page's scripts never see the session
    https = build(local_services, files, dialogs, clock, public_url="https://desk.example")
    async with TestClient(TestServer(https)) as secure_client:
        answer = await secure_client.post(
            "/api/staff/signin",
            json={"login": who.login, "password": PASSWORD},
            headers={"Origin": "https://desk.example"},
        )
        assert answer.status == 200 and answer.cookies[COOKIE]["secure"]


async def test_every_state_changing_request_needs_the_csrf_token_and_our_origin(
    client, dialogs, files, catalog
) -> None:  # type: ignore[no-untyped-def]
    headers = await sign_in(client, await member(Role.CLERK, "power"))
    cookie_only = {"Cookie": headers["Cookie"]}
    for path, body in (("/api/staff/actions", {"data": "x"}), ("/api/staff/signout", {})):
        for sent in (
            cookie_only,
            {**cookie_only, CSRF_HEADER: "forged"},
            {**headers, "Origin": "https://evil.example"},
        ):
            refused = await client.post(path, json=body, headers=sent)
            assert refused.status == 403 and "页面" in (await refused.json())["message"], (path, sent)
    # reading needs no token; a cross-site sign-in is refused too
    assert (await client.get("/api/staff/me", headers=cookie_only)).status == 200
    who = await member(Role.CLERK, "power")
    cross = {"Origin": "https://evil.example"}
    assert (
        await client.post("/api/staff/signin", json={"login": who.login, "password": PASSWORD}, headers=cross)
    ).status == 403
    own = {**headers, "Origin": str(client.make_url("")).rstrip("/")}
    assert (await client.post("/api/staff/actions", json={"data": "x"}, headers=own)).status == 400  # past the checks


async def test_signing_out_ends_the_members_sessions_on_every_device(client) -> None:  # type: ignore[no-untyped-def]
    power, fire = await member(Role.CLERK, "power"), await member(Role.CLERK, "fire")
    phone, desktop, other = await sign_in(client, power), await sign_in(client, power), await sign_in(client, fire)
    out = await client.post("/api/staff/signout", headers=phone)
    assert out.status == 200 and out.cookies[COOKIE].value == ""
    for gone in (phone, desktop):
        assert (await client.get("/api/staff/me", headers=gone)).status == 401
        assert (await client.get("/api/staff/cards?department=power", headers=gone)).status == 401
    assert (await client.get("/api/staff/me", headers=other)).status == 200
    again = await sign_in(client, power)
    me = await (await client.get("/api/staff/me", headers=again)).json()
    assert me["role"] == "clerk" and me["csrf"] == again[CSRF_HEADER] != phone[CSRF_HEADER]


async def test_a_wrong_password_and_an_unknown_login_look_alike(client) -> None:  # type: ignore[no-untyped-def]
    who = await member(Role.CLERK, "power")
    wrong = await client.post("/api/staff/signin", json={"login": who.login, "password": "not it at all"})
    unknown = await client.post("/api/staff/signin", json={"login": "nobody-here", "password": "not it at all"})
    assert wrong.status == unknown.status == 401 and await wrong.json() == await unknown.json()
    assert COOKIE not in wrong.cookies and (await wrong.json())["message"] == "账号或密码不正确。"


async def test_repeated_failures_lock_the_account_with_the_time_it_opens(client) -> None:  # type: ignore[no-untyped-def]
    who = await member(Role.CLERK, "power", name="lock-me")
    other = await member(Role.CLERK, "power", name="lock-me-not")
    wrong = {"login": who.login, "password": "guess guess"}
    here = {"X-Forwarded-For": "203.0.113.7"}
    for _ in range(2):
        assert (await client.post("/api/staff/signin", json=wrong, headers=here)).status == 401
    locked = await client.post("/api/staff/signin", json=wrong, headers=here)
    message = (await locked.json())["message"]
    assert locked.status == 429 and "暂时锁定" in message and "北京时间" in message
    row = await SignInFailures.get(key=f"account:{who.login}")
    assert row.locked_until is not None
    assert f"{row.locked_until.astimezone(dt.timezone(dt.timedelta(hours=8))):%H:%M}" in message
    # even the right password waits, from any address; another account is not locked
    right = {"login": who.login, "password": PASSWORD}
    elsewhere = {"X-Forwarded-For": "198.51.100.9"}
    assert (await client.post("/api/staff/signin", json=right, headers=elsewhere)).status == 429
    assert (
        await client.post("/api/staff/signin", json={"login": other.login, "password": PASSWORD}, headers=here)
    ).status == 200
    # once the lock has passed, the right password works and the count starts again
    await SignInFailures.filter(id=row.id).update(locked_until=db.now() - dt.timedelta(seconds=1))
    assert (await client.post("/api/staff/signin", json=right, headers=elsewhere)).status == 200
    assert not await SignInFailures.filter(key=f"account:{who.login}").exists()


async def test_failures_from_one_address_lock_that_address_only(client) -> None:  # type: ignore[no-untyped-def]
    victim = await member(Role.CLERK, "fire", name="sprayed")
    sprayer = {"X-Forwarded-For": "192.0.2.66"}
    statuses = [
        (
            await client.post("/api/staff/signin", json={"login": f"guess-{n}", "password": "x" * 10}, headers=sprayer)
        ).status
        for n in range(5)
    ]
    assert statuses == [401, 401, 401, 401, 429]
    right = {"login": victim.login, "password": PASSWORD}
    assert (await client.post("/api/staff/signin", json=right, headers=sprayer)).status == 429
    assert (await client.post("/api/staff/signin", json=right, headers={"X-Forwarded-For": "192.0.2.67"})).status == 200


async def test_a_sprayer_naming_other_addresses_is_locked_by_their_own(local_services, files, dialogs, clock) -> None:  # type: ignore[no-untyped-def]
    # The app's port reached past the proxy (10.9.9.9): X-Forwarded-For is the sprayer's own words
    app = build(local_services, files, dialogs, clock, proxies=("10.9.9.9",))
    async with TestClient(TestServer(app)) as client:
        statuses = []
        for n in range(6):
            wrong = {"login": f"spray-{n}", "password": "x" * 10}
            forged = {"X-Forwarded-For": f"198.51.100.{n}"}
            statuses.append((await client.post("/api/staff/signin", json=wrong, headers=forged)).status)
    # (the lock is on the test client's own address: lifted for the tests after this one)
    await SignInFailures.filter(key="address:127.0.0.1").delete()
    assert statuses[-1] == 429 and statuses[:4] == [401] * 4


async def test_a_sign_in_link_sets_a_password_once(client, clock) -> None:  # type: ignore[no-untyped-def]
    new = await StaffMember.create(
        name="新同事", login="newcomer", role=Role.CLERK, department="power", channel="web", external_id="web-newcomer"
    )
    link = staff_token(SECRET, StaffClaim(new.id, 0, int(clock().timestamp())), "staff-link")
    # a link is no session, and a session is no link
    assert (await client.get("/api/staff/me", headers=session(link))).status == 401
    short = await client.post("/api/staff/link", json={"token": link, "password": "short"})
    assert short.status == 400 and "10" in (await short.json())["message"]
    used = await client.post("/api/staff/link", json={"token": link, "password": "a long new password"})
    body = await used.json()
    assert used.status == 200 and body["member"]["login"] == "newcomer"
    assert (await client.get("/api/staff/me", headers=session(cookie_of(used)))).status == 200
    again = await client.post("/api/staff/link", json={"token": link, "password": "another long one"})
    assert again.status == 401 and "已使用过或已过期" in (await again.json())["message"]
    client.session.cookie_jar.clear()
    signed = await client.post("/api/staff/signin", json={"login": "newcomer", "password": "a long new password"})
    assert signed.status == 200
    await new.refresh_from_db()
    stale = staff_token(
        SECRET, StaffClaim(new.id, new.token_version, int(clock().timestamp()) - 73 * 3600), "staff-link"
    )
    assert (await client.post("/api/staff/link", json={"token": stale, "password": "x" * 12})).status == 401


async def test_a_staff_session_is_no_chat_token(client) -> None:  # type: ignore[no-untyped-def]
    headers = await sign_in(client, await member(Role.CLERK, "power"))
    token = headers["Cookie"].split("=", 1)[1]
    member_id = token.split(".")[0]
    for forged in (token, f"staff:{token}", f"staff:{member_id}.{token.rsplit('.', 1)[1]}"):
        assert (await client.get("/api/messages", headers={"Authorization": f"Bearer {forged}"})).status == 401


async def test_a_chat_token_is_no_staff_session(client, clock) -> None:  # type: ignore[no-untyped-def]
    chat = await (await client.post("/api/session", json={})).json()
    assert (await client.get("/api/messages", headers={"Authorization": f"Bearer {chat['token']}"})).status == 200
    signature = chat["token"].partition(".")[2]
    for forged in (chat["token"], f"1.0.{int(clock().timestamp())}.{signature}"):
        assert (await client.get("/api/staff/me", headers=session(forged))).status == 401
        assert (await client.get("/api/staff/me", headers={"Authorization": f"Bearer {forged}"})).status == 401


async def test_the_demo_accounts_get_fresh_passwords_at_each_start(client) -> None:  # type: ignore[no-untyped-def]
    first = await demo_accounts()
    assert [login for login, _, _ in first] == [a[0] for a in DEMO_ACCOUNTS]
    roles = {m.login: (m.role, m.department) for m in await StaffMember.filter(channel="demo")}
    assert roles["power"] == (Role.CLERK, "power") and roles["approval"] == (Role.CLERK, "approval")
    assert roles["power-head"] == (Role.HEAD, "power") and roles["supervisor"][0] == Role.SUPERVISOR
    assert roles["admin"][0] == Role.ADMIN
    login, password, _ = first[0]
    assert (await client.post("/api/staff/signin", json={"login": login, "password": password})).status == 200
    second = await demo_accounts()
    assert second[0][1] != password
    assert (await client.post("/api/staff/signin", json={"login": login, "password": password})).status == 401
    shown, hidden = demo_banner(second, "http://127.0.0.1:8080", True), demo_banner(second, "http://x", False)
    assert all(p in shown for _, p, _ in second) and not any(p in hidden for _, p, _ in second)


async def test_a_start_with_the_demo_off_takes_the_demo_accounts_passwords(client, capsys) -> None:  # type: ignore[no-untyped-def]
    from bot.embedded import _demo_staff

    # Given the demo's accounts from an earlier start on loopback, their passwords printed to that console
    on_loopback = Settings.from_env({"YJS_HOST": "127.0.0.1"})
    await _demo_staff(on_loopback)
    printed = capsys.readouterr().out
    admin = next(line.split()[1] for line in printed.splitlines() if line.strip().startswith("admin "))
    signed_in = await client.post("/api/staff/signin", json={"login": "admin", "password": admin})
    assert signed_in.status == 200
    # When the same data is served on a public address, where the demo is off
    await _demo_staff(Settings.from_env({"YJS_HOST": "0.0.0.0"}))
    # Then that password no longer signs in, and the session it opened has ended
    assert (await client.post("/api/staff/signin", json={"login": "admin", "password": admin})).status == 401
    cookie = signed_in.cookies[COOKIE].value
    assert (await client.get("/api/staff/me", headers=session(cookie))).status == 401
    assert not await StaffMember.filter(channel="demo", password_hash__not_isnull=True).exists()


def yijianshi(data_dir: Path, *args: str, stdin: str = "") -> str:
    env = {**os.environ, "YJS_DATA_DIR": str(data_dir), "YJS_DATABASE_URL": "", "YJS_SECRET": ""}
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args], env=env, capture_output=True, text=True, check=True, input=stdin
    )
    return done.stdout + done.stderr


def test_staff_add_passwd_link_revoke_list(tmp_path: Path) -> None:
    added = yijianshi(tmp_path, "staff", "add", "--name", "王工", "--login", "wang", "--department", "power")
    link = next(line for line in added.splitlines() if "#link=" in line)
    secret = (tmp_path / "secret").read_text().strip().encode()
    claim = read_staff_token(secret, link.split("#link=")[1], "staff-link")
    assert claim is not None and claim.member_id == 1 and claim.version == 0
    assert read_staff_token(secret, link.split("#link=")[1]) is None  # a link is no session
    secret_password = "typed-in-by-a-script"
    out = yijianshi(tmp_path, "staff", "passwd", "wang", "--password-stdin", stdin=secret_password + "\n")
    assert "password set" in out and secret_password not in out
    listing = yijianshi(tmp_path, "staff", "list")
    assert "王工" in listing and "wang" in listing and "clerk:power" in listing and "password" in listing
    head = yijianshi(
        tmp_path,
        "staff",
        "add",
        "--name",
        "李科长",
        "--login",
        "li",
        "--role",
        "head",
        "--department",
        "power",
        "--password-stdin",
        stdin="another-long-one\n",
    )
    assert "#link=" not in head and "another-long-one" not in head
    assert "stopped working" in yijianshi(tmp_path, "staff", "revoke", "王工")
    yijianshi(tmp_path, "staff", "revoke", "1", "--off")
    with sqlite3.connect(tmp_path / "yijianshi.db") as conn:
        version, hashed, active = conn.execute(
            "SELECT token_version, password_hash, active FROM staff_members WHERE id = 1"
        ).fetchone()
        (head_hash,) = conn.execute("SELECT password_hash FROM staff_members WHERE login = 'li'").fetchone()
    assert version == 3 and hashed is None and not active  # passwd, revoke, revoke: the link's 0 is long gone
    assert head_hash.startswith("$argon2id$")
    with pytest.raises(subprocess.CalledProcessError):
        yijianshi(tmp_path, "staff", "revoke", "nobody")
    with pytest.raises(subprocess.CalledProcessError):
        yijianshi(tmp_path, "staff", "passwd", "li", "--password-stdin", stdin="short\n")


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
def test_the_demo_accounts_are_on_only_on_loopback_or_when_asked_for(
    env: dict[str, str], on: bool, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        assert staff_demo(Settings.from_env(env)) is on
    assert "staff demo accounts are on" not in caplog.text  # asked twice at start: the web app says it, once
