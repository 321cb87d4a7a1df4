"""Issue 11 item 8: a client sending its request head or body slowly is disconnected within the timeout."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from edge_app import edge_app

from bot.access_log import web_runner
from bot.edge.timeouts import server_options
from bot.settings.web import EdgeSettings

FAST = EdgeSettings(keepalive_seconds=1, body_timeout_seconds=1)


@pytest.fixture
async def port(dialogs, files, local_services) -> AsyncIterator[int]:  # type: ignore[no-untyped-def]
    runner = web_runner(edge_app(dialogs, files, local_services, FAST), **server_options(FAST))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield runner.addresses[0][1]
    await runner.cleanup()


async def trickle(port: int, head: bytes, then: bytes) -> float:
    """Sends `head`, then `then` a byte every 0.2 s; seconds until the server closes the connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    started = time.monotonic()
    writer.write(head)
    try:
        for byte in then:
            writer.write(bytes([byte]))
            await writer.drain()
            if reader.at_eof():
                break
            await asyncio.sleep(0.2)
        await asyncio.wait_for(reader.read(), timeout=10)  # read to EOF: the server closed
    except (ConnectionError, TimeoutError):
        pass
    finally:
        writer.close()
    return time.monotonic() - started


async def test_a_slow_request_head_is_cut_off(port: int) -> None:
    slow_headers = b"".join(b"X-Pad-%d: %s\r\n" % (n, b"a" * 10) for n in range(40))
    assert await trickle(port, b"GET / HTTP/1.1\r\nHost: x\r\n", slow_headers) < 3


async def test_a_silent_connection_is_cut_off(port: int) -> None:
    assert await trickle(port, b"", b"") < 3


async def test_a_slow_body_is_cut_off(port: int) -> None:
    head = b"POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n"
    assert await trickle(port, head, b"{" + b" " * 300) < 4


async def test_a_prompt_client_is_answered(port: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert (await asyncio.wait_for(reader.read(), timeout=5)).startswith(b"HTTP/1.1 200")
    writer.close()
