"""Who is at the staff page: password sign-in, one-time sign-in links, cookie sessions, CSRF, lockout, sign-out.

A session is a signed token (member, token version, issued) in an HttpOnly, SameSite=Strict cookie
(Secure when the public URL is https): no script on the page can read it, and no other site's page
can make the browser send it. It is good while the version is the member's current one (a sign-out,
a new password or `yijianshi staff revoke` bumps it in the database, so every process refuses the old
sessions at once) and for ``idle`` after it was issued; a use older than ``RENEW_AFTER`` sets a renewed
cookie, so the expiry slides while the clerk works. No session state is kept in any one process: the
design that the bearer tokens had still fits, only the carrier changed.

Every state-changing request also needs the ``X-CSRF-Token`` header: a value signed for the member and
token version, handed to the page by sign-in and ``/api/staff/me`` (readable only by same-origin
scripts), and an ``Origin``, where the browser sends one, of this server.

A sign-in link (`yijianshi staff link`, for the first sign-in or a reset) is a token signed for another
purpose: it signs no one in by itself; the page posts it with a new password, which bumps the token
version, so the link works once.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from bot.channels.http import clean_text, json_body
from bot.edge.address import client_address, networks
from bot.signing import StaffClaim, read_staff_token, same, sign, staff_token
from bot.staff.passwords import Lockout, LockPolicy, hash_password_async, password_problem, verify_password
from casework.staff_linking import chat_accounts, issue_code
from handlers.catalog import Catalog
from locales import translate
from models.staff import StaffMember, end_sessions

log = logging.getLogger(__name__)

LANG = "zh_CN"
#: The session cookie, and the header every state-changing request carries.
COOKIE = "yjs_staff"
CSRF_HEADER = "X-CSRF-Token"
#: A session younger than this is not renewed: most requests then set no cookie.
RENEW_AFTER = dt.timedelta(minutes=5)
#: Clocks of several servers may differ a little; a token from further ahead is forged or broken.
CLOCK_SKEW = dt.timedelta(minutes=2)
#: Methods that change nothing and so need no CSRF token.
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
#: Lock times are told in Beijing time.
_SHANGHAI = dt.timezone(dt.timedelta(hours=8))

Clock = Callable[[], dt.datetime]
SignedInHandler = Callable[[web.Request, StaffMember], Awaitable[web.StreamResponse]]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _refuse(error: type[web.HTTPException], key: str, **params: Any) -> web.HTTPException:
    body = {"ok": False, "error": key.rsplit(".", 1)[-1], "message": translate(LANG, key, **params)}
    return error(text=json.dumps(body, ensure_ascii=False), content_type="application/json")


class StaffSessions:
    """Issues and checks staff sessions, and serves sign-in, sign-in links, who-am-I and sign-out."""

    def __init__(
        self,
        catalog: Catalog,
        secret: bytes,
        idle: dt.timedelta,
        clock: Clock | None = None,
        *,
        public_url: str = "",
        lock: LockPolicy | None = None,
        trust_proxy: tuple[str, ...] = (),
        link_hours: int = 72,
    ) -> None:
        self.catalog, self.secret, self.idle = catalog, secret, idle
        self.clock = clock or _utc_now
        self.secure = public_url.startswith("https://")
        parts = urlsplit(public_url)
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
        self.lockout = Lockout(lock or LockPolicy())
        #: The reverse proxies whose X-Forwarded-For is believed (EdgeSettings.trust_proxy).
        self.proxies = networks(trust_proxy)
        self.link_valid = dt.timedelta(hours=link_hours)

    def routes(self) -> list[web.RouteDef]:
        return [
            web.post("/api/staff/signin", self.sign_in),
            web.post("/api/staff/link", self.use_link),
            web.get("/api/staff/me", self.signed_in(self.me)),
            web.get("/api/staff/session", self.current),
            web.post("/api/staff/signout", self.sign_out),
            web.post("/api/staff/chat-code", self.signed_in(self.chat_code)),
        ]

    # -- tokens ---------------------------------------------------------------------
    def issue(self, member: StaffMember) -> str:
        now = int(self.clock().timestamp())
        return staff_token(self.secret, StaffClaim(member.id, member.token_version, now))

    def csrf(self, member: StaffMember) -> str:
        """The page's CSRF token: bound to the member and token version, so it changes at every sign-out."""
        return sign(self.secret, "staff-csrf", f"{member.id}.{member.token_version}")

    def set_session(self, response: web.StreamResponse, member: StaffMember) -> None:
        response.set_cookie(
            COOKIE,
            self.issue(member),
            max_age=int(self.idle.total_seconds()),
            path="/",
            httponly=True,
            secure=self.secure,
            samesite="Strict",
        )

    def _same_origin(self, request: web.Request) -> bool:
        """An Origin header, where the browser sent one, naming this server (its public URL or its Host)."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True
        return (bool(self.origin) and origin == self.origin) or urlsplit(origin).netloc == request.host

    async def check(self, request: web.Request) -> tuple[StaffMember, bool]:
        """The member behind the request's session and whether to renew it; 401 (or 403 for CSRF) otherwise."""
        claim = read_staff_token(self.secret, request.cookies.get(COOKIE, ""))
        now = self.clock().timestamp()
        member = None
        if claim and now - self.idle.total_seconds() < claim.issued < now + CLOCK_SKEW.total_seconds():
            member = await StaffMember.get_or_none(id=claim.member_id, active=True, token_version=claim.version)
        if member is None or claim is None:
            raise _refuse(web.HTTPUnauthorized, "staffview.session_over")
        if request.method not in SAFE and not (
            self._same_origin(request) and same(request.headers.get(CSRF_HEADER, ""), self.csrf(member))
        ):
            raise _refuse(web.HTTPForbidden, "staffview.csrf")
        return member, now - claim.issued >= RENEW_AFTER.total_seconds()

    async def member_of(self, request: web.Request) -> StaffMember | None:
        """The signed-in member, if any (for pages that show more to members); never raises."""
        try:
            member, _ = await self.check(request)
        except web.HTTPException:
            return None
        return member

    def signed_in(self, handler: SignedInHandler) -> Handler:
        """Wraps a handler that needs a member: it is given one, and its answer carries any renewed session."""

        @functools.wraps(handler)
        async def run(request: web.Request) -> web.StreamResponse:
            member, renew = await self.check(request)
            response = await handler(request, member)
            if renew and member.active:
                await member.refresh_from_db(fields=["token_version", "active"])
                if member.active:
                    self.set_session(response, member)
            return response

        return run

    # -- sign-in ----------------------------------------------------------------------
    def _address(self, request: web.Request) -> str:
        return client_address(request, self.proxies)

    def _until(self, moment: dt.datetime) -> str:
        return moment.astimezone(_SHANGHAI).strftime("%H:%M")

    async def sign_in(self, request: web.Request) -> web.Response:
        """Login and password; refused alike for an unknown login and a wrong password, locked after failures."""
        if not self._same_origin(request):
            raise _refuse(web.HTTPForbidden, "staffview.csrf")
        body = await json_body(request)
        login = clean_text(body.get("login", ""), "login").strip()[:64]
        password = clean_text(body.get("password", ""), "password")
        keys = [f"account:{login.casefold()}", f"address:{self._address(request)}"]
        if until := await self.lockout.locked_until(keys):
            raise _refuse(web.HTTPTooManyRequests, "staffview.locked", until=self._until(until))
        member = await StaffMember.get_or_none(login=login, active=True) if login else None
        if member is None or not await verify_password(member.password_hash, password):
            if until := await self.lockout.failed(keys):
                log.warning("staff sign-in locked after repeated failures (account or address)")
                raise _refuse(web.HTTPTooManyRequests, "staffview.locked", until=self._until(until))
            raise _refuse(web.HTTPUnauthorized, "staffview.wrong_password")
        await self.lockout.succeeded(keys[0])
        return self._signed_in_answer(member)

    def _signed_in_answer(self, member: StaffMember) -> web.Response:
        response = web.json_response({"ok": True, "member": member_json(member), "csrf": self.csrf(member)})
        self.set_session(response, member)
        return response

    def link(self, member: StaffMember) -> str:
        """A sign-in link's token: sets a password once, for ``link_hours``."""
        claim = StaffClaim(member.id, member.token_version, int(self.clock().timestamp()))
        return staff_token(self.secret, claim, "staff-link")

    async def use_link(self, request: web.Request) -> web.Response:
        """A sign-in link and a new password: the password is set, the link and older sessions end, and
        the member is signed in."""
        if not self._same_origin(request):
            raise _refuse(web.HTTPForbidden, "staffview.csrf")
        body = await json_body(request)
        token = clean_text(body.get("token", ""), "token")
        password = clean_text(body.get("password", ""), "password")
        claim = read_staff_token(self.secret, token, "staff-link")
        now = self.clock().timestamp()
        member = None
        if claim and now - self.link_valid.total_seconds() < claim.issued < now + CLOCK_SKEW.total_seconds():
            member = await StaffMember.get_or_none(id=claim.member_id, active=True, token_version=claim.version)
        if member is None or claim is None:
            raise _refuse(web.HTTPUnauthorized, "staffview.link_used")
        if problem := password_problem(password):
            raise _refuse(web.HTTPBadRequest, problem)
        hashed = await hash_password_async(password)
        # Only the link's version is changed: two uses of one link at once cannot both set a password.
        changed = await StaffMember.filter(id=member.id, token_version=claim.version).update(
            password_hash=hashed, token_version=claim.version + 1
        )
        if not changed:
            raise _refuse(web.HTTPUnauthorized, "staffview.link_used")
        await member.refresh_from_db()
        await self.lockout.succeeded(f"account:{(member.login or '').casefold()}")
        return self._signed_in_answer(member)

    async def current(self, request: web.Request) -> web.Response:
        """Who is signed in, or ``{"member": null}``: the page asks at start, when being signed out is no error."""
        member = await self.member_of(request)
        if member is None:
            return web.json_response({"member": None})
        return web.json_response({"member": member_json(member), "csrf": self.csrf(member)})

    async def chat_code(self, request: web.Request, member: StaffMember) -> web.Response:
        """A code to send from the member's Telegram account, so that its card presses are theirs."""
        code, expires = await issue_code(member)
        until = self._until(expires)
        return web.json_response(
            {
                "code": code,
                "expires": expires.isoformat(),
                "how": translate(LANG, "staffview.chat_code_how", code=code, until=until),
                "linked": await chat_accounts(member),
            }
        )

    async def me(self, request: web.Request, member: StaffMember) -> web.Response:
        return web.json_response({**member_json(member), "csrf": self.csrf(member)})

    async def sign_out(self, request: web.Request) -> web.Response:
        """Ends every session of this member (all their devices): a token alone cannot be struck off statelessly."""
        member, _ = await self.check(request)
        await end_sessions(member.id)
        response = web.json_response({"ok": True, "message": translate(LANG, "staffview.signed_out")})
        response.del_cookie(COOKIE, path="/")
        return response


def member_json(member: StaffMember) -> dict[str, Any]:
    return {
        "id": member.id,
        "name": member.name,
        "login": member.login,
        "department": member.department,
        "role": str(member.role),
        "is_admin": member.is_admin,
    }
