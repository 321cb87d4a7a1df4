"""The web app as `build_web` assembles it, for the edge tests."""

from __future__ import annotations

from aiohttp import web

from bot.channels.webchat import WebChat
from bot.edge.headers import security_headers
from bot.edge.health import health_check
from bot.edge.ratelimit import RateLimits
from bot.edge.storage import storage_full
from bot.edge.timeouts import body_timeout
from bot.settings.web import EdgeSettings
from bot.staff.view import StaffView


def edge_app(dialogs, files, local_services, edge: EdgeSettings) -> web.Application:  # type: ignore[no-untyped-def]
    chat = WebChat(dialogs, files, b"test-secret", edge=edge, limits=RateLimits(edge))
    local_services.channels.add(chat.inbox)
    staff = StaffView(local_services.catalog, files, local_services.relay.kick, b"secret", "http://test", True)
    app = web.Application(middlewares=[security_headers, storage_full, body_timeout(edge.body_timeout_seconds)])
    app.add_routes(chat.routes())
    app.add_routes(staff.routes())
    app.router.add_get("/healthz", health_check())
    return app
