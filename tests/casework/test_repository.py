"""The engine's repository: a step's save carries the version it loaded, never one from a cache."""

from __future__ import annotations

import datetime as dt

import orjson
import pytest

from casework.lru import LRU
from casework.repository import Snapshot, StaleConversation, TortoiseRepository
from handlers.catalog import Catalog
from handlers.conversation import Conversation
from handlers.workdays import default_calendar
from models.conversation import ConversationState
from models.user import user_for

NOW = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def repo(db: str, catalog: Catalog) -> TortoiseRepository:
    return TortoiseRepository(catalog, default_calendar())


async def test_a_save_after_its_cache_entry_was_evicted_still_saves(repo: TortoiseRepository) -> None:
    # Given a tiny cache and two people with saved conversations
    repo.cache = LRU(1)
    first, second = await user_for("web", "evict-1", "zh_CN"), await user_for("web", "evict-2", "zh_CN")
    for user in (first, second):
        await repo.save(user.id, await repo.load(user.id), [], NOW)
    # When the first person's step is loaded, then pushed out of the cache by the second's
    snapshot = await repo.load(first.id)
    await repo.load(second.id)
    snapshot.conversation.elder = True
    # Then its save still finds the version it loaded
    await repo.save(first.id, snapshot, [], NOW)
    assert (await repo.load(first.id)).conversation.elder is True
    assert (await repo.load(first.id)).version == 2


async def test_a_save_over_a_newer_version_is_stale(repo: TortoiseRepository) -> None:
    user = await user_for("web", "stale-1", "zh_CN")
    await repo.save(user.id, await repo.load(user.id), [], NOW)
    loaded_twice = [await repo.load(user.id), await repo.load(user.id)]
    await repo.save(user.id, loaded_twice[0], [], NOW)
    with pytest.raises(StaleConversation):
        await repo.save(user.id, loaded_twice[1], [], NOW)


async def test_a_new_conversation_is_not_saved_until_its_first_step(repo: TortoiseRepository) -> None:
    user = await user_for("web", "new-1", "zh_CN")
    snapshot = await repo.load(user.id)
    assert not snapshot.saved and snapshot.version is None
    await repo.save(user.id, snapshot, [], NOW)
    assert (await repo.load(user.id)).saved


async def test_a_step_run_again_after_a_stale_save_burns_no_case_number(repo: TortoiseRepository) -> None:
    from handlers.effects import Filed, SubmitCase

    day = dt.datetime(2031, 1, 2, 10, 0, tzinfo=dt.UTC)  # a day no other test files on
    user = await user_for("web", "burn-1", "zh_CN")
    await repo.save(user.id, await repo.load(user.id), [], day)
    first, second = await repo.load(user.id), await repo.load(user.id)
    answers = {"applicant_name": "张三", "applicant_id": "371302198506120027", "phone": "13800138000"}
    submit = SubmitCase("ev-charger-home", "draft-burn-1", answers, ("online_channel",), {}, "zh_CN")
    # Given another process saved this conversation first
    await repo.save(user.id, first, [], day)
    # When this process's submit is saved over it, it is refused as stale and files nothing
    with pytest.raises(StaleConversation):
        await repo.save(user.id, second, [submit], day)
    # Then the step run again files the case under the day's first number
    assert await repo.save(user.id, await repo.load(user.id), [submit], day) == [Filed("LG20310102-0001")]


async def test_a_person_made_just_now_is_offered_nothing_earlier_until_they_file(repo: TortoiseRepository) -> None:
    # A person the web chat made just now has filed nothing: their first errand asks no query for earlier
    # answers or documents. Once they file, their next errand is offered what they gave.
    from tortoise import connections

    from handlers.effects import SubmitCase

    day = dt.datetime(2031, 2, 3, 10, 0, tzinfo=dt.UTC)
    user = await user_for("web", "caseless-1", "zh_CN")
    repo.begun(user.id)
    asked: list[str] = []
    conn = connections.get("default")
    real = conn.execute_query_dict

    async def counted(sql, values=None):  # type: ignore[no-untyped-def]
        asked.append(sql)
        return await real(sql, values)

    conn.execute_query_dict = counted  # type: ignore[method-assign]
    try:
        assert await repo.earlier_identity(user.id, ("applicant_name",)) is None
        assert await repo.earlier_material(user.id, "id_card_front") is None
        assert asked == []
    finally:
        del conn.execute_query_dict
    answers = {"applicant_name": "张三", "applicant_id": "371302198506120027", "phone": "13800138000"}
    submit = SubmitCase("ev-charger-home", "draft-caseless-1", answers, ("online_channel",), {}, "zh_CN")
    await repo.save(user.id, await repo.load(user.id), [submit], day)
    earlier = await repo.earlier_identity(user.id, ("applicant_name",))
    assert earlier is not None and earlier.answers == {"applicant_name": "张三"}


