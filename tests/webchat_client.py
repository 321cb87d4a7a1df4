"""The web chat's JSON API as a browser calls it, for tests over loopback."""

from __future__ import annotations

from aiohttp.test_utils import TestClient


async def session(client: TestClient, lang: str = "zh_CN") -> dict[str, str]:
    response = await client.post("/api/session", json={"lang": lang})
    body = await response.json()
    return {"Authorization": f"Bearer {body['token']}"}


async def post_event(client: TestClient, auth: dict[str, str], **event: str) -> list[dict]:
    response = await client.post("/api/events", json=event, headers=auth)
    assert response.status == 200, await response.text()
    return (await response.json())["messages"]


async def answer_to_first_document(client: TestClient, auth: dict[str, str], started: list[dict]) -> None:
    """From the privacy notice the start button showed (``started``) to the EV charger's first document
    (the questions deciding which documents apply come first)."""
    await post_event(client, auth, type="button", data=button(started, "privacy:yes"))
    for answer in ["1", "是", "张三", "371302198506120027", "13800138000", "临港区滨海路8号阳光小区3号楼", "1"]:
        await post_event(client, auth, type="text", text=answer)


def button(messages: list[dict], action: str) -> str:
    for message in reversed(messages):
        for b in message["buttons"]:
            if b["data"].split("|", 1)[1].startswith(action):
                return b["data"]
    raise AssertionError(f"no {action} button")
