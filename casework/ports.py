"""What the service layer and the actors need from the outside: channels to push through, and voices.

Channels implement these in ``bot.channels``; actors in ``workers`` find them here by name,
so neither package imports the other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from handlers.events import Reply


class Channel(Protocol):
    """A place people chat. Replies go back through the request that asked; pushes use this."""

    name: str

    async def push(self, user_ref: str, replies: list[Reply], delivery: str | None = None) -> None:
        """Send messages nobody asked for right now: status changes, reminders.

        ``delivery`` names this delivery once for all its attempts: a channel that stores its
        messages itself (the web chat) keeps one copy per delivery, even when a worker died
        after sending and before recording it; a remote platform cannot and ignores it.
        """
        ...


class Channels:
    """The channels this process runs, by name, for pushes from anywhere in the app."""

    def __init__(self) -> None:
        self._by_name: dict[str, Channel] = {}

    def add(self, channel: Channel) -> None:
        self._by_name[channel.name] = channel

    def get(self, name: str) -> Channel | None:
        return self._by_name.get(name)

    async def push(self, channel: str, user_ref: str, replies: list[Reply], delivery: str | None = None) -> bool:
        target = self._by_name.get(channel)
        if target is None or not replies:
            return False
        await target.push(user_ref, replies, delivery)
        return True


class VoiceMaker(Protocol):
    """Turns a reply into a voice message file (cached), for elder mode."""

    async def voice_for(self, text: str, locale: str, elder: bool) -> Path: ...


class Throttled(Exception):
    """A chat platform will not take a post now (its rate limit): try again in ``seconds``.

    Raised instead of waiting, so that no worker thread sits out a platform's limit while
    routing, the staff page and residents' notices wait for a thread.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"throttled for {seconds:.1f} s")
        self.seconds = seconds
