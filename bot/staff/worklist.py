"""The desk's worklist (待我处理), search and assignment over HTTP; the page is static/desk.html."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.channels.http import clean_text, json_body, parse_int, static_page, strings
from bot.staff import access
from bot.staff.sessions import StaffSessions
from casework import worklist as work
from casework.assignment import assign, colleagues
from casework.decisions import Decisions, Refusal
from handlers.catalog import Catalog
from handlers.lifecycle import OPEN
from handlers.workdays import WorkCalendar
from locales import translate
from models.case import Case, CaseItem
from models.staff import StaffCard, StaffMember

LANG = "zh_CN"
STATIC = "staff/static"
#: Due dates and "today" are counted on Beijing time.
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def departments_of(member: StaffMember, catalog: Catalog) -> list[str] | None:
    """The departments whose work the member sees; None for every one (supervisors, admins)."""
    if member.active and member.role in access.EVERYWHERE:
        return None
    return access.departments_of(member, catalog)


class Worklist:
    """待我处理 for the signed-in member: the list with its filters, search, and assignment."""

    def __init__(
        self,
        catalog: Catalog,
        sessions: StaffSessions,
        calendar: WorkCalendar,
        clock: Callable[[], dt.datetime],
        decisions: Decisions,
    ) -> None:
        self.catalog, self.sessions, self.calendar, self.clock = catalog, sessions, calendar, clock
        #: Its drawer redraws the card an assignment changed; its after_commit sends it to the chats.
        self.decisions = decisions

    def routes(self) -> list[web.RouteDef]:
        signed_in = self.sessions.signed_in
        return [
            web.get("/desk", self.page),
            web.get("/api/staff/desk/strings", self.strings),
            web.get("/api/staff/worklist", signed_in(self.listing)),
            web.get("/api/staff/search", signed_in(self.search)),
            web.get("/api/staff/colleagues", signed_in(self.colleagues)),
            web.post("/api/staff/assign", signed_in(self.assign)),
        ]

    async def page(self, request: web.Request) -> web.Response:
        return static_page("desk.html", STATIC)

    async def strings(self, request: web.Request) -> web.Response:
        return strings(LANG, "desk.")

    def scope(self, member: StaffMember) -> work.Scope:
        today = self.clock().astimezone(SHANGHAI).date()
        return work.Scope(departments_of(member, self.catalog), member.id, today, self.calendar, self.catalog)

    async def listing(self, request: web.Request, member: StaffMember) -> web.Response:
        entries = await work.worklist(self.scope(member), _filter(request))
        return web.json_response({"entries": [self._entry_json(e) for e in entries], "choices": self._choices(member)})

    async def search(self, request: web.Request, member: StaffMember) -> web.Response:
        term = clean_text(request.query.get("q", ""), "q").strip()
        if len(term) < 2 or len(term) > 40:
            return web.json_response({"cases": []})
        found = await work.search(self.scope(member), term, member.ref)
        return web.json_response({"cases": [self._case_json(c) for c in found], "kind": work.search_kind(term)})

    async def colleagues(self, request: web.Request, member: StaffMember) -> web.Response:
        department = clean_text(request.query.get("department", ""), "department")
        if not access.may_assign(member, department):
            return web.json_response({"members": []})
        return web.json_response({"members": [{"id": m.id, "name": m.name} for m in await colleagues(department)]})

    async def assign(self, request: web.Request, member: StaffMember) -> web.Response:
        body = await json_body(request)
        item_id = parse_int(body.get("item_id"), "item_id", low=1)
        to = None if body.get("to") in (None, "") else parse_int(body.get("to"), "to", low=1)
        reason = clean_text(body.get("reason", ""), "reason")[:200]
        outcome = await assign_checked(member, item_id, to, reason)
        if isinstance(outcome, Refusal):
            message = translate(LANG, f"desk.refused.{outcome.key}", **outcome.params)
            return web.json_response({"ok": False, "message": message}, status=403 if "no_item" in outcome.key else 409)
        card = await StaffCard.get_or_none(case_id=outcome.case_id, department=outcome.department)  # type: ignore[attr-defined]
        if card is not None:
            await self.decisions.drawer.draw(card)
        if self.decisions.after_commit is not None:
            self.decisions.after_commit()
        return web.json_response({"ok": True, "message": translate(LANG, "desk.assigned")})

    def _entry_json(self, entry: work.WorkEntry) -> dict[str, Any]:
        if not entry.scenario_id:
            return self._request_json(entry)
        scenario = self.catalog.scenarios[entry.scenario_id]
        return {
            "kind": entry.kind,
            "kind_text": translate(LANG, f"desk.kind.{entry.kind}"),
            "number": entry.case_number,
            "scenario": scenario.name.get(LANG),
            "item_id": entry.item_id,
            "item": scenario.item(entry.item_key).name.get(LANG),
            "department": entry.department,
            "department_name": self.catalog.department_name(entry.department, LANG),
            "status": entry.status,
            "status_text": translate(LANG, f"item.status.{entry.status}"),
            "due": entry.due.isoformat() if entry.due else "",
            "days_left": entry.days_left,
            "urgency": entry.urgency,
            "assignee_id": entry.assignee_id,
            "assignee": entry.assignee,
            "applicant": entry.applicant,
            "filed": entry.filed.isoformat(),
        }

    def _request_json(self, entry: work.WorkEntry) -> dict[str, Any]:
        """A request (留言, 依申请公开, 好差评 follow-up): shown in the list, handled on the requests page."""
        kind = translate(LANG, f"desk.kind.{entry.kind}")
        return {
            "kind": entry.kind,
            "kind_text": kind,
            "number": entry.case_number,
            "scenario": kind,
            "item_id": entry.item_id,
            "item": kind,
            "department": entry.department,
            "department_name": self.catalog.department_name(entry.department, LANG),
            "status": entry.status,
            "status_text": translate(LANG, "desk.request_open"),
            "due": entry.due.isoformat() if entry.due else "",
            "days_left": entry.days_left,
            "urgency": entry.urgency,
            "assignee_id": None,
            "assignee": "",
            "applicant": "",
            "filed": entry.filed.isoformat(),
            "link": "staff/requests",
        }

    def _case_json(self, case: Case) -> dict[str, Any]:
        return {
            "number": case.number,
            "scenario": self.catalog.scenarios[case.scenario_id].name.get(LANG),
            "status_text": translate(LANG, f"case.status.{case.status}"),
            "applicant": work.applicant(case, self.catalog),
            "filed": case.created_at.date().isoformat(),
        }

    def _choices(self, member: StaffMember) -> dict[str, Any]:
        departments = departments_of(member, self.catalog)
        scenarios = [
            s for s in self.catalog if departments is None or any(i.department in departments for i in s.items)
        ]
        return {
            "scenarios": [{"key": s.id, "name": s.name.get(LANG)} for s in scenarios],
            "items": sorted(
                {
                    (i.key, i.name.get(LANG))
                    for s in scenarios
                    for i in s.items
                    if departments is None or i.department in departments
                }
            ),
            "departments": departments,
            "statuses": [(s, translate(LANG, f"item.status.{s}")) for s in sorted(OPEN)],
        }


async def assign_checked(member: StaffMember, item_id: int, to: int | None, reason: str) -> CaseItem | Refusal:
    """Assignment behind the role check (a clerk may not hand out work); the service layer checks the rest."""
    item = await CaseItem.get_or_none(id=item_id)
    if item is None or not access.may_assign(member, item.department):
        return Refusal("assign.no_item")
    return await assign(member, item_id, to, reason)


def _filter(request: web.Request) -> work.WorkFilter:
    query = {k: clean_text(request.query.get(k, ""), k)[:48] for k in ("status", "scenario", "item", "due", "assignee")}
    return work.WorkFilter(**query, filed_from=_date(request, "from"), filed_to=_date(request, "to"))


def _date(request: web.Request, name: str) -> dt.date | None:
    raw = request.query.get(name, "")
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        raise web.HTTPBadRequest(text=f'{{"error": "{name}"}}', content_type="application/json") from None
