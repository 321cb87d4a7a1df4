"""Where departments see their cards: the staff page always, plus any group chats configured."""

from __future__ import annotations

import functools
import logging
from typing import Any, Protocol

from tortoise.transactions import in_transaction

from casework.locked import retrying_locked
from handlers.events import Reply
from models.staff import StaffCard, StaffNotice

log = logging.getLogger(__name__)


class StaffBoard(Protocol):
    """A department chat on one platform (Telegram group, WeCom group robot)."""

    name: str

    async def show_card(self, department: str, posted: dict[str, Any] | None, card: Reply) -> dict[str, Any] | None:
        """Post the card, or edit it in place when ``posted`` says where it is; returns where it is now."""
        ...

    async def notify(self, department: str, text: str) -> None: ...


class StaffBoards:
    """Every configured group-chat board; the staff page reads the copy ``casework.drawing`` stores."""

    def __init__(self, boards: list[StaffBoard] | None = None) -> None:
        self.boards = boards or []

    async def show_card(self, card: StaffCard, reply: Reply) -> None:
        """Post or edit the card on every board. Call with no transaction open: each board is a network call,
        and where each put the card is recorded right after, in a short transaction of its own."""
        for board in self.boards:
            where = await board.show_card(card.department, card.posted.get(board.name), reply)
            if where is not None:
                card.posted = await retrying_locked(functools.partial(_record_posted, card.id, board.name, where))

    async def notify(self, department: str, text: str) -> None:
        await StaffNotice.create(department=department, text=text)
        for board in self.boards:
            await board.notify(department, text)


async def _record_posted(card_id: int, board: str, where: dict[str, Any]) -> dict[str, Any]:
    """Remember where the card is on a board; the first placement recorded stays the card's message."""
    async with in_transaction():
        card = await StaffCard.filter(id=card_id).select_for_update().get()
        known = card.posted.get(board)
        if known is not None and known != where:
            # Two drawers both saw no message and both posted; later edits go to the first one.
            log.warning("card %s was posted twice to %s at once; keeping %s", card_id, board, known)
            return card.posted
        card.posted = {**card.posted, board: where}
        await card.save(update_fields=["posted"])
        return card.posted
