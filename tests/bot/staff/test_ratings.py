"""好差评 on the staff page over real HTTP, signed in by cookie with the CSRF token: a department's own
ratings, its appeal (申诉复核), the supervisor's decision; every role tried across departments, by URL and by form."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from aiohttp.test_utils import TestServer as Server
from scenario_walk import Chat
from staff_desk import SECRET, decide_and_push, filed_case, login, member, sign_in

from bot.edge.headers import page_policy, security_headers
from bot.staff.ratings import StaffRatings
from bot.staff.sessions import CSRF_HEADER
from bot.staff.stats import StatsView
from bot.staff.view import StaffView
from handlers.lifecycle import StaffAction
from handlers.workdays import default_calendar
from models.case import Case, CaseEvent
from models.ratings import Rating
from models.staff import Role


@pytest.fixture
async def client(local_services, files, clock) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    view = StaffView(local_services.catalog, files, local_services.relay.kick, SECRET, "http://test", True)
    app = web.Application(middlewares=[security_headers])
    figures = StatsView(local_services.catalog, view.sessions, default_calendar(), clock)
    app.add_routes([*view.routes(), *StaffRatings(local_services.catalog, view.sessions).routes(), *figures.routes()])
    async with TestClient(Server(app)) as test_client:
        yield test_client


async def rated_case(dialogs, files, catalog) -> tuple[Case, int]:  # type: ignore[no-untyped-def]
    """An approved EV charger case its resident rated 非常不满意 with a comment holding their phone; the rating's id."""
    case = await filed_case(dialogs, files, catalog)
    await decide_and_push(case, catalog, StaffAction.ACCEPT)
    await decide_and_push(case, catalog, StaffAction.APPROVE)
    user = await case.user
    chat = Chat(dialogs, files, user=user.external_id, channel=user.channel)
    await chat.send("button", f"*|rate:{case.number}:charger_application:l:5")
    await chat.tap(f"rate:{case.number}:charger_application:r:1")
    await chat.tap(f"rate:{case.number}:charger_application:d")
    await chat.say("等了一个月，请打13800138000联系我")
    rating = await Rating.get(case=case)
    assert rating.department == "power"
    return case, rating.id


async def test_a_department_sees_its_ratings_appeals_one_and_the_supervisor_voids_it(  # type: ignore[no-untyped-def]
    client: TestClient, dialogs, files, catalog
) -> None:
    case, rating_id = await rated_case(dialogs, files, catalog)
    power, approval = await login(client, "power"), await login(client, "approval")
    # Then the department sees it with the case number, level and reasons, the phone masked, and may appeal
    listed = await (await client.get("/api/staff/ratings?department=power", headers=power)).json()
    mine = next(r for r in listed["ratings"] if r["number"] == case.number)
    assert (mine["level_name"], mine["reasons"], mine["item"]) == ("非常不满意", ["时间长"], "居民充电桩报装申请")
    assert "13800138000" not in mine["comment"] and "138****8000" in mine["comment"]
    assert (listed["may_appeal"], listed["may_review"]) == (True, False)
    # and another department sees neither the list nor may appeal it
    assert (await client.get("/api/staff/ratings?department=power", headers=approval)).status == 403
    other = await client.post(f"/api/staff/ratings/{rating_id}/appeal", json={"reason": "x"}, headers=approval)
    assert other.status == 403
    # An appeal without the page's CSRF token is refused, whoever's cookie it carries
    forged = {k: v for k, v in power.items() if k != CSRF_HEADER}
    assert (
        await client.post(f"/api/staff/ratings/{rating_id}/appeal", json={"reason": "x"}, headers=forged)
    ).status == 403
    # When the department appeals, and its clerk tries to decide it
    asked = await client.post(f"/api/staff/ratings/{rating_id}/appeal", json={"reason": "恶意评价"}, headers=power)
    assert (await asked.json())["rating"]["appeal_name"] == "复核中"
    clerk = await client.post(f"/api/staff/ratings/{rating_id}/review", json={"upheld": False}, headers=power)
    assert clerk.status == 403
    # Then the supervisor, who reads every department's ratings, voids it; the case's log says who did what
    boss = await sign_in(client, await member(Role.SUPERVISOR))
    seen = await (await client.get("/api/staff/ratings?department=power", headers=boss)).json()
    assert (seen["may_appeal"], seen["may_review"]) == (False, True)
    assert next(r for r in seen["ratings"] if r["id"] == rating_id)["appeal"] == "asked"
    review = {"upheld": False, "note": "核实为误评"}
    voided = await client.post(f"/api/staff/ratings/{rating_id}/review", json=review, headers=boss)
    assert voided.status == 200 and (await voided.json())["rating"]["appeal_name"] == "已作废"
    actions = await CaseEvent.filter(case=case, action__startswith="rating_").values_list("action", flat=True)
    assert actions == ["rating_appeal", "rating_voided"]


#: role, department -> (lists power's ratings, lists approval's, may appeal power's rating, may review it)
ROLES = [
    (Role.CLERK, "approval", False, True, False, False),
    (Role.LEAD, "approval", False, True, False, False),
    (Role.HEAD, "approval", False, True, False, False),
    (Role.CLERK, "power", True, False, True, False),
    (Role.LEAD, "power", True, False, True, False),
    (Role.HEAD, "power", True, False, True, False),
    (Role.ADMIN, None, True, True, False, False),
    (Role.SUPERVISOR, None, True, True, False, True),
]


