"""Where departments see their cards: the staff page always, plus any group chats configured."""

from __future__ import annotations

from typing import Any, Protocol

from handlers.events import Reply
from models.staff import StaffCard, StaffNotice


class StaffBoard(Protocol):
    """A department chat on one platform (Telegram group, WeCom group robot)."""

    name: str

    async def show_card(self, department: str, posted: dict[str, Any] | None, card: Reply) -> dict[str, Any] | None:
        """Post the card, or edit it in place when ``posted`` says where it is; returns where it is now."""
        ...

    async def notify(self, department: str, text: str) -> None: ...


class StaffBoards:
    """The staff page (the database) and every configured group-chat board."""

    def __init__(self, boards: list[StaffBoard] | None = None) -> None:
        self.boards = boards or []

    async def show_card(self, card: StaffCard, reply: Reply) -> None:
        card.body = reply.to_json()
        for board in self.boards:
            where = await board.show_card(card.department, card.posted.get(board.name), reply)
            if where is not None:
                card.posted = {**card.posted, board.name: where}
        await card.save(update_fields=["body", "posted", "updated_at"])

    async def notify(self, department: str, text: str) -> None:
        await StaffNotice.create(department=department, text=text)
        for board in self.boards:
            await board.notify(department, text)
