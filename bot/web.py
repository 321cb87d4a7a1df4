"""The aiohttp application: web chat and staff page now; platform webhooks plug in here."""

from __future__ import annotations

from aiohttp import web

from bot.app import App
from bot.channels.webchat import WebChat, WebchatInbox
from bot.signing import load_secret
from bot.staff.view import StaffView


def build_web(app: App) -> web.Application:
    secret = load_secret(app.settings)
    inbox = app.channels.get("web")
    webchat = WebChat(app.dialogs, app.files, secret, inbox if isinstance(inbox, WebchatInbox) else None)
    # The inbox stays the "web" channel: pushes and voice messages from workers go through it.
    app.channels.add(webchat.inbox)
    webchat.voices, webchat.voices_dir = app.voices, app.voices.root if app.voices else None
    demo = not app.settings.queue.redis_url or app.settings.web.staff_demo
    staff = StaffView(app.catalog, app.files, app.relay.kick, secret, app.settings.public_url, demo)
    # Uploads are streamed with their own cap; this bounds only JSON bodies read whole.
    web_app = web.Application(client_max_size=1 << 20)
    web_app.add_routes(webchat.routes())
    web_app.add_routes(staff.routes())
    wechat = app.channels.get("wechat")
    if wechat is not None:
        web_app.add_routes(wechat.routes())  # type: ignore[attr-defined]
    web_app.router.add_get("/healthz", _health)
    return web_app


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"ok": True})