@pytest.mark.parametrize(("day", "provisional"), [(dt.datetime(2026, 11, 26, 2, tzinfo=dt.UTC), False),
                                                  (dt.datetime(2026, 12, 30, 2, tzinfo=dt.UTC), True)])  # fmt: skip
async def test_a_due_date_past_the_known_holidays_is_filed_provisional_and_logged(
    repo: TortoiseRepository, day: dt.datetime, provisional: bool, caplog: pytest.LogCaptureFixture
) -> None:
    from handlers.effects import Filed, SubmitCase
    from models.case import Case

    user = await user_for("web", f"due-{provisional}", "zh_CN")
    answers = {"applicant_name": "张三", "applicant_id": "371302198506120027", "phone": "13800138000"}
    # (a convenience store: every item has a sourced time limit, so the case has a due date)
    items = ("fire_check", "hygiene_licence", "business_licence")
    submit = SubmitCase("convenience-store", f"draft-due-{provisional}", answers, items, {}, "zh_CN")
    [filed] = await repo.save(user.id, await repo.load(user.id), [submit], day)
    assert isinstance(filed, Filed)
    case = await Case.get(number=filed.number)
    assert case.due_provisional is provisional
    assert ("marked provisional" in caplog.text) is provisional


async def test_a_provisional_due_date_is_counted_again_once_the_holidays_are_known(
    repo: TortoiseRepository, catalog: Catalog
) -> None:
    from casework.casework import settle_provisional
    from handlers.effects import Filed, SubmitCase
    from handlers.workdays import WorkCalendar
    from models.case import Case, CaseEvent, CaseItem

    # Given a case filed on 30 December 2026, its dates counted into 2027 on weekends only
    day = dt.datetime(2026, 12, 30, 2, tzinfo=dt.UTC)
    user = await user_for("web", "settle", "zh_CN")
    answers = {"applicant_name": "张三", "applicant_id": "371302198506120027", "phone": "13800138000"}
    items = ("fire_check", "hygiene_licence", "business_licence")
    submit = SubmitCase("convenience-store", "draft-settle", answers, items, {}, "zh_CN")
    [filed] = await repo.save(user.id, await repo.load(user.id), [submit], day)
    assert isinstance(filed, Filed)
    await Case.filter(number=filed.number).update(created_at=day)
    before = await Case.get(number=filed.number)
    assert before.due_provisional
    # While 2027 is still unknown, nothing changes
    assert filed.number not in await settle_provisional(catalog, default_calendar())
    # When 2027's holidays are known (here: the first nine working days of January are off)
    off = {dt.date(2027, 1, d): {"zh_CN": "假"} for d in range(1, 15) if dt.date(2027, 1, d).weekday() < 5}
    known = WorkCalendar(holidays=off, workdays={}, years=frozenset({2026, 2027}))
    assert filed.number in await settle_provisional(catalog, known)
    # Then each item's date is counted on that calendar, the case is no longer provisional, and it is logged
    after = await Case.get(number=filed.number)
    assert not after.due_provisional and after.due_date is not None and after.due_date > before.due_date  # type: ignore[operator]
    for item in await CaseItem.filter(case=after):
        limit = catalog.limit(catalog.scenarios["convenience-store"], item.item_key)
        assert limit is not None and item.due_date == known.due(dt.date(2026, 12, 30), limit.days, limit.unit)
    assert await CaseEvent.filter(case=after, action="due_settled").exists()
    # And a second sweep finds nothing left to settle
    assert filed.number not in await settle_provisional(catalog, known)


