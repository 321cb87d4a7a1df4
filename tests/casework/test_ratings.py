"""好差评 in the database: a rating saved through the real runtime, its change period, and 申诉复核."""

from __future__ import annotations

import functools

from scenario_walk import EV, Chat, walk
from tortoise.transactions import in_transaction

from bot.runtime import Runtime
from casework import casework, ratings
from casework.decisions import Decision, Decisions, Refusal
from casework.drawing import CardDrawer
from handlers.cards import CardPress
from handlers.catalog import Catalog, load_catalog
from handlers.lifecycle import StaffAction
from models.case import Case, CaseEvent, CaseItem
from models.ratings import Rating
from models.staff import Role, StaffCard, StaffMember


async def member_of(department: str, role: Role = Role.CLERK) -> StaffMember:
    """A clerk of the department, or a member of another role (a supervisor or admin: no department)."""
    member, _ = await StaffMember.get_or_create(
        channel="test",
        external_id=f"rating-{role}-{department}",
        defaults={
            "name": f"{role} {department}",
            "department": department if role == Role.CLERK else None,
            "role": role,
        },
    )
    return member


@functools.cache
def _decisions() -> Decisions:
    return Decisions(CardDrawer(load_catalog(), "http://test"))


async def decide(item: CaseItem, *actions: str) -> None:
    for action in actions:
        card = await StaffCard.get(case_id=item.case_id, department=item.department)  # type: ignore[attr-defined]
        press = CardPress(card.id, card.version, StaffAction(action), item.id)
        note = "不符合条件" if action == StaffAction.REJECT else ""
        assert isinstance(await _decisions().decide(await member_of(item.department), press, note, {}), Decision)


async def approved_case(chat: Chat, catalog: Catalog) -> tuple[Case, CaseItem]:
    """A filed 充电桩 case whose first item its department has approved."""
    case = await Case.get(number=await walk(chat, catalog.get(EV)))
    async with in_transaction():
        await casework.route_case(case.id, _decisions().drawer, chats=False)
    item = await CaseItem.filter(case=case).order_by("id").first()
    assert item is not None
    await decide(item, "accept", "approve")
    return case, item


async def test_a_rating_is_kept_per_item_with_its_channel_and_logged(dialogs: Runtime, files, catalog) -> None:  # type: ignore[no-untyped-def]
    chat = Chat(dialogs, files, channel="web")
    case, item = await approved_case(chat, catalog)
    await chat.send("button", f"*|rate:{case.number}:{item.item_key}")
    await chat.tap(f"rate:{case.number}:{item.item_key}:l:3")
    await chat.say("窗口人员很耐心")
    rating = await Rating.get(item=item)
    assert (rating.level, rating.comment, rating.channel, rating.department) == (
        "basic",
        "窗口人员很耐心",
        "web",
        item.department,
    )
    assert await Rating.filter(case=case).count() == 1  # the comment changed the same rating
    actions = await CaseEvent.filter(case=case, action__startswith="rate").values_list("action", flat=True)
    assert actions == ["rate", "rate_change"]


async def test_a_change_is_taken_within_the_period_and_refused_after(dialogs: Runtime, files, catalog, clock) -> None:  # type: ignore[no-untyped-def]
    chat = Chat(dialogs, files)
    case, item = await approved_case(chat, catalog)
    await chat.send("button", f"*|rate:{case.number}:{item.item_key}:l:2")
    clock.advance(days=15)
    await chat.send("button", f"*|rate:{case.number}:{item.item_key}:l:1")
    assert (await Rating.get(item=item)).level == "very_satisfied"
    clock.advance(days=1)
    await chat.send("button", f"*|rate:{case.number}:{item.item_key}:l:4")
    assert "已超过可修改的期限" in chat.text
    assert (await Rating.get(item=item)).level == "very_satisfied"


async def test_the_save_refuses_what_the_dialog_would_not_offer(dialogs: Runtime, files, catalog, clock) -> None:  # type: ignore[no-untyped-def]
    from handlers.effects import RateItem
    from models.user import user_for

    chat = Chat(dialogs, files)
    case = await Case.get(number=await walk(chat, catalog.get(EV)))
    async with in_transaction():
        await casework.route_case(case.id, _decisions().drawer, chats=False)
    item = await CaseItem.get(case=case)
    filer, rated = case.user_id, RateItem(case.number, item.item_key, "basic")  # type: ignore[attr-defined]
    await decide(item, "accept")
    assert await ratings.rate(filer, rated, clock(), 15) is None  # not decided yet
    await decide(item, "approve")
    stranger = await user_for("test", "rating-stranger", "zh_CN")
    assert await ratings.rate(stranger.id, rated, clock(), 15) is None  # someone else's case
    assert await ratings.rate(filer, rated, clock(), 15) is not None
    clock.advance(days=16)
    assert await ratings.rate(filer, RateItem(case.number, item.item_key, "satisfied"), clock(), 15) is None


