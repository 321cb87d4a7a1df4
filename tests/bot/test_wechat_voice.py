"""The resident's voice through the WeChat Official Account, end to end: a 留言 answered and rated, a person
behind the bot and back, an 依申请公开 request answered, and a decided case rated (好差评) with its follow-up.
Each message is posted to the real channel sealed as WeChat seals it; staff act through the staff HTTP API; the
worker's pushes reach the fake WeChat API as customer-service messages, whose numbered options the resident
answers by typing the number."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from disclosure_requests import run_pushes as run_request_pushes
from fake_wechat import AES, FakeWechatApi, image_xml, post, serving, text_xml
from samples import JPEG
from scenario_walk import EV, Chat, walk
from staff_desk import decide_and_push, login

from bot.channels.wechat import WechatChannel
from bot.staff.live import LivePage
from bot.staff.requests import RequestsView
from bot.staff.view import StaffView
from handlers.disclosure import Clock
from handlers.lifecycle import StaffAction
from handlers.ratings import Level
from handlers.request_lifecycle import RequestStatus
from handlers.workdays import default_calendar
from models.case import Case
from models.db import now
from models.live import OPEN_LIVE, LiveChat, LiveMessage, LiveStatus
from models.outbox import Outbox
from models.ratings import Rating as ItemRating
from models.requests import Request
from models.user import User
from workers.actors import live as live_actors  # first: declares every actor on the one broker

Served = tuple[TestClient, FakeWechatApi, WechatChannel]


@pytest.fixture(autouse=True)
async def quiet_queues(db: str) -> None:
    """No one waiting, and no live push left by other tests (the session's database is shared)."""
    await LiveChat.filter(status__in=list(OPEN_LIVE)).update(status=LiveStatus.ENDED)
    await Outbox.filter(actor="push_live", sent_at__isnull=True).update(sent_at=now())


@pytest.fixture
async def wechat(dialogs, files, local_services) -> AsyncIterator[Served]:  # type: ignore[no-untyped-def]
    """The account in safe mode, on the channels the worker's actors push through."""
    async with serving(dialogs, files, WECHAT_AES_KEY=AES) as served:
        yield served


@pytest.fixture
async def staff(dialogs, files, local_services) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    """The staff page with its requests and live APIs, as build_web assembles them."""
    view = StaffView(local_services.catalog, files, local_services.relay.kick, b"secret", "http://test", True)
    app = web.Application()
    app.add_routes(view.routes())
    app.add_routes(RequestsView(local_services.catalog, dialogs.repo.desk(), view.sessions, files).routes())
    app.add_routes(LivePage(local_services.catalog, view.sessions, dialogs.live, local_services.relay.kick).routes())
    async with TestClient(TestServer(app)) as client:
        yield client


class Resident:
    """A WeChat user typing into the account: each message a fresh MsgId, each passive reply's text kept."""

    def __init__(self, client: TestClient, api: FakeWechatApi, openid: str) -> None:
        self.client, self.api, self.openid, self.sent = client, api, openid, 0
        #: The last text on the resident's screen: a passive reply or a pushed customer-service message.
        self.screen = ""
        #: The last passive reply as WeChat received it (opened when sealed).
        self.raw = ""

    async def say(self, text: str) -> str:
        self.sent += 1
        status, reply = await post(self.client, text_xml(self.openid, text, f"{self.openid}-{self.sent}"))
        assert status == 200, reply
        self.raw, self.screen = reply, _content(reply)
        return self.screen

    async def choose(self, action: str) -> str:
        """Types the number of the option on screen whose button does ``action``."""
        return await self.say(await self.number(action))

    async def number(self, action: str) -> str:
        shown = (await User.get(channel="wechat", external_id=self.openid)).last_buttons
        for n, b in enumerate(shown, start=1):
            if b["data"].split("|", 1)[1].startswith(action):
                assert f"[{n}] {b['label']}" in self.screen, self.screen  # the number the resident reads
                return str(n)
        raise AssertionError(f"no {action} among {shown}")

    def pushed(self, since: int) -> list[str]:
        """The customer-service messages sent to this resident since then; the last is on screen."""
        texts = [
            p["text"]["content"]
            for k, p in self.api.sent[since:]
            if k == "custom" and p["touser"] == self.openid and p["msgtype"] == "text"
        ]
        if texts:
            self.screen = texts[-1]
        return texts


def _content(reply: str) -> str:
    found = re.search(r"<Content><!\[CDATA\[(.*)\]\]></Content>", reply, re.DOTALL)
    return found.group(1) if found else reply


async def act_on_request(staff: TestClient, auth: dict[str, str], number: str, **body: Any) -> dict[str, Any]:
    response = await staff.post(f"/api/staff/requests/{number}/actions", json=body, headers=auth)
    answer = await response.json()
    assert response.status == 200, answer
    return answer  # type: ignore[no-any-return]


async def test_a_complaint_filed_on_wechat_is_answered_by_staff_and_rated_by_number(wechat, staff) -> None:  # type: ignore[no-untyped-def]
    client, api, channel = wechat
    resident = Resident(client, api, "openid-voice-complaint")
    # Given a resident who complains in the account
    assert "投诉内容" in await resident.say("我要投诉")
    shown = await resident.say("临港区政务服务中心五号窗口排队两小时无人叫号")
    if "建议交给" in shown:
        shown = await resident.choose("message:dept:-")
    # With a photo of the queue, fetched from WeChat: the question it was asked is still answered by number
    api.media["queue-photo"] = JPEG
    _, reply = await post(client, image_xml(resident.openid, "queue-photo", f"{resident.openid}-photo"))
    resident.screen = _content(reply)
    assert "已收到照片（1/3）" in resident.screen
    await resident.choose("message:publish:yes")
    filed = await resident.choose("message:submit")
    request = await Request.get(text="临港区政务服务中心五号窗口排队两小时无人叫号")
    assert request.number in filed and request.subkind == "complaint" and request.status == RequestStatus.OPEN
    assert len(request.payload["photos"]) == 1 and ("media", {"media_id": "queue-photo"}) in api.sent
    # When the department answers it on the staff page
    clerk = await login(staff, request.department)
    queue = await (await staff.get("/api/staff/requests?kind=message", headers=clerk)).json()
    assert request.number in [r["number"] for r in queue["requests"]]
    text = "已核实，五号窗口叫号机故障已修复，并增派一名工作人员。"
    await act_on_request(staff, clerk, request.number, action="answer", text=text, publish=False)
    assert (await Request.get(id=request.id)).status == RequestStatus.ANSWERED
    before = len(api.sent)
    await run_request_pushes(request.number)
    await channel.inbound.settle()
    # Then the answer reaches the resident as a customer-service message, the five levels numbered under it
    [pushed] = resident.pushed(before)
    assert request.number in pushed and text in pushed and "[1] 非常满意" in pushed and "[5] 非常不满意" in pushed
    # And the resident rates it by typing a number, then types the option's words: it resolved the matter
    asked = await resident.choose(f"request:{request.number}:rate:satisfied")
    assert "解决您的问题了吗" in asked and "[1] 问题已解决" in asked
    closed = await resident.say("问题已解决")
    assert f"很高兴问题已解决，{request.number} 已办结" in closed
    request = await Request.get(id=request.id)
    assert request.rating == Level.SATISFIED and request.resolved is True and request.status == RequestStatus.CLOSED


async def live_push() -> int:
    """What the worker does with the live pushes queued so far: each sent once, in order."""
    rows = await Outbox.filter(actor="push_live", sent_at__isnull=True).order_by("id")
    for row in rows:
        await live_actors.push_live.fn.__wrapped__(**row.payload)
        await Outbox.filter(id=row.id).update(sent_at=now())
    return len(rows)


async def live_act(staff: TestClient, auth: dict[str, str], chat: int, action: str, **body: str) -> None:
    response = await staff.post(f"/api/staff/live/{chat}/{action}", json=body, headers=auth)
    assert response.status == 200, await response.text()


async def test_a_person_behind_the_bot_on_wechat_and_back_to_the_bot(wechat, staff) -> None:  # type: ignore[no-untyped-def]
    client, api, _ = wechat
    resident = Resident(client, api, "openid-voice-live")
    # Given a resident who asks for a person
    assert "前面还有 0 位" in await resident.say("转人工")
    clerk = await login(staff, "approval")
    [chat] = (await (await staff.get("/api/staff/live?department=approval", headers=clerk)).json())["chats"]
    assert chat["status"] == "waiting"
    # When staff take it, the resident is told, and what they write goes to the person, not the bot
    before = len(api.sent)
    await live_act(staff, clerk, chat["id"], "take")
    await live_push()
    assert resident.pushed(before)[-1].endswith("已接入，请直接发送您的问题。")
    before = len(api.sent)
    await resident.say("退休要带什么材料？")
    # The bot stays quiet, as WeChat wants silence: "success", never a reply with no text (which WeChat
    # shows as "该公众号暂时无法提供服务")
    assert resident.raw == "success" and resident.pushed(before) == []
    assert await LiveMessage.filter(chat_id=chat["id"], who="resident", text="退休要带什么材料？").exists()
    # And the person's reply reaches the resident in WeChat
    before = len(api.sent)
    await live_act(staff, clerk, chat["id"], "reply", text="您好，退休请带身份证和户口簿。")
    await live_push()
    assert resident.pushed(before) == ["您好，退休请带身份证和户口簿。"]
    # When the resident ends it, the rating is asked by number and the bot answers again
    ended = await resident.say("结束人工")
    assert "已结束人工服务" in ended and "[1]" in ended
    live = await LiveChat.get(id=chat["id"])
    assert live.status == LiveStatus.ENDED and live.ended_by == "resident"
    assert "感谢您的评价" in await resident.choose(f"person_rate:{chat['id']}:4")  # 满意
    assert (await LiveChat.get(id=chat["id"])).rating == 4
    assert "退休" in await resident.say("退休")
    assert not await LiveMessage.filter(chat_id=chat["id"], text="退休").exists()


async def test_a_disclosure_request_filed_on_wechat_is_clarified_and_answered_with_the_remedies(
    wechat, staff, dialogs
) -> None:  # type: ignore[no-untyped-def]
    client, api, channel = wechat
    resident = Resident(client, api, "openid-voice-gk")
    # Given an applicant who files a request in the account, answering every choice by number
    await resident.say("我要申请政府信息公开")
    await resident.choose("gk:go")
    await resident.choose("gk_pick:applicant_type=person")
    for text in ("李四", "371302198506120027", "13800138000", "临港区2025年度老旧小区改造项目清单"):
        await resident.say(text)
    await resident.choose("gk_skip:purpose")
    await resident.choose("gk_pick:form=electronic")
    await resident.choose("gk_pick:delivery=online")
    review = await resident.choose("gk_pick:department=unknown")
    assert "371*************27" in review and "371302198506120027" not in review
    receipt = await resident.choose("gk_submit")
    request = await Request.get(kind="disclosure", user__channel="wechat", user__external_id=resident.openid)
    assert request.number in receipt and request.due_date is not None and request.due_date.isoformat() in receipt
    # When the office asks for a 补正 on the staff page, the applicant gives it in WeChat, by number then in words
    clerk = await login(staff, request.department)
    await act_on_request(staff, clerk, request.number, action="ask_correction", text="请写明是哪个街道的小区")
    assert (await Request.get(id=request.id)).status == RequestStatus.WAITING_APPLICANT
    before = len(api.sent)
    await run_request_pushes(request.number)
    await channel.inbound.settle()
    assert "请写明是哪个街道的小区" in "\n".join(resident.pushed(before))
    await resident.choose(f"request:{request.number}:correction")
    corrected = await resident.say("临港区朝阳街道老旧小区改造项目清单")
    assert f"{request.number} 重新开始计算答复期限" in corrected
    restarted = await Request.get(id=request.id)
    assert restarted.status == RequestStatus.OPEN
    assert restarted.due_date == Clock(default_calendar()).restarted_due(dialogs.repo.desk().clock().date())
    # And the office answers on the staff page that another office holds it
    office = "区住房和城乡建设局 0539-0000001"
    await act_on_request(
        staff, clerk, request.number, action="answer", type="not_held", text="该清单由区住建局编制。", office=office
    )
    assert (await Request.get(id=request.id)).status == RequestStatus.ANSWERED
    before = len(api.sent)
    await run_request_pushes(request.number)
    await channel.inbound.settle()
    # Then the applicant reads in WeChat the answer's type, the right office and the rights of remedy
    pushed = "\n".join(resident.pushed(before))
    assert request.number in pushed and "非本机关掌握" in pushed and office in pushed
    assert "行政复议" in pushed and "行政诉讼" in pushed


async def test_a_decided_case_rated_on_wechat_by_number_and_its_follow_up_answered(  # type: ignore[no-untyped-def]
    wechat, staff, dialogs, files, catalog
) -> None:
    client, api, channel = wechat
    resident = Resident(client, api, "openid-voice-rating")
    # Given a WeChat resident (who wrote today: the customer-service window is open) whose case is approved
    await resident.say("/start")
    number = await walk(Chat(dialogs, files, user=resident.openid, channel="wechat"), catalog.get(EV))
    case = await Case.get(number=number)
    await decide_and_push(case, catalog, StaffAction.ACCEPT)
    before = len(api.sent)
    await decide_and_push(case, catalog, StaffAction.APPROVE)
    await channel.inbound.settle()
    # Then the approval reaches them as a customer-service message that invites a rating, numbered
    approved = resident.pushed(before)[-1]
    assert "已通过" in approved and "欢迎您对临港供电中心" in approved
    # When they rate 不满意 by number, tick 时间长, and add a comment in words
    levels = await resident.choose("rate:")
    assert "[4] 不满意" in levels
    reasons = await resident.choose(f"rate:{case.number}:charger_application:l:4")
    assert "时间长" in reasons
    await resident.choose(f"rate:{case.number}:charger_application:r:1")
    kept = await resident.choose(f"rate:{case.number}:charger_application:d")
    assert "已记录您的评价：不满意" in kept
    await resident.say("等了二十天才通过")
    rating = await ItemRating.get(case=case)
    assert rating.level == "dissatisfied" and rating.reasons == ["slow"] and rating.channel == "wechat"
    assert rating.comment == "等了二十天才通过"
    # And the rated department answers the follow-up on the staff page
    followup = await Request.get(case=case, kind="followup")
    assert followup.status == RequestStatus.OPEN and followup.due_date is not None
    clerk = await login(staff, followup.department)
    text = "已核实：因系统故障延误，已整改，向您致歉。"
    await act_on_request(staff, clerk, followup.number, action="answer", text=text)
    assert (await Request.get(id=followup.id)).status == RequestStatus.ANSWERED
    before = len(api.sent)
    await run_request_pushes(followup.number)
    await channel.inbound.settle()
    # Then the answer reaches them in WeChat, and they rate it and say it resolves the matter, by number
    [answer] = resident.pushed(before)
    assert followup.number in answer and text in answer
    await resident.choose(f"request:{followup.number}:rate:satisfied")
    await resident.choose(f"request:{followup.number}:resolved:yes")
    await followup.refresh_from_db()
    assert (followup.status, followup.resolved, followup.rating) == ("closed", True, "satisfied")
