"""The one broker of a process, installed by its entry point before any actor is declared.

An entry point builds `Settings` and calls `install(settings.queue)`, then imports the actor
modules (`workers.actors`). With a broker URL (amqp://) the broker is RabbitMQ, for operators
who want a replicated broker; else with a Redis URL it is Redis (production and the test
suite); without either, Dramatiq's StubBroker, run by an in-process worker (the embedded demo).
"""

from __future__ import annotations

from typing import Protocol

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AsyncIO

from workers.queues import Queues


class QueueSettings(Protocol):
    """What the broker needs of the settings (``bot.settings.QueueSettings`` is the one built)."""

    @property
    def redis_url(self) -> str: ...

    @property
    def broker_url(self) -> str: ...

    @property
    def heartbeat_ms(self) -> int: ...

    @property
    def maintenance_chance(self) -> int: ...


#: Seconds to wait for Redis before a send counts as failed (the outbox keeps the work).
REDIS_TIMEOUT = 2


#: The queues a person waits on (a new case's cards, a card's redraw, a notice, a chat post): their
#: consumers look again at the worker timeout (``YJS_WORKER_TIMEOUT_MS``) once they run dry.
URGENT_QUEUES = frozenset({Queues.CASES, Queues.CARDS, Queues.PUSHES, Queues.CHATS})
#: How long the other consumers (periodic work, voices, every delay queue) wait at most between
#: looks at an empty queue: Dramatiq's own default.
RELAXED_TIMEOUT_MS = 1_000


class PacedRedisBroker(RedisBroker):
    """Redis, with a short idle timeout only where a person waits.

    Dramatiq gives every consumer of a worker the same idle timeout, and a Redis consumer that
    runs dry polls at that pace: with the 30 ms that keeps confirm -> first card fast, twelve
    consumers per process (six queues and their delay queues) made about 400 Redis calls a
    second each, and the threads doing it took the CPU and the GIL from the actors' event loop.
    """

    def consume(self, queue_name: str, prefetch: int = 1, timeout: int = 5000) -> dramatiq.Consumer:
        if queue_name not in URGENT_QUEUES:
            timeout = max(timeout, RELAXED_TIMEOUT_MS)
        return super().consume(queue_name, prefetch, timeout)


class DemoStubBroker(StubBroker):
    """Dramatiq's in-process stub broker (the embedded demo), whose delay queues a worker reads as delay queues.

    The stub lists its delay queues among its plain queues, so a worker read each with a plain
    queue's prefetch (twice its threads): a retry due now waited unread behind that many messages
    due later (chat posts waiting for their turn, for one), and came when the earliest of them did.
    """

    def get_declared_queues(self) -> set[str]:
        return set(self.queues) - self.delay_queues


class BrokerNotInstalled(RuntimeError):
    """An actor or relay asked for the broker before the entry point installed one."""


_installed: tuple[QueueSettings, dramatiq.Broker] | None = None


def build_broker(queue: QueueSettings) -> dramatiq.Broker:
    """A new broker for these settings, not installed: for a relay or a test of its own."""
    broker: dramatiq.Broker
    if queue.broker_url:
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        # Confirmed sends: a send that returns is in RabbitMQ, so the relay marks its row sent only then.
        broker = RabbitmqBroker(url=queue.broker_url, confirm_delivery=True)
    elif queue.redis_url:
        broker = PacedRedisBroker(
            url=queue.redis_url,
            socket_connect_timeout=REDIS_TIMEOUT,
            socket_timeout=REDIS_TIMEOUT,
            heartbeat_timeout=queue.heartbeat_ms,
            maintenance_chance=queue.maintenance_chance,
        )
    else:
        broker = DemoStubBroker()
    broker.add_middleware(AsyncIO())
    return broker


def install(queue: QueueSettings) -> dramatiq.Broker:
    """Build the process's broker from `queue` and make it Dramatiq's global one, once.

    Installing the same settings again returns the same broker (the embedded demo's run and
    serve both install); other settings are a programming error, since actors already bound
    to the first broker would silently keep it.
    """
    global _installed
    if _installed is None:
        broker = build_broker(queue)
        dramatiq.set_broker(broker)
        _installed = (queue, broker)
    elif _installed[0] != queue:
        raise RuntimeError(f"a broker for {_installed[0]} is installed already; cannot install one for {queue}")
    return _installed[1]


def installed() -> dramatiq.Broker:
    """The broker `install` set; raises rather than let Dramatiq fall back to a RabbitMQ on localhost."""
    if _installed is None:
        raise BrokerNotInstalled(
            "no broker installed: the entry point must call workers.broker.install(settings.queue)"
            " before importing an actor module (workers.actors, workers.cases, ...)"
        )
    return _installed[1]
