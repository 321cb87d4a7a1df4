"""The staff page's requests (留言, 依申请公开, 好差评 follow-ups): queues by kind, the timeline, and the actions.

Every action goes through ``casework.requests.RequestDesk``, which checks the member's
department on the server; refusals come back as bot/staff/view.py gives them. Signed in as
the staff page is (``StaffSessions``); other kinds add their own actions to ``ACTIONS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.channels.http import clean_text, content_disposition, json_body, parse_int, static_page, strings
from bot.files import FileStore
from bot.staff import access, disclosure
from bot.staff.sessions import StaffSessions
from casework.decisions import Refusal
from casework.requests import RequestDesk
from handlers.catalog import Catalog
from handlers.request_lifecycle import RequestAction, RequestKind, RequestStatus, overdue
from handlers.requests import kind_name
from locales import translate
from models import db
from models.requests import Request, RequestEvent, for_department
from models.staff import StaffMember, staff_name

LANG = "zh_CN"
STATIC = "staff/static"
#: HTTP status of each refusal, as the staff page's card presses answer.
REFUSAL_STATUS = {
    "requests.refused.unknown": 404,
    "requests.refused.not_member": 403,
    "requests.refused.not_allowed": 409,
}

#: An action as the page posts it: the desk call it makes, from the member, the number and the body.
Action = Callable[[RequestDesk, StaffMember, str, dict[str, Any]], Awaitable[Request | Refusal]]


def _text(body: dict[str, Any]) -> str:
    return clean_text(body.get("text"), "text").strip()


#: By the audit-log action each one records (the page posts its value).
ACTIONS: dict[str, Action] = {
    RequestAction.ANSWER: lambda d, m, n, b: d.answer(m, n, _text(b), publish=b.get("publish") is True),
    RequestAction.PASS_ON: lambda d, m, n, b: d.pass_on(m, n, clean_text(b.get("department"), "department"), _text(b)),
    RequestAction.ASK_CORRECTION: lambda d, m, n, b: d.ask_correction(m, n, _text(b)),
    RequestAction.EXTEND: lambda d, m, n, b: d.extend(
        m, n, _text(b), parse_int(b["days"], "days", 1, 60) if b.get("days") not in (None, "") else None
    ),
    RequestAction.CLOSE: lambda d, m, n, b: d.close(m, n, _text(b)),
}


class RequestsView:
    """``/staff/requests`` and its API; shares the staff page's sign-in."""

    def __init__(self, catalog: Catalog, desk: RequestDesk, sessions: StaffSessions, files: FileStore) -> None:
        self.catalog, self.desk, self.sessions, self.files = catalog, desk, sessions, files

    def routes(self) -> list[web.RouteDef]:
        signed_in = self.sessions.signed_in
        return [
            web.get("/staff/requests", self.page),
            web.get("/api/staff/requests/strings", self.strings),
            web.get("/api/staff/requests", signed_in(self.listing)),
            web.get("/api/staff/requests/{number}", signed_in(self.detail)),
            web.post("/api/staff/requests/{number}/actions", signed_in(self.action)),
            web.get("/api/staff/requests/{number}/photos/{index}", signed_in(self.photo)),
        ]

    async def page(self, request: web.Request) -> web.Response:
        return static_page("requests.html", STATIC)

    async def strings(self, request: web.Request) -> web.Response:
        return strings(LANG, "requests.page.")

    async def listing(self, request: web.Request, member: StaffMember) -> web.Response:
        """The member's department's requests (every department's for supervisors and admins), by kind and
        status, soonest due first."""
        kind = _enum(RequestKind, request.query.get("kind"), "kind")
        status = _enum(RequestStatus, request.query.get("status"), "status")
        department = None if member.role in access.EVERYWHERE else member.department or ""
        today = db.now().date()
        rows = await for_department(department, kind, status)
        return web.json_response(
            {
                "requests": [self._summary(r, today) for r in rows],
                "departments": [
                    {"key": k, "name": self.catalog.department_name(k, LANG)} for k in self.catalog.departments
                ],
                "member": {"name": member.name, "admin": member.is_admin, "department": member.department},
            }
        )

    async def detail(self, request: web.Request, member: StaffMember) -> web.Response:
        found = await Request.get_or_none(number=clean_text(request.match_info["number"], "number"))
        # One answer for "not yours" and "no such request": a refusal must not confirm that a number exists.
        if found is None or not access.may_list(member, found.department):
            return _refusal("requests.refused.unknown", 404)
        events = await RequestEvent.filter(request=found).order_by("id")
        shown = {**self._summary(found, db.now().date()), **_full(found, events)}
        if found.kind == RequestKind.DISCLOSURE:
            shown["payload"] = disclosure.shown_payload(shown["payload"])
            shown["disclosure"] = {**disclosure.choices(), "applicant": disclosure.applicant(found.payload)}
        return web.json_response(shown)

    async def photo(self, request: web.Request, member: StaffMember) -> web.StreamResponse:
        """A photo the resident sent with the message, downloaded (never rendered on our origin)."""
        found = await Request.get_or_none(number=clean_text(request.match_info["number"], "number"))
        photos = found.payload.get("photos", []) if found is not None else []
        index = parse_int(request.match_info["index"], "index", high=99)
        if found is None or not access.may_list(member, found.department) or index >= len(photos):
            return _refusal("requests.refused.unknown", 404)
        photo = photos[index]
        headers = {"Content-Type": str(photo["mime"]), "Content-Disposition": content_disposition(str(photo["name"]))}
        return web.FileResponse(
            self.files.path_of(str(photo["sha256"])), headers={**headers, "Cache-Control": "no-store"}
        )

    async def action(self, request: web.Request, member: StaffMember) -> web.Response:
        body = await json_body(request)
        number = clean_text(request.match_info["number"], "number")
        name = clean_text(body.get("action"), "action")
        is_disclosure = await Request.filter(number=number, kind=RequestKind.DISCLOSURE).exists()
        act: Action | None = disclosure.ACTIONS.get(name) if is_disclosure else None
        act = act or ACTIONS.get(name)
        if act is None:
            raise web.HTTPBadRequest(text='{"error": "action"}', content_type="application/json")
        outcome = await act(self.desk, member, number, body)
        if isinstance(outcome, Refusal):
            message = translate(LANG, outcome.key, **self._shown(outcome.params))
            return web.json_response({"ok": False, "message": message}, status=REFUSAL_STATUS.get(outcome.key, 400))
        message = translate(LANG, f"requests.page.done.{body['action']}")
        return web.json_response({"ok": True, "message": message, "request": self._summary(outcome, db.now().date())})

    def _summary(self, r: Request, today: dt.date) -> dict[str, Any]:
        due = r.due_date.isoformat() if r.due_date else ""
        return {
            "number": r.number,
            "kind": r.kind,
            "subkind": r.subkind,
            "what": kind_name(r.kind, r.subkind, LANG, translate),
            "department": r.department,
            "department_name": self._department(r.department),
            "status": r.status,
            "status_name": translate(LANG, f"requests.status.{r.status}"),
            "due": due + (translate(LANG, "due.provisional") if due and r.due_provisional else ""),
            "overdue": overdue(r.status, r.due_date, today),
            "escalated": r.escalated_at is not None,
            "extended": r.extended,
            "text": r.text,
            "created": r.created_at.isoformat(),
        }

    def _department(self, key: str) -> str:
        return self.catalog.department_name(key, LANG) if key in self.catalog.departments else key

    def _shown(self, params: dict[str, Any]) -> dict[str, Any]:
        shown = dict(params)
        if "department" in shown:
            shown["department"] = self._department(shown["department"])
        if "status" in shown:
            shown["status"] = translate(LANG, f"requests.status.{shown['status']}")
        return shown


