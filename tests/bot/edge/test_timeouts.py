"""Issue 11 item 8: a client sending its request head or body slowly is disconnected within the timeout."""

from __future__ import annotations

import asyncio
import contextlib
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


async def sent_before_close(port: int, head: bytes, body: bytes, chunk: int, every: float) -> int:
    """Sends `head`, then `body` in pieces of `chunk` bytes every `every` seconds; the bytes of body sent
    before the server closed the connection (all of them if it never did)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(head)
    sent = 0
    try:
        while sent < len(body) and not reader.at_eof():
            writer.write(body[sent : sent + chunk])
            await writer.drain()
            sent += chunk
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(reader.read(1024), timeout=every)
    except ConnectionError:
        pass
    finally:
        writer.close()
    return min(sent, len(body))


async def test_a_body_that_trickles_in_just_fast_enough_never_to_stall_is_cut_off(port: int) -> None:
    # 300 bytes every 0.2 s: more than 1 KB in every period of 1 s, but 1.5 KB/s on average, not 2
    body = b"{" + b" " * 29_998 + b"}"
    head = b"POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 30000\r\n\r\n"
    assert await sent_before_close(port, head, body, chunk=300, every=0.2) < len(body)


async def test_a_prompt_body_is_read_however_long_it_takes_to_arrive(port: int) -> None:
    body = b'{"lang": "en"' + b" " * 20_000 + b"}"
    head = b"POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
    head += b"Content-Length: %d\r\n\r\n" % len(body)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(head)
    for start in range(0, len(body), 3000):  # 6 KB a second, over more than one period
        writer.write(body[start : start + 3000])
        await writer.drain()
        await asyncio.sleep(0.5)
    answer = await asyncio.wait_for(reader.read(), timeout=10)
    writer.close()
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]


async def test_a_chunked_json_body_is_read_no_further_than_its_cap(port: int) -> None:
    from bot.channels.http import MAX_JSON_BYTES

    # One chunk just over the cap, and the body left open: the answer must not wait for the rest
    piece = b" " * (MAX_JSON_BYTES + 10)
    head = (
        b"POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(head + b"%x\r\n" % len(piece) + piece + b"\r\n")
    await writer.drain()
    status = await asyncio.wait_for(reader.readline(), timeout=10)
    writer.close()
    assert status.startswith(b"HTTP/1.1 400"), status
