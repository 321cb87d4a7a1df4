"""好差评 on the staff page over real HTTP: a department's own ratings, its appeal, the supervisor's decision."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from scenario_walk import Chat
from staff_desk import decide_and_push, filed_case, login

from bot.edge.headers import page_policy, security_headers
from bot.staff.ratings import StaffRatings
from bot.staff.view import StaffView
from handlers.lifecycle import StaffAction
from models.case import CaseEvent
from models.staff import StaffMember


@pytest.fixture
async def view(local_services, files) -> StaffView:  # type: ignore[no-untyped-def]
    return StaffView(local_services.catalog, files, local_services.relay.kick, b"secret", "http://test", True)


@pytest.fixture
async def client(view: StaffView, local_services) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    app = web.Application(middlewares=[security_headers])
    app.add_routes([*view.routes(), *StaffRatings(local_services.catalog, view.sessions).routes()])
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def test_a_department_sees_its_ratings_appeals_one_and_the_supervisor_voids_it(  # type: ignore[no-untyped-def]
    client: TestClient, view: StaffView, dialogs, files, catalog
) -> None:
    # Given an approved case its resident rated 非常不满意 with a comment holding their phone
    case = await filed_case(dialogs, files, catalog)
    await decide_and_push(case, catalog, StaffAction.ACCEPT)
    await decide_and_push(case, catalog, StaffAction.APPROVE)
    user = await case.user
    chat = Chat(dialogs, files, user=user.external_id, channel=user.channel)
    await chat.send("button", f"*|rate:{case.number}:charger_application:l:5")
    await chat.tap(f"rate:{case.number}:charger_application:r:1")
    await chat.tap(f"rate:{case.number}:charger_application:d")
    await chat.say("等了一个月，请打13800138000联系我")
    power, approval = await login(client, "power"), await login(client, "approval")
    # Then the department sees it with the case number, level and reasons, the phone masked
    listed = await (await client.get("/api/staff/ratings?department=power", headers=power)).json()
    mine = next(r for r in listed["ratings"] if r["number"] == case.number)
    assert (mine["level_name"], mine["reasons"], mine["item"]) == ("非常不满意", ["时间长"], "居民充电桩报装申请")
    assert "13800138000" not in mine["comment"] and "138****8000" in mine["comment"]
    # and another department sees neither the list nor may appeal it
    assert (await client.get("/api/staff/ratings?department=power", headers=approval)).status == 403
    other = await client.post(f"/api/staff/ratings/{mine['id']}/appeal", json={"reason": "x"}, headers=approval)
    assert other.status == 403
    # When the department appeals, and a clerk tries to decide it
    asked = await client.post(f"/api/staff/ratings/{mine['id']}/appeal", json={"reason": "恶意评价"}, headers=power)
    assert (await asked.json())["rating"]["appeal_name"] == "复核中"
    clerk = await client.post(f"/api/staff/ratings/{mine['id']}/review", json={"upheld": False}, headers=power)
    assert clerk.status == 403
    # Then the supervisor voids it, and the case's log says who did what
    supervisor, _ = await StaffMember.get_or_create(
        channel="test", external_id="supervisor", defaults={"name": "督办", "is_admin": True}
    )
    boss = {"Authorization": f"Bearer {view.sessions.issue(supervisor)}"}
    review = {"upheld": False, "note": "核实为误评"}
    voided = await client.post(f"/api/staff/ratings/{mine['id']}/review", json=review, headers=boss)
    assert voided.status == 200 and (await voided.json())["rating"]["appeal_name"] == "已作废"
    actions = await CaseEvent.filter(case=case, action__startswith="rating_").values_list("action", flat=True)
    assert actions == ["rating_appeal", "rating_voided"]


async def test_the_ratings_page_is_served_with_its_inline_code_hashed(client: TestClient) -> None:
    page = await client.get("/staff/ratings")
    assert page.status == 200 and "<script>" in await page.text()
    assert page.headers["Content-Security-Policy"] == page_policy("staff/static/ratings.html")
    strings = await (await client.get("/api/staff/ratings/strings")).json()
    assert strings["title"] == "好差评" and strings["act.appeal"] == "申请复核"
