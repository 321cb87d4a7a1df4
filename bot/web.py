"""The aiohttp application: web chat now; webhooks and the staff view plug in here."""

from __future__ import annotations

import secrets
from pathlib import Path

from aiohttp import web

from bot.app import App
from bot.channels.webchat import WebChat


def secret_for(app: App) -> bytes:
    """The key that signs web chat sessions: from YJS_SECRET, else made once and kept on disk."""
    import os

    if configured := os.environ.get("YJS_SECRET"):
        return configured.encode()
    path = Path(app.settings.data_dir) / "secret"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def build_web(app: App) -> web.Application:
    webchat = WebChat(app.dialogs, app.files, secret_for(app))
    app.channels.add(webchat)
    # Uploads are streamed with their own cap; this bounds only JSON bodies read whole.
    web_app = web.Application(client_max_size=1 << 20)
    web_app.add_routes(webchat.routes())
    web_app.router.add_get("/healthz", _health)
    return web_app


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"ok": True})
