"""The group commit's stages: the statements of a whole batch of saves written as one each, a refused save
failing alone, a failed batch run again save by save."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence

import pytest

from casework.commits import GroupCommit, Part
from casework.repository import ADVANCES, StaleConversation, TortoiseRepository
from handlers.catalog import Catalog
from handlers.workdays import default_calendar
from models.conversation import Advance, ConversationState
from models.user import user_for

NOW = dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC)


class Counting:
    """A stage that remembers each call's items, refusing those in `refuse`."""

    def __init__(self, order: int, refuse: frozenset[str] = frozenset()) -> None:
        self.order, self.refuse = order, refuse
        self.calls: list[list[str]] = []

    async def write(self, items: Sequence[str]) -> list[Exception | None]:
        self.calls.append(list(items))
        return [ValueError(item) if item in self.refuse else None for item in items]


async def test_each_stage_writes_a_whole_batch_at_once_in_order_before_any_work(db: str) -> None:
    commits = GroupCommit()
    first, later = Counting(order=0), Counting(order=10)
    order: list[str] = []

    async def work() -> None:
        order.append("work")

    def save(name: str) -> list[Part[str]]:  # listed later stage first: the stage's order decides
        return [Part(later, f"{name}-later"), Part(first, f"{name}-first")]

    await asyncio.gather(*(commits.run(work, parts=save(n)) for n in "abc"))
    assert first.calls == [["a-first", "b-first", "c-first"]]
    assert later.calls == [["a-later", "b-later", "c-later"]]
    assert order == ["work"] * 3


async def test_a_refused_save_fails_alone_and_writes_nothing_after_its_refusal(db: str) -> None:
    commits = GroupCommit()
    first, later = Counting(order=0, refuse=frozenset({"b"})), Counting(order=1)
    worked: list[str] = []

    def run(name: str):  # type: ignore[no-untyped-def]
        async def work() -> None:
            worked.append(name)

        return commits.run(work, parts=[Part(first, name), Part(later, name)])

    outcomes = await asyncio.gather(*(run(n) for n in "abc"), return_exceptions=True)
    assert [type(o).__name__ for o in outcomes] == ["NoneType", "ValueError", "NoneType"]
    assert first.calls == [["a", "b", "c"]] and later.calls == [["a", "c"]] and worked == ["a", "c"]


async def test_a_batch_whose_work_failed_is_run_again_save_by_save(db: str) -> None:
    commits = GroupCommit()
    stage = Counting(order=0)

    async def fails() -> None:
        raise RuntimeError("this save's effect failed")

    outcomes = await asyncio.gather(
        commits.run(None, parts=[Part(stage, "a")]),
        commits.run(fails, parts=[Part(stage, "b")]),
        commits.run(None, parts=[Part(stage, "c")]),
        return_exceptions=True,
    )
    assert [type(o).__name__ for o in outcomes] == ["NoneType", "RuntimeError", "NoneType"]
    assert stage.calls == [["a", "b", "c"], ["a"], ["b"], ["c"]]


async def test_a_waiter_that_left_does_not_stop_the_batch_it_was_in(db: str) -> None:
    # A save whose request was cancelled (the person closed the page) while its batch ran: setting its result
    # raised, and the drain ended there, leaving every later save of the batch waiting for ever.
    commits, held = GroupCommit(), asyncio.Event()

    async def slow() -> None:
        await held.wait()

    leaving = asyncio.ensure_future(commits.run(slow))
    staying = asyncio.ensure_future(commits.run(None, parts=[Part(Counting(order=0), "x")]))
    await asyncio.sleep(0.05)
    leaving.cancel()
    held.set()
    await asyncio.wait_for(staying, 10)
    later = asyncio.ensure_future(commits.run(None, parts=[Part(Counting(order=0), "y")]))
    await asyncio.wait_for(later, 10)


