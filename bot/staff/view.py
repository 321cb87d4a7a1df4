"""The staff page: each department's case cards and their buttons, and the full case behind them.

It stands in for the department group chats in the embedded demo, and is where
staff on WeCom (whose group robots cannot take button presses) act on cards.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.channels.http import clean_text, content_disposition, int_param, json_body, parse_int, static_page, strings
from bot.files import FileStore
from bot.holidays import coverage_warning, load_calendar
from bot.staff import access
from bot.staff.passwords import LockPolicy
from bot.staff.sessions import Clock, StaffSessions
from casework.decisions import Decisions, Refusal
from casework.drawing import CardDrawer
from handlers.cards import CardPress, refusal_text
from handlers.catalog import Catalog
from handlers.catalog.schema import Material as MaterialSpec
from handlers.lifecycle import OPEN_CASES, is_closed
from handlers.parts import part_label
from handlers.review import shown_value
from handlers.visits import VisitPress
from handlers.workdays import WorkCalendar
from locales import translate
from models.case import Case, CaseEvent
from models.material import Material
from models.staff import StaffCard, StaffMember, StaffNotice, staff_name

LANG = "zh_CN"
#: Where the page itself lives, inside the ``bot`` package.
STATIC = "staff/static"
#: HTTP status of each refusal, so clients can tell a stale card from a missing right.
REFUSAL_STATUS = {"staff.stale_card": 409, "staff.not_allowed": 409, "staff.not_member": 403, "staff.unknown_card": 404}


#: Cards the staff page lists: every open case up to this many, then this many closed ones.
OPEN_LIMIT, CLOSED_LIMIT = 1_000, 50

#: Due dates are counted on Beijing time.
_SHANGHAI = dt.timezone(dt.timedelta(hours=8))


class StaffView:
    """The staff page's HTTP API: sessions, a department's cards, the full case, files, and presses."""

    def __init__(
        self,
        catalog: Catalog,
        files: FileStore,
        after_commit: Callable[[], None],
        secret: bytes,
        public_url: str,
        demo: bool,
        idle: dt.timedelta = dt.timedelta(hours=12),
        clock: Clock | None = None,
        calendar: WorkCalendar | None = None,
        lock: LockPolicy | None = None,
        trust_proxy: tuple[str, ...] = (),
        link_hours: int = 72,
    ) -> None:
        #: Every decision goes through here; ``after_commit`` kicks the outbox relay once one has committed.
        self.decisions = Decisions(
            CardDrawer(catalog, public_url), after_commit, calendar or load_calendar(catalog.directory)
        )
        self.catalog, self.files, self.public_url = catalog, files, public_url
        self.sessions = StaffSessions(
            catalog,
            secret,
            idle,
            clock,
            public_url=public_url,
            lock=lock,
            trust_proxy=trust_proxy,
            link_hours=link_hours,
        )
        #: A demo (`yijianshi run`): the page shows a 演示 badge; sign-in is the same as everywhere.
        self.demo = demo
        #: Warned about on the page when its holidays run out soon (None: no warning).
        self.calendar = calendar

    def routes(self) -> list[web.RouteDef]:
        signed_in = self.sessions.signed_in
        return [
            web.get("/staff", self.page),
            web.get("/api/staff/strings", self.strings),
            web.get("/api/staff/departments", self.departments),
            *self.sessions.routes(),
            web.get("/api/staff/cards", signed_in(self.cards)),
            web.get("/api/staff/cases/{number}", signed_in(self.case)),
            web.get("/api/staff/files/{material_id}", signed_in(self.file)),
            web.post("/api/staff/actions", signed_in(self.action)),
        ]

    # -- pages and lists -------------------------------------------------------------
    async def page(self, request: web.Request) -> web.Response:
        return static_page("staff.html", STATIC)

    async def strings(self, request: web.Request) -> web.Response:
        return strings(LANG, "staffview.")

    async def departments(self, request: web.Request) -> web.Response:
        """Names for anyone; open counts only for the departments a signed-in member may list."""
        member = await self.sessions.member_of(request)
        used = sorted(
            {i.department for s in self.catalog for i in s.items}
            | {d for s in self.catalog for d in s.lead_departments}
        )
        listing: list[dict[str, Any]] = []
        for key in used:
            entry: dict[str, Any] = {"key": key, "name": self.catalog.department_name(key, LANG)}
            if member is not None and access.may_list(member, key):
                entry["open"] = await StaffCard.filter(department=key, case__status__in=list(OPEN_CASES)).count()
            listing.append(entry)
        return web.json_response({"departments": listing, "demo": self.demo, "calendar": self._calendar()})

    def _calendar(self) -> str | None:
        """The warning that the holidays known run out within 60 days, for the page's banner."""
        if self.calendar is None:
            return None
        today = self.sessions.clock().astimezone(_SHANGHAI).date()
        if coverage_warning(self.calendar, today) is None:
            return None
        until = self.calendar.covered_until
        days = self.calendar.days_covered_ahead(today)
        return translate(LANG, "staffview.calendar_short", until=until.isoformat() if until else "-", days=days)

    async def cards(self, request: web.Request, member: StaffMember) -> web.Response:
        department = clean_text(request.query.get("department", ""), "department")
        if not access.may_list(member, department):
            name = self.catalog.department_name(department, LANG) if department in self.catalog.departments else "?"
            return _refusal("staffview.not_your_department", 403, department=name)
        since = clean_text(request.query.get("since", ""), "since")
        wait = int_param(request, "wait", high=25)
        deadline = asyncio.get_running_loop().time() + wait
        while True:
            stamp = await change_stamp(department)
            if stamp != since:
                return web.json_response(await self._listing(department, stamp))
            if asyncio.get_running_loop().time() >= deadline:
                # An idle desk: nothing was loaded or rendered, and nothing is sent but the stamp.
                return web.json_response({"unchanged": True, "stamp": stamp})
            await asyncio.sleep(1.0)

    async def _listing(self, department: str, stamp: str) -> dict[str, Any]:
        # Every open case first (none may drop out of view however old), then the latest closed ones.
        mine = StaffCard.filter(department=department).prefetch_related("case")
        open_rows = await mine.filter(case__status__in=list(OPEN_CASES)).order_by("-updated_at").limit(OPEN_LIMIT)
        closed = await mine.exclude(case__status__in=list(OPEN_CASES)).order_by("-updated_at").limit(CLOSED_LIMIT)
        cards = [_card_json(card, self.public_url) for card in [*open_rows, *closed] if card.body]
        notices = await StaffNotice.filter(department=department).order_by("-id").limit(20)
        return {
            "cards": cards,
            "notices": [{"id": n.id, "text": n.text, "time": n.created_at.isoformat()} for n in notices],
            "stamp": stamp,
        }

    async def case(self, request: web.Request, member: StaffMember) -> web.Response:
        case = await Case.get_or_none(number=clean_text(request.match_info["number"], "number"))
        # One answer for "not yours" and "no such case": a refusal must not confirm that a number exists.
        if case is None or not await access.may_see_case(member, case, self.catalog):
            return _refusal("staffview.no_case", 404)
        return web.json_response(await self._detail(case))

    async def _detail(self, case: Case) -> dict[str, Any]:
        scenario = self.catalog.scenarios[case.scenario_id]
        materials: dict[str, list[dict[str, Any]]] = {}
        for m in await Material.filter(case=case).order_by("id"):
            materials.setdefault(m.key, []).append(
                # scanned is False for files no virus scanner checked: the page marks them 未查毒
                {"name": m.filename, "url": f"api/staff/files/{m.id}", "kind": m.kind, "scanned": m.scanned is True}
            )
        events = await CaseEvent.filter(case=case).order_by("id")
        answers = [
            {"label": q.label.get(LANG), "value": shown_value(q, case.answers[q.key], LANG, translate)}
            for q in scenario.fields
            if q.key in case.answers
        ]
        return {
            "number": case.number,
            "scenario": scenario.name.get(LANG),
            "status": translate(LANG, f"case.status.{case.status}"),
            "due": _due(case),
            "answers": answers,
            "materials": [
                {"key": k, "name": scenario.material(k).name.get(LANG), "files": _parts(scenario.material(k), files)}
                for k, files in materials.items()
            ],
            "owed": [{"key": k, "name": scenario.material(k).name.get(LANG)} for k in case.owed],
            "fields": [{"key": q.key, "label": q.label.get(LANG)} for q in scenario.fields if q.key in case.answers],
            "material_keys": [{"key": m.key, "name": m.name.get(LANG)} for m in scenario.materials],
            "events": [
                {
                    "time": e.created_at.isoformat(),
                    "actor": _actor(e.actor),
                    "action": e.action,
                    "note": e.note,
                }
                for e in events
            ],
        }

    async def file(self, request: web.Request, member: StaffMember) -> web.StreamResponse:
        material_id = parse_int(request.match_info["material_id"], "material_id", low=1)
        material = await Material.get_or_none(id=material_id).prefetch_related("case")
        if material is None or not await access.may_see_case(member, material.case, self.catalog):
            return _refusal("staffview.no_case", 404)
        # A document is downloaded, never rendered by the browser on our origin.
        disposition = content_disposition(material.filename)
        headers = {"Content-Type": material.mime, "Content-Disposition": disposition, "Cache-Control": "no-store"}
        return web.FileResponse(self.files.path_of(material.sha256), headers=headers)

    # -- the buttons ----------------------------------------------------------------
    async def action(self, request: web.Request, member: StaffMember) -> web.Response:
        body = await json_body(request)
        data = clean_text(body.get("data", ""), "data")
        press, visit = CardPress.unpack(data), VisitPress.unpack(data)
        note, asked = clean_text(body.get("note"), "note"), {"fields": _strings(body.get("fields"))}
        if visit is not None:
            return await self._visit(member, visit, note)
        if press is None:
            return _refusal("staff.unknown_card", 400)
        asked["materials"] = _strings(body.get("materials"))
        outcome = await self.decisions.decide(member, press, note, asked)
        if isinstance(outcome, Refusal):
            text = refusal_text(outcome.key, outcome.params, self.catalog, translate)
            return web.json_response({"ok": False, "message": text}, status=REFUSAL_STATUS.get(outcome.key, 400))
        message = translate(LANG, f"staff.done.{outcome.action}")
        return web.json_response({"ok": True, "message": message, "card": _card_json(outcome.card, self.public_url)})

    async def _visit(self, member: StaffMember, press: VisitPress, text: str) -> web.Response:
        """A joint-visit button: the time proposed, a confirmation, or why a department cannot come."""
        outcome = await self.decisions.visit(member, press, text)
        if isinstance(outcome, Refusal):
            message = refusal_text(outcome.key, outcome.params, self.catalog, translate)
            return web.json_response({"ok": False, "message": message}, status=REFUSAL_STATUS.get(outcome.key, 400))
        done = "fixed" if outcome.fixed else press.verb
        card = await StaffCard.get(id=press.card_id).prefetch_related("case")
        message = translate(LANG, f"visit.done.{done}")
        return web.json_response({"ok": True, "message": message, "card": _card_json(card, self.public_url)})


