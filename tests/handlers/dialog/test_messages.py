"""留言 in the resident's dialog, through the runtime on a real database: kind, text, the department
suggested, publishing, the number and due date; 我的留言, the answer, its rating."""

from __future__ import annotations

import pytest
from samples import JPEG
from scenario_walk import Chat

from handlers import intents
from handlers.ratings import Level
from handlers.request_lifecycle import MessageKind, RequestKind, RequestStatus
from handlers.requests import RequestFacts, request_notice
from handlers.workdays import default_calendar
from locales import translate
from models.requests import Request, RequestEvent
from models.staff import StaffMember


@pytest.fixture
def resident(dialogs, files) -> Chat:  # type: ignore[no-untyped-def]
    return Chat(dialogs, files)


@pytest.mark.parametrize(
    ("said", "kind"),
    [("我要投诉", "complaint"), ("投诉", "complaint"), ("我要留言", ""), ("我有建议", None), ("建议", "suggestion"),
     ("我想咨询", "consult"), ("求助", "help"), ("我的留言", intents.MINE), ("建议增加充电桩车位", None),
     ("leave a message", "")],
)  # fmt: skip
def test_only_a_whole_request_to_leave_a_message_is_taken_for_one(said: str, kind: str | None) -> None:
    assert intents.message(said) == kind


async def test_a_complaint_is_written_confirmed_filed_and_numbered(resident: Chat, dialogs) -> None:  # type: ignore[no-untyped-def]
    # When the resident says 我要投诉, the kind is known: the text is asked for at once
    await resident.say("我要投诉")
    assert "投诉内容" in resident.text
    # A text too short to act on is asked again
    await resident.say("太慢")
    assert "太短" in resident.text
    await resident.say("办理充电桩报装等了两周还没有人上门勘察")
    # The search suggests the department of the errand the text is about; the resident is not sure
    assert "建议交给" in resident.text
    await resident.tap("message:dept:-")
    assert "公开" in resident.text
    await resident.tap("message:publish:yes")
    assert "请确认您的投诉" in resident.text and "由政务服务部门分办" in resident.text
    await resident.tap("message:submit")
    # Then it is filed: numbered, with the routing department, due in 15 working days
    request = await Request.filter(text="办理充电桩报装等了两周还没有人上门勘察").get()
    assert request.kind == RequestKind.MESSAGE and request.subkind == MessageKind.COMPLAINT
    assert request.department == "approval" and request.publishable
    today = dialogs.now().date()
    assert request.due_date == default_calendar().add_workdays(today, 15)
    assert request.number in resident.text and request.due_date.isoformat() in resident.text
    assert "区行政审批服务局" in resident.text
    # And a second tap on the old submit button files nothing more
    await resident.send("button", "*|message:submit")
    assert "失效" in resident.text
    assert await Request.filter(text=request.text).count() == 1


async def test_from_the_menu_in_elder_mode_the_kind_is_answered_by_number(resident: Chat) -> None:
    await resident.send("button", "*|elder:on")
    await resident.tap("message")  # the menu's 我要留言
    assert "请选择留言类别" in resident.text
    await resident.say("3")  # 咨询, the third kind offered
    assert "咨询内容" in resident.text
    await resident.say("请问临港区政务服务中心周六上班吗")
    if "建议交给" in resident.text:
        await resident.say("1")  # the department suggested
    await resident.say("2")  # do not publish
    await resident.say("1")  # submit
    request = await Request.filter(text="请问临港区政务服务中心周六上班吗").get()
    assert request.subkind == MessageKind.CONSULT and not request.publishable


async def test_the_resident_sees_the_answer_rates_it_and_says_it_resolved_the_matter(resident: Chat, dialogs) -> None:  # type: ignore[no-untyped-def]
    await resident.say("我要留言")
    await resident.tap("message:kind:help")
    await resident.say("小区门口的路灯坏了一个月了")
    if "建议交给" in resident.text:
        await resident.tap("message:dept:-")
    await resident.tap("message:publish:no")
    await resident.tap("message:submit")
    request = await Request.filter(text="小区门口的路灯坏了一个月了").get()
    # Staff answer it
    member = await StaffMember.create(name="王", department=request.department, channel="test", external_id="msg-desk")
    await dialogs.repo.desk().answer(member, request.number, "已安排维修，三日内修好。")
    # 我的留言 lists it as answered; opening it shows the answer and the five levels
    await resident.say("我的留言")
    assert request.number in resident.text and "已答复" in resident.text
    await resident.tap(f"request:{request.number}:detail")
    assert "已安排维修，三日内修好。" in resident.text and "请为这次答复评价" in resident.text
    await resident.tap(f"request:{request.number}:rate:satisfied")
    assert "解决您的问题了吗" in resident.text
    await resident.tap(f"request:{request.number}:resolved:yes")
    assert "已办结" in resident.text
    request = await Request.get(id=request.id)
    assert request.rating == Level.SATISFIED and request.resolved is True and request.status == RequestStatus.CLOSED
    actions = await RequestEvent.filter(request=request).order_by("id").values_list("action", flat=True)
    assert actions[-2:] == ["rate", "confirm"]


