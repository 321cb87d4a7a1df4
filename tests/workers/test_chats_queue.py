"""Chat platforms throttle card posts; the staff page, routing and residents' notices never wait for them."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import pytest
from scenario_walk import Chat, walk

from casework import jobs
from handlers.events import Reply
from models.case import Case
from models.outbox import Outbox
from models.staff import StaffCard
from workers.cases import draw_card, post_card, route_case
from workers.queues import Queues
from workers.staffboards import StaffBoards


class ThrottledBoard:
    """A department chat that holds every post, as Telegram's 20-a-minute limit does under a burst."""

    name = "throttled"

    def __init__(self) -> None:
        self.release = asyncio.Event()

    async def show_card(self, department: str, posted: dict[str, Any] | None, card: Reply) -> dict[str, Any] | None:
        await self.release.wait()
        return {"message": 1}

    async def notify(self, department: str, text: str) -> None:
        await self.release.wait()


def test_posting_to_chats_has_a_queue_of_its_own() -> None:
    assert post_card.queue_name == Queues.CHATS
    assert draw_card.queue_name == Queues.CARDS != Queues.CHATS


async def test_a_card_is_queued_for_the_staff_page_and_for_the_chats_apart(db) -> None:  # type: ignore[no-untyped-def]
    from tortoise.transactions import in_transaction

    async with in_transaction():
        await jobs.post_card(987654, 3)
    rows = Outbox.filter(key__in=["draw:987654:v3", "card:987654:v3"])
    assert [r.actor for r in await rows.order_by("id")] == ["draw_card", "post_card"]
    await rows.delete()  # no such card: later tests that run the queued jobs must not meet these


async def test_a_throttled_chat_does_not_hold_up_the_staff_page(local_services, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    board = ThrottledBoard()
    local_services.boards = StaffBoards([board])
    case = await Case.get(number=await walk(Chat(dialogs, files, channel="web"), catalog.get("ev-charger-home")))
    await route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    card = await StaffCard.get(case=case, department="power")
    # Given the chat post of the card stuck behind the platform's limit
    stuck = asyncio.create_task(post_card.fn.__wrapped__(card.id, f"card:{card.id}:v0", 0))
    await asyncio.sleep(0.05)
    assert not stuck.done()
    # When the staff page's copy is drawn, it is stored at once
    await StaffCard.filter(id=card.id).update(body={})
    await asyncio.wait_for(draw_card.fn.__wrapped__(card.id, f"draw:{card.id}:v0", 0), timeout=5)
    assert (await StaffCard.get(id=card.id)).body["text"]
    board.release.set()
    await stuck


async def test_only_the_latest_version_of_a_card_is_posted(local_services, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    board = ThrottledBoard()
    board.release.set()
    shown: list[str] = []

    async def show_card(department: str, posted: dict[str, Any] | None, card: Reply) -> dict[str, Any] | None:
        shown.append(card.text)
        return {"message": 1}

    board.show_card = show_card  # type: ignore[method-assign]
    local_services.boards = StaffBoards([board])
    case = await Case.get(number=await walk(Chat(dialogs, files, channel="web"), catalog.get("ev-charger-home")))
    await route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    card = await StaffCard.get(case=case, department="power")
    # Given three versions waiting in the chats queue (the card changed twice meanwhile)
    await StaffCard.filter(id=card.id).update(version=2)
    for version in (0, 1, 2):
        await post_card.fn.__wrapped__(card.id, f"card:{card.id}:v{version}", version)
    # Then only the newest was posted
    assert len(shown) == 1


def test_a_worker_can_be_started_for_the_chats_queue_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import dramatiq.cli

    from bot import cli

    seen: list[Any] = []
    monkeypatch.setattr(dramatiq.cli, "main", lambda args: seen.append(args) or 0)
    monkeypatch.setattr(sys, "argv", ["yijianshi", "worker", "--processes", "1", "--queues", "chats"])
    monkeypatch.setenv("YJS_REDIS_URL", "redis://127.0.0.1:9/0")
    assert cli.main() == 0
    assert seen[0].queues == ["chats"] and seen[0].broker == "bot.worker"
