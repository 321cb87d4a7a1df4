"""The access log of the server `serve_web` runs: paths only, never query strings (WeChat signs there)."""

from __future__ import annotations

import logging

import aiohttp
import pytest
from aiohttp import web

from bot.access_log import web_runner
from bot.settings import Settings, SettingsError


async def success(request: web.Request) -> web.Response:
    return web.Response(text="success")


def url(port: int) -> str:
    return f"http://127.0.0.1:{port}/wechat"


async def test_the_access_log_leaves_out_query_strings(caplog: pytest.LogCaptureFixture) -> None:
    app = web.Application()
    app.router.add_post("/wechat", success)
    runner = web_runner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    query = {"signature": "5f3e0c1d9a", "timestamp": "1764300000", "nonce": "8271635", "openid": "oAbC123"}
    try:
        with caplog.at_level(logging.INFO, logger="aiohttp.access"):
            async with aiohttp.ClientSession() as session, session.post(url(port), params=query) as response:
                assert response.status == 200
    finally:
        await runner.cleanup()
    lines = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
    assert len(lines) == 1 and '"POST /wechat" 200' in lines[0]
    assert not any(secret in lines[0] for secret in ("?", "signature", "5f3e0c1d9a", "8271635", "oAbC123"))


async def test_with_the_access_log_off_no_line_is_written(caplog: pytest.LogCaptureFixture) -> None:
    app = web.Application()
    app.router.add_post("/wechat", success)
    runner = web_runner(app, access_log=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        with caplog.at_level(logging.DEBUG, logger="aiohttp.access"):
            async with aiohttp.ClientSession() as session, session.post(url(port)) as response:
                assert response.status == 200
    finally:
        await runner.cleanup()
    assert not [r for r in caplog.records if r.name == "aiohttp.access"]


def test_the_access_log_setting_is_on_unless_turned_off() -> None:
    assert Settings.from_env({}).web.access_log is True
    assert Settings.from_env({"YJS_ACCESS_LOG": "off"}).web.access_log is False
    with pytest.raises(SettingsError, match="YJS_ACCESS_LOG"):
        Settings.from_env({"YJS_ACCESS_LOG": "sometimes"})