async def change_stamp(department: str) -> str:
    """What changes whenever the department's listing would: its latest card change, latest notice and
    card count, read with three small queries and no card loaded."""
    cards = StaffCard.filter(department=department)
    latest = await cards.order_by("-updated_at").first().values_list("updated_at", flat=True)
    notice = await StaffNotice.filter(department=department).order_by("-id").first().values_list("id", flat=True)
    moment = latest.isoformat() if isinstance(latest, dt.datetime) else ""
    return f"{moment}|{notice or 0}|{await cards.count()}"


def _card_json(card: StaffCard, public_url: str) -> dict[str, Any]:
    """A card for the page: its text is plain text to show as is; the page links the case by its number.

    The line with the card's own link (for chat groups) is left out, so nothing in the text is
    meant as a link and the page never needs to look for addresses in text residents typed.
    """
    link = f"{public_url}/staff#department={card.department}&case={card.case.number}"
    own_link = translate(LANG, "card.link", link=link)
    return {
        "card_id": card.id,
        "version": card.version,
        "number": card.case.number,
        "text": "\n".join(line for line in card.body.get("text", "").split("\n") if line != own_link),
        "buttons": card.body.get("buttons", []),
        "updated": card.updated_at.isoformat(),
        "closed": is_closed(card.case.status),
    }


def _parts(material: MaterialSpec, files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each file with the side or page it is (正面, 第2页), so staff see every part of the document."""
    count = len(files)
    return [dict(f, part=part_label(material, i, count, LANG, translate)) for i, f in enumerate(files)]


def _due(case: Case) -> str:
    """The case's due date, marked provisional where it was counted past the holidays known."""
    if case.due_date is None:
        return ""
    provisional = translate(LANG, "due.provisional") if case.due_provisional else ""
    return translate(LANG, "staffview.due", due=case.due_date.isoformat() + provisional)


def _actor(ref: str) -> str:
    """An audit actor as staff read it: the name of a staff ref, 'applicant' for the resident."""
    return staff_name(ref) or translate(LANG, "staffview.applicant")


def _refusal(key: str, status: int, **params: Any) -> web.Response:
    message = translate(LANG, key, **params)
    return web.json_response({"ok": False, "message": message}, status=status)


def _strings(value: Any) -> list[str]:
    return [clean_text(v, "fields") for v in value] if isinstance(value, list) else []
