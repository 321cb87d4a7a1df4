"""Fixtures shared by the suite: a real database per backend, the catalog, a clock."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from bot.files import FileStore
from bot.runtime import Runtime
from bot.settings import QueueSettings
from casework.ports import Channels
from handlers.catalog import Catalog, load_catalog
from handlers.search import searcher_for
from models.db import close_db, open_db
from workers import broker

# The test process relays to the same Redis the worker subprocesses read; installed before
# any test module declares the actors. Without it (pytest run by hand) the broker is a stub.
# With YJS_TEST_BROKER_URL (amqp://, .ci/test.sh's extra pass of tests/workers) the queues are RabbitMQ's.
TEST_QUEUE = QueueSettings(
    redis_url=os.environ.get("YJS_TEST_REDIS_URL") or "", broker_url=os.environ.get("YJS_TEST_BROKER_URL") or ""
)
broker.install(TEST_QUEUE)

#: Tortoise builds its SQL per dialect once per process, so one pytest run tests one
#: backend; `make test` runs the suite once with each.
BACKEND = os.environ.get("YJS_TEST_BACKEND", "sqlite")
POSTGRES_URL = os.environ.get("YJS_TEST_POSTGRES_URL")


class Clock:
    """A clock tests move by hand, so idle and deadline logic needs no sleeping."""

    def __init__(self) -> None:
        self.at = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if BACKEND == "sqlite":
        # Worker subprocesses share the file: wait for a lock rather than fail after sqlite's 5 s.
        return f"sqlite://{tmp_path_factory.mktemp('db') / 'test.db'}?busy_timeout=30000"
    if not POSTGRES_URL:
        pytest.fail("YJS_TEST_BACKEND=postgres needs YJS_TEST_POSTGRES_URL (make test sets both)")
    return POSTGRES_URL


@pytest.fixture(scope="session")
async def db(db_url: str) -> AsyncIterator[str]:
    url = db_url
    if BACKEND == "postgres":
        conn = await asyncpg.connect(url)
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        await conn.close()
    await open_db(url, create_schema=True)
    yield BACKEND
    await close_db()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def files(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "materials", cap_bytes=50 * 1024 * 1024)


@pytest.fixture
def channels() -> Channels:
    return Channels()


@pytest.fixture
def dialogs(db: str, catalog: Catalog, channels: Channels, clock: Clock, files: FileStore) -> Runtime:
    return Runtime(catalog, searcher_for(catalog), channels, now=clock, files=files)


@pytest.fixture
def local_services(catalog: Catalog, clock: Clock, channels: Channels):  # type: ignore[no-untyped-def]
    """Services for calling actor functions directly in this process, with no queue behind them."""
    from bot.channels.webchat import WebchatInbox
    from handlers.workdays import default_calendar
    from workers import services
    from workers.broker import build_broker
    from workers.relay import Relay
    from workers.staffboards import StaffBoards

    channels.add(WebchatInbox())
    installed = services.Services(
        catalog, default_calendar(), channels, StaffBoards(), Relay(build_broker(QueueSettings())), "http://test", clock
    )
    services.install(installed)
    return installed
