"""The public list of published replies (``/messages``): questions and answers with personal data removed."""

from __future__ import annotations

import json
from typing import TextIO

from aiohttp import web

from bot.channels.http import static_page, strings
from bot.settings import Settings
from casework.published import knowledge, published
from handlers.catalog import Catalog, load_catalog
from handlers.search.policies import load_policies
from models.db import close_db, open_db


class PublishedView:
    """``/messages`` and its JSON; anyone may read them, nothing personal is in them."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/messages", self.page),
            web.get("/api/messages/published", self.listing),
            web.get("/api/messages/strings", self.strings),
        ]

    async def page(self, request: web.Request) -> web.Response:
        return static_page("messages.html")

    async def strings(self, request: web.Request) -> web.Response:
        return strings(_lang(request), "requests.public.")

    async def listing(self, request: web.Request) -> web.Response:
        replies = await published(self.catalog, _lang(request))
        return web.json_response({"replies": [r.to_json() for r in replies]})


def _lang(request: web.Request) -> str:
    return "en" if request.query.get("lang") == "en" else "zh_CN"


async def print_published(settings: Settings, as_json: bool, lang: str) -> int:
    """``yijianshi messages --published``: the published replies, personal data removed."""
    catalog = load_catalog(settings.scenario_dir, settings.departments_file, settings.items_file)
    await open_db(settings.database_url)
    try:
        replies = await published(catalog, lang, limit=1000)
    finally:
        await close_db()
    for r in replies:
        if as_json:
            print(json.dumps(r.to_json(), ensure_ascii=False))
        else:
            print(f"{r.number}  {r.answered}  {r.what}  {r.department}\n  {r.question}\n  → {r.answer}\n")
    if not as_json:
        print(f"{len(replies)} published replies")
    return 0


async def export_knowledge(settings: Settings, output: TextIO, lang: str) -> int:
    """``yijianshi knowledge export --format jsonl``: one JSON object per line, policy passages first."""
    catalog = load_catalog(settings.scenario_dir, settings.departments_file, settings.items_file)
    policies = load_policies(settings.policy_dir, {s.id for s in catalog})
    await open_db(settings.database_url)
    try:
        records = await knowledge(catalog, policies, lang)
    finally:
        await close_db()
    for record in records:
        output.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0