async def test_a_save_that_takes_a_days_number_does_not_wait_for_a_batch(db: str) -> None:
    # The 10,000-resident run: a case filed inside a batch committed 54 s later, the day's counter row locked
    # all the while. A numbered save now runs in a transaction of its own, beside a batch still open.
    import asyncio

    from casework.casework import next_case_number
    from casework.commits import GroupCommit

    if db != "postgres":
        pytest.skip("SQLite has one connection: every transaction waits for the one before it")
    commits, held = GroupCommit(), asyncio.Event()
    numbers: list[str] = []

    async def long_batch() -> None:  # another person's step, its batch's transaction kept open
        await user_for("test", "batch-mate")
        await held.wait()

    async def file_a_case() -> None:
        numbers.append(await next_case_number(dt.date(2026, 12, 3)))

    batch = asyncio.ensure_future(commits.run(long_batch))
    await asyncio.sleep(0.1)
    await asyncio.wait_for(commits.run(file_a_case, alone=True), 30)
    assert numbers == ["LG20261203-0001"] and not batch.done()
    held.set()
    await batch


async def test_the_saved_text_is_the_conversations_to_json(repo: TortoiseRepository) -> None:
    # Given a conversation with every kind of field set (text, None, lists, nested dicts, non-text keys)
    conv = Conversation(
        scenario="ev-charger-home", step="field:applicant_id", answers={"name": "张三", "count": 2, 7: ["a"]},
        materials={"id_card": [{"name": "id.jpg", "size": 10}], "later": []}, selected_items=["a", "b"],
        partial={"deed": [{"page": 1}]}, album={"group": "g", "material": "deed"}, editing=True,
        proxy={"phone": "138****8000"}, promises={"deed": "2026-12-01"}, said=["你好"], elder=True,
    )  # fmt: skip
    user = await user_for("web", "text-1", "zh_CN")
    # When it is saved, Then the row holds what to_json() gives, and it loads back the same
    await repo.save(user.id, Snapshot(conv, None), [], NOW)
    row = await ConversationState.get(user_id=user.id)
    assert row.state == orjson.loads(orjson.dumps(conv.to_json(), option=orjson.OPT_NON_STR_KEYS))
    repo.cache.drop(user.id)
    assert (await repo.load(user.id)).conversation == Conversation.from_json(row.state)


def engine_reads() -> list[str]:
    from handlers.context import Repository

    return sorted(name for name, value in vars(Repository).items() if callable(value) and not name.startswith("_"))


def test_both_repositories_offer_every_read_of_the_engines_port() -> None:
    import inspect

    from memory_repo import MemoryRepository

    from handlers.context import Repository

    assert len(engine_reads()) >= 10
    for implementation in (TortoiseRepository, MemoryRepository):
        for name in engine_reads():
            method = getattr(implementation, name)
            assert inspect.iscoroutinefunction(method), (implementation, name)
            wanted = inspect.signature(getattr(Repository, name)).parameters
            assert list(inspect.signature(method).parameters) == list(wanted), (implementation, name)


async def test_the_engines_read_port_writes_nothing(repo: TortoiseRepository, dialogs, files, catalog, caplog) -> None:  # type: ignore[no-untyped-def]
    """What the engine reads during a step writes and locks nothing: numbers and the like are given in the save."""
    import inspect
    import logging
    import re

    from scenario_walk import Chat, walk

    from handlers.context import Repository
    from models.case import Case
    from models.user import User

    # Given a resident with a filed case
    scenario = catalog.get("ev-charger-home")
    chat = Chat(dialogs, files, channel="web", user="reads-only-1")
    case = await Case.get(number=await walk(chat, scenario))
    user = await User.get(channel="web", external_id=chat.user)
    given = {
        "user_id": user.id,
        "key": scenario.materials[0].key,
        "keys": tuple(q.key for q in scenario.fields),
        "number": case.number,
        "draft_id": case.draft_id,
    }
    # When the engine asks each of its reads
    caplog.set_level(logging.DEBUG, logger="tortoise.db_client")
    for name in engine_reads():
        wanted = inspect.signature(getattr(Repository, name)).parameters
        await getattr(repo, name)(**{p: given[p] for p in wanted if p != "self"})
    # Then the database was only read
    statements = [r.getMessage() for r in caplog.records if r.name == "tortoise.db_client"]
    assert any(s.lstrip().upper().startswith("SELECT") for s in statements)
    assert [s for s in statements if re.search(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b", s.upper())] == []
