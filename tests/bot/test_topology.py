"""Several serve processes on one database and one Redis: what one process does, another can take over.

Each Runtime below stands for one `serve` process: its own caches and locks, the same
database and Redis. The relay and periodic-job tests run on both backends; what makes
them hold differs (PostgreSQL: SKIP LOCKED between connections; SQLite: one writer at a time).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import dramatiq
import pytest
from dramatiq.middleware import Middleware
from redis.asyncio import Redis
from scenario_walk import Chat, at_first_material, at_id_question
from worker_harness import REDIS_URL, needs_redis

from bot.files import FileStore
from bot.locks import RunOnce, SharedLocks, redis_client
from bot.runtime import Runtime
from bot.settings import QueueSettings
from handlers.catalog import Catalog
from handlers.search import searcher_for
from models import db
from models.outbox import Outbox
from workers.broker import build_broker
from workers.relay import Relay

pytestmark = needs_redis


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = Redis.from_url(str(REDIS_URL))
    yield client
    await client.aclose()


def process(catalog: Catalog, clock, files: FileStore, redis: Redis) -> Runtime:  # type: ignore[no-untyped-def]
    """The runtime of one serve process, as build_app makes it when Redis is configured."""
    return Runtime(catalog, searcher_for(catalog), now=clock, files=files, locks=SharedLocks(redis))


async def test_a_resident_moves_between_processes_mid_conversation(db, catalog, clock, files, redis) -> None:  # type: ignore[no-untyped-def]
    # Given two serve processes, the resident's first steps taken by the first
    first, second = process(catalog, clock, files, redis), process(catalog, clock, files, redis)
    chat = Chat(first, files)
    await at_id_question(chat)
    assert not await first.expects_file("test", chat.user)  # this process has now read the conversation
    # When the next steps land on the second process
    chat.dialogs = second
    for answer in ["371302198506120027", "13800138000", "临港区滨海路8号阳光小区3号楼", "1"]:
        await chat.say(answer)
    # Then the first process sees where the resident is now, and carries the conversation on
    assert await first.expects_file("test", chat.user)
    assert await first.document_step("test", chat.user) == "material:id_card"
    chat.dialogs = first
    assert (await chat.state()).step == "material:id_card"


async def test_one_residents_steps_wait_for_another_process_others_do_not(db, catalog, clock, files, redis) -> None:  # type: ignore[no-untyped-def]
    first, second = process(catalog, clock, files, redis), process(catalog, clock, files, redis)
    waiting, other = Chat(second, files), Chat(second, files)
    await at_id_question(waiting)
    # Given the first process in the middle of this resident's step
    async with first.locks.hold(f"test:{waiting.user}"):
        # When the second process gets a message from them, and one from someone else
        held = asyncio.create_task(waiting.say("371302198506120027"))
        await at_first_material(other)
        # Then the other resident's steps went through; this one waits its turn
        assert not held.done()
        assert (await waiting.state()).step == "field:applicant_id"
    await held
    assert (await waiting.state()).step == "field:phone"


class Sent(Middleware):
    """Counts what the broker was given to enqueue, by the outbox row's number."""

    def __init__(self) -> None:
        self.numbers: list[int] = []

    def before_enqueue(self, broker: dramatiq.Broker, message: dramatiq.Message, delay: int) -> None:  # type: ignore[type-arg]
        self.numbers.append(message.kwargs["n"])


