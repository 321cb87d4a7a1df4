"""The staff desk as tests drive it: a filed case with its cards drawn, and the demo sign-in."""

from __future__ import annotations

from aiohttp.test_utils import TestClient
from scenario_walk import Chat, walk

from models.case import Case
from models.staff import StaffCard
from workers.cases import draw_card, route_case


async def filed_case(dialogs, files, catalog) -> Case:  # type: ignore[no-untyped-def]
    """A submitted EV charger case with its cards shown, as the workers would leave it."""
    case = await Case.get(number=await walk(Chat(dialogs, files, channel="web"), catalog.get("ev-charger-home")))
    await route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    for card in await StaffCard.filter(case=case):
        await draw_card.fn.__wrapped__(card.id, f"draw:{card.id}:v{card.version}", card.version)
    return case


async def login(client: TestClient, department: str) -> dict[str, str]:
    body = await (await client.post("/api/staff/session", json={"department": department})).json()
    return {"Authorization": f"Bearer {body['token']}"}
