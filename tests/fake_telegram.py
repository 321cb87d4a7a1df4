"""A local stand-in for Telegram's Bot API server: python-telegram-bot is pointed at it by base URL.

It feeds updates (getUpdates), records every call, serves files, and answers the way
the real server does for the methods the bot uses.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

#: The bot's token and webhook secret in tests.
TOKEN = "123456:TEST-token-for-the-fake-server"
SECRET = "webhook-secret_1"

#: Update ids are unique per bot for ever; fake servers of one test session share the sequence.
_UPDATE_IDS = itertools.count(1)
BOT_USER = {
    "id": 4242,
    "is_bot": True,
    "first_name": "临港办事",
    "username": "lingang_yjs_bot",
    "can_join_groups": True,
}


class FakeTelegram:
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.updates: list[dict[str, Any]] = []
        self.files: dict[str, bytes] = {}
        self._ids = itertools.count(1000)
        self._update_ids = _UPDATE_IDS

    def app(self) -> web.Application:
        app = web.Application(client_max_size=50 << 20)
        app.router.add_route("*", "/bot{token}/{method}", self.method)
        app.router.add_get("/file/bot{token}/{path:.*}", self.file)
        return app

    # -- what tests use --------------------------------------------------------------
    def update(self, **body: Any) -> dict[str, Any]:
        """A new update with the next update_id, also queued for getUpdates."""
        update = {"update_id": next(self._update_ids), **body}
        self.updates.append(update)
        return update

    def sent(self, method: str, chat_id: int | None = None) -> list[dict[str, Any]]:
        return [p for m, p in self.calls if m == method and (chat_id is None or int(p.get("chat_id", 0)) == chat_id)]

    def add_file(self, file_id: str, data: bytes) -> None:
        self.files[file_id] = data

    # -- the Bot API -------------------------------------------------------------------
    async def method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        params = await _params(request)
        name = request.match_info["method"]
        self.calls.append((name, params))
        handler = getattr(self, f"_{name}", None)
        result = await handler(params) if handler else True
        return web.json_response({"ok": True, "result": result})

    async def file(self, request: web.Request) -> web.Response:
        file_id = request.match_info["path"].rsplit("/", 1)[-1].split(".")[0]
        if request.match_info["token"] != self.token or file_id not in self.files:
            raise web.HTTPNotFound()
        return web.Response(body=self.files[file_id])

    async def _getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return BOT_USER

    async def _getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        while True:
            ready = [u for u in self.updates if u["update_id"] >= offset]
            if ready or time.monotonic() >= deadline:
                return ready
            await asyncio.sleep(0.05)

    async def _sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._message(params, text=params.get("text", ""))

    async def _sendVoice(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._message(params, voice={"file_id": "v1", "file_unique_id": "v1", "duration": 1})

    async def _editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._message(params, message_id=int(params["message_id"]), text=params.get("text", ""))

    async def _getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = params["file_id"]
        size = len(self.files.get(file_id, b""))
        return {"file_id": file_id, "file_unique_id": file_id, "file_size": size, "file_path": f"docs/{file_id}.bin"}

    def _message(self, params: dict[str, Any], message_id: int | None = None, **content: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup", "title": "dept"}
        message = {"message_id": message_id or next(self._ids), "date": int(time.time()), "chat": chat}
        # Telegram's Message carries only an inline keyboard back; a ForceReply sent is not echoed.
        if isinstance(params.get("reply_markup"), dict) and "inline_keyboard" in params["reply_markup"]:
            message["reply_markup"] = params["reply_markup"]
        return {**message, "from": BOT_USER, **content}


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        raw = await request.json()
    else:
        raw = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
    return {k: _decoded(v) for k, v in raw.items()}


def _decoded(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def private_message(user_id: int, message_id: int, language: str = "zh-hans", **content: Any) -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": "居民", "language_code": language}
    chat = {"id": user_id, "type": "private", "first_name": "居民"}
    return {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": user, **content}


def callback(user_id: int, chat_id: int, data: str, message_id: int = 1) -> dict[str, Any]:
    """A button press; the message date must not be 0 or PTB 22 treats the message as inaccessible."""
    chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup", "title": "dept"}
    message = {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": BOT_USER, "text": "…"}
    user = {"id": user_id, "is_bot": False, "first_name": "用户", "language_code": "zh-hans"}
    return {"id": f"cb{time.monotonic_ns()}", "from": user, "chat_instance": "ci", "data": data, "message": message}


@asynccontextmanager
async def running_fake() -> AsyncIterator[tuple[FakeTelegram, str]]:
    """A fake Bot API server on loopback, and its base URL."""
    server = FakeTelegram(TOKEN)
    async with TestServer(server.app()) as running:
        yield server, f"http://127.0.0.1:{running.port}"


def webhook_env(base: str) -> dict[str, str]:
    """The settings of a bot that takes updates by webhook and calls the fake server at base."""
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"{base}/bot",
        "TELEGRAM_API_FILE_URL": f"{base}/file/bot",
        "TELEGRAM_WEBHOOK_URL": "https://bot.example/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
    }


@asynccontextmanager
async def resident_bot(base: str, dialogs: Any, files: Any, catalog: Any, local_services: Any) -> AsyncIterator[Any]:
    """A webhook bot on the fake server at base whose pushes reach residents, and a test client of its routes."""
    from aiohttp.test_utils import TestClient

    from bot.channels.telegram import TelegramBot
    from bot.settings import Settings

    bot = TelegramBot(Settings.from_env(webhook_env(base)), dialogs, files, catalog, {})
    await bot.start()
    local_services.channels.add(bot.sender)
    app = web.Application()
    app.add_routes(bot.routes())
    try:
        async with TestClient(TestServer(app)) as client:
            yield client
    finally:
        await bot.stop()
