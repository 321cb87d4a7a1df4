"""Issue 11 item 9: sessions, messages and uploads are limited per address and per session (429, Retry-After)."""

from __future__ import annotations

import aiohttp
import pytest
from webchat_client import post_event, session

from bot.settings import Settings
from bot.settings.web import EdgeSettings


def edge(**env: str) -> EdgeSettings:
    """Limits set the way an operator sets them: through the environment."""
    return Settings.from_env(env).edge


async def assert_too_fast(response: aiohttp.ClientResponse) -> None:
    assert response.status == 429, await response.text()
    assert int(response.headers["Retry-After"]) >= 1
    assert "请" in (await response.json())["message"]


async def test_the_31st_session_in_a_minute_from_one_address_is_refused(make_client) -> None:  # type: ignore[no-untyped-def]
    async with make_client(edge(YJS_RATE_SESSIONS="30/minute")) as client:
        for _ in range(30):
            assert (await client.post("/api/session", json={})).status == 200
        await assert_too_fast(await client.post("/api/session", json={}))


async def test_messages_past_the_session_limit_are_refused_and_the_conversation_is_unharmed(make_client) -> None:  # type: ignore[no-untyped-def]
    async with make_client(edge(YJS_RATE_MESSAGES="3/minute")) as client:
        auth = await session(client)
        await post_event(client, auth, type="command", text="/start")
        await post_event(client, auth, type="text", text="充电桩")
        before = (await (await client.get("/api/messages", headers=auth)).json())["messages"]
        await post_event(client, auth, type="text", text="退休")
        await assert_too_fast(await client.post("/api/events", json={"type": "text", "text": "户口"}, headers=auth))
        after = (await (await client.get("/api/messages", headers=auth)).json())["messages"]
        assert "户口" not in [m["text"] for m in after] and after[: len(before)] == before
        # another session is not held back by this one
        other = await session(client)
        assert len(await post_event(client, other, type="command", text="/start")) == 1


async def test_a_forged_forwarded_for_is_ignored_unless_the_proxy_is_trusted(make_client) -> None:  # type: ignore[no-untyped-def]
    async with make_client(edge(YJS_RATE_SESSIONS="2/minute")) as client:
        for n in range(2):
            await client.post("/api/session", json={}, headers={"X-Forwarded-For": f"10.0.0.{n}"})
        await assert_too_fast(await client.post("/api/session", json={}, headers={"X-Forwarded-For": "10.0.0.9"}))
    async with make_client(edge(YJS_RATE_SESSIONS="2/minute", YJS_TRUST_PROXY="1")) as client:
        for n in range(5):  # the proxy appends the address it saw; what the client wrote before it is not believed
            forwarded = {"X-Forwarded-For": f"6.6.6.6, 10.0.0.{n}"}
            assert (await client.post("/api/session", json={}, headers=forwarded)).status == 200
        await client.post("/api/session", json={}, headers={"X-Forwarded-For": "1.1.1.1, 10.0.0.0"})
        await assert_too_fast(await client.post("/api/session", json={}, headers={"X-Forwarded-For": "10.0.0.0"}))


async def test_forwarded_for_is_believed_only_from_a_trusted_proxy(make_client) -> None:  # type: ignore[no-untyped-def]
    # The app's port reached directly (YJS_HOST=0.0.0.0), past the proxy at 10.9.9.9: the header is the client's
    async with make_client(edge(YJS_RATE_SESSIONS="2/minute", YJS_TRUST_PROXY="10.9.9.9,10.8.0.0/16")) as client:
        for n in range(2):
            forwarded = {"X-Forwarded-For": f"203.0.113.{n}"}
            assert (await client.post("/api/session", json={}, headers=forwarded)).status == 200
        await assert_too_fast(await client.post("/api/session", json={}, headers={"X-Forwarded-For": "203.0.113.9"}))


async def test_an_ipv6_client_is_counted_by_its_network_not_by_each_address(make_client) -> None:  # type: ignore[no-untyped-def]
    async with make_client(edge(YJS_RATE_SESSIONS="2/minute", YJS_TRUST_PROXY="1")) as client:
        # One subscriber's /64 holds 2^64 addresses: a new one for every session changes nothing
        for host in ("2001:db8:7:1::1", "2001:db8:7:1::2"):
            forwarded = {"X-Forwarded-For": host}
            assert (await client.post("/api/session", json={}, headers=forwarded)).status == 200
        await assert_too_fast(
            await client.post("/api/session", json={}, headers={"X-Forwarded-For": "2001:db8:7:1:ff::9"})
        )
        # while the next network is another client
        assert (
            await client.post("/api/session", json={}, headers={"X-Forwarded-For": "2001:db8:7:2::1"})
        ).status == 200


