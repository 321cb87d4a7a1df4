"""人工客服's service: queue places, take, transfer, hand back, the timeout to 留言, service hours and holidays."""

from __future__ import annotations

import datetime as dt

import pytest
from scenario_walk import Chat

from casework.live import LiveDesk, LiveRefusal
from casework.livehours import LivePolicy, ServiceHours
from models.live import OPEN_LIVE, LiveChat, LiveEvent, LiveMessage, LiveStatus
from models.outbox import Outbox
from models.requests import Request
from models.staff import StaffMember
from models.user import User


@pytest.fixture(autouse=True)
async def quiet_queues(db: str) -> None:
    """Each test starts with no one waiting (the session's database is shared)."""
    await LiveChat.filter(status__in=list(OPEN_LIVE)).update(status=LiveStatus.ENDED)


async def member(department: str, name: str = "王客服") -> StaffMember:
    staff, _ = await StaffMember.get_or_create(
        channel="test", external_id=f"live-{department}-{name}", defaults={"name": name, "department": department}
    )
    return staff


async def asking(dialogs, files, said: str = "转人工") -> tuple[Chat, LiveChat]:  # type: ignore[no-untyped-def]
    chat = Chat(dialogs, files)
    await chat.say(said)
    user = await User.get(channel="test", external_id=chat.user)
    live = await LiveChat.filter(user=user).order_by("-id").first()
    assert live is not None
    return chat, live


async def pushed(chat: LiveChat) -> list[str]:
    rows = await Outbox.filter(actor="push_live").order_by("id")
    return [r.payload["reply"]["text"] for r in rows if r.payload["chat_id"] == chat.id]


def desk(dialogs) -> LiveDesk:  # type: ignore[no-untyped-def]
    return dialogs.live  # type: ignore[no-any-return]


async def test_each_resident_is_told_their_place_and_it_updates(dialogs, files) -> None:  # type: ignore[no-untyped-def]
    first, one = await asking(dialogs, files)
    second, two = await asking(dialogs, files)
    third, three = await asking(dialogs, files)
    assert "前面还有 0 位" in first.text and "前面还有 1 位" in second.text and "前面还有 2 位" in third.text
    taken = await desk(dialogs).take(await member("approval"), one.id)
    assert isinstance(taken, LiveChat) and taken.status == LiveStatus.ACTIVE
    assert (await pushed(one))[-1].startswith("工作人员王客服已接入")
    assert (await pushed(two))[-1] == "您前面还有 0 位，请稍候。"
    assert (await pushed(three))[-1] == "您前面还有 1 位，请稍候。"
    await third.say("结束人工")  # the one behind leaves: nobody ahead of anyone changes place
    await second.say("结束人工")
    assert await pushed(two) == ["您前面还有 0 位，请稍候。"]


async def test_only_the_department_takes_it_and_only_once(dialogs, files) -> None:  # type: ignore[no-untyped-def]
    _, chat = await asking(dialogs, files)
    assert await desk(dialogs).take(await member("fire"), chat.id) == LiveRefusal("not_yours")
    assert isinstance(await desk(dialogs).take(await member("approval"), chat.id), LiveChat)
    assert await desk(dialogs).take(await member("approval", "李客服"), chat.id) == LiveRefusal("not_waiting")
    assert await desk(dialogs).reply(await member("approval", "李客服"), chat.id, "您好") == LiveRefusal("not_taker")


async def test_the_conversation_so_far_and_the_replies_are_kept_masked_where_personal(dialogs, files) -> None:  # type: ignore[no-untyped-def]
    resident = Chat(dialogs, files)
    await resident.say("我身份证371302198506120027，想问充电桩")
    await resident.say("找人工")
    live = await LiveChat.get(user=await User.get(channel="test", external_id=resident.user))
    staff = await member("approval")
    await desk(dialogs).take(staff, live.id)
    assert await resident.say("电话13800138000") == []  # quiet: it went to staff
    await desk(dialogs).reply(staff, live.id, "您好，请问有什么可以帮您？")
    said = [(m.who, m.text) for m in await LiveMessage.filter(chat=live).order_by("id")]
    assert said[0] == ("earlier", "我身份证371*************27，想问充电桩")
    assert ("resident", "电话138****8000") in said and said[-1] == (staff.ref, "您好，请问有什么可以帮您？")
    assert (await pushed(live))[-1] == "您好，请问有什么可以帮您？"
    actions = [e.action for e in await LiveEvent.filter(chat=live).order_by("id")]
    assert actions == ["asked", "taken", "reply"]


async def test_a_transfer_queues_it_at_the_other_department(dialogs, files) -> None:  # type: ignore[no-untyped-def]
    _, chat = await asking(dialogs, files)
    staff = await member("approval")
    await desk(dialogs).take(staff, chat.id)
    moved = await desk(dialogs).transfer(staff, chat.id, "power")
    assert isinstance(moved, LiveChat) and moved.department == "power" and moved.status == LiveStatus.WAITING
    assert moved.member_id is None  # type: ignore[attr-defined]
    assert (await pushed(chat))[-1].startswith("已为您转接到临港供电中心，前面还有 0 位")
    assert await desk(dialogs).reply(staff, chat.id, "还在吗") == LiveRefusal("not_yours")
    assert isinstance(await desk(dialogs).take(await member("power"), chat.id), LiveChat)
    assert await desk(dialogs).transfer(staff, chat.id, "nowhere") == LiveRefusal("unknown_department")