async def test_someone_elses_number_cannot_be_rated(resident: Chat, dialogs, files) -> None:  # type: ignore[no-untyped-def]
    other = Chat(dialogs, files)
    await other.say("我要投诉")
    await other.say("窗口工作人员态度很差")
    if "建议交给" in other.text:
        await other.tap("message:dept:-")
    await other.tap("message:publish:no")
    await other.tap("message:submit")
    request = await Request.filter(text="窗口工作人员态度很差").get()
    await resident.send("button", f"*|request:{request.number}:rate:very_dissatisfied")
    assert "不能这样操作" in resident.text and (await Request.get(id=request.id)).rating is None


async def test_not_understood_twice_the_bot_offers_a_message(resident: Chat) -> None:
    await resident.say("zqxjvw")
    assert "留言" not in resident.text
    await resident.say("qqzzxxvv")
    assert "也可以留言" in resident.text
    await resident.tap("message")
    assert "请选择留言类别" in resident.text


async def test_another_authoritys_matter_is_answered_honestly_with_the_offer_of_a_message(resident: Chat) -> None:
    await resident.say("医保报销")
    assert "12393" in resident.text and "12345" in resident.text and "留言" in resident.text
    await resident.tap("message")
    assert "请选择留言类别" in resident.text


async def test_cancelling_keeps_nothing(resident: Chat) -> None:
    await resident.say("我要投诉")
    await resident.say("这是一条会被取消的投诉内容")
    await resident.tap("message:cancel")
    assert "已取消留言" in resident.text
    assert not await Request.filter(text="这是一条会被取消的投诉内容").exists()
    assert (await resident.state()).message is None


async def test_asked_to_clarify_the_resident_replies_and_the_clock_restarts(resident: Chat, dialogs) -> None:  # type: ignore[no-untyped-def]
    await resident.say("我要留言")
    await resident.tap("message:kind:consult")
    await resident.say("我想问问那个补贴怎么申请")
    if "建议交给" in resident.text:
        await resident.tap("message:dept:-")
    await resident.tap("message:publish:no")
    await resident.tap("message:submit")
    request = await Request.filter(text="我想问问那个补贴怎么申请").get()
    member = await StaffMember.create(name="赵", department=request.department, channel="test", external_id="clarify")
    await dialogs.repo.desk().ask_correction(member, request.number, "请说明是哪一项补贴")
    # The push carries the button to reply with
    facts = RequestFacts(request.number, "message", "consult", "zh_CN", "ask_correction", "waiting_applicant", "审批局")
    [button] = request_notice(facts, translate).buttons
    await resident.send("button", button.data)
    assert "请补充说明" in resident.text
    await resident.say("是新能源汽车充电桩的安装补贴")
    assert "重新开始计算答复期限" in resident.text
    request = await Request.get(id=request.id)
    assert request.status == RequestStatus.OPEN and request.payload["corrections"] == ["是新能源汽车充电桩的安装补贴"]


async def test_a_photo_is_acknowledged_and_the_question_asked_again_last(resident: Chat) -> None:
    # Given a resident asked whether the answer may be published
    await resident.say("我要投诉")
    await resident.say("滨海路人行道地砖松动多处，雨天积水")
    if "建议交给" in resident.text:
        await resident.tap("message:dept:-")
    # When they send a photo
    await resident.upload("road.jpg", JPEG)
    # Then it is counted, and the question comes again with its options last: where options are answered
    # by number (WeChat, elder mode), only the last message's count
    assert "已收到照片（1/3）" in resident.replies[0].text
    assert "公开" in resident.replies[-1].text
    assert [b.data.split("|", 1)[1] for b in resident.replies[-1].buttons][:2] == [
        "message:publish:yes",
        "message:publish:no",
    ]
