"""Rate limits and upload quotas per client address and per web chat session.

Counted in Redis when the process has one, so the limits hold across every `serve` process;
in memory otherwise (the embedded demo is one process). If Redis cannot be reached the request
is let through: a limit must not take the service down with it.
"""

from __future__ import annotations

import json
import logging
import math
import time

from aiohttp import web
from limits import RateLimitItem, RateLimitItemPerHour, parse
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter, RateLimiter
from limits.storage import storage_from_string

from bot.settings import EdgeSettings
from locales import translate

log = logging.getLogger(__name__)


class TooFast(web.HTTPTooManyRequests):
    """A 429 with Retry-After and a polite message in the person's language."""

    def __init__(self, locale: str, retry_after: int, message: str = "edge.too_fast") -> None:
        body = {"error": "rate", "message": translate(locale, message, seconds=retry_after)}
        super().__init__(
            text=json.dumps(body, ensure_ascii=False),
            content_type="application/json",
            headers={"Retry-After": str(retry_after)},
        )


class RateLimits:
    """The limits of the web chat, named by what they count (see EdgeSettings)."""

    def __init__(self, edge: EdgeSettings, redis_url: str = "") -> None:
        self.trust_proxy = edge.trust_proxy
        storage = _storage(redis_url)
        counts, quotas = MovingWindowRateLimiter(storage), FixedWindowRateLimiter(storage)
        self.rules: dict[str, tuple[RateLimiter, RateLimitItem]] = {
            "session": (counts, parse(edge.sessions_per_address)),
            "message": (counts, parse(edge.messages_per_session)),
            "message-address": (counts, parse(edge.messages_per_address)),
            "upload": (counts, parse(edge.uploads_per_session)),
            # Quotas count kilobytes, so an upload costs its size.
            "upload-kb": (quotas, RateLimitItemPerHour(edge.upload_mb_per_session_hour * 1024)),
            "upload-kb-address": (quotas, RateLimitItemPerHour(edge.upload_mb_per_address_hour * 1024)),
        }

    def address(self, request: web.Request) -> str:
        """The client: the peer, or behind a trusted proxy the address that proxy saw.

        The proxy appends the peer it saw to X-Forwarded-For; earlier entries come from the
        client and can be anything, so only the last is believed.
        """
        forwarded = request.headers.get("X-Forwarded-For", "") if self.trust_proxy else ""
        last = forwarded.rsplit(",", 1)[-1].strip()
        return last or request.remote or "unknown"

    async def take(self, rule: str, key: str, locale: str, cost: int = 1, message: str = "edge.too_fast") -> None:
        """Counts one use (or `cost` units) against `key`; raises TooFast once the limit is reached."""
        limiter, item = self.rules[rule]
        try:
            if await limiter.hit(item, rule, key, cost=cost):
                return
            reset = (await limiter.get_window_stats(item, rule, key)).reset_time
        except Exception as exc:  # Redis down or slow: let people through, say so in the log
            log.warning("rate limit %s not checked (%s)", rule, type(exc).__name__)
            return
        raise TooFast(locale, max(1, math.ceil(reset - time.time())), message)


def _storage(redis_url: str) -> Storage:
    if not redis_url:
        return MemoryStorage()
    scheme, _, rest = redis_url.partition("://")
    uri = {"redis": "async+redis", "rediss": "async+rediss", "unix": "async+redis+unix"}[scheme] + "://" + rest
    storage = storage_from_string(uri, implementation="redispy", key_prefix="yjs-limits")
    assert isinstance(storage, Storage)
    return storage
