"""Rate limits and upload quotas per client address and per web chat session.

Counted in Redis when the process has one, so the limits hold across every `serve` process;
in memory otherwise (the embedded demo is one process). If Redis cannot be reached the request
is let through: a limit must not take the service down with it.

In memory the windows are our own (`LocalWindows`): the library's asyncio memory storage swept its
keys by handing each one to a thread, again and again while requests came in, which cost a web chat
step a twentieth of its CPU and grew with every session opened.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections import deque
from collections.abc import Callable

from aiohttp import web
from limits import RateLimitItem, RateLimitItemPerHour, parse
from limits.aio.storage import Storage
from limits.aio.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter
from limits.storage import storage_from_string
from limits.util import WindowStats

from bot.edge.address import client_address, networks
from bot.settings.web import EdgeSettings
from casework.lru import LRU
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
        self.proxies = networks(edge.trust_proxy)
        counts: Limiter
        quotas: Limiter
        if redis_url:
            storage = _storage(redis_url)
            counts, quotas = MovingWindowRateLimiter(storage), FixedWindowRateLimiter(storage)
        else:
            counts, quotas = LocalWindows(moving=True), LocalWindows(moving=False)
        self.rules: dict[str, tuple[Limiter, RateLimitItem]] = {
            "session": (counts, parse(edge.sessions_per_address)),
            "message": (counts, parse(edge.messages_per_session)),
            "message-address": (counts, parse(edge.messages_per_address)),
            "upload": (counts, parse(edge.uploads_per_session)),
            # Quotas count kilobytes, so an upload costs its size.
            "upload-kb": (quotas, RateLimitItemPerHour(edge.upload_mb_per_session_hour * 1024)),
            "upload-kb-address": (quotas, RateLimitItemPerHour(edge.upload_mb_per_address_hour * 1024)),
        }

    def address(self, request: web.Request) -> str:
        """The client: the peer, or behind a trusted proxy the address that proxy saw (bot.edge.address)."""
        return client_address(request, self.proxies)

    async def take(self, rule: str, key: str, locale: str, cost: int = 1, message: str = "edge.too_fast") -> None:
        """Counts one use (or `cost` units) against `key`; raises TooFast once the limit is reached."""
        limiter, item = self.rules[rule]
        if isinstance(limiter, LocalWindows) and limiter.counted(item, (rule, key), cost):
            return  # within the limit, counted in this process: the common case, without a coroutine
        if seconds := await self.wait(rule, key, cost):
            raise TooFast(locale, seconds, message)

    async def wait(self, rule: str, key: str, cost: int = 1) -> int:
        """Counts one use (or `cost` units) against `key` and returns 0; once the limit is reached, counts
        nothing and returns the seconds until it frees up (for channels that answer in a chat, not HTTP)."""
        limiter, item = self.rules[rule]
        try:
            if isinstance(limiter, LocalWindows):  # counted in this process: no coroutine to await
                if limiter.counted(item, (rule, key), cost):
                    return 0
            elif await limiter.hit(item, rule, key, cost=cost):
                return 0
            reset = (await limiter.get_window_stats(item, rule, key)).reset_time
        except Exception as exc:  # Redis down or slow: let people through, say so in the log
            log.warning("rate limit %s not checked (%s)", rule, type(exc).__name__)
            return 0
        return max(1, math.ceil(reset - time.time()))


class ChatLimits:
    """The web chat's messages-per-person limit where people write in a chat (Telegram, WeChat).

    A chat that sends faster than its steps are answered queues step after step behind its own lock and
    takes the database from everyone else. A message over the limit is not handled; the chat is told so
    once a window, not once a message (a flood must not become a flood of answers).
    """

    def __init__(self, limits: RateLimits | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits, self.clock = limits, clock
        #: Until when each chat has been told.
        self.told = LRU[str, float](10_000)

    async def refused(self, key: str, locale: str) -> tuple[bool, str | None]:
        """(over the limit, what to tell the chat now if anything) for one more message from `key`."""
        seconds = await self.limits.wait("message", key) if self.limits else 0
        if not seconds:
            return False, None
        now = self.clock()
        if (self.told.get(key) or 0.0) > now:
            return True, None
        self.told.put(key, now + seconds)
        return True, translate(locale, "edge.chat_too_fast", seconds=seconds)


class LocalWindows:
    """Moving (or fixed) windows counted in this process's memory, with the limiter's `hit` and
    `get_window_stats`. Keys whose window has passed are dropped once a minute."""

    SWEEP_EVERY = 60.0

    def __init__(self, moving: bool, clock: Callable[[], float] = time.monotonic) -> None:
        self.moving, self.clock = moving, clock
        #: Moving windows: each key's span and the times of the units used in it, oldest first.
        self.used: dict[Key, tuple[float, deque[float]]] = {}
        #: Fixed windows: each key's span, when its window opened and the units used since.
        self.windows: dict[Key, tuple[float, float, int]] = {}
        self.swept = clock()

    async def hit(self, item: RateLimitItem, *identifiers: str, cost: int = 1) -> bool:
        return self.counted(item, identifiers, cost)

    def counted(self, item: RateLimitItem, identifiers: tuple[str, ...], cost: int = 1) -> bool:
        """`hit`, for a caller in this process: True and counted if within the limit."""
        key = _key(item, identifiers)
        span, now = float(key[1]), self.clock()
        if now - self.swept >= self.SWEEP_EVERY:
            self._sweep(now)
        if self.moving:
            times = self._times(key, span, now)
            if len(times) + cost > item.amount:
                return False
            times.extend([now] * cost)
            return True
        _, opened, count = self._window(key, span, now)
        if count + cost > item.amount:
            return False
        self.windows[key] = (span, opened, count + cost)
        return True

    async def get_window_stats(self, item: RateLimitItem, *identifiers: str) -> WindowStats:
        key, span, now = _key(item, identifiers), float(item.get_expiry()), self.clock()
        if self.moving:
            times = self._times(key, span, now)
            reset, left = (times[0] + span if times else now), item.amount - len(times)
        else:
            _, opened, count = self._window(key, span, now)
            reset, left = opened + span, item.amount - count
        return WindowStats(time.time() + (reset - now), max(0, left))

    def _times(self, key: Key, span: float, now: float) -> deque[float]:
        times = self.used.setdefault(key, (span, deque()))[1]
        while times and times[0] <= now - span:
            times.popleft()
        return times

    def _window(self, key: Key, span: float, now: float) -> tuple[float, float, int]:
        window = self.windows.get(key)
        if window is None or now - window[1] >= span:
            window = self.windows[key] = (span, now, 0)
        return window

    def _sweep(self, now: float) -> None:
        self.swept = now
        self.used = {k: v for k, v in self.used.items() if v[1] and v[1][-1] > now - v[0]}
        self.windows = {k: v for k, v in self.windows.items() if now - v[1] < v[0]}


Limiter = MovingWindowRateLimiter | FixedWindowRateLimiter | LocalWindows
#: A window in memory: the limit (amount, span in seconds) and who is counted. The library's own string
#: key (`key_for`) cost about 4% of a web chat step's CPU, and no other process reads these.
Key = tuple[int, int, tuple[str, ...]]


def _key(item: RateLimitItem, identifiers: tuple[str, ...]) -> Key:
    return item.amount, item.get_expiry(), identifiers


def _storage(redis_url: str) -> Storage:
    scheme, _, rest = redis_url.partition("://")
    uri = {"redis": "async+redis", "rediss": "async+rediss", "unix": "async+redis+unix"}[scheme] + "://" + rest
    storage = storage_from_string(uri, implementation="redispy", key_prefix="yjs-limits")
    assert isinstance(storage, Storage)
    return storage
