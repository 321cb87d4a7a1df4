"""A case travels: submitted in the chat, fanned out by real workers on Redis, decided by
staff, and every step told to the resident once."""

from __future__ import annotations

import asyncio

import pytest
from samples import PNG
from scenario_walk import Chat, walk
from worker_harness import act, cards_shown, count_at_least, eventually, needs_redis, pushes_to

from models.case import Case, CaseItem
from models.outbox import Outbox
from models.staff import StaffCard
from workers.relay import Relay

pytestmark = needs_redis


@pytest.mark.parametrize("scenario_id", ["ev-charger-home", "retirement", "open-company"])
async def test_the_life_of_a_case(backend: Relay, start_worker, dialogs, files, catalog, scenario_id: str) -> None:
    # Given a worker process on Redis and a resident in the web chat
    start_worker()
    chat = Chat(dialogs, files, channel="web")
    # When the resident submits
    case = await Case.get(number=await walk(chat, catalog.get(scenario_id)))
    # Then every department involved gets its card
    await eventually(lambda: cards_shown(case))
    items = await CaseItem.filter(case=case).order_by("id")
    # When each department accepts
    for item in items:
        await act(item, "accept")
    backend.kick()
    await eventually(lambda: count_at_least(pushes_to(chat), len(items)))
    if scenario_id == "ev-charger-home":
        await supplement_round(backend, chat, items[-1])
    # And approves
    for item in await CaseItem.filter(case=case).order_by("id"):
        await act(item, "approve")
    backend.kick()
    # Then the resident is told of every step once, the last one closing the case
    expected = len(items) * 2 + (2 if scenario_id == "ev-charger-home" else 0)  # + supplement, re-accept
    await eventually(lambda: count_at_least(pushes_to(chat), expected))
    told = await pushes_to(chat)
    assert "全部事项已办结" in told[-1]
    await asyncio.sleep(1)  # a duplicate would arrive within this
    assert len(await pushes_to(chat)) == expected
    assert (await Case.get(id=case.id)).status == "done"


async def supplement_round(backend: Relay, chat: Chat, item: CaseItem) -> None:
    # When staff ask, in one go, for a new phone number and a clearer ID card
    await act(item, "supplement", "身份证照片不清晰", fields=["phone"], materials=["id_card"])
    backend.kick()
    await eventually(lambda: _any(pushes_to(chat), "需要补正"))
    told = (await pushes_to(chat))[-1]
    assert "联系电话" in told and "申请人身份证" in told and "身份证照片不清晰" in told
    # Then the resident redoes exactly those two things
    await chat.send("button", f"*|supplement:{(await item.case).number}")
    assert (await chat.state()).step == "field:phone"
    await chat.say("13900001111")
    await chat.upload("clear-id.png", PNG)
    await chat.upload("clear-id-back.png", PNG)  # both sides again, front then back
    await chat.tap("submit")
    assert "补正已提交" in chat.text
    # And the card shows what changed, back with the same department
    fresh = await CaseItem.get(id=item.id)
    assert fresh.status == "resubmitted"
    card = await StaffCard.get(case_id=fresh.case_id, department=fresh.department)  # type: ignore[attr-defined]
    await eventually(lambda: _card_says(card.id, "申请人已补正"))
    await act(fresh, "accept")


async def test_a_rejection_is_explained(backend: Relay, start_worker, dialogs, files, catalog) -> None:
    start_worker()
    chat = Chat(dialogs, files, channel="web")
    case = await Case.get(number=await walk(chat, catalog.get("retirement")))
    await eventually(lambda: cards_shown(case))
    items = await CaseItem.filter(case=case).order_by("id")
    await act(items[0], "reject", "缴费年限不足15年")
    for item in items[1:]:
        await act(item, "accept")
        await act(item, "approve")
    backend.kick()
    await eventually(lambda: _any(pushes_to(chat), "部分办结"))
    closing = (await pushes_to(chat))[-1]
    assert "缴费年限不足15年" in closing
    assert (await Case.get(id=case.id)).status == "partly_done"


async def test_a_killed_worker_loses_nothing_and_sends_nothing_twice(
    backend: Relay, start_worker, dialogs, files, catalog
) -> None:
    # Given cases waiting in the chat and a worker
    first = start_worker()
    chats = [Chat(dialogs, files, channel="web") for _ in range(6)]
    # (two items each: the EV charger's app channel is government's own work, so it files one item only)
    cases = [await Case.get(number=await walk(c, catalog.get("unemployment-insurance"))) for c in chats]
    await eventually(lambda: _all_async([cards_shown(c) for c in cases]))
    items = [i for c in cases for i in await CaseItem.filter(case=c)]
    # When staff accept everything at once and the worker is killed while it pushes
    for item in items:
        await act(item, "accept")
    backend.kick()
    await eventually(lambda: _any_chat(chats))
    first.kill()
    # Then a new worker picks up what the dead one held
    start_worker()
    for chat in chats:
        await eventually(lambda chat=chat: count_at_least(pushes_to(chat), 2), timeout=60)
    await asyncio.sleep(1.5)
    assert [len(await pushes_to(c)) for c in chats] == [2] * len(chats)


async def test_redis_down_at_submit_keeps_the_case_and_sends_it_later(
    backend: Relay, start_worker, dialogs, files, catalog
) -> None:
    from bot.settings import QueueSettings
    from workers.broker import build_broker

    # Given the web process cannot reach Redis
    await backend.stop()
    unreachable = Relay(build_broker(QueueSettings(redis_url="redis://127.0.0.1:9/0")))
    dialogs.after_commit = unreachable.kick
    chat = Chat(dialogs, files, channel="web")
    # When a resident submits
    number = await walk(chat, catalog.get("ev-charger-home"))
    # Then they get their case number, and the work waits in the outbox
    assert "提交成功" in chat.text and number
    assert await unreachable.relay_once() == 0 and unreachable.failures == 1
    assert await Outbox.filter(sent_at=None).count() >= 1
    # When Redis is reachable again, the case is dispatched
    start_worker()
    backend.start()
    backend.kick()
    case = await Case.get(number=number)
    await eventually(lambda: cards_shown(case))


async def _any(pending, text: str) -> bool:  # type: ignore[no-untyped-def]
    return any(text in t for t in await pending)


async def _all_async(pending: list) -> bool:  # type: ignore[type-arg]
    return all([await p for p in pending])


async def _any_chat(chats: list[Chat]) -> bool:
    return any([await pushes_to(c) for c in chats])


async def _card_says(card_id: int, text: str) -> bool:
    card = await StaffCard.get(id=card_id)
    return text in card.body.get("text", "")
