"""The aiohttp application: web chat and staff page now; platform webhooks plug in here."""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging

from aiohttp import web
from aiohttp.typedefs import Middleware

from bot.app import App
from bot.channels.webchat import WebChat, WebchatInbox
from bot.edge.errors import answer_failures
from bot.edge.headers import security_headers
from bot.edge.health import health_check
from bot.edge.ratelimit import RateLimits
from bot.edge.timeouts import body_timeout
from bot.published import PublishedView
from bot.receipts import Receipts
from bot.settings import Settings
from bot.settings.web import EdgeSettings
from bot.signing import load_secret
from bot.staff.casepage import CasePage
from bot.staff.live import LivePage, load_phrases
from bot.staff.passwords import LockPolicy
from bot.staff.phrases import Phrases
from bot.staff.ratings import StaffRatings
from bot.staff.requests import RequestsView
from bot.staff.stats import StatsView
from bot.staff.view import StaffView
from bot.staff.worklist import Worklist

log = logging.getLogger(__name__)


def build_web(app: App) -> web.Application:
    secret = load_secret(app.settings)
    webchat = _webchat(app, secret)
    staff = _staff_view(app, secret)
    # Uploads are streamed with their own cap; this bounds only JSON bodies read whole.
    web_app = web.Application(client_max_size=1 << 20, middlewares=edge_middlewares(app.settings.edge))
    web_app.add_routes(webchat.routes())
    web_app.add_routes(staff.routes())
    _add_staff_pages(web_app, app, staff)
    web_app.add_routes(PublishedView(app.catalog).routes())
    receipts = Receipts(app.catalog, secret, app.settings.public_url)
    web_app.add_routes(receipts.routes())
    app.dialogs.receipt_link = receipts.link
    wechat = app.channels.get("wechat")
    if wechat is not None:
        web_app.add_routes(wechat.routes())  # type: ignore[attr-defined]
    web_app.router.add_get("/healthz", health_check())
    return web_app


def _webchat(app: App, secret: bytes) -> WebChat:
    inbox = app.channels.get("web")
    limits = app.limits or RateLimits(app.settings.edge, app.settings.queue.redis_url)
    known = inbox if isinstance(inbox, WebchatInbox) else None
    webchat = WebChat(app.dialogs, app.files, secret, known, app.settings.edge, limits)
    # The inbox stays the "web" channel: pushes and voice messages from workers go through it.
    app.channels.add(webchat.inbox)
    webchat.voices, webchat.voices_dir = app.voices, app.voices.root if app.voices else None
    return webchat


def _staff_view(app: App, secret: bytes) -> StaffView:
    """The staff page's sign-in, sessions and cards."""
    demo = staff_demo(app.settings)
    if demo:  # said here, where the accounts are made, and only here (the demo's banner asks again)
        log.warning("staff demo accounts are on: their passwords are reset at each start (%s)", app.settings.host)
    idle = dt.timedelta(hours=app.settings.staff.idle_hours)
    policy = app.settings.staff
    lock = LockPolicy(policy.lock_after, policy.address_lock_after, policy.lock_minutes)
    return StaffView(
        app.catalog,
        app.files,
        app.relay.kick,
        secret,
        app.settings.public_url,
        demo,
        idle,
        calendar=app.calendar,
        lock=lock,
        trust_proxy=app.settings.edge.trust_proxy,
        link_hours=policy.link_hours,
    )


def _add_staff_pages(web_app: web.Application, app: App, staff: StaffView) -> None:
    """The desk's pages behind the staff sign-in: worklist, case, figures, live chat, ratings, requests."""
    clock = staff.sessions.clock
    web_app.add_routes(Worklist(app.catalog, staff.sessions, app.calendar, clock, staff.decisions).routes())
    web_app.add_routes(CasePage(app.catalog, staff.sessions, Phrases.load(app.catalog.directory)).routes())
    web_app.add_routes(StatsView(app.catalog, staff.sessions, app.calendar, clock).routes())
    phrases = load_phrases(app.settings.live_phrases_file)
    web_app.add_routes(LivePage(app.catalog, staff.sessions, app.dialogs.live, app.relay.kick, phrases).routes())
    web_app.add_routes(StaffRatings(app.catalog, staff.sessions).routes())
    web_app.add_routes(RequestsView(app.catalog, app.desk(), staff.sessions, app.files).routes())


def edge_middlewares(edge: EdgeSettings) -> list[Middleware]:
    """What every request meets, outermost first: the browser headers (on failures too), failures answered
    without a traceback (503 "try again later" when it is the database or a full disk), the body's timeout."""
    return [security_headers, answer_failures, body_timeout(edge.body_timeout_seconds)]


def staff_demo(settings: Settings) -> bool:
    """Whether the demo's staff accounts are made at start, with fresh passwords (the app warns when on).

    Only when asked for (YJS_STAFF_DEMO=1), or for the embedded demo (no Redis) listening on
    loopback; the passwords are printed only on loopback (see bot/staff/demo.py).
    """
    return settings.web.staff_demo or (not settings.queue.redis_url and _loopback(settings.host))


def loopback(settings: Settings) -> bool:
    return _loopback(settings.host)


def _loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