@pytest.mark.parametrize(("role", "department", "lists_power", "lists_approval", "appeals", "reviews"), ROLES)
async def test_each_role_by_url_and_by_form(  # type: ignore[no-untyped-def]
    client: TestClient, dialogs, files, catalog, role, department, lists_power, lists_approval, appeals, reviews
) -> None:
    _, rating_id = await rated_case(dialogs, files, catalog)
    who = await sign_in(client, await member(role, department))
    # by URL: a department's list, named in the query
    for dept, allowed in (("power", lists_power), ("approval", lists_approval)):
        answer = await client.get(f"/api/staff/ratings?department={dept}", headers=who)
        assert answer.status == (200 if allowed else 403), (role, department, dept)
    # without one, the member's own department (a supervisor's or admin's first), and the ones they may pick
    listed = await (await client.get("/api/staff/ratings", headers=who)).json()
    picks = {d["key"] for d in listed["departments"]}
    assert listed["department"] == (department or listed["departments"][0]["key"])
    assert (picks == {department}) if department else ({"power", "approval"} <= picks)
    # by form: a review first (only an appeal asked may be decided, so a refusal here is the role's)
    if not reviews:
        await Rating.filter(id=rating_id).update(appeal="asked", appeal_reason="恶意评价")
        answer = await client.post(f"/api/staff/ratings/{rating_id}/review", json={"upheld": True}, headers=who)
        assert answer.status == 403 and (await Rating.get(id=rating_id)).appeal == "asked"
        await Rating.filter(id=rating_id).update(appeal="", appeal_reason="")
    answer = await client.post(f"/api/staff/ratings/{rating_id}/appeal", json={"reason": "恶意评价"}, headers=who)
    assert answer.status == (200 if appeals else 403)
    assert (await Rating.get(id=rating_id)).appeal == ("asked" if appeals else "")
    if reviews:
        await Rating.filter(id=rating_id).update(appeal="asked")
        answer = await client.post(f"/api/staff/ratings/{rating_id}/review", json={"upheld": True}, headers=who)
        assert answer.status == 200 and (await Rating.get(id=rating_id)).appeal == "upheld"


async def test_the_statistics_count_a_rating_by_level_with_its_follow_up_until_it_is_voided(  # type: ignore[no-untyped-def]
    client: TestClient, dialogs, files, catalog, clock
) -> None:
    _, rating_id = await rated_case(dialogs, files, catalog)
    today = clock().date()  # ratings count in the period they were given in, on the step's clock
    query = f"?by=department&period=custom&from={today - dt.timedelta(days=1)}&to={today + dt.timedelta(days=1)}"
    power = catalog.department_name("power", "zh_CN")

    async def tables(who: dict[str, str]) -> dict[str, list[list[object]]]:
        found = await (await client.get(f"/api/staff/stats{query}", headers=who)).json()
        assert set(found["charts"]) >= {"levels", "satisfaction"}
        return {table["id"]: table["rows"] for table in found["tables"]}

    # The power department's head sees its 非常不满意, none satisfied, and the follow-up it opened still open
    head = await sign_in(client, await member(Role.HEAD, "power"))
    seen = await tables(head)
    assert dict((str(k), v) for k, v in seen["levels"])["非常不满意"] >= 1
    row = next(r for r in seen["satisfaction"] if r[0] == power)
    assert row[1] >= 1 and row[6] >= 1 and row[8] >= 1  # rated, 非常不满意, follow-ups open
    # satisfied: 非常满意, 满意 and 基本满意 of all rated (other modules' ratings share this database)
    assert row[7] == f"{100 * sum(row[2:5]) / row[1]:.1f}%" != "100.0%"  # type: ignore[call-overload, operator]
    answer = await client.get(f"/api/staff/stats.csv{query}&table=satisfaction", headers=head)
    text = await answer.text()
    assert text.startswith("\ufeff名称,评价数,非常满意,满意,基本满意,不满意,非常不满意,满意率") and power in text
    # another department's head sees none of it
    approval = await tables(await sign_in(client, await member(Role.HEAD, "approval")))
    assert all(r[0] != power for r in approval["satisfaction"])
    # voided on appeal, it is no longer counted
    before = row[1]
    await Rating.filter(id=rating_id).update(appeal="voided")
    after = next((r for r in (await tables(head))["satisfaction"] if r[0] == power), [power, 0])
    assert after[1] == before - 1


async def test_the_ratings_page_is_served_with_its_inline_code_hashed(client: TestClient) -> None:
    page = await client.get("/staff/ratings")
    assert page.status == 200 and "<script>" in await page.text()
    assert page.headers["Content-Security-Policy"] == page_policy("staff/static/ratings.html")
    strings = await (await client.get("/api/staff/ratings/strings")).json()
    assert strings["title"] == "好差评" and strings["act.appeal"] == "申请复核"
    assert (await client.get("/api/staff/ratings?department=power")).status == 401