def test_how_addresses_are_counted_and_proxies_are_named() -> None:
    from bot.edge.address import counted
    from bot.settings import SettingsError
    from bot.settings.web import LOCAL_PROXIES

    assert counted("203.0.113.7") == "203.0.113.7" and counted("::ffff:203.0.113.7") == "203.0.113.7"
    assert counted("2001:db8:7:1:abcd::1") == counted("2001:db8:7:1::2") == "2001:db8:7:1::/64"
    assert edge(YJS_TRUST_PROXY="1").trust_proxy == LOCAL_PROXIES and edge().trust_proxy == ()
    assert edge(YJS_TRUST_PROXY="10.0.0.5, 10.0.1.0/24").trust_proxy == ("10.0.0.5/32", "10.0.1.0/24")
    with pytest.raises(SettingsError, match="YJS_TRUST_PROXY"):
        edge(YJS_TRUST_PROXY="the-proxy")


async def test_uploads_past_the_hourly_quota_are_refused(make_client) -> None:  # type: ignore[no-untyped-def]
    async with make_client(edge(YJS_UPLOAD_MB_PER_SESSION_HOUR="1")) as client:
        auth = await session(client)
        await post_event(client, auth, type="command", text="/start")
        for expected in (200, 429):
            form = aiohttp.FormData()
            form.add_field("file", b"x" * 600_000, filename="a.jpg", content_type="image/jpeg")
            response = await client.post("/api/files", data=form, headers=auth)
            assert response.status == expected, await response.text()
        assert "上传" in (await response.json())["message"]


async def test_limits_hold_across_processes_in_redis(dialogs, files) -> None:  # type: ignore[no-untyped-def]
    import os

    import pytest

    from bot.edge.ratelimit import RateLimits, TooFast

    url = os.environ.get("YJS_TEST_REDIS_URL")
    if not url:
        pytest.skip("needs YJS_TEST_REDIS_URL")
    settings = edge(YJS_RATE_SESSIONS="2/minute")
    first, second = RateLimits(settings, url), RateLimits(settings, url)  # two processes, one Redis
    key = f"test-{os.getpid()}-{id(first)}"
    await first.take("session", key, "zh_CN")
    await second.take("session", key, "zh_CN")
    with pytest.raises(TooFast):
        await first.take("session", key, "zh_CN")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_moving_window_in_memory_frees_each_use_a_window_after_it() -> None:
    from limits import parse

    from bot.edge.ratelimit import LocalWindows

    clock, three = Clock(), parse("3/minute")
    windows = LocalWindows(moving=True, clock=clock)
    for step in range(3):
        assert await windows.hit(three, "message", "w-1")
        clock.now += 5 * (step + 1)  # uses at 1000, 1005 and 1015; now 1030
    assert not await windows.hit(three, "message", "w-1")
    assert await windows.hit(three, "message", "w-2")  # another person has their own window
    stats = await windows.get_window_stats(three, "message", "w-1")
    assert stats.remaining == 0 and 0 < stats.reset_time - __import__("time").time() <= 60
    clock.now = 1060.5  # the use at 1000 has left the window, the others not
    assert await windows.hit(three, "message", "w-1")
    assert not await windows.hit(three, "message", "w-1")


async def test_a_fixed_window_in_memory_counts_the_cost_and_opens_again() -> None:
    from limits import RateLimitItemPerHour

    from bot.edge.ratelimit import LocalWindows

    clock, quota = Clock(), RateLimitItemPerHour(100)
    windows = LocalWindows(moving=False, clock=clock)
    assert await windows.hit(quota, "upload-kb", "w-1", cost=60)
    assert not await windows.hit(quota, "upload-kb", "w-1", cost=41)  # 101 > 100: refused, nothing counted
    assert await windows.hit(quota, "upload-kb", "w-1", cost=40)
    assert (await windows.get_window_stats(quota, "upload-kb", "w-1")).remaining == 0
    clock.now += 3600
    assert await windows.hit(quota, "upload-kb", "w-1", cost=100)


async def test_keys_whose_window_has_passed_are_dropped_from_memory() -> None:
    from limits import parse

    from bot.edge.ratelimit import LocalWindows

    clock, per_minute = Clock(), parse("5/minute")
    windows = LocalWindows(moving=True, clock=clock)
    for n in range(1000):  # a thousand sessions, each used once
        await windows.hit(per_minute, "message", f"w-{n}")
    assert len(windows.used) == 1000
    clock.now += 61
    await windows.hit(per_minute, "message", "w-new")
    assert list(windows.used) == [(5, 60, ("message", "w-new"))]
