"""The push side of the web chat, and how stored messages are shown.

Everything stored is kept with ID numbers and mobiles masked: the history outlives the moment,
and a token read later (a shared phone, a stolen one) must not show them in full.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tortoise import timezone
from tortoise.exceptions import IntegrityError
from tortoise.fields import JSONField
from tortoise.transactions import in_transaction

from bot.locks import shared_entry
from casework.commits import Part
from handlers.events import Reply
from handlers.identity import mask_personal
from models.db import insert_rows
from models.user import User
from models.webchat import WebchatMessage

CHANNEL = "web"
log = logging.getLogger(__name__)


class WebchatInbox:
    """The push side of the web chat: messages wait in the database for the page to fetch.

    Works in any process (a worker pushing a status change); a page polling this same
    process is woken at once, one polling another process within POLL_SLICE.
    """

    name = CHANNEL

    def __init__(self) -> None:
        self.waiting = Wakeups()

    async def push(self, user_ref: str, replies: list[Reply], delivery: str | None = None) -> None:
        user = await User.get_or_none(channel=CHANNEL, external_id=user_ref)
        if user is None:
            return
        payloads = [r.to_json() for r in replies]
        if delivery is None:
            await self.store(user.id, "bot", payloads)
            return
        try:  # one copy per delivery: its messages and their keys are written together or not at all
            async with in_transaction():
                await self.store(user.id, "bot", payloads, delivery=f"{delivery}:{user.id}")
        except IntegrityError:
            log.info("delivery %s to web user %s was made before; not shown twice", delivery, user.id)

    async def push_voice(self, user_ref: str, audio: Path, text: str = "") -> None:
        """The voice of a reply, drawn by the page as the player of the message it reads (`of`)."""
        user = await User.get_or_none(channel=CHANNEL, external_id=user_ref)
        if user is None:
            return
        voice: dict[str, Any] = {"text": "", "voice": f"api/voice/{audio.name}"}
        if text and (read := await _message_read(user.id, text)) is not None:
            voice["of"] = read.id
        await self.store(user.id, "bot", [voice])

    async def store(
        self, user_id: int, sender: str, payloads: list[dict[str, Any]], delivery: str | None = None
    ) -> list[Stored]:
        """The messages, masked, in one statement (a step's replies were one INSERT each)."""
        return await self.store_said(user_id, [(sender, p) for p in payloads], delivery)

    async def store_said(
        self, user_id: int, said: list[tuple[str, dict[str, Any]]], delivery: str | None = None
    ) -> list[Stored]:
        """Messages of either side (the person's words, then the replies), masked, in one statement."""
        if not said:
            return []
        item = said_part(user_id, said, delivery).item
        await SAID.write([item])
        self.waiting.wake(user_id)
        return item.stored


class Wakeups:
    """The long polls waiting in this process, by person. An entry lives only while someone waits: the
    inbox kept an event for every person it ever stored a message for, so a worker, whose every push to
    a web chat went through it and which no page polls, grew by one for each person for ever."""

    def __init__(self) -> None:
        self._waiting: dict[int, tuple[asyncio.Event, int]] = {}

    def __len__(self) -> int:
        return len(self._waiting)

    def wake(self, user_id: int) -> None:
        """Something new for this person: a poll waiting for it looks again now."""
        if (found := self._waiting.get(user_id)) is not None:
            found[0].set()

    async def wait(self, user_id: int, seconds: float) -> None:
        """Until this person is woken, or `seconds` pass."""
        with shared_entry(self._waiting, user_id, asyncio.Event) as event, contextlib.suppress(TimeoutError):
            event.clear()
            await asyncio.wait_for(event.wait(), timeout=seconds)


@dataclass(frozen=True, slots=True)
class Stored:
    """A message as just written: what `shown` reads of a WebchatMessage, without building the ORM object."""

    id: int
    sender: str
    payload: dict[str, Any]
    created_at: dt.datetime


@dataclass(slots=True)
class Said:
    """One save's messages (masked) for the history; `stored` once written."""

    user_id: int
    said: list[tuple[str, dict[str, Any]]]
    delivery: str | None = None
    stored: list[Stored] = field(default_factory=list)


def said_part(user_id: int, said: list[tuple[str, dict[str, Any]]], delivery: str | None = None) -> Part[Said]:
    """What was said at a step (the person's words, then the replies), masked, to be written with the step's
    save: `SAID` writes those of a whole batch of saves in one statement."""
    return Part(SAID, Said(user_id, [(sender, masked(p)) for sender, p in said], delivery))


class _SaidStage:
    """The messages of many saves in one INSERT (`insert_rows`); each save takes its own ids, in order.

    The payload and the time are converted by the model's own fields, as the ORM's insert would; no ORM
    object is built (`Stored` is what the page is shown).
    """

    order = 10  # after the conversations' own stage: a save whose conversation was stale writes no history

    async def write(self, items: Sequence[Said]) -> list[Exception | None]:
        fields = WebchatMessage._meta.fields_map
        # The field's own encoder, as its to_db_value would call it for a dict (which first runs the field's
        # validators: it has none).
        payload_field = fields["payload"]
        assert isinstance(payload_field, JSONField)
        encode, at = payload_field.encoder, timezone.localtime()
        when = fields["created_at"].to_db_value(at, WebchatMessage)
        rows: list[list[Any]] = []
        for item in items:
            for i, (sender, payload) in enumerate(item.said):
                key = f"{item.delivery}:{i}" if item.delivery else None
                rows.append([item.user_id, sender, encode(payload), when, key])
        taken = iter(await insert_rows("webchat_messages", _COLUMNS, rows))
        for item in items:
            item.stored = [Stored(next(taken), sender, payload, at) for sender, payload in item.said]
        return [None] * len(items)


#: The columns written, in order.
_COLUMNS = ("user_id", "sender", "payload", "created_at", "delivery")
SAID = _SaidStage()


async def _message_read(user_id: int, text: str) -> WebchatMessage | None:
    """The newest of the person's recent bot messages that says `text` (as stored: masked)."""
    stored = mask_personal(text)
    recent = await WebchatMessage.filter(user_id=user_id, sender="bot").order_by("-id").limit(30)
    return next((row for row in recent if row.payload.get("text") == stored), None)


def masked(payload: dict[str, Any]) -> dict[str, Any]:
    text = payload.get("text")
    return {**payload, "text": mask_personal(text)} if isinstance(text, str) else payload


def shown(row: WebchatMessage | Stored, text: str | None = None) -> dict[str, Any]:
    """A stored message as the page draws it; `text` puts back what was just said, unmasked."""
    return {
        "voice": row.payload.get("voice"),
        "of": row.payload.get("of"),
        "id": row.id,
        "from": row.sender,
        "text": row.payload.get("text", "") if text is None else text,
        "buttons": row.payload.get("buttons", []),
        "time": row.created_at.isoformat(),
    }
