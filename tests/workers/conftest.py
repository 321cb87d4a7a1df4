"""Real Redis, real worker processes: the case backend as production runs it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from worker_harness import REDIS_URL, WorkerProcess

from bot.channels.webchat import WebchatInbox
from casework.ports import Channels
from handlers.workdays import default_calendar
from workers import actors, services
from workers.relay import Relay
from workers.staffboards import StaffBoards


@pytest.fixture
def start_worker(db_url: str, tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    """Starts `yijianshi worker` (all queues, 4 threads); keyword arguments are extra settings."""
    started: list[WorkerProcess] = []

    def start(**extra: str) -> WorkerProcess:
        worker = WorkerProcess(db_url, tmp_path, extra)
        started.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
async def backend(db, catalog, clock, dialogs) -> AsyncIterator[Relay]:  # type: ignore[no-untyped-def]
    """This process as a web process: it relays the outbox to Redis."""
    import redis

    from workers.broker import installed

    redis.Redis.from_url(str(REDIS_URL)).flushdb()
    installed().flush_all()  # RabbitMQ's queues, on the pass with YJS_TEST_BROKER_URL
    assert actors.__all__  # declared, so this process's relay can send to them
    relay = Relay(installed())
    dialogs.after_commit = relay.kick
    channels = Channels()
    channels.add(WebchatInbox())
    services.install(
        services.Services(catalog, default_calendar(), channels, StaffBoards(), relay, "http://test", clock)
    )
    relay.start()
    yield relay
    await relay.stop()
