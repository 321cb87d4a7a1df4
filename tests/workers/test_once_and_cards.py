"""Actors talk to chat platforms with no transaction open, and a redelivered message takes effect once."""

from __future__ import annotations

from typing import Any

from scenario_walk import Chat, walk
from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.transactions import in_transaction

from handlers.events import Reply
from models.case import Case
from models.ledger import seen
from models.staff import StaffCard
from workers.cases import post_card, route_case
from workers.once import once
from workers.staffboards import StaffBoards


def in_a_transaction() -> bool:
    return isinstance(connections.get("default"), TransactionalDBClient)


class WatchfulBoard:
    """A department chat that fails the test if it is called while a transaction (and its row locks) is open."""

    name = "watchful"

    def __init__(self) -> None:
        self.shown: list[tuple[dict[str, Any] | None, str]] = []

    async def show_card(self, department: str, posted: dict[str, Any] | None, card: Reply) -> dict[str, Any] | None:
        assert not in_a_transaction(), "a chat platform was called inside a transaction"
        self.shown.append((posted, card.text))
        return {"message": 1}

    async def notify(self, department: str, text: str) -> None:
        assert not in_a_transaction()


async def test_post_card_calls_the_board_outside_any_transaction(local_services, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    async with in_transaction():
        assert in_a_transaction()  # the check itself sees a transaction when there is one
    # Given a filed case and a board that watches for open transactions
    board = WatchfulBoard()
    local_services.boards = StaffBoards([board])
    case = await Case.get(number=await walk(Chat(dialogs, files, channel="web"), catalog.get("ev-charger-home")))
    await route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    card = await StaffCard.get(case=case, department="power")
    # When the card is shown, twice (a redelivery)
    await post_card.fn.__wrapped__(card.id, f"card:{card.id}:v0", 0)
    await post_card.fn.__wrapped__(card.id, f"card:{card.id}:v0", 0)
    # Then the board was called once, outside any transaction, and where it put the card is recorded
    assert len(board.shown) == 1 and board.shown[0][0] is None
    card = await StaffCard.get(id=card.id)
    assert card.posted == {"watchful": {"message": 1, "version": 0}} and card.body["text"] == board.shown[0][1]


async def test_post_card_of_an_overtaken_version_is_dropped(local_services, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    board = WatchfulBoard()
    local_services.boards = StaffBoards([board])
    case = await Case.get(number=await walk(Chat(dialogs, files, channel="web"), catalog.get("ev-charger-home")))
    await route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    card = await StaffCard.get(case=case, department="power")
    await StaffCard.filter(id=card.id).update(version=1)
    await post_card.fn.__wrapped__(card.id, f"card:{card.id}:v0", 0)
    assert board.shown == [] and await seen(f"card:{card.id}:v0")


async def test_once_suppresses_a_duplicate_delivery(db) -> None:  # type: ignore[no-untyped-def]
    done: list[int] = []

    @once()
    async def work(n: int, key: str) -> None:
        assert not in_a_transaction()
        done.append(n)

    @once(atomic=True)
    async def atomic_work(n: int, key: str) -> None:
        assert in_a_transaction()
        done.append(n)

    await work(1, key="test-once:1")
    await work(1, "test-once:1")
    await atomic_work(2, key="test-once:2")
    await atomic_work(2, key="test-once:2")
    assert done == [1, 2]


async def test_twins_delivered_at_once_do_not_both_act(db) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    import dramatiq
    import pytest

    sent: list[str] = []
    release = asyncio.Event()

    @once()
    async def push(key: str) -> None:
        sent.append(key)  # the network call: a message the resident would read twice
        await release.wait()

    # Given a delivery at work (its network call under way, nothing recorded yet)
    first = asyncio.create_task(push("test-twins:1"))
    await asyncio.sleep(0.05)
    # When its twin arrives meanwhile (two relays, or a redelivery), it does not act but comes back later
    with pytest.raises(dramatiq.Retry):
        await push("test-twins:1")
    release.set()
    await first
    # Then the later retry finds the work recorded and stops
    await push("test-twins:1")
    assert sent == ["test-twins:1"]


async def test_a_dead_workers_claim_runs_out(db) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from models.ledger import Processed
    from workers import once as once_module

    sent: list[str] = []

    @once()
    async def push(key: str) -> None:
        sent.append(key)

    # Given a claim left by a worker killed mid-send, older than the lease
    await Processed.create(key="claim:test-dead:1")
    old = dt.datetime.now(dt.UTC) - once_module.LEASE - dt.timedelta(seconds=1)
    await Processed.filter(key="claim:test-dead:1").update(created_at=old)
    # When the message is delivered again, the work is done (at least once), and recorded
    await push("test-dead:1")
    assert sent == ["test-dead:1"] and await Processed.exists(key="test-dead:1")


async def test_a_claim_runs_out_by_the_clock_on_every_database(db) -> None:  # type: ignore[no-untyped-def]
    import asyncio
    import datetime as dt

    from models import ledger

    # Given a claim written as a worker writes it (its time set by the database layer, not by the test)
    assert await ledger.claim_lease("claim:test-clock:1", dt.timedelta(seconds=60)) is None
    # When it is older than a short lease (SQLite compares stored times as text: a moment in
    # another zone than the stored one never compared older, and a dead worker's claim held forever)
    await asyncio.sleep(0.05)
    # Then it is taken over
    assert await ledger.claim_lease("claim:test-clock:1", dt.timedelta(milliseconds=10)) is None
    # And a fresh claim still holds against a long lease
    assert await ledger.claim_lease("claim:test-clock:1", dt.timedelta(seconds=60)) is not None


class WatchfulChannel:
    """A resident's chat platform that fails the test if it is called while a transaction is open."""

    name = "telegram"

    def __init__(self) -> None:
        self.pushed: list[Reply] = []

    async def push(self, user_ref: str, replies: list[Reply], delivery: str | None = None) -> None:
        assert not in_a_transaction(), "a chat platform was called inside a transaction"
        self.pushed += replies


async def test_a_status_push_calls_the_platform_outside_any_transaction(
    local_services, dialogs, files, catalog
) -> None:  # type: ignore[no-untyped-def]
    from casework import jobs
    from casework.decisions import Decision, Decisions
    from casework.drawing import CardDrawer
    from handlers.cards import CardPress
    from handlers.lifecycle import StaffAction
    from models.case import CaseEvent, CaseItem
    from models.staff import StaffMember
    from workers.cases import push_status

    # Given a Telegram resident's case, accepted by a clerk
    channel = WatchfulChannel()
    local_services.channels.add(channel)
    chat = Chat(dialogs, files, channel="telegram", user="watch-status")
    case = await Case.get(number=await walk(chat, catalog.get("ev-charger-home")))
    await route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    card = await StaffCard.get(case=case, department="power")
    item = await CaseItem.get(case=case, department="power")
    clerk, _ = await StaffMember.get_or_create(
        channel="test", external_id="watch-clerk", defaults={"name": "王", "department": "power"}
    )
    press = CardPress(card.id, card.version, StaffAction.ACCEPT, item.id)
    assert isinstance(await Decisions(CardDrawer(catalog, "http://test")).decide(clerk, press), Decision)
    # When the worker tells the resident
    event = await CaseEvent.get(case=case, action=StaffAction.ACCEPT)
    await push_status.fn.__wrapped__(event.id, jobs.push_key(event.id))
    # Then the platform was called, with no transaction open
    assert channel.pushed


async def test_a_request_push_calls_the_platform_outside_any_transaction(local_services, catalog, clock, db) -> None:  # type: ignore[no-untyped-def]
    from disclosure_requests import file_disclosure, run_pushes

    from casework import disclosure
    from casework.requests import RequestDays, RequestDesk
    from handlers.workdays import default_calendar
    from models.staff import StaffMember
    from models.user import user_for

    channel = WatchfulChannel()
    local_services.channels.add(channel)
    desk = RequestDesk(default_calendar(), list(catalog.departments), "approval", RequestDays(), clock=clock)
    request = await file_disclosure(desk, await user_for("telegram", "watch-request"), "natural-resources")
    clerk = await StaffMember.create(name="李", department="natural-resources", channel="test", external_id="watch-gk")
    await disclosure.ask_correction(desk, clerk, request.number, "请写明道路名称")
    await run_pushes(request.number)
    assert channel.pushed


async def test_a_live_push_calls_the_platform_outside_any_transaction(local_services, dialogs, files, clock) -> None:  # type: ignore[no-untyped-def]
    from models.live import OPEN_LIVE, LiveChat, LiveStatus
    from models.outbox import Outbox
    from models.user import User
    from workers.live import check_live_waits, push_live

    await LiveChat.filter(status__in=list(OPEN_LIVE)).update(status=LiveStatus.ENDED)
    channel = WatchfulChannel()
    local_services.channels.add(channel)
    resident = Chat(dialogs, files, channel="telegram", user="watch-live")
    await resident.say("转人工")
    chat = await LiveChat.get(user=await User.get(channel="telegram", external_id="watch-live"))
    clock.advance(minutes=10)
    await check_live_waits.fn.__wrapped__(wait_minutes=3)
    row = await Outbox.get(key=f"live:{chat.id}:timeout")
    await push_live.fn.__wrapped__(**row.payload)
    assert channel.pushed
