"""A trivial Dramatiq actor on Redis, the baseline of bench/fanout.py: it only counts."""

import dramatiq
import redis
from dramatiq.brokers.redis import RedisBroker

from bot.settings import Settings

# A bare RedisBroker, not workers.broker's: the baseline has none of the app's middleware.
URL = Settings.from_env().queue.redis_url
dramatiq.set_broker(RedisBroker(url=URL))
counter = redis.Redis.from_url(URL)


@dramatiq.actor(queue_name="bench-noop", max_retries=0)
def noop(n: int) -> None:
    counter.incr("bench:noop")
