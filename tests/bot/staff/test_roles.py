"""Every role checked on the server: each one tried across departments, by URL and by form."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from staff_desk import SECRET, filed_case, member, sign_in

from bot.staff import access
from bot.staff.view import StaffView
from handlers.cards import CardPress
from handlers.catalog import Catalog
from handlers.lifecycle import StaffAction
from models.case import CaseItem
from models.material import Material
from models.staff import Role, StaffCard, StaffMember


@pytest.fixture
async def client(local_services, files) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    view = StaffView(local_services.catalog, files, local_services.relay.kick, SECRET, "http://test", False)
    app = web.Application()
    app.add_routes(view.routes())
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


def someone(role: Role, department: str | None = None, active: bool = True) -> StaffMember:
    return StaffMember(id=1, name="x", role=role, department=department, active=active, channel="web")


def test_what_each_role_reaches_in_its_own_and_another_department() -> None:
    clerk, head = someone(Role.CLERK, "power"), someone(Role.HEAD, "power")
    supervisor, admin = someone(Role.SUPERVISOR), someone(Role.ADMIN)
    assert access.may_list(clerk, "power") and not access.may_list(clerk, "fire")
    assert access.may_decide(clerk, "power") and not access.may_decide(clerk, "fire")
    assert not access.may_assign(clerk, "power") and not access.may_see_stats(clerk, "power")
    assert access.may_assign(head, "power") and not access.may_assign(head, "fire")
    assert access.may_see_stats(head, "power") and not access.may_see_stats(head, "fire")
    assert not access.may_see_stats(head) and access.may_decide(head, "power")
    for everywhere in (supervisor, admin):
        assert access.may_list(everywhere, "power") and access.may_list(everywhere, "fire")
        assert access.may_see_stats(everywhere) and access.may_see_stats(everywhere, "fire")
        assert not access.may_decide(everywhere, "power") and not access.may_assign(everywhere, "power")
    assert access.may_supervise(supervisor) and not access.may_manage(supervisor)
    assert access.may_manage(admin) and not access.may_supervise(admin)
    assert not any(access.may_manage(m) or access.may_supervise(m) for m in (clerk, head))
    off = someone(Role.HEAD, "power", active=False)
    assert not (access.may_list(off, "power") or access.may_decide(off, "power") or access.may_assign(off, "power"))
    assert not access.may_see_stats(someone(Role.SUPERVISOR, active=False))


def test_a_lead_department_sees_whole_cases_of_the_scenarios_it_leads(catalog: Catalog) -> None:
    # 竣工验收 is led by approval, which has none of its items (archives, civil-air-defence, housing)
    items = ["archives", "civil-air-defence", "housing"]
    lead, head = someone(Role.LEAD, "approval"), someone(Role.HEAD, "approval")
    clerk = someone(Role.CLERK, "approval")
    assert access.may_see_case_of(lead, catalog, "completion-acceptance", items)
    assert access.may_see_case_of(head, catalog, "completion-acceptance", items)
    assert not access.may_see_case_of(clerk, catalog, "completion-acceptance", items)
    # leading a scenario is no right to decide its items, nor to see another department's scenarios
    assert not access.may_decide(lead, "housing")
    assert not access.may_see_case_of(lead, catalog, "retirement", ["hrss", "public-security"])
    assert access.may_see_case_of(someone(Role.CLERK, "housing"), catalog, "completion-acceptance", items)
    assert "completion-acceptance" in access.led_scenarios(lead, catalog)
    assert access.led_scenarios(clerk, catalog) == []


def test_departments_of_a_member(catalog: Catalog) -> None:
    assert access.departments_of(someone(Role.CLERK, "power"), catalog) == ["power"]
    everything = access.departments_of(someone(Role.SUPERVISOR), catalog)
    assert "power" in everything and "fire" in everything and len(everything) > 10


async def test_each_role_by_url_and_by_form(client, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await filed_case(dialogs, files, catalog)  # items of approval and power
    material = await Material.filter(case=case).first()
    assert material is not None
    card = await StaffCard.get(case=case, department="power")
    item = await CaseItem.get(case=case, department="power")
    press = CardPress(card.id, card.version, StaffAction.ACCEPT, item.id).pack()
    outsiders = [await member(Role.CLERK, "fire"), await member(Role.HEAD, "fire"), await member(Role.LEAD, "fire")]
    readers = [await member(Role.SUPERVISOR), await member(Role.ADMIN)]
    for who in outsiders:
        headers = await sign_in(client, who)
        assert (await client.get("/api/staff/cards?department=power", headers=headers)).status == 403, who.role
        assert (await client.get(f"/api/staff/cases/{case.number}", headers=headers)).status == 404, who.role
        assert (await client.get(f"/api/staff/files/{material.id}", headers=headers)).status == 404, who.role
        assert (await client.post("/api/staff/actions", json={"data": press}, headers=headers)).status == 403
    for who in readers:
        headers = await sign_in(client, who)
        listed = await (await client.get("/api/staff/cards?department=power", headers=headers)).json()
        assert case.number in [c["number"] for c in listed["cards"]], who.role
        assert (await client.get(f"/api/staff/cases/{case.number}", headers=headers)).status == 200
        assert (await client.get(f"/api/staff/files/{material.id}", headers=headers)).status == 200
        refused = await client.post("/api/staff/actions", json={"data": press}, headers=headers)
        assert refused.status == 403 and (await refused.json())["ok"] is False, who.role
    await item.refresh_from_db()
    assert item.status == "pending"  # nobody above decided anything
    clerk = await sign_in(client, await member(Role.CLERK, "power"))
    assert (await client.get(f"/api/staff/cases/{case.number}", headers=clerk)).status == 200
    done = await client.post("/api/staff/actions", json={"data": press}, headers=clerk)
    assert done.status == 200 and (await done.json())["ok"] is True
    await item.refresh_from_db()
    assert item.status != "pending"


async def test_a_lead_sees_the_whole_case_it_leads_by_url_but_decides_only_its_own(
    client, dialogs, files, catalog
) -> None:  # type: ignore[no-untyped-def]
    from scenario_walk import Chat, walk

    from models.case import Case
    from workers.cases import route_case

    # 竣工验收: led by approval, whose items are archives', civil-air-defence's and housing's
    case = await Case.get(number=await walk(Chat(dialogs, files, channel="web"), catalog.get("completion-acceptance")))
    await route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    lead, clerk = await member(Role.LEAD, "approval"), await member(Role.CLERK, "approval")
    lead_in, clerk_in = await sign_in(client, lead), await sign_in(client, clerk)
    assert (await client.get(f"/api/staff/cases/{case.number}", headers=lead_in)).status == 200
    assert (await client.get(f"/api/staff/cases/{case.number}", headers=clerk_in)).status == 404
    item = await CaseItem.filter(case=case).order_by("id").first()
    assert item is not None and item.department != "approval"
    card = await StaffCard.get(case=case, department=item.department)
    press = CardPress(card.id, card.version, StaffAction.ACCEPT, item.id).pack()
    refused = await client.post("/api/staff/actions", json={"data": press}, headers=lead_in)
    assert refused.status == 403
    assert (await client.get(f"/api/staff/cards?department={item.department}", headers=lead_in)).status == 403