async def test_conversations_of_a_batch_advance_in_one_statement_and_a_stale_one_is_refused(
    db: str, catalog: Catalog
) -> None:
    repo = TortoiseRepository(catalog, default_calendar())
    users = [await user_for("web", f"advance-{n}", "zh_CN") for n in range(4)]
    for user in users[:3]:
        await repo.save(user.id, await repo.load(user.id), [], NOW)  # version 1
    a, b, c, new = (u.id for u in users)
    items = [
        Advance(a, 1, '{"elder": true}', None, NOW),
        Advance(b, 7, "{}", None, NOW),  # another process saved b since
        Advance(new, None, '{"locale": "en"}', None, NOW),  # a first save
        Advance(c, 1, "{}", "ev-charger-home", NOW),
        Advance(a, 1, "{}", None, NOW),  # a twice in one batch: the first is written
        Advance(b, None, "{}", None, NOW),  # a first save where another process made one already
    ]
    outcomes = await ADVANCES.write(items)
    assert [type(o).__name__ for o in outcomes] == [
        "NoneType",
        "StaleConversation",
        "NoneType",
        "NoneType",
        "StaleConversation",
        "StaleConversation",
    ]
    rows = {r.user_id: r for r in await ConversationState.filter(user_id__in=[a, b, c, new])}
    assert (rows[a].version, rows[a].state) == (2, {"elder": True})
    assert (rows[b].version, rows[c].version, rows[c].scenario) == (1, 2, "ev-charger-home")
    assert (rows[new].version, rows[new].state) == (1, {"locale": "en"})


async def test_a_stale_save_in_a_batch_leaves_the_other_saves_committed(db: str, catalog: Catalog) -> None:
    repo = TortoiseRepository(catalog, default_calendar())
    fresh, stale = await user_for("web", "batch-fresh", "zh_CN"), await user_for("web", "batch-stale", "zh_CN")
    for user in (fresh, stale):
        await repo.save(user.id, await repo.load(user.id), [], NOW)
    old = await repo.load(stale.id)
    await repo.save(stale.id, await repo.load(stale.id), [], NOW)  # saved since `old` was read
    saves = [repo.save(fresh.id, await repo.load(fresh.id), [], NOW), repo.save(stale.id, old, [], NOW)]
    outcomes = await asyncio.gather(*saves, return_exceptions=True)
    assert outcomes[0] == [] and isinstance(outcomes[1], StaleConversation)
    assert (await repo.load(fresh.id)).version == 2 and (await repo.load(stale.id)).version == 2


@pytest.mark.parametrize("rows", [1, 2001])
async def test_the_history_of_a_batch_is_written_with_each_save_taking_its_own_ids(db: str, rows: int) -> None:
    from bot.channels.webchat_inbox import SAID, said_part
    from models.webchat import WebchatMessage

    one, two = await user_for("web", f"said-{rows}-1", "zh_CN"), await user_for("web", f"said-{rows}-2", "zh_CN")
    many = [("bot", {"text": f"第{n}条"}) for n in range(rows)]  # 2,001: more than one statement carries
    parts = [said_part(one.id, [("user", {"text": "身份证 371302198506120027"})]), said_part(two.id, many)]
    assert await SAID.write([p.item for p in parts]) == [None, None]
    first, second = (p.item.stored for p in parts)
    assert first[0].payload["text"] != "身份证 371302198506120027"  # stored masked
    assert [s.payload["text"] for s in second] == [f"第{n}条" for n in range(rows)]
    stored = await WebchatMessage.filter(user_id=two.id).order_by("id").values_list("id", "payload")
    assert [(s.id, s.payload) for s in second] == [(i, p) for i, p in stored]


async def test_a_conversation_at_version_0_advances_to_1(db: str) -> None:
    # Version 0 is falsy: the first form of `advance` took it for a first save and wrote version 1 as the
    # version read, so the bench's baseline rows (reset to 0) were refused as stale.
    user = await user_for("web", "advance-zero", "zh_CN")
    await ConversationState.create(user_id=user.id, version=0, state={}, updated_at=NOW)
    assert await ADVANCES.write([Advance(user.id, 0, '{"n": 1}', None, NOW)]) == [None]
    row = await ConversationState.get(user_id=user.id)
    assert (row.version, row.state) == (1, {"n": 1})
