"""The baseline of bench/webchat_http.py: a bare aiohttp handler that parses the web chat's JSON and
saves one row per request through the runtime's group commit, then answers JSON (read and written by the
web chat's own helpers: the same size checks, orjson both ways). The same batching as the
web chat's: the rows of a batch are written as one statement (a stage of the group commit), as the web
chat's conversations and history are; so is each session's person.

    YJS_DATABASE_URL=sqlite:///tmp/bare.db python bench/bare_http.py PORT
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from collections.abc import Sequence

from aiohttp import web
from tortoise.models import Model

from bot.channels.http import json_body, json_reply
from bot.embedded import settled
from casework.commits import GroupCommit, Part
from models.db import close_db, insert_models, now, open_db
from models.user import User
from models.webchat import WebchatMessage

commits = GroupCommit()


class Rows:
    """New rows of one model, a batch's in one INSERT (a stage for each model)."""

    order = 0

    async def write(self, items: Sequence[Model]) -> list[Exception | None]:
        await insert_models(items)
        return [None] * len(items)


PEOPLE, MESSAGES = Rows(), Rows()


async def session(request: web.Request) -> web.Response:
    await json_body(request)
    user = User(channel="bare", external_id=secrets.token_hex(8), locale="zh_CN")
    await commits.run(parts=[Part(PEOPLE, user)])
    return json_reply({"token": str(user.id)})


async def event(request: web.Request) -> web.Response:
    body = await json_body(request)
    user_id = int(request.headers["Authorization"].removeprefix("Bearer "))
    row = WebchatMessage(user_id=user_id, sender="user", payload=body, created_at=now())
    await commits.run(parts=[Part(MESSAGES, row)])
    # What a reply looks like to the page; the client looks for these buttons.
    buttons = [{"data": f"x|{a}", "label": a} for a in ("start", "privacy:yes")]
    return json_reply({"messages": [{"text": body.get("text", ""), "buttons": buttons}], "locale": "zh_CN"})


async def end(request: web.Request) -> web.Response:
    return json_reply({"ok": True})


async def main() -> web.Application:
    await open_db(os.environ["YJS_DATABASE_URL"])
    app = web.Application()
    routes = [web.post("/api/session", session), web.post("/api/events", event), web.post("/api/session/end", end)]
    app.add_routes(routes)

    async def closing(app: web.Application) -> None:
        await close_db()

    async def ready(app: web.Application) -> None:
        settled()  # the garbage collector set as the web chat's server sets it
        print("bare ready", flush=True)

    app.on_cleanup.append(closing)
    app.on_startup.append(ready)
    return app


if __name__ == "__main__":
    web.run_app(main(), host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
