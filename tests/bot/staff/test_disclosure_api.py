"""The staff page's 依申请公开 actions: the answer's type and ground, the head-approved extension, 补正."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient
from disclosure_requests import file_disclosure
from staff_desk import login

from casework.requests import RequestDesk
from handlers.request_lifecycle import RequestStatus
from models.requests import Request, RequestEvent
from models.user import user_for


@pytest.fixture
def desk(requests_desk: RequestDesk) -> RequestDesk:
    return requests_desk


@pytest.fixture
def client(requests_client: TestClient) -> TestClient:
    return requests_client


async def _filed(desk: RequestDesk, who: str) -> str:
    return (await file_disclosure(desk, await user_for("web", who), "housing")).number


async def test_the_detail_offers_the_answer_types_and_masks_the_id_number(client, desk) -> None:  # type: ignore[no-untyped-def]
    number = await _filed(desk, "api-gk-detail")
    detail = await (await client.get(f"/api/staff/requests/{number}", headers=await login(client, "housing"))).json()
    assert detail["payload"]["id_card"] == "371*************27"
    assert [t["key"] for t in detail["disclosure"]["types"]][:3] == ["disclose", "partial", "withhold"]
    assert "第十五条" in detail["disclosure"]["grounds"][1]["name"]
    applicant = dict(detail["disclosure"]["applicant"])
    assert applicant["申请人类型"] == "公民" and applicant["身份证号码"] == "371*************27"
    assert applicant["载体形式"] == "电子" and applicant["获取方式"] == "电子邮件"


async def test_withholding_without_a_ground_is_refused_and_with_one_answered(client, desk) -> None:  # type: ignore[no-untyped-def]
    number = await _filed(desk, "api-gk-answer")
    url, housing = f"/api/staff/requests/{number}/actions", await login(client, "housing")
    bare = await client.post(url, json={"action": "answer", "type": "withhold", "text": "不予公开"}, headers=housing)
    assert bare.status == 400 and "法律依据" in (await bare.json())["message"]
    untyped = await client.post(url, json={"action": "answer", "text": "好"}, headers=housing)
    assert untyped.status == 400 and "答复类型" in (await untyped.json())["message"]
    body = {"action": "answer", "type": "withhold", "ground": "art16", "text": "属于过程性信息，不予公开。"}
    done = await client.post(url, json=body, headers=housing)
    assert done.status == 200 and (await done.json())["request"]["status"] == RequestStatus.ANSWERED
    assert (await Request.get(number=number)).payload["answer"]["ground"] == "art16"
    detail = await (await client.get(f"/api/staff/requests/{number}", headers=housing)).json()
    shown = dict(detail["disclosure"]["applicant"])
    assert shown["答复类型"] == "不予公开" and "第十六条" in shown["不予公开的法律依据"]


async def test_an_extension_needs_the_heads_name_and_comes_once(client, desk) -> None:  # type: ignore[no-untyped-def]
    number = await _filed(desk, "api-gk-extend")
    url, housing = f"/api/staff/requests/{number}/actions", await login(client, "housing")
    nameless = await client.post(url, json={"action": "extend", "text": "需调档"}, headers=housing)
    assert nameless.status == 400 and "负责人" in (await nameless.json())["message"]
    body = {"action": "extend", "text": "需调档", "approved_by": "李主任"}
    assert (await client.post(url, json=body, headers=housing)).status == 200
    again = await client.post(url, json=body, headers=housing)
    assert again.status == 400 and "只能延长一次" in (await again.json())["message"]
    assert await RequestEvent.filter(request__number=number, action="extend").count() == 1