async def test_an_appeal_is_decided_by_a_supervisor_and_recorded(dialogs: Runtime, files, catalog, clock) -> None:  # type: ignore[no-untyped-def]
    chat = Chat(dialogs, files)
    case, item = await approved_case(chat, catalog)
    await chat.send("button", f"*|rate:{case.number}:{item.item_key}:l:5")
    await chat.tap(f"rate:{case.number}:{item.item_key}:r:3")
    await chat.tap(f"rate:{case.number}:{item.item_key}:d")
    rating = await Rating.get(item=item)
    clerk, other = await member_of(item.department), await member_of("no-such-department")
    # Given the department's appeal, with its reason (another department's member may not)
    assert isinstance(await ratings.appeal(other, rating.id, "恶意"), Refusal)
    assert isinstance(await ratings.appeal(clerk, rating.id, " "), Refusal)
    assert not isinstance(await ratings.appeal(clerk, rating.id, "申请人当天未到窗口，评价与事实不符"), Refusal)
    assert isinstance(await ratings.appeal(clerk, rating.id, "again"), Refusal)
    # When a clerk tries to decide it, nothing; when the supervisor voids it, it is void
    assert isinstance(await ratings.review(clerk, rating.id, False, "", clock()), Refusal)
    # nor an admin: accounts and configuration are theirs, disputed ratings the supervisor's
    assert isinstance(
        await ratings.review(await member_of(item.department, Role.ADMIN), rating.id, False, "", clock()), Refusal
    )
    supervisor = await member_of(item.department, Role.SUPERVISOR)
    assert not isinstance(await ratings.review(supervisor, rating.id, False, "核实为误评", clock()), Refusal)
    rating = await Rating.get(id=rating.id)
    assert (rating.appeal, rating.reviewed_by) == ("voided", supervisor.ref)
    assert isinstance(await ratings.review(supervisor, rating.id, True, "", clock()), Refusal)  # decided once
    logged = await CaseEvent.filter(case=case, action__startswith="rating_").order_by("id")
    assert [(e.action, e.note) for e in logged] == [
        ("rating_appeal", "申请人当天未到窗口，评价与事实不符"),
        ("rating_voided", "核实为误评"),
    ]


async def test_an_upheld_appeal_leaves_the_rating_counted(dialogs: Runtime, files, catalog, clock) -> None:  # type: ignore[no-untyped-def]
    chat = Chat(dialogs, files)
    case, item = await approved_case(chat, catalog)
    await chat.send("button", f"*|rate:{case.number}:{item.item_key}:l:4")
    await chat.tap(f"rate:{case.number}:{item.item_key}:d")
    rating = await Rating.get(item=item)
    await ratings.appeal(await member_of(item.department), rating.id, "材料确实只要了一次")
    supervisor = await member_of(item.department, Role.SUPERVISOR)
    assert not isinstance(await ratings.review(supervisor, rating.id, True, "评价属实", clock()), Refusal)
    assert (await Rating.get(id=rating.id)).appeal == "upheld"


async def test_only_a_low_rating_opens_a_follow_up_due_in_working_days(dialogs: Runtime, files, catalog, clock) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from casework.request_rules import RequestDays
    from casework.requests import RequestDesk
    from models.requests import Request

    # Given the day before National Day: five working days run past the holiday week
    clock.at = dt.datetime(2026, 9, 30, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    calendar = dialogs.repo.calendar
    desk = RequestDesk(calendar, list(catalog.departments), "approval", RequestDays(), clock=clock)
    dialogs.repo.requests = desk
    chat = Chat(dialogs, files)
    case, item = await approved_case(chat, catalog)
    # When the resident rates 满意, nothing is opened
    await chat.send("button", f"*|rate:{case.number}:{item.item_key}:l:2")
    assert await Request.filter(case=case).count() == 0
    # When they change it to 不满意 with a reason and a comment
    await chat.send("button", f"*|rate:{case.number}:{item.item_key}:l:4")
    await chat.tap(f"rate:{case.number}:{item.item_key}:r:2")
    await chat.tap(f"rate:{case.number}:{item.item_key}:d")
    await chat.say("同一份证明交了三次")
    # Then one follow-up is open for the department that handled the item, due on the working-day calendar
    followup = await Request.get(case=case)
    assert (followup.kind, followup.department, followup.status) == ("followup", item.department, "open")
    assert followup.due_date == dt.date(2026, 10, 13) == calendar.add_workdays(dt.date(2026, 9, 30), 5)
    assert followup.text == "同一份证明交了三次" and followup.payload["reasons"] == ["repeated_documents"]
    assert (await Rating.get(item=item)).followup == followup.number
    # and changing to 非常不满意 opens no second one
    await chat.send("button", f"*|rate:{case.number}:{item.item_key}:l:5")
    await chat.tap(f"rate:{case.number}:{item.item_key}:d")
    assert await Request.filter(case=case).count() == 1
