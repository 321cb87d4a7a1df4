"""The aiohttp application: web chat and staff page now; platform webhooks plug in here."""

from __future__ import annotations

from aiohttp import web

from bot.app import App
from bot.channels.webchat import WebChat, WebchatInbox
from bot.edge.headers import security_headers
from bot.edge.health import health_check
from bot.edge.ratelimit import RateLimits
from bot.edge.timeouts import body_timeout
from bot.signing import load_secret
from bot.staff.view import StaffView


def build_web(app: App) -> web.Application:
    secret = load_secret(app.settings)
    inbox = app.channels.get("web")
    limits = RateLimits(app.settings.edge, app.settings.queue.redis_url)
    known = inbox if isinstance(inbox, WebchatInbox) else None
    webchat = WebChat(app.dialogs, app.files, secret, known, app.settings.edge, limits)
    # The inbox stays the "web" channel: pushes and voice messages from workers go through it.
    app.channels.add(webchat.inbox)
    webchat.voices, webchat.voices_dir = app.voices, app.voices.root if app.voices else None
    demo = not app.settings.queue.redis_url or app.settings.web.staff_demo
    staff = StaffView(app.catalog, app.files, app.relay.kick, secret, app.settings.public_url, demo)
    # Uploads are streamed with their own cap; this bounds only JSON bodies read whole.
    edge = [security_headers, body_timeout(app.settings.edge.body_timeout_seconds)]
    web_app = web.Application(client_max_size=1 << 20, middlewares=edge)
    web_app.add_routes(webchat.routes())
    web_app.add_routes(staff.routes())
    wechat = app.channels.get("wechat")
    if wechat is not None:
        web_app.add_routes(wechat.routes())  # type: ignore[attr-defined]
    web_app.router.add_get("/healthz", health_check())
    return web_app
