"""Messages being answered in this process: their work, who answers them, and WeChat's re-posts of them.

WeChat waits 5 seconds for the answer to a post and re-posts the same message up to three times when none
came. The work of a message (a media download, the engine's step) runs apart from the request: a request
answers with the replies if they are ready within its budget, else "success" and the replies go out later as
a push. A re-post finds the same work and waits for it within its own budget; so each answer reaches the
person once, and none is dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from bot.logs import masked_trace
from handlers.events import Reply

log = logging.getLogger(__name__)

#: How long a finished message is remembered for WeChat's re-posts (three, 5 seconds apart).
REMEMBER_SECONDS = 60.0

Answered = Literal["", "passive", "pushed"]


@dataclass
class Inbound:
    """One message at work: its replies when done, and how they reached the person so far."""

    key: str
    user_ref: str
    task: asyncio.Task[list[Reply]]
    #: Requests (the post and its re-posts) waiting for the replies within their budget.
    waiting: int = 0
    answered: Answered = ""


class InboundWork:
    """The messages at work in this process, answered in the order each person sent them."""

    def __init__(
        self,
        push_late: Callable[[Inbound, list[Reply]], Awaitable[None]],
        push_failed: Callable[[Inbound], Awaitable[None]] | None = None,
    ) -> None:
        """`push_late` sends the replies of work that ended after its answer was due; `push_failed` tells
        the person when such work failed (nobody is waiting to retry it: WeChat had its answer)."""
        self.push_late, self.push_failed = push_late, push_failed
        self.messages: dict[str, Inbound] = {}
        self._last_of: dict[str, asyncio.Task[list[Reply]]] = {}
        self._background: set[asyncio.Task[Any]] = set()

    def start(self, key: str, user_ref: str, work: Callable[[], Awaitable[list[Reply]]]) -> Inbound:
        """Start the work of a message once this person's earlier messages are answered."""
        earlier = self._last_of.get(user_ref)

        async def in_turn() -> list[Reply]:
            if earlier is not None:
                await asyncio.wait({earlier})  # its failure is its own: this message is still answered
            return await work()

        task = asyncio.ensure_future(in_turn())
        inbound = Inbound(key, user_ref, task)
        self.messages[key] = inbound
        self._last_of[user_ref] = task
        task.add_done_callback(lambda _: self._finished(inbound))
        return inbound

    async def wait(self, inbound: Inbound, seconds: float) -> bool:
        """Wait up to `seconds` for the replies; True if this request is the one to answer with them."""
        if inbound.answered == "passive":
            return True  # WeChat posts again: our answer did not reach it
        inbound.waiting += 1
        try:
            await asyncio.wait({inbound.task}, timeout=max(seconds, 0.0))
        finally:
            inbound.waiting -= 1
        if not inbound.task.done() or inbound.answered:
            return False  # pushed when the work ends, or pushed already
        if inbound.task.cancelled() or inbound.task.exception() is not None:
            self.forget(inbound)
            inbound.task.result()  # raises: WeChat re-posts after a failed request, and the work is done anew
        inbound.answered = "passive"
        return True

    def forget(self, inbound: Inbound) -> None:
        if self.messages.get(inbound.key) is inbound:
            del self.messages[inbound.key]

    def _finished(self, inbound: Inbound) -> None:
        if self._last_of.get(inbound.user_ref) is inbound.task:
            del self._last_of[inbound.user_ref]
        asyncio.get_running_loop().call_later(REMEMBER_SECONDS, self.forget, inbound)
        if inbound.waiting or inbound.answered:
            return  # a request waiting for it answers with the replies
        if inbound.task.cancelled() or inbound.task.exception() is not None:
            failure = None if inbound.task.cancelled() else inbound.task.exception()
            log.error("message %s failed after its answer was due:\n%s", inbound.key, masked_trace(failure))
            if self.push_failed is not None:
                inbound.answered = "pushed"
                self.later(self.push_failed(inbound))
            return
        inbound.answered = "pushed"
        self.later(self.push_late(inbound, inbound.task.result()))

    def later(self, work: Awaitable[Any]) -> None:
        """Run `work` after the answer, kept until it ends (`settle` waits for it)."""

        async def run() -> None:
            try:
                await work
            except Exception:
                log.exception("WeChat work after the answer failed")

        task = asyncio.ensure_future(run())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def settle(self, timeout: float | None = None) -> None:
        """Wait until every message at work is answered and what follows an answer is sent."""
        while pending := {i.task for i in self.messages.values() if not i.task.done()} | self._background:
            done, _ = await asyncio.wait(pending, timeout=timeout)
            if not done:
                return

    async def close(self) -> None:
        """At shutdown: give the work a few seconds to end, then stop it."""
        await self.settle(timeout=5.0)
        for task in [*self._background, *(i.task for i in self.messages.values())]:
            task.cancel()
