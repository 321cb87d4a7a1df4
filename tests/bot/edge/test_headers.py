"""Issue 11 item 12: browser security headers on every route; documents as attachments; no-store on /api/ JSON."""

from __future__ import annotations

import base64
import hashlib
import re
from importlib import resources

import pytest
from aiohttp.test_utils import TestClient
from edge_app import assert_common
from scenario_walk import Chat, walk
from staff_desk import login
from webchat_client import post_event, session

from models.case import Case
from models.material import Material
from workers.cases import route_case


def inline_hash(page: str, tag: str) -> str:
    html = resources.files("bot").joinpath(page).read_text(encoding="utf-8")
    (block,) = re.findall(rf"<{tag}>(.*?)</{tag}>", html, flags=re.S)
    return "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"


@pytest.mark.parametrize(("path", "page"), [("/", "channels/static/index.html"), ("/staff", "staff/static/staff.html")])
async def test_pages_allow_only_their_own_inline_code(client: TestClient, path: str, page: str) -> None:
    response = await client.get(path)
    policy = assert_common(response)
    assert f"script-src {inline_hash(page, 'script')};" in policy
    assert f"style-src {inline_hash(page, 'style')};" in policy
    assert "connect-src 'self'" in policy and "default-src 'none'" in policy


async def test_every_api_route_has_the_headers_and_no_store(client: TestClient) -> None:
    auth = await session(client)
    await post_event(client, auth, type="command", text="/start")
    staff = await login(client, "power")
    calls = [
        client.get("/api/strings"),
        client.post("/api/session", json={}),
        client.get("/api/messages", headers=auth),
        client.post("/api/events", json={"type": "text", "text": "充电桩"}, headers=auth),
        client.post("/api/voice", json={"message_id": 1}, headers=auth),
        client.post("/api/events", data=b"{", headers=auth),  # a refusal
        client.get("/api/messages"),  # 401
        client.get("/api/staff/strings"),
        client.get("/api/staff/departments"),
        client.get("/api/staff/me", headers=staff),
        client.get("/api/staff/cards?department=power", headers=staff),
        client.get("/api/staff/cases/nope", headers=staff),
        client.post("/api/staff/actions", json={"data": "x"}, headers=staff),
    ]
    for call in calls:
        response = await call
        assert response.content_type == "application/json", response.url
        assert_common(response)
        assert response.headers["Cache-Control"] == "no-store", response.url
    for path in ("/healthz", "/nowhere"):
        assert_common(await client.get(path))


async def test_documents_download_as_attachments(client: TestClient, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    case = await Case.get(number=await walk(Chat(dialogs, files, channel="web"), catalog.get("ev-charger-home")))
    await route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    material = await Material.filter(case=case).first()
    assert material is not None
    response = await client.get(f"/api/staff/files/{material.id}", headers=await login(client, "power"))
    assert response.status == 200
    assert_common(response)
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"


async def test_read_aloud_audio_plays_inline(make_client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    async with make_client() as client:
        chat = next(
            r.handler.__self__
            for r in client.app.router.routes()
            if r.resource and r.resource.canonical == "/api/voice/{name}"
        )
        chat.voices_dir = tmp_path
        name = "a" * 64 + ".ogg"
        (tmp_path / name).write_bytes(b"OggS")
        response = await client.get(f"/api/voice/{name}")
        assert response.status == 200 and response.headers["Content-Disposition"] == "inline"
        assert response.headers["Cache-Control"].startswith("private")  # what one person heard: no shared cache
        assert_common(response)