async def test_relays_in_every_process_send_each_row_once(db) -> None:  # type: ignore[no-untyped-def]
    # Given a broker both relays send to, and a thousand committed outbox rows
    broker = build_broker(QueueSettings())
    sent = Sent()
    broker.add_middleware(sent)
    dramatiq.actor(lambda n: None, broker=broker, actor_name="topology_probe")
    await Outbox.filter(sent_at=None).update(sent_at=db_now())  # rows other tests left for other brokers
    await Outbox.bulk_create(
        [Outbox(actor="topology_probe", payload={"n": n}, key=f"topology-{n}") for n in range(1000)]
    )
    first, second = Relay(broker), Relay(broker)

    async def drain(relay: Relay) -> int:
        total = 0
        while batch := await relay.relay_once():
            total += batch
        return total

    # When both relay at once (on PostgreSQL each in its own connection and transaction)
    counts = await asyncio.gather(drain(first), drain(second))
    # Then every row went to the broker once
    assert sorted(sent.numbers) == list(range(1000))
    assert sum(counts) == 1000
    assert not await Outbox.filter(actor="topology_probe", sent_at=None).exists()


def db_now():  # type: ignore[no-untyped-def]
    return db.now()


async def test_a_periodic_job_runs_in_one_process_per_period(redis) -> None:  # type: ignore[no-untyped-def]
    await redis.delete("yjs:once:topology-job")
    others = [Redis.from_url(str(REDIS_URL)) for _ in range(3)]
    try:
        processes = [RunOnce(redis), *(RunOnce(r) for r in others)]
        # When the schedulers of four processes fire the same job at once
        claims = await asyncio.gather(*(p.claim("topology-job", 60) for p in processes))
        # Then one of them runs it, and a second round in the same period runs nowhere
        assert sorted(claims) == [False, False, False, True]
        assert not any(await asyncio.gather(*(p.claim("topology-job", 60) for p in processes)))
        # And without Redis (the embedded demo, one process) the job always runs
        assert await RunOnce(None).claim("topology-job", 60)
    finally:
        await redis.delete("yjs:once:topology-job")
        for r in others:
            await r.aclose()


async def test_more_residents_at_once_than_redis_connections_wait_for_one_instead_of_failing() -> None:
    # Given a serve process's Redis client with few connections (100 in production) and a lock per resident
    client = redis_client(REDIS_URL, connections=4)
    locks = SharedLocks(client, prefix="yjs:test-pool:")
    held: list[str] = []

    async def step(key: str) -> None:
        async with locks.hold(key):
            await asyncio.sleep(0.01)
            held.append(key)

    try:
        # When fifty residents' steps take their locks at the same moment
        await asyncio.wait_for(asyncio.gather(*(step(f"web:r{n}") for n in range(50))), timeout=30)
    finally:
        await client.aclose()
    # Then every step ran, each waiting for a connection, none failing with "Too many connections" (a 500)
    assert sorted(held) == sorted(f"web:r{n}" for n in range(50))


async def test_a_web_chat_session_ended_in_one_process_is_refused_by_another(db, catalog, clock, files, redis) -> None:  # type: ignore[no-untyped-def]
    from aiohttp import web
    from aiohttp.test_utils import TestClient, TestServer
    from webchat_client import post_event, session

    from bot.channels.webchat import WebChat

    async def serve(runtime: Runtime) -> TestClient:
        app = web.Application()
        app.add_routes(WebChat(runtime, files, secret=b"test-secret").routes())
        return TestClient(TestServer(app))

    # Given two serve processes sharing the residents, and a session opened and used on both
    async with (
        await serve(process(catalog, clock, files, redis)) as one,
        await serve(process(catalog, clock, files, redis)) as other,
    ):
        auth = await session(one)
        menu = await post_event(one, auth, type="command", text="/start")
        pressed = next(b for m in menu for b in m["buttons"] if "sc:" in b["data"])
        # a button drawn by one process and pressed on the other is echoed in its words
        shown = await post_event(other, auth, type="button", data=pressed["data"])
        assert shown[0]["from"] == "user" and shown[0]["text"] == pressed["label"]
        # When the person ends the session on the first
        assert (await one.post("/api/session/end", headers=auth)).status == 200
        # Then the second, which has read the session before, refuses it too
        refused = await other.post("/api/events", json={"type": "text", "text": "你好"}, headers=auth)
        assert refused.status == 401
