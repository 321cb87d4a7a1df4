"""Published replies (the public /messages list, `yijianshi messages --published`) and the knowledge export
(`yijianshi knowledge export --format jsonl`): only what was published, nothing personal left."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.edge.headers import page_policy, security_headers
from bot.published import PublishedView
from casework.published import knowledge, published
from casework.request_rules import RequestDays
from casework.requests import RequestDesk
from handlers.request_lifecycle import MessageKind, RequestKind
from handlers.requests import scrub
from handlers.search.policies import load_policies
from handlers.workdays import default_calendar
from models.staff import StaffMember
from models.user import user_for

ROOT = Path(__file__).resolve().parents[2]
PRIVATE = "我叫王小明，电话13912345678，身份证371302198506120027，邮箱wxm@example.com"


def test_scrub_masks_ids_and_mobiles_and_drops_names_landlines_and_mail() -> None:
    clean = scrub(PRIVATE + "，座机0539-8123456")
    assert "王小明" not in clean and "王**" in clean
    assert "13912345678" not in clean and "139****5678" in clean
    assert "371302198506120027" not in clean
    assert "wxm@example.com" not in clean and "0539-8123456" not in clean


@pytest.fixture
async def answered(db, catalog) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A question published with consent, a complaint published, and a question whose writer did not consent."""
    desk = RequestDesk(default_calendar(), list(catalog.departments), "approval", RequestDays())
    admin, _ = await StaffMember.get_or_create(
        channel="test", external_id="publisher", defaults={"name": "公开员", "department": "approval"}
    )
    numbers = {}
    for name, subkind, consent in (
        ("consult", MessageKind.CONSULT, True),
        ("complaint", MessageKind.COMPLAINT, True),
        ("private", MessageKind.CONSULT, False),
    ):
        user = await user_for("web", f"publish-{name}")
        text = f"{name}：{PRIVATE}，请问社保卡丢了怎么补办？"
        request = await desk.open(user.id, RequestKind.MESSAGE, text, subkind=subkind, publishable=consent)
        await desk.answer(
            admin, request.number, f"{name}答复：可在区政务服务中心补办，咨询 13800001111。", publish=True
        )
        numbers[name] = request.number
    return numbers


async def test_only_consented_replies_are_published_and_nothing_personal_is_in_them(answered, catalog) -> None:  # type: ignore[no-untyped-def]
    replies = {r.number: r for r in await published(catalog)}
    assert answered["consult"] in replies and answered["complaint"] in replies
    assert answered["private"] not in replies
    shown = replies[answered["consult"]]
    assert shown.what == "咨询" and shown.department == "区行政审批服务局"
    for text in (shown.question, shown.answer):
        assert "王小明" not in text and "13912345678" not in text and "371302198506120027" not in text
        assert "13800001111" not in text


async def test_the_knowledge_base_holds_the_policies_and_the_published_answers_to_questions(answered, catalog) -> None:  # type: ignore[no-untyped-def]
    policies = load_policies(None, {s.id for s in catalog})
    records = await knowledge(catalog, policies)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)) and all(
        set(r) == {"id", "question", "answer", "source", "updated"} for r in records
    )
    assert f"policy:{policies[0].id}" in ids and f"message:{answered['consult']}" in ids
    # Only 咨询 answers, only published ones
    assert f"message:{answered['complaint']}" not in ids and f"message:{answered['private']}" not in ids
    consult = next(r for r in records if r["id"] == f"message:{answered['consult']}")
    assert (
        "王小明" not in consult["question"] and "补办" in consult["answer"] and answered["consult"] in consult["source"]
    )


async def test_the_commands_print_the_published_replies_and_export_jsonl(answered, db_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "YJS_DATABASE_URL": db_url, "YJS_DATA_DIR": str(tmp_path)}
    listed = subprocess.run(
        [sys.executable, "-m", "bot", "messages", "--published"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert listed.returncode == 0, listed.stderr
    assert answered["consult"] in listed.stdout and answered["private"] not in listed.stdout
    assert "13912345678" not in listed.stdout
    out = tmp_path / "knowledge.jsonl"
    exported = subprocess.run(
        [sys.executable, "-m", "bot", "knowledge", "export", "--format", "jsonl", "--output", str(out)],
        env=env, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert any(r["id"] == f"message:{answered['consult']}" for r in lines)
    assert sum(r["id"].startswith("policy:") for r in lines) > 10


@pytest.fixture
async def client(catalog) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    app = web.Application(middlewares=[security_headers])
    app.add_routes(PublishedView(catalog).routes())
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def test_the_public_page_lists_the_published_replies(client, answered) -> None:  # type: ignore[no-untyped-def]
    page = await client.get("/messages")
    assert page.status == 200 and page.headers["Content-Security-Policy"] == page_policy(
        "channels/static/messages.html"
    )
    listing = await (await client.get("/api/messages/published")).json()
    numbers = [r["number"] for r in listing["replies"]]
    assert answered["consult"] in numbers and answered["private"] not in numbers
    assert "13912345678" not in json.dumps(listing, ensure_ascii=False)
    assert (await (await client.get("/api/messages/strings")).json())["title"] == "留言答复公开"
