"""The staff page API over real HTTP: cards, buttons, refusals, the full case, files."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from scenario_walk import Chat, walk
from staff_desk import filed_case, login

from bot.holidays import load_calendar
from bot.staff.view import StaffView
from models.case import Case, CaseEvent, CaseItem, CaseVisit
from models.material import Material
from models.staff import StaffCard
from workers.cases import draw_card, route_case


@pytest.fixture
async def client(local_services, files) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    view = StaffView(local_services.catalog, files, local_services.relay.kick, b"secret", "http://test", True)
    app = web.Application()
    app.add_routes(view.routes())
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def power_card(client: TestClient, auth: dict[str, str], number: str) -> dict:
    cards = (await (await client.get("/api/staff/cards?department=power", headers=auth)).json())["cards"]
    return next(c for c in cards if c["number"] == number)


def button(card: dict, action: str) -> str:
    return next(b["data"] for b in card["buttons"] if f":{action}:" in b["data"])


async def test_a_card_is_acted_on_and_refusals_are_polite(client, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await filed_case(dialogs, files, catalog)
    power, approval = await login(client, "power"), await login(client, "approval")
    card = await power_card(client, power, case.number)
    # personal data is masked on the card
    assert "371302198506120027" not in card["text"] and "371*************27" in card["text"]
    assert "13800138000" not in card["text"]
    accept = button(card, "accept")
    # someone from another department is refused
    other = await client.post("/api/staff/actions", json={"data": accept}, headers=approval)
    assert other.status == 403 and "临港供电中心" in (await other.json())["message"]
    # a reject without a reason is refused, and changes nothing
    no_reason = await client.post("/api/staff/actions", json={"data": button(card, "reject")}, headers=power)
    assert no_reason.status == 400 and "原因" in (await no_reason.json())["message"]
    # the department accepts; the card changes in place
    done = await (await client.post("/api/staff/actions", json={"data": accept}, headers=power)).json()
    assert done["ok"] and done["card"]["version"] == card["version"] + 1 and "已受理" in done["card"]["text"]
    # the old button is now stale
    stale = await client.post("/api/staff/actions", json={"data": accept}, headers=power)
    assert stale.status == 409
    # a forged button is refused
    forged = await client.post("/api/staff/actions", json={"data": "card:1:x:accept:1"}, headers=power)
    assert forged.status == 400
    events = await CaseEvent.filter(case=case, action="accept")
    assert len(events) == 1 and events[0].actor.startswith("staff:")


async def test_the_full_case_and_its_files_need_a_staff_session(client, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await filed_case(dialogs, files, catalog)
    assert (await client.get(f"/api/staff/cases/{case.number}")).status == 401
    power = await login(client, "power")
    detail = await (await client.get(f"/api/staff/cases/{case.number}", headers=power)).json()
    assert {"label": "申请人身份证号码", "value": "371302198506120027"} in detail["answers"]
    # the EV charger's items have no sourced time limit: no date until a department accepts
    assert case.due_date is None and detail["due"] == ""
    id_card = next(m for m in detail["materials"] if m["key"] == "id_card")
    assert [f["part"] for f in id_card["files"]] == ["正面", "背面"]  # staff see both sides, named
    url = detail["materials"][0]["files"][0]["url"]
    assert (await client.get(f"/{url}")).status == 401
    image = await client.get(f"/{url}", headers=power)
    assert image.status == 200 and (await image.read())[:3] == b"\xff\xd8\xff"
    outsider = await login(client, "tax")
    assert (await client.get(f"/api/staff/cases/{case.number}", headers=outsider)).status == 404
    material = await Material.filter(case=case).first()
    assert material is not None
    assert (await client.get(f"/api/staff/files/{material.id}", headers=outsider)).status == 404


async def test_departments_and_me(client) -> None:  # type: ignore[no-untyped-def]
    listing = await (await client.get("/api/staff/departments")).json()
    assert listing["demo"] and {"approval", "power", "fire"} <= {d["key"] for d in listing["departments"]}
    fire = await login(client, "fire")
    counted = await (await client.get("/api/staff/departments", headers=fire)).json()
    assert [d["key"] for d in counted["departments"] if "open" in d] == ["fire"]
    me = await (await client.get("/api/staff/me", headers=fire)).json()
    assert me["department"] == "fire"


async def test_a_press_on_the_page_is_decided_by_the_one_decisions_service(
    client, dialogs, files, catalog, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from casework.decisions import Decisions

    decided = []
    original = Decisions.decide

    async def spy(self, member, press, note="", asked=None):  # type: ignore[no-untyped-def]
        decided.append((member.department, press.action))
        return await original(self, member, press, note, asked)

    monkeypatch.setattr(Decisions, "decide", spy)
    case = await filed_case(dialogs, files, catalog)
    power = await login(client, "power")
    card = await power_card(client, power, case.number)
    done = await client.post("/api/staff/actions", json={"data": button(card, "accept")}, headers=power)
    assert done.status == 200 and decided == [("power", "accept")]


async def test_the_full_case_lists_documents_still_owed(client, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await filed_case(dialogs, files, catalog)
    case.owed = ["property_letter"]  # as filing records a document deferred with 稍后补交
    await case.save(update_fields=["owed"])
    detail = await (await client.get(f"/api/staff/cases/{case.number}", headers=await login(client, "power"))).json()
    assert detail["owed"] == [{"key": "property_letter", "name": "物业同意安装证明"}]
    strings = await (await client.get("/api/staff/strings")).json()
    assert strings["owed"] == "待补交（申请人稍后补交）"


@pytest.mark.parametrize(("today", "warned"), [("2026-12-03", True), ("2026-09-01", False)])
async def test_the_staff_page_warns_when_the_holidays_known_run_out(local_services, files, today, warned) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from bot.holidays import load_calendar

    def clock() -> dt.datetime:
        return dt.datetime.fromisoformat(f"{today}T10:00:00+08:00")

    view = StaffView(
        local_services.catalog, files, local_services.relay.kick, b"secret", "http://test", True,
        clock=clock, calendar=load_calendar(),
    )  # fmt: skip
    app = web.Application()
    app.add_routes(view.routes())
    async with TestClient(TestServer(app)) as test_client:
        body = await (await test_client.get("/api/staff/departments")).json()
    if warned:
        assert "2026-12-31" in body["calendar"] and "暂定" in body["calendar"]
    else:
        assert body["calendar"] is None


async def test_a_joint_visit_is_proposed_and_confirmed_on_the_page(client, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await Case.get(number=await walk(Chat(dialogs, files, channel="web"), catalog.get("utilities-connection")))
    await route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    for each in await StaffCard.filter(case=case):
        await draw_card.fn.__wrapped__(each.id, f"draw:{each.id}:v{each.version}", each.version)
    lead, power = await login(client, "approval"), await login(client, "power")
    listed = (await (await client.get("/api/staff/cards?department=approval", headers=lead)).json())["cards"]
    card = next(c for c in listed if c["number"] == case.number)
    propose = next(b["data"] for b in card["buttons"] if b["data"].endswith(":survey:propose"))
    # A time that is not a time, and one on a day off, are refused with the reason; nothing is stored
    wrong = await client.post("/api/staff/actions", json={"data": propose, "note": "下周吧"}, headers=lead)
    assert wrong.status == 400 and "没有看懂时间" in (await wrong.json())["message"]
    calendar = load_calendar(catalog.directory)
    day = calendar.add_workdays(dt.date.today(), 2)
    # The page's time input sends 2026-12-10T09:30
    done = await client.post("/api/staff/actions", json={"data": propose, "note": f"{day}T09:30"}, headers=lead)
    body = await done.json()
    assert done.status == 200 and body["ok"] and "等待各单位确认" in body["message"]
    assert f"拟定 {day} 09:30" in body["card"]["text"]
    # The power company confirms on its card; another department cannot press it
    cards = (await (await client.get("/api/staff/cards?department=power", headers=power)).json())["cards"]
    confirm = next(
        b["data"] for b in next(c for c in cards if c["number"] == case.number)["buttons"] if "confirm" in b["data"]
    )
    other = await client.post("/api/staff/actions", json={"data": confirm}, headers=lead)
    assert other.status == 403
    ok = await (await client.post("/api/staff/actions", json={"data": confirm}, headers=power)).json()
    assert ok["ok"] and "已确认" in ok["message"]
    visit = await CaseVisit.get(case=case, kind="survey")
    assert "power" in visit.confirmed


async def test_an_old_open_case_stays_listed_however_many_cases_closed_since(client, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    # Given an open case, and then 120 cases of the same department closed after it
    case = await filed_case(dialogs, files, catalog)
    user = await case.user
    body = {"text": "已办结的办件", "buttons": []}
    for n in range(120):
        closed = await Case.create(
            number=f"LG20260101-{n:04d}", user=user, scenario_id="ev-charger-home", status="done", draft_id=f"old-{n}"
        )
        item = await CaseItem.create(
            case=closed, item_key="charger_application", department="power", status="approved"
        )  # as the decision path leaves it: the approval in the audit log
        await CaseEvent.create(
            case=closed, item=item, actor="staff:1:办事员", action="approve", from_status="accepted",
            to_status="approved", case_status="done",
        )  # fmt: skip
        await StaffCard.create(case=closed, department="power", body=body)
    # When the department opens its page
    power = await login(client, "power")
    listed = (await (await client.get("/api/staff/cards?department=power", headers=power)).json())["cards"]
    # Then the open cases come first, this one among them, and only the latest 50 closed ones after
    opened = [c for c in listed if not c["closed"]]
    assert case.number in [c["number"] for c in opened] and listed[: len(opened)] == opened
    assert len(listed) - len(opened) == 50
