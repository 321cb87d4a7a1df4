"""The broker is installed by the entry point, from the settings, before any actor exists."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import dramatiq
import pytest
from conftest import TEST_QUEUE
from dramatiq.brokers.stub import StubBroker

from bot.settings import QueueSettings
from workers import broker as brokers
from workers.queues import Queues

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("module", ["workers.actors", "workers.cases", "workers.speech", "workers.deadlines"])
def test_an_actor_module_refuses_to_load_without_a_broker(module: str) -> None:
    # Given a fresh process where no entry point installed a broker (this one has: conftest)
    done = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True)
    # Then the import fails naming the fix, instead of binding to Dramatiq's default RabbitMQ broker
    assert done.returncode != 0
    assert "BrokerNotInstalled" in done.stderr and "workers.broker.install(settings.queue)" in done.stderr


def test_installing_again_keeps_the_one_broker() -> None:
    installed = brokers.installed()
    # Given the broker conftest installed, as an entry point does
    # When the same settings are installed again (run, then serve, in the embedded demo)
    # Then it is the same broker; other settings are refused, since actors are bound already
    assert brokers.install(TEST_QUEUE) is installed
    with pytest.raises(RuntimeError, match="installed already"):
        brokers.install(QueueSettings(redis_url="redis://elsewhere.invalid:6379/9"))
    assert brokers.installed() is installed


def test_the_broker_is_built_from_the_queue_settings() -> None:
    queue = QueueSettings(redis_url="redis://127.0.0.1:9/0", heartbeat_ms=2000, maintenance_chance=1_000_000)
    built = brokers.build_broker(queue)
    assert built.heartbeat_timeout == 2000 and built.maintenance_chance == 1_000_000  # type: ignore[attr-defined]
    assert isinstance(brokers.build_broker(QueueSettings()), StubBroker)


def test_a_broker_url_makes_the_queues_rabbitmqs() -> None:
    # Given settings naming a RabbitMQ (Redis still holds the locks and rate limits)
    queue = QueueSettings(redis_url="redis://127.0.0.1:9/0", broker_url="amqp://guest:guest@127.0.0.1:9/%2F")
    # Then the broker is RabbitMQ's, confirming each send (nothing connects until the first one)
    built = brokers.build_broker(queue)
    assert type(built).__name__ == "RabbitmqBroker" and built.confirm_delivery  # type: ignore[attr-defined]


def test_only_the_queues_a_person_waits_on_are_polled_at_the_short_timeout() -> None:
    # Given a worker built with the short idle timeout that keeps confirm -> first card fast
    built = brokers.build_broker(QueueSettings(redis_url="redis://127.0.0.1:9/0"))
    timeouts = {q: built.consume(q, prefetch=1, timeout=30).timeout for q in (*Queues.ALL, "cases.DQ", "pushes.DQ")}
    # Then the cases, the cards, the notices and the chat posts are looked at every 30 ms when dry,
    # and periodic work, voices and every delay queue at Dramatiq's default second: fewer polls, same latency
    assert {q for q, t in timeouts.items() if t == 30} == {Queues.CASES, Queues.CARDS, Queues.PUSHES, Queues.CHATS}
    assert {t for q, t in timeouts.items() if t != 30} == {brokers.RELAXED_TIMEOUT_MS}


def test_on_the_stub_broker_a_retry_due_soon_does_not_wait_behind_later_ones() -> None:
    # Given the demo's in-process broker and worker (2 threads), and five retries due later
    stub = brokers.build_broker(QueueSettings())
    ran: list[int] = []
    first = threading.Event()

    @dramatiq.actor(broker=stub, queue_name="later", max_retries=1)
    def job(n: int, delay: int) -> None:
        if n not in tried:
            tried.add(n)
            raise dramatiq.Retry(delay=delay)
        ran.append(n)
        first.set()

    tried: set[int] = set()
    worker = dramatiq.Worker(stub, worker_threads=2, worker_timeout=100)
    worker.start()
    try:
        for n in range(5):
            job.send(n, 60_000)
        for _ in range(300):
            if len(tried) == 5:
                break
            time.sleep(0.1)
        # When one more is retried, due in moments
        job.send(99, 100)
        assert first.wait(90)
        # Then it runs before any of the earlier ones is due (it used to wait for the first of them)
        assert ran == [99]
    finally:
        worker.stop(timeout=1000)
