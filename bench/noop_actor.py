"""A trivial Dramatiq actor on Redis, the baseline of bench/fanout.py: it only counts."""

import os

import dramatiq
import redis
from dramatiq.brokers.redis import RedisBroker

URL = os.environ["YJS_REDIS_URL"]
dramatiq.set_broker(RedisBroker(url=URL))
counter = redis.Redis.from_url(URL)


@dramatiq.actor(queue_name="bench-noop", max_retries=0)
def noop(n: int) -> None:
    counter.incr("bench:noop")
