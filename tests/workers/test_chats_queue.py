"""Chat platforms throttle card posts; the staff page, routing and residents' notices never wait for them."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import time
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from fake_telegram import TOKEN, FakeTelegram, _params
from scenario_walk import Chat, walk
from worker_harness import WorkerProcess, act, cards_shown, count_at_least, eventually, needs_redis, pushes_to

from casework import jobs
from handlers.events import Reply
from models.case import Case, CaseItem
from models.outbox import Outbox
from models.staff import StaffCard, StaffNotice
from workers.cases import AtTurn, draw_card, post_card, post_notice, route_case
from workers.deadlines import check_deadlines
from workers.queues import Queues
from workers.staffboards import Pace, StaffBoards


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


class FloodedTelegram(FakeTelegram):
    """Telegram refusing every post to a group for an hour (429 retry_after), as after a flood of cards."""

    async def method(self, request: web.Request) -> web.Response:
        params = await _params(request)
        if request.match_info["method"] in ("sendMessage", "editMessageText") and int(params.get("chat_id", 0)) < 0:
            self.calls.append(("refused", params))
            body = {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 3600"}
            return web.json_response({**body, "parameters": {"retry_after": 3600}}, status=429)
        return await super().method(request)


@needs_redis
async def test_a_flooded_group_holds_up_neither_the_staff_page_nor_notices(
    backend, db_url, tmp_path, dialogs, files, catalog
) -> None:  # type: ignore[no-untyped-def]
    # Given a worker on every queue (4 threads) whose department groups answer 429 for the next hour
    telegram = FloodedTelegram(TOKEN)
    async with TestServer(telegram.app()) as server:
        base = f"http://127.0.0.1:{server.port}"
        groups = {"YJS_TELEGRAM_STAFF_CHATS": "power=-1001,approval=-1002", "TELEGRAM_BOT_TOKEN": TOKEN}
        api = {"TELEGRAM_API_BASE_URL": f"{base}/bot", "TELEGRAM_API_FILE_URL": f"{base}/file/bot"}
        worker = WorkerProcess(db_url, tmp_path, {**groups, **api})
        try:
            await asyncio.to_thread(worker.wait_ready)  # it asks the fake Bot API, served by this loop, at start
            await _file_and_decide(backend, telegram, dialogs, files, catalog)
        finally:
            await asyncio.to_thread(worker.stop)


async def _file_and_decide(backend, telegram, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    # When more cases are filed than the worker has threads, by residents on the web and on Telegram
    chats = [Chat(dialogs, files, channel="web") for _ in range(3)]
    chats += [Chat(dialogs, files, channel="telegram", user=str(770000 + n)) for n in range(3)]
    cases = [await Case.get(number=await walk(chat, catalog.get("ev-charger-home"))) for chat in chats]
    backend.kick()
    for case in cases:
        await eventually(lambda case=case: cards_shown(case))
    await eventually(lambda: _refused(telegram))
    # Then staff decisions still reach the residents, on both channels, while the group stays closed
    for case in cases:
        for item in await CaseItem.filter(case=case):
            await act(item, "accept")
    backend.kick()
    for chat, case in zip(chats, cases, strict=True):
        items = await CaseItem.filter(case=case).count()
        await eventually(lambda chat=chat, items=items: _told(telegram, chat, items))
    # And no post waits in the worker: the group was tried once, not again and again
    assert len(telegram.sent("refused")) == 1


async def _told(telegram: FakeTelegram, chat: Chat, items: int) -> bool:
    if chat.channel == "web":
        return await count_at_least(pushes_to(chat), items)
    notices = [m for m in telegram.sent("sendMessage", int(chat.user)) if str(m.get("text", "")).startswith("办件")]
    return len(notices) >= items


async def _refused(telegram: FakeTelegram) -> bool:
    return bool(telegram.sent("refused"))


def test_posts_to_one_chat_take_turns_at_the_platforms_pace() -> None:
    now = [100.0]
    pace = Pace(clock=lambda: now[0])
    chat, other = ("telegram", "power"), ("telegram", "fire")
    # The first post goes; the next ones, under other tickets, are given turns 3 s apart (20 a minute)
    assert pace.wait(chat, "card:1", 20) == 0
    assert pace.wait(chat, "card:2", 20) == 3
    assert pace.wait(chat, "card:3", 20) == 6
    # Another chat is not held up
    assert pace.wait(other, "card:9", 20) == 0
    # Coming back early, a post is told the rest of its wait; at its turn it goes
    now[0] = 102.0
    assert pace.wait(chat, "card:2", 20) == 1
    now[0] = 103.0
    assert pace.wait(chat, "card:2", 20) == 0
    # When the platform says to wait, no turn comes before that, not even one booked earlier
    pace.hold(chat, 60)
    assert pace.wait(chat, "card:4", 20) == 60
    now[0] = 106.0
    assert pace.wait(chat, "card:3", 20) == 57


async def test_a_card_that_changed_while_its_group_was_throttled_is_posted_once(
    local_services, dialogs, files, catalog
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []

    class PacedBoard(ThrottledBoard):
        per_minute = 20

        async def show_card(self, department: str, posted: dict[str, Any] | None, card: Reply) -> dict[str, Any] | None:
            shown.append(card.text)
            return {"message": 1}

    local_services.boards = StaffBoards([PacedBoard()])
    numbers = [await walk(Chat(dialogs, files, channel="web"), catalog.get("ev-charger-home")) for _ in range(3)]
    cards = []
    for number in numbers:
        case = await Case.get(number=number)
        await route_case.fn.__wrapped__(case.id, f"route:{case.id}")
        cards.append(await StaffCard.get(case=case, department="power"))
    first, second, third = cards
    # Given the group's turn taken by one card, the others' posts are sent back to wait for their turns
    await post_card.fn.__wrapped__(first.id, f"card:{first.id}:v0", 0)
    turns = []
    for card in (second, third):
        with pytest.raises(AtTurn) as turn:
            await post_card.fn.__wrapped__(card.id, f"card:{card.id}:v0", 0)
        turns.append(turn.value.delay or 0)
    assert 0 < turns[0] < turns[1]
    # When a card changes meanwhile, its newer version takes over its turn (not a later one), and the
    # older one is dropped
    await StaffCard.filter(id=second.id).update(version=1)
    with pytest.raises(AtTurn) as turn:
        await post_card.fn.__wrapped__(second.id, f"card:{second.id}:v1", 1)
    assert (turn.value.delay or 0) <= turns[0]
    local_services.boards.pace.clock = lambda: time.monotonic() + 60
    await post_card.fn.__wrapped__(second.id, f"card:{second.id}:v0", 0)
    await post_card.fn.__wrapped__(second.id, f"card:{second.id}:v1", 1)
    await post_card.fn.__wrapped__(second.id, f"card:{second.id}:v1", 1)  # redelivered
    # Then each card was posted once
    assert len(shown) == 2
    await post_card.fn.__wrapped__(third.id, f"card:{third.id}:v0", 0)
    assert len(shown) == 3


async def test_reminders_reach_the_staff_page_and_wait_for_the_chats_on_their_queue(
    local_services, dialogs, files, catalog, clock
) -> None:  # type: ignore[no-untyped-def]
    # Given a department chat that never answers
    board = ThrottledBoard()
    local_services.boards = StaffBoards([board])
    case = await Case.get(number=await walk(Chat(dialogs, files, channel="web"), catalog.get("ev-charger-home")))
    # When the deadline sweep runs on the working day before the item is due (Thursday, due Friday)
    await CaseItem.filter(case=case, department="power").update(due_date=clock().date() + dt.timedelta(days=1))
    await asyncio.wait_for(check_deadlines.fn.__wrapped__(), timeout=30)
    # Then the reminder is on the staff page, and its chat post is a job of the chats queue
    notice = await StaffNotice.get(text__contains=case.number)
    job = await Outbox.get(key=f"notice:{notice.id}")
    assert job.actor == "post_notice" and post_notice.queue_name == Queues.CHATS
    # And once the chat answers, the job posts it there once
    board.release.set()
    posted: list[str] = []

    async def notify(department: str, text: str) -> None:
        posted.append(text)

    board.notify = notify  # type: ignore[method-assign]
    await post_notice.fn.__wrapped__(notice.id, f"notice:{notice.id}")
    await post_notice.fn.__wrapped__(notice.id, f"notice:{notice.id}")
    assert posted == [notice.text]
    await Outbox.filter(key=f"notice:{notice.id}").delete()
