"""The one broker, set before any actor is declared.

With ``YJS_REDIS_URL`` set it is Redis (production and the test suite); without it,
Dramatiq's StubBroker, run by an in-process worker (the embedded demo).
"""

from __future__ import annotations

import os

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AsyncIO

#: Seconds to wait for Redis before a send counts as failed (the outbox keeps the work).
REDIS_TIMEOUT = 2


def build_broker(redis_url: str | None) -> dramatiq.Broker:
    broker: dramatiq.Broker
    if redis_url:
        broker = RedisBroker(
            url=redis_url,
            socket_connect_timeout=REDIS_TIMEOUT,
            socket_timeout=REDIS_TIMEOUT,
            # How soon the messages of a dead worker go back to the queue (ms), and how often
            # (per million commands) that check runs; Dramatiq's defaults are 60 s and 1,000.
            heartbeat_timeout=int(os.environ.get("YJS_REDIS_HEARTBEAT_MS", "60000")),
            maintenance_chance=int(os.environ.get("YJS_REDIS_MAINTENANCE_CHANCE", "1000")),
        )
    else:
        broker = StubBroker()
    broker.add_middleware(AsyncIO())
    return broker


broker = build_broker(os.environ.get("YJS_REDIS_URL"))
dramatiq.set_broker(broker)
