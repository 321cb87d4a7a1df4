"""Where departments see their cards: the staff page always, plus any group chats configured.

Chat platforms limit how fast a bot may post to one group (Telegram and WeCom robots: 20 a
minute). A post that would break the limit is not waited for: ``Throttled`` says when its
turn is, and the actor comes back then, so a backlog in one group holds no worker thread
that routing, the staff page or residents' notices need.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

from tortoise.transactions import in_transaction

from casework import jobs
from casework.locked import retrying_locked
from casework.ports import Throttled
from handlers.events import Reply
from models import ledger
from models.staff import StaffCard, StaffNotice

log = logging.getLogger(__name__)


class StaffBoard(Protocol):
    """A department chat on one platform (Telegram group, WeCom group robot).

    A board may set ``per_minute``: at most this many posts a minute to one department's chat.
    It raises ``Throttled`` when the platform refuses a post for its rate (Telegram's 429).
    """

    name: str

    async def show_card(self, department: str, posted: dict[str, Any] | None, card: Reply) -> dict[str, Any] | None:
        """Post the card, or edit it in place when ``posted`` says where it is; returns where it is now."""
        ...

    async def notify(self, department: str, text: str) -> None: ...


class Pace:
    """Turns for posts to each chat, spaced to the platform's limit (in this process).

    A post that cannot go now books the next free turn under its ticket and is told how long
    to wait; when it comes back with the same ticket at its turn, it goes. A later version of
    the same card takes over the earlier one's booking (its ticket names the card, not the version).
    """

    #: Bookings older than this (seconds) belong to posts that never came back (dropped as overtaken).
    FORGET = 600.0

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._free: dict[tuple[str, str], float] = {}
        self._held: dict[tuple[str, str], float] = {}
        self._booked: dict[tuple[tuple[str, str], str], float] = {}

    def wait(self, chat: tuple[str, str], ticket: str, per_minute: int) -> float:
        """Seconds until this post may go; 0 means now (and the turn is taken)."""
        now = self.clock()
        booked = self._booked.pop((chat, ticket), None)
        if booked is not None:
            booked = max(booked, self._held.get(chat, 0.0))  # booked before the platform said to wait
            if booked <= now + 0.05:
                return 0.0
            self._booked[(chat, ticket)] = booked
            return booked - now
        turn = max(now, self._free.get(chat, 0.0))
        self._free[chat] = turn + 60.0 / per_minute
        if turn <= now:
            return 0.0
        self._forget(now)
        self._booked[(chat, ticket)] = turn
        return turn - now

    def hold(self, chat: tuple[str, str], seconds: float) -> None:
        """The platform said to wait: no turn in this chat before then, booked or not."""
        until = self.clock() + seconds
        self._held[chat] = max(self._held.get(chat, 0.0), until)
        self._free[chat] = max(self._free.get(chat, 0.0), until)

    def _forget(self, now: float) -> None:
        if len(self._booked) > 1000:
            self._booked = {k: t for k, t in self._booked.items() if t > now - self.FORGET}


class StaffBoards:
    """Every configured group-chat board; the staff page reads the copy ``casework.drawing`` stores."""

    def __init__(self, boards: list[StaffBoard] | None = None, kick: Callable[[], None] | None = None) -> None:
        self.boards = boards or []
        #: Wakes the outbox relay after a notice's chat posts were queued (None: its next poll sends them).
        self.kick = kick
        self.pace = Pace()

    async def show_card(self, card: StaffCard, reply: Reply) -> None:
        """Post or edit the card on every board that does not show this version yet. Call with no
        transaction open: each board is a network call, and where each put the card (and which
        version) is recorded right after, in a short transaction of its own. Raises ``Throttled``
        when a board's chat has no turn free now, after the other boards were served."""
        waits: list[float] = []
        for board in self.boards:
            shown = card.posted.get(board.name)
            if shown is not None and shown.get("version") == card.version:
                continue  # posted already (by an earlier round, or before a retry)
            if wait := self._turn(board, card.department, f"card:{card.id}"):
                waits.append(wait)
                continue
            try:
                where = await board.show_card(card.department, shown, reply)
            except Throttled as throttled:
                self.pace.hold((board.name, card.department), throttled.seconds)
                waits.append(throttled.seconds)
                continue
            if where is not None:
                placed = {**where, "version": card.version}
                card.posted = await retrying_locked(functools.partial(_record_posted, card.id, board.name, placed))
        if waits:
            raise Throttled(min(waits))

    async def notify(self, department: str, text: str) -> None:
        """A reminder or escalation: on the staff page at once; posted to the department's chats by the
        post_notice actor on the chats queue, never here (the caller is the deadline sweep)."""
        async with in_transaction():
            notice = await StaffNotice.create(department=department, text=text)
            if self.boards:
                await jobs.post_notice(notice.id)
        if self.boards and self.kick is not None:
            self.kick()

    async def post_notice(self, notice: StaffNotice) -> None:
        """Post one notice to every board that has not taken it yet; ``Throttled`` as ``show_card``."""
        waits: list[float] = []
        for board in self.boards:
            key = f"notice:{notice.id}:{board.name}"
            if await ledger.seen(key):
                continue
            if wait := self._turn(board, notice.department, key):
                waits.append(wait)
                continue
            try:
                await board.notify(notice.department, notice.text)
            except Throttled as throttled:
                self.pace.hold((board.name, notice.department), throttled.seconds)
                waits.append(throttled.seconds)
                continue
            await ledger.claim(key)
        if waits:
            raise Throttled(min(waits))

    def _turn(self, board: StaffBoard, department: str, ticket: str) -> float:
        """Seconds until this post's turn in the department's chat on the board; 0: now."""
        per_minute = getattr(board, "per_minute", None)
        return self.pace.wait((board.name, department), ticket, per_minute) if per_minute else 0.0


def _placement(where: dict[str, Any]) -> Any:
    """The message a board edits in place (Telegram's id); boards that only post anew have none."""
    return where.get("message")


async def _record_posted(card_id: int, board: str, where: dict[str, Any]) -> dict[str, Any]:
    """Remember where the card is on a board and which version it shows; the first message recorded stays
    the card's message."""
    async with in_transaction():
        card = await StaffCard.filter(id=card_id).select_for_update().get()
        known = card.posted.get(board)
        if known is not None and _placement(known) is not None and _placement(known) != _placement(where):
            # Two drawers both saw no message and both posted; later edits go to the first one.
            log.warning("card %s was posted twice to %s at once; keeping %s", card_id, board, known)
            return card.posted
        card.posted = {**card.posted, board: where}
        await card.save(update_fields=["posted"])
        return card.posted
