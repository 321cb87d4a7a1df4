"""The baseline of bench/fanout.py: a trivial Dramatiq actor that makes one database write per message
(an INSERT into PostgreSQL through asyncpg, in an async actor like ours), on the same Redis."""

import os

import asyncpg
import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import AsyncIO

from bot.settings import Settings

# A bare RedisBroker, not workers.broker's: the baseline has none of the app's middleware.
URL = Settings.from_env().queue.redis_url
broker = RedisBroker(url=URL)
broker.add_middleware(AsyncIO())
dramatiq.set_broker(broker)
DATABASE = os.environ["YJS_BENCH_NOOP_DB"]
_pool: asyncpg.Pool | None = None


@dramatiq.actor(queue_name="bench-noop", max_retries=0)
async def noop(n: int) -> None:
    global _pool
    if _pool is None:
        _pool = await asyncpg.create_pool(DATABASE, min_size=1, max_size=8)
    await _pool.execute("INSERT INTO bench_noop (n) VALUES ($1)", n)