def _full(r: Request, events: list[RequestEvent]) -> dict[str, Any]:
    return {
        "payload": {k: v for k, v in r.payload.items() if k not in ("correction_asked", "photos")},
        "photos": [
            {"name": p["name"], "url": f"requests/{r.number}/photos/{i}", "scanned": p.get("scanned") is True}
            for i, p in enumerate(r.payload.get("photos", []))
        ],
        "correction_due": r.correction_due.isoformat() if r.correction_due else "",
        "answer": r.answer,
        "publishable": r.publishable,
        "published": r.published,
        "rating": translate(LANG, f"requests.rating.{r.rating}") if r.rating else "",
        "rating_comment": r.rating_comment,
        "resolved": r.resolved,
        "events": [
            {
                "time": e.at.isoformat(),
                "actor": _actor(e.actor),
                "action": translate(LANG, f"requests.page.action.{e.action}"),
                "note": e.note,
            }
            for e in events
        ],
    }


def _actor(ref: str) -> str:
    if (name := staff_name(ref)) is not None:
        return name
    system = ref == "system" or ref.startswith("system:")
    return translate(LANG, "requests.page.system" if system else "requests.page.resident")


def _enum(kind: Any, raw: str | None, name: str) -> Any:
    if not raw:
        return None
    if raw not in {m.value for m in kind}:
        raise web.HTTPBadRequest(text=f'{{"error": "{name}"}}', content_type="application/json")
    return kind(raw)


def _refusal(key: str, status: int, **params: Any) -> web.Response:
    return web.json_response({"ok": False, "message": translate(LANG, key, **params)}, status=status)
