"""The staff desk as tests drive it: a filed case with its cards drawn, members of each role, and sign-in."""

from __future__ import annotations

from aiohttp.test_utils import TestClient
from scenario_walk import Chat, walk

from bot.staff.passwords import hash_password
from bot.staff.sessions import COOKIE, CSRF_HEADER
from casework.decisions import Decision, Decisions
from casework.drawing import CardDrawer
from handlers.cards import CardPress
from handlers.lifecycle import StaffAction
from models.case import Case, CaseEvent, CaseItem
from models.staff import Role, StaffCard, StaffMember
from workers.cases import draw_card, push_status, route_case


async def filed_case(dialogs, files, catalog) -> Case:  # type: ignore[no-untyped-def]
    """A submitted EV charger case with its cards shown, as the workers would leave it."""
    case = await Case.get(number=await walk(Chat(dialogs, files, channel="web"), catalog.get("ev-charger-home")))
    await route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    for card in await StaffCard.filter(case=case):
        await draw_card.fn.__wrapped__(card.id, f"draw:{card.id}:v{card.version}", card.version)
    return case


#: The key staff tests' views sign with.
SECRET = b"secret"
#: Every test account's password (hashed once: argon2 is slow on purpose).
PASSWORD = "correct horse battery"
_HASHED = hash_password(PASSWORD)


async def member(role: Role, department: str | None = None, name: str = "") -> StaffMember:
    """A desk account of this role (and department) with the password PASSWORD, made once per name."""
    name = name or f"{role}-{department or 'all'}"
    found, _ = await StaffMember.get_or_create(
        channel="web",
        external_id=f"test-{name}",
        defaults={"name": name, "role": role, "department": department, "login": f"test-{name}"},
    )
    if found.password_hash is None:
        found.password_hash = _HASHED
        await found.save(update_fields=["password_hash"])
    return found


async def sign_in(client: TestClient, who: StaffMember) -> dict[str, str]:
    """Signs in with the password as the page does; the headers the page's requests then carry.

    The session cookie is handed back in the headers and the client's cookie jar emptied, so a test
    can act as several members on one client, each request naming who it comes from.
    """
    answer = await client.post("/api/staff/signin", json={"login": who.login, "password": PASSWORD})
    assert answer.status == 200, await answer.text()
    body = await answer.json()
    client.session.cookie_jar.clear()
    return {"Cookie": f"{COOKIE}={answer.cookies[COOKIE].value}", CSRF_HEADER: body["csrf"]}


async def login(client: TestClient, department: str) -> dict[str, str]:
    """Signed in as a clerk of the department."""
    return await sign_in(client, await member(Role.CLERK, department))


async def decide_and_push(case: Case, catalog, action: StaffAction = StaffAction.ACCEPT) -> StaffCard:  # type: ignore[no-untyped-def]
    """A department decides the case's first item; the status push runs as the worker would run it."""
    await route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    item = await CaseItem.filter(case=case).order_by("id").first()
    assert item is not None
    card = await StaffCard.get(case=case, department=item.department)
    await draw_card.fn.__wrapped__(card.id, f"draw:{card.id}:v{card.version}", card.version)
    member, _ = await StaffMember.get_or_create(
        channel="test",
        external_id=f"dept-{item.department}",
        defaults={"name": "审批员", "department": item.department},
    )
    decisions = Decisions(CardDrawer(catalog, "http://test"))
    await card.refresh_from_db()
    assert isinstance(await decisions.decide(member, CardPress(card.id, card.version, action, item.id)), Decision)
    event = await CaseEvent.filter(case=case, action=action).order_by("-id").first()
    assert event is not None
    await push_status.fn.__wrapped__(event.id, f"push:{event.id}")
    await card.refresh_from_db()
    return card


async def filed(dialogs, files, catalog, scenario_id: str, channel: str = "web", given=None) -> Case:  # type: ignore[no-untyped-def]
    """A submitted case of any scenario, routed, with its cards drawn as the workers would leave them."""
    number = await walk(Chat(dialogs, files, channel=channel), catalog.get(scenario_id), given=given)
    case = await Case.get(number=number)
    await route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    for card in await StaffCard.filter(case=case):
        await draw_card.fn.__wrapped__(card.id, f"draw:{card.id}:v{card.version}", card.version)
    return case


async def member_of(department: str, name: str = "审批员") -> StaffMember:
    member, _ = await StaffMember.get_or_create(
        channel="test", external_id=f"{department}-{name}", defaults={"name": name, "department": department}
    )
    return member


async def decide(  # type: ignore[no-untyped-def]
    catalog, case: Case, item_key: str, action: StaffAction, note: str = "", asked=None
) -> Decision:
    """The item's department presses ``action`` on the case's card, through the one decision path."""
    item = await CaseItem.get(case=case, item_key=item_key)
    card = await StaffCard.get(case=case, department=item.department)
    outcome = await Decisions(CardDrawer(catalog, "http://test")).decide(
        await member_of(item.department), CardPress(card.id, card.version, action, item.id), note, asked
    )
    assert isinstance(outcome, Decision), outcome
    return outcome
