"""The web app as `build_web` assembles it, for the edge tests."""

from __future__ import annotations

from aiohttp import web

from bot.channels.webchat import WebChat
from bot.edge.health import health_check
from bot.edge.ratelimit import RateLimits
from bot.settings.web import EdgeSettings
from bot.staff.view import StaffView
from bot.web import edge_middlewares


def edge_app(dialogs, files, local_services, edge: EdgeSettings) -> web.Application:  # type: ignore[no-untyped-def]
    chat = WebChat(dialogs, files, b"test-secret", edge=edge, limits=RateLimits(edge))
    local_services.channels.add(chat.inbox)
    staff = StaffView(local_services.catalog, files, local_services.relay.kick, b"secret", "http://test", True)
    app = web.Application(middlewares=edge_middlewares(edge))
    app.add_routes(chat.routes())
    app.add_routes(staff.routes())
    app.router.add_get("/healthz", health_check())
    return app


COMMON = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}


def assert_common(response) -> str:  # type: ignore[no-untyped-def]
    for name, value in COMMON.items():
        assert response.headers.get(name) == value, (response.url, name)
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    return policy
