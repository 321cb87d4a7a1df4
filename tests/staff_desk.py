"""The staff desk as tests drive it: a filed case with its cards drawn, members of each role, and sign-in."""

from __future__ import annotations

import datetime as dt

from aiohttp.test_utils import TestClient
from scenario_walk import Chat, walk

from bot.signing import StaffClaim, staff_token
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


async def login(client: TestClient, department: str) -> dict[str, str]:
    body = await (await client.post("/api/staff/session", json={"department": department})).json()
    return {"Authorization": f"Bearer {body['token']}"}


async def member(role: Role, department: str | None = None, name: str = "") -> StaffMember:
    """A desk account of this role (and department), made once per name."""
    name = name or f"{role}-{department or 'all'}"
    found, _ = await StaffMember.get_or_create(
        channel="web", external_id=f"test-{name}", defaults={"name": name, "role": role, "department": department}
    )
    return found


async def sign_in(client: TestClient, who: StaffMember) -> dict[str, str]:
    """The headers a signed-in page sends for this member."""
    claim = StaffClaim(who.id, who.token_version, int(dt.datetime.now(dt.UTC).timestamp()))
    return {"Authorization": f"Bearer {staff_token(SECRET, claim)}"}


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
