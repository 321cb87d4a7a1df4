"""The desk over real HTTP: the worklist, search, assignment, the case page, statistics and CSV."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from staff_desk import filed, login, member, sign_in

from bot.staff.casepage import CasePage
from bot.staff.phrases import Phrases
from bot.staff.stats import StatsView
from bot.staff.view import StaffView
from bot.staff.worklist import Worklist
from handlers.workdays import default_calendar
from models.case import CaseEvent
from models.staff import Role, StaffCard
from models.staffaudit import StaffAudit

PHONE = "13800138000"


@pytest.fixture
async def client(local_services, files) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    catalog, calendar = local_services.catalog, default_calendar()
    view = StaffView(catalog, files, local_services.relay.kick, b"secret", "http://test", True)
    clock = view.sessions.clock
    app = web.Application()
    app.add_routes(view.routes())
    app.add_routes(Worklist(catalog, view.sessions, calendar, clock, view.decisions).routes())
    app.add_routes(CasePage(catalog, view.sessions, Phrases.load()).routes())
    app.add_routes(StatsView(catalog, view.sessions, calendar, clock).routes())
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def entries(client: TestClient, auth: dict[str, str], query: str = "") -> list[dict]:
    answer = await client.get(f"/api/staff/worklist{query}", headers=auth)
    assert answer.status == 200
    return (await answer.json())["entries"]


async def test_my_worklist_holds_my_departments_items_only(client, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await filed(dialogs, files, catalog, "convenience-store")
    assert (await client.get("/api/staff/worklist")).status == 401
    fire, tax = await login(client, "fire"), await login(client, "tax")
    mine = [e for e in await entries(client, fire) if e["number"] == case.number]
    fire_check = catalog.get("convenience-store").item("fire_check").name.zh_CN
    assert [(e["item"], e["department"]) for e in mine] == [(fire_check, "fire")]
    assert mine[0]["due"] and mine[0]["days_left"] is not None and mine[0]["applicant"].endswith("*")
    assert not [e for e in await entries(client, tax) if e["number"] == case.number]
    dues = [e["due"] or "9999" for e in await entries(client, fire)]
    assert dues == sorted(dues)
    assert not [e for e in await entries(client, fire, "?status=approved") if e["number"] == case.number]
    assert (await client.get("/api/staff/worklist?from=yesterday", headers=fire)).status == 400


async def test_search_by_phone_is_audited_and_shows_masked_data(client, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await filed(dialogs, files, catalog, "convenience-store")
    fire = await login(client, "fire")
    answer = await (await client.get(f"/api/staff/search?q={PHONE}", headers=fire)).json()
    assert answer["kind"] == "phone" and case.number in [c["number"] for c in answer["cases"]]
    assert PHONE not in str(answer)
    audit = await StaffAudit.all().order_by("-id").first()
    assert audit is not None and audit.term == "138****8000" and audit.actor.startswith("staff:")
    outsider = await (await client.get(f"/api/staff/search?q={PHONE}", headers=await login(client, "tax"))).json()
    assert case.number not in [c["number"] for c in outsider["cases"]]


async def test_assignment_by_http_shows_on_the_card_and_is_refused_across_departments(
    client, dialogs, files, catalog
) -> None:  # type: ignore[no-untyped-def]
    case = await filed(dialogs, files, catalog, "convenience-store")
    head, fire = await sign_in(client, await member(Role.HEAD, "fire")), await login(client, "fire")
    me = await (await client.get("/api/staff/me", headers=fire)).json()
    (entry,) = [e for e in await entries(client, fire) if e["number"] == case.number]
    colleagues = await (await client.get("/api/staff/colleagues?department=fire", headers=head)).json()
    assert me["id"] in [m["id"] for m in colleagues["members"]]
    body = {"item_id": entry["item_id"], "to": me["id"]}
    for clerk in (await login(client, "tax"), fire):  # another department's clerk, and a clerk: only heads assign
        assert (await client.post("/api/staff/assign", json=body, headers=clerk)).status == 403
    assert (await client.post("/api/staff/assign", json=body, headers=head)).status == 200
    card = await StaffCard.get(case=case, department="fire")
    assert f"经办人：{me['name']}" in card.body["text"]  # the staff page's copy is redrawn at once
    (entry,) = [e for e in await entries(client, fire, "?assignee=me") if e["number"] == case.number]
    assert entry["assignee"] == me["name"]


async def test_the_case_page_acts_through_the_cards_and_tells_the_history(client, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await filed(dialogs, files, catalog, "convenience-store")
    fire = await login(client, "fire")
    page = await (await client.get(f"/api/staff/desk/cases/{case.number}", headers=fire)).json()
    item = next(i for i in page["items"] if i["department"] == "fire")
    assert {b["action"] for b in item["buttons"]} == {"accept", "supplement", "reject"}
    assert all(not i["buttons"] for i in page["items"] if i["department"] != "fire")  # others' items: no buttons
    phrase = page["phrases"]["fire"]["supplement"][0]
    press = next(b["data"] for b in item["buttons"] if b["action"] == "supplement")
    body = {"data": press, "note": phrase, "materials": ["id_card"]}
    assert (await client.post("/api/staff/actions", json=body, headers=fire)).status == 200
    page = await (await client.get(f"/api/staff/desk/cases/{case.number}", headers=fire)).json()
    last = page["timeline"][-1]
    assert f"要求补正「{item['name']}」" in last["text"] and "身份证" in last["text"] and phrase in last["text"]
    assert last["actor"] != "申请人" and last["time"][:4].isdigit()
    assert page["timeline"][0]["actor"] == "申请人" and "提交申请" in page["timeline"][0]["text"]
    pdf = await client.get(f"/api/staff/desk/cases/{case.number}/print.pdf", headers=fire)
    assert pdf.status == 200 and (await pdf.read())[:5] == b"%PDF-"
    tax = await login(client, "tax")
    assert (await client.get(f"/api/staff/desk/cases/{case.number}", headers=tax)).status == 404
    assert (await client.get(f"/api/staff/desk/cases/{case.number}/print.pdf", headers=tax)).status == 404
    assert await CaseEvent.filter(case=case, action="supplement").count() == 1


async def test_statistics_come_with_a_chart_and_csv_for_every_table(client, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    await filed(dialogs, files, catalog, "convenience-store")
    assert (await client.get("/api/staff/stats")).status == 401
    assert (await client.get("/api/staff/stats", headers=await login(client, "fire"))).status == 403  # clerks see none
    fire = await sign_in(client, await member(Role.HEAD, "fire"))
    today = dt.date.today()
    query = f"?by=item&period=custom&from={today - dt.timedelta(days=7)}&to={today + dt.timedelta(days=1)}"
    figures = await (await client.get(f"/api/staff/stats{query}", headers=fire)).json()
    ids = [table["id"] for table in figures["tables"]]
    assert ids == ["groups", "cases", "documents", "reasons", "channels", "levels", "satisfaction"]
    assert set(figures["charts"]) == set(ids)
    groups = figures["tables"][0]
    fire_check = catalog.get("convenience-store").item("fire_check").name.zh_CN
    fire_row = next(row for row in groups["rows"] if row[0] == fire_check)
    assert fire_row[1] >= 1 and fire_row[6] == "13个工作日"  # received, beside the item's time limit
    assert figures["charts"]["groups"].startswith("<svg") and "<title" in figures["charts"]["groups"]
    answer = await client.get(f"/api/staff/stats.csv{query}&table=groups", headers=fire)
    text = await answer.text()
    assert (
        answer.status == 200
        and text.startswith("\ufeff名称,收件")
        and "attachment" in answer.headers["Content-Disposition"]
    )
    assert len(text.strip().splitlines()) == len(groups["rows"]) + 1
    assert (await client.get(f"/api/staff/stats.csv{query}&table=nope", headers=fire)).status == 404
    departments = await (
        await client.get(f"/api/staff/stats{query}&by=department".replace("by=item&", ""), headers=fire)
    ).json()
    assert [row[0] for row in departments["tables"][0]["rows"]] == [catalog.department_name("fire", "zh_CN")]
    supervisor = await sign_in(client, await member(Role.SUPERVISOR))
    everyone = await (
        await client.get(f"/api/staff/stats{query}&by=department".replace("by=item&", ""), headers=supervisor)
    ).json()
    assert len(everyone["tables"][0]["rows"]) >= 3  # the approval, fire and health departments at least
    assert (await client.get("/api/staff/stats?period=decade", headers=fire)).status == 400


async def test_an_idle_desk_is_told_unchanged_and_a_change_ends_the_wait(client, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await filed(dialogs, files, catalog, "convenience-store")
    fire = await login(client, "fire")
    first = await (await client.get("/api/staff/cards?department=fire", headers=fire)).json()
    stamp = first["stamp"]
    since = {"department": "fire", "since": stamp}
    idle = await (await client.get("/api/staff/cards", params=since, headers=fire)).json()
    assert idle == {"unchanged": True, "stamp": stamp}  # no card was loaded nor sent
    card = next(c for c in first["cards"] if c["number"] == case.number)
    press = next(b["data"] for b in card["buttons"] if ":accept:" in b["data"])
    assert (await client.post("/api/staff/actions", json={"data": press}, headers=fire)).status == 200
    changed = await (await client.get("/api/staff/cards", params=since, headers=fire)).json()
    assert changed["stamp"] != stamp and case.number in [c["number"] for c in changed["cards"]]
