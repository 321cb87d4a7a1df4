"""Who is at the staff page: signed tokens that lapse when left unused, sign-in, sign-out.

A token carries the member, their token version and when it was issued, all signed. It is
good while the version is the member's current one (a sign-out or `yijianshi staff revoke`
bumps it, in the database, so every process refuses the old tokens at once) and for
``idle`` after it was issued. Each use older than ``RENEW_AFTER`` is answered with a renewed
token in the ``X-Staff-Token`` header, which the page keeps: the expiry slides while the
clerk works, with no session state kept in any one process.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.channels.http import clean_text, json_body
from bot.signing import StaffClaim, read_staff_token, staff_token
from handlers.catalog import Catalog
from locales import translate
from models.staff import StaffMember, end_sessions

LANG = "zh_CN"
#: The response header that carries a renewed token.
RENEWED_HEADER = "X-Staff-Token"
#: A token younger than this is not renewed: most requests then add no header.
RENEW_AFTER = dt.timedelta(minutes=5)
#: Clocks of several servers may differ a little; a token from further ahead is forged or broken.
CLOCK_SKEW = dt.timedelta(minutes=2)

Clock = Callable[[], dt.datetime]
SignedInHandler = Callable[[web.Request, StaffMember], Awaitable[web.StreamResponse]]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class StaffSessions:
    """Issues and checks staff tokens, and serves sign-in (demo), who-am-I and sign-out."""

    def __init__(
        self, catalog: Catalog, secret: bytes, demo: bool, idle: dt.timedelta, clock: Clock | None = None
    ) -> None:
        self.catalog, self.secret, self.demo, self.idle = catalog, secret, demo, idle
        self.clock = clock or _utc_now

    def routes(self) -> list[web.RouteDef]:
        return [
            web.post("/api/staff/session", self.session),
            web.get("/api/staff/me", self.signed_in(self.me)),
            web.post("/api/staff/signout", self.signed_in(self.sign_out)),
        ]

    def issue(self, member: StaffMember) -> str:
        now = int(self.clock().timestamp())
        return staff_token(self.secret, StaffClaim(member.id, member.token_version, now))

    async def check(self, request: web.Request) -> tuple[StaffMember, str | None]:
        """The member behind the request's token and, if it is due, a renewed token; 401 otherwise."""
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        claim = read_staff_token(self.secret, token)
        now = self.clock().timestamp()
        member = None
        if claim and now - self.idle.total_seconds() < claim.issued < now + CLOCK_SKEW.total_seconds():
            member = await StaffMember.get_or_none(id=claim.member_id, active=True, token_version=claim.version)
        if member is None or claim is None:
            raise web.HTTPUnauthorized(text='{"error": "staff session"}', content_type="application/json")
        renewed = self.issue(member) if now - claim.issued >= RENEW_AFTER.total_seconds() else None
        return member, renewed

    def signed_in(self, handler: SignedInHandler) -> Handler:
        """Wraps a handler that needs a member: it is given one, and its answer carries any renewed token."""

        @functools.wraps(handler)
        async def run(request: web.Request) -> web.StreamResponse:
            member, renewed = await self.check(request)
            response = await handler(request, member)
            if renewed:
                response.headers[RENEWED_HEADER] = renewed
            return response

        return run

    async def session(self, request: web.Request) -> web.Response:
        """Demo only: act as a department's demo member. Real staff get links from `yijianshi staff link`."""
        if not self.demo:
            raise web.HTTPForbidden(text='{"error": "demo login is off"}', content_type="application/json")
        body = await json_body(request)
        department = clean_text(body.get("department", ""), "department")
        if department not in self.catalog.departments:
            raise web.HTTPBadRequest(text='{"error": "department"}', content_type="application/json")
        name = translate(LANG, "staffview.demo_member", department=self.catalog.department_name(department, LANG))
        member, _ = await StaffMember.get_or_create(
            channel="demo", external_id=f"demo-{department}", defaults={"name": name, "department": department}
        )
        return web.json_response({"token": self.issue(member), "member": member_json(member)})

    async def me(self, request: web.Request, member: StaffMember) -> web.Response:
        return web.json_response(member_json(member))

    async def sign_out(self, request: web.Request, member: StaffMember) -> web.Response:
        """Ends every token of this member (all their devices): a token alone cannot be struck off statelessly."""
        await end_sessions(member.id)
        return web.json_response({"ok": True, "message": translate(LANG, "staffview.signed_out")})


def member_json(member: StaffMember) -> dict[str, Any]:
    return {
        "id": member.id,
        "name": member.name,
        "department": member.department,
        "role": str(member.role),
        "is_admin": member.is_admin,
    }