async def test_hand_back_ends_it_asks_for_a_rating_and_the_bot_answers_again(dialogs, files) -> None:  # type: ignore[no-untyped-def]
    resident, chat = await asking(dialogs, files)
    staff = await member("approval")
    await desk(dialogs).take(staff, chat.id)
    assert isinstance(await desk(dialogs).hand_back(staff, chat.id), LiveChat)
    row = await Outbox.filter(actor="push_live", key=f"live:{chat.id}:back").get()
    labels = [b["label"] for b in row.payload["reply"]["buttons"]]
    assert labels == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    await resident.send("button", row.payload["reply"]["buttons"][1]["data"])
    assert "感谢您的评价" in resident.text
    assert (await LiveChat.get(id=chat.id)).rating == 4
    await resident.say("充电桩")
    assert any(b.data.endswith("sc:ev-charger-home") for r in resident.replies for b in r.buttons)
    assert (await LiveChat.get(id=chat.id)).ended_by == "staff"


async def test_nobody_takes_it_in_time_so_a_message_is_offered(dialogs, files, clock) -> None:  # type: ignore[no-untyped-def]
    resident, chat = await asking(dialogs, files, "我要人工客服，刚才问的充电桩")
    clock.advance(minutes=2)
    assert await desk(dialogs).expire() == 0
    clock.advance(minutes=2)
    assert await desk(dialogs).expire() == 1
    ended = await LiveChat.get(id=chat.id)
    assert ended.status == LiveStatus.ENDED and ended.ended_by == "timeout"
    row = await Outbox.filter(actor="push_live", key=f"live:{chat.id}:timeout").get()
    assert "没能及时接入" in row.payload["reply"]["text"]
    [leave] = row.payload["reply"]["buttons"]
    assert leave["data"] == f"*|leave_msg:{chat.id}"
    assert await desk(dialogs).expire() == 0  # once
    # The 留言 takes along everything already said, and is filed once however often it is tapped
    await resident.send("button", leave["data"])
    assert "已为您留言" in resident.text
    request = await Request.get(number=(await LiveChat.get(id=chat.id)).request_number)
    assert request.kind == "message" and request.subkind == "consult" and request.department == chat.department
    assert "转人工前：我要人工客服，刚才问的充电桩" in request.text
    await resident.send("button", leave["data"])
    assert request.number in resident.text and await Request.filter(user_id=request.user_id).count() == 1  # type: ignore[attr-defined]
    await resident.say("充电桩")  # the bot is back
    assert resident.replies


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2026, 10, 2, 10, 0),  # 国庆节, a Friday
        dt.datetime(2026, 11, 28, 10, 0),  # a Saturday
        dt.datetime(2026, 11, 26, 12, 30),  # the lunch break
        dt.datetime(2026, 11, 26, 17, 5),  # after hours
    ],
)
async def test_outside_service_hours_a_message_is_offered_at_once(dialogs, files, clock, moment) -> None:  # type: ignore[no-untyped-def]
    clock.at = moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))
    resident, chat = await asking(dialogs, files)
    assert "不在人工客服服务时间" in resident.text and resident.button("leave_msg")
    assert chat.status == LiveStatus.ENDED and chat.ended_by == "closed"
    assert [e.action for e in await LiveEvent.filter(chat=chat)] == ["closed"]
    await resident.tap("leave_msg")
    request = await Request.get(number=(await LiveChat.get(id=chat.id)).request_number)
    assert request.number in resident.text and "转人工" in request.text


def test_service_hours_are_per_department_and_follow_the_calendar() -> None:
    from handlers.workdays import default_calendar

    policy = LivePolicy(departments={"power": ServiceHours.parse("08:00-20:00")})
    calendar = default_calendar()
    evening = dt.datetime(2026, 11, 26, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert policy.hours_of("power").open_at(evening, calendar)
    assert not policy.hours_of("approval").open_at(evening, calendar)
    with pytest.raises(ValueError, match="HH:MM"):
        ServiceHours.parse("9-12")


async def test_only_a_served_conversation_is_rated_by_its_own_resident_once(dialogs, files) -> None:  # type: ignore[no-untyped-def]
    resident, chat = await asking(dialogs, files)
    await resident.say("结束人工")  # nobody took it: nothing to rate
    await desk(dialogs).rate(chat.user_id, chat.id, 5, dialogs.now())  # type: ignore[attr-defined]
    assert (await LiveChat.get(id=chat.id)).rating is None
    _, served = await asking(dialogs, files)
    staff = await member("approval")
    await desk(dialogs).take(staff, served.id)
    await desk(dialogs).hand_back(staff, served.id)
    await desk(dialogs).rate(chat.user_id, served.id, 1, dialogs.now())  # type: ignore[attr-defined]  # not theirs
    await desk(dialogs).rate(served.user_id, served.id, 9, dialogs.now())  # type: ignore[attr-defined]  # no such level
    assert (await LiveChat.get(id=served.id)).rating is None
    await desk(dialogs).rate(served.user_id, served.id, 2, dialogs.now())  # type: ignore[attr-defined]
    await desk(dialogs).rate(served.user_id, served.id, 5, dialogs.now())  # type: ignore[attr-defined]
    assert (await LiveChat.get(id=served.id)).rating == 2
    assert [e.note for e in await LiveEvent.filter(chat_id=served.id, action="rated")] == ["2"]
