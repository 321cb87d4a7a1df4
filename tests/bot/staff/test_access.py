"""Who sees what on the staff page: a department's list only for its members, no hint of what exists."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from staff_desk import filed_case, login, member, sign_in

from bot.staff.view import StaffView
from locales import translate
from models.material import Material
from models.staff import Role, StaffCard


@pytest.fixture
async def client(local_services, files) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    view = StaffView(local_services.catalog, files, local_services.relay.kick, b"secret", "http://test", True)
    app = web.Application()
    app.add_routes(view.routes())
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def admin_login(client: TestClient) -> dict[str, str]:
    return await sign_in(client, await member(Role.ADMIN))


async def test_a_clerk_cannot_list_another_departments_cards(client, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await filed_case(dialogs, files, catalog)
    outsider = await login(client, "fire")
    refused = await client.get("/api/staff/cards?department=power", headers=outsider)
    body = await refused.json()
    assert refused.status == 403 and body["ok"] is False and "临港供电中心" in body["message"]
    assert case.number not in await refused.text() and "notices" not in body
    assert (await client.get("/api/staff/cards", headers=outsider)).status == 403
    # (the session's database may hold other tests' power cases: what matters is that this one is
    # listed and that only power's cards are)
    power_cases = set(await StaffCard.filter(department="power").values_list("case__number", flat=True))
    own = await (await client.get("/api/staff/cards?department=power", headers=await login(client, "power"))).json()
    listed = [c["number"] for c in own["cards"]]
    assert case.number in listed and set(listed) <= power_cases
    everyone = await client.get("/api/staff/cards?department=power", headers=await admin_login(client))
    assert everyone.status == 200 and [c["number"] for c in (await everyone.json())["cards"]] == listed


async def test_open_counts_need_a_session_and_show_only_the_members_own(client, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    await filed_case(dialogs, files, catalog)
    anonymous = (await (await client.get("/api/staff/departments")).json())["departments"]
    assert anonymous and all(set(d) == {"key", "name"} for d in anonymous)
    forged = await client.get("/api/staff/departments", headers={"Cookie": "yjs_staff=1.0.1.forged"})
    assert all("open" not in d for d in (await forged.json())["departments"])
    power = await (await client.get("/api/staff/departments", headers=await login(client, "power"))).json()
    counted = [d for d in power["departments"] if "open" in d]
    assert [d["key"] for d in counted] == ["power"] and counted[0]["open"] >= 1
    admin = await (await client.get("/api/staff/departments", headers=await admin_login(client))).json()
    assert all("open" in d for d in admin["departments"])


async def test_a_case_not_yours_looks_like_no_case_at_all(client, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await filed_case(dialogs, files, catalog)
    outsider = await login(client, "fire")
    not_yours = await client.get(f"/api/staff/cases/{case.number}", headers=outsider)
    missing = await client.get("/api/staff/cases/LG20991231-9999", headers=outsider)
    assert not_yours.status == missing.status == 404
    assert await not_yours.json() == await missing.json()
    material = await Material.filter(case=case).first()
    assert material is not None
    file_not_yours = await client.get(f"/api/staff/files/{material.id}", headers=outsider)
    file_missing = await client.get("/api/staff/files/999999", headers=outsider)
    assert file_not_yours.status == file_missing.status == 404
    assert await file_not_yours.read() == await file_missing.read()


async def test_card_text_is_plain_text_and_only_the_case_is_linked(client, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await filed_case(dialogs, files, catalog)
    card = await StaffCard.get(case=case, department="power")
    typed = "企业名称：[点我](https://evil.example/x) <b>hi</b> http://evil.example"
    own = translate("zh_CN", "card.link", link=f"http://test/staff#department=power&case={case.number}")
    await StaffCard.filter(id=card.id).update(body={**card.body, "text": f"【办件】{case.number}\n{typed}\n{own}"})
    listing = await (await client.get("/api/staff/cards?department=power", headers=await login(client, "power"))).json()
    shown = next(c for c in listing["cards"] if c["number"] == case.number)
    # the resident's text arrives as it was typed, to be shown as text; the card's own link line is left out
    assert shown["text"] == f"【办件】{case.number}\n{typed}"
    page = (Path(__file__).parents[3] / "bot/staff/static/staff.html").read_text()
    script = page[page.index("<script>") :]
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "https?:" not in script
    assert "entry.text.textContent = raw.slice(nl + 1)" in script


async def test_no_staff_listing_shows_another_departments_cases_however_it_is_asked(  # type: ignore[no-untyped-def]
    dialogs, files, channels, catalog, local_services
) -> None:
    """Every GET of the staff API, as build_web mounts them, asked by a fire clerk for power's work."""
    from bot.app import App
    from bot.settings import Settings
    from bot.web import build_web
    from handlers.workdays import default_calendar
    from models.staff import StaffNotice
    from workers.broker import installed
    from workers.relay import Relay
    from workers.staffboards import StaffBoards

    # Given a power case with a document, and a notice for power only
    case = await filed_case(dialogs, files, catalog)
    material = await Material.filter(case=case).first()
    assert material is not None
    await StaffNotice.create(department="power", text="催办 POWER-NOTICE-7F3A")
    settings = Settings.from_env({"YJS_DATA_DIR": str(files.root.parent), "YJS_SECRET": "a-test-secret-of-20ch"})
    app = App(settings, catalog, default_calendar(), dialogs, files, channels, StaffBoards(), Relay(installed()))
    fill = {"number": case.number, "material_id": str(material.id), "chat": "1", "rating_id": "1", "index": "0"}
    asks = ["department=power", "department=POWER", "department=fire&department=power", "department=power%20"]
    async with TestClient(TestServer(build_web(app))) as client:
        fire, power = await login(client, "fire"), await login(client, "power")
        swept = []
        # When the clerk asks every staff GET route for power's work, each way a parameter can be spelled
        for route in client.app.router.routes():
            info = route.resource.get_info() if route.resource else {}
            path = info.get("path") or info.get("formatter", "")
            if route.method != "GET" or not path.startswith("/api/staff"):
                continue
            swept.append(path)
            for ask in asks:
                url = path.format(**fill) + ("&" if "?" in path else "?") + ask
                response = await client.get(url, headers=fire)
                # Then nothing of power's case or notice is in any answer
                body = await response.read()
                assert case.number.encode() not in body and b"POWER-NOTICE-7F3A" not in body, (url, response.status)
                # nor any of its documents or exports (a clerk downloads no statistics either)
                assert "attachment" not in response.headers.get("Content-Disposition", ""), url
        # (a power clerk asking the same sees them: the sweep asked where they are)
        own = await client.get("/api/staff/cards?department=power", headers=power)
        assert case.number in await own.text() and "POWER-NOTICE-7F3A" in await own.text()
        desk = await client.get(f"/api/staff/desk/cases/{case.number}", headers=power)
        assert desk.status == 200
    assert {"/api/staff/cards", "/api/staff/live", "/api/staff/worklist", "/api/staff/stats.csv"} <= set(swept)
