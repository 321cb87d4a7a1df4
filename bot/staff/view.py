"""The staff page: each department's case cards and their buttons, and the full case behind them.

It stands in for the department group chats in the embedded demo, and is where
staff on WeCom (whose group robots cannot take button presses) act on cards.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.channels.http import json_body, static_page, strings
from bot.files import FileStore
from bot.signing import same, staff_token
from casework.decisions import Decisions, Refusal
from casework.drawing import CardDrawer
from handlers.cards import CardPress, refusal_text
from handlers.catalog import Catalog
from handlers.lifecycle import OPEN_CASES, is_closed
from handlers.review import shown_value
from locales import translate
from models.case import Case, CaseEvent, CaseItem
from models.material import Material
from models.staff import StaffCard, StaffMember, StaffNotice

LANG = "zh_CN"
#: Where the page itself lives, inside the ``bot`` package.
STATIC = "staff/static"
#: HTTP status of each refusal, so clients can tell a stale card from a missing right.
REFUSAL_STATUS = {"staff.stale_card": 409, "staff.not_allowed": 409, "staff.not_member": 403, "staff.unknown_card": 404}


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
    ) -> None:
        #: Every decision goes through here; ``after_commit`` kicks the outbox relay once one has committed.
        self.decisions = Decisions(CardDrawer(catalog, public_url), after_commit)
        self.catalog, self.files = catalog, files
        self.secret, self.public_url, self.demo = secret, public_url, demo

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/staff", self.page),
            web.get("/api/staff/strings", self.strings),
            web.get("/api/staff/departments", self.departments),
            web.post("/api/staff/session", self.session),
            web.get("/api/staff/me", self.me),
            web.get("/api/staff/cards", self.cards),
            web.get("/api/staff/cases/{number}", self.case),
            web.get("/api/staff/files/{material_id}", self.file),
            web.post("/api/staff/actions", self.action),
        ]

    # -- identity -----------------------------------------------------------------
    def token_for(self, member_id: int) -> str:
        return staff_token(self.secret, member_id)

    async def member(self, request: web.Request) -> StaffMember:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        member_id, _, _ = token.partition(".")
        member = None
        if member_id.isdigit() and same(token, self.token_for(int(member_id))):
            member = await StaffMember.get_or_none(id=int(member_id), active=True)
        if member is None:
            raise web.HTTPUnauthorized(text='{"error": "staff session"}', content_type="application/json")
        return member

    # -- pages and lists -------------------------------------------------------------
    async def page(self, request: web.Request) -> web.Response:
        return static_page("staff.html", STATIC)

    async def strings(self, request: web.Request) -> web.Response:
        return strings(LANG, "staffview.")

    async def departments(self, request: web.Request) -> web.Response:
        used = sorted(
            {i.department for s in self.catalog for i in s.items}
            | {d for s in self.catalog for d in s.lead_departments}
        )
        listing = [
            {
                "key": key,
                "name": self.catalog.department_name(key, LANG),
                "open": await StaffCard.filter(department=key, case__status__in=list(OPEN_CASES)).count(),
            }
            for key in used
        ]
        return web.json_response({"departments": listing, "demo": self.demo})

    async def session(self, request: web.Request) -> web.Response:
        """Demo only: act as a department's demo member. Real staff get tokens from `yijianshi staff`."""
        if not self.demo:
            raise web.HTTPForbidden(text='{"error": "demo login is off"}', content_type="application/json")
        body = await json_body(request)
        department = str(body.get("department", ""))
        if department not in self.catalog.departments:
            raise web.HTTPBadRequest(text='{"error": "department"}', content_type="application/json")
        name = translate(LANG, "staffview.demo_member", department=self.catalog.department_name(department, LANG))
        member, _ = await StaffMember.get_or_create(
            channel="demo", external_id=f"demo-{department}", defaults={"name": name, "department": department}
        )
        return web.json_response({"token": self.token_for(member.id), "member": _member_json(member)})

    async def me(self, request: web.Request) -> web.Response:
        return web.json_response(_member_json(await self.member(request)))

    async def cards(self, request: web.Request) -> web.Response:
        await self.member(request)
        department = request.query.get("department", "")
        since = request.query.get("since", "")
        wait = min(max(int(request.query.get("wait", "0") or 0), 0), 25)
        deadline = asyncio.get_running_loop().time() + wait
        while True:
            listing = await self._listing(department)
            if listing["stamp"] != since or asyncio.get_running_loop().time() >= deadline:
                return web.json_response(listing)
            await asyncio.sleep(1.0)

    async def _listing(self, department: str) -> dict[str, Any]:
        rows = await StaffCard.filter(department=department).prefetch_related("case").order_by("-updated_at").limit(100)
        cards = [_card_json(card) for card in rows if card.body]
        cards.sort(key=lambda c: c["closed"])
        notices = await StaffNotice.filter(department=department).order_by("-id").limit(20)
        stamp = f"{max((c['updated'] for c in cards), default='')}|{notices[0].id if notices else 0}|{len(cards)}"
        return {
            "cards": cards,
            "notices": [{"id": n.id, "text": n.text, "time": n.created_at.isoformat()} for n in notices],
            "stamp": stamp,
        }

    async def case(self, request: web.Request) -> web.Response:
        member = await self.member(request)
        case = await Case.get_or_none(number=request.match_info["number"])
        if case is None:
            raise web.HTTPNotFound(text='{"error": "case"}', content_type="application/json")
        if not await _may_see(member, case.id):
            raise web.HTTPForbidden(text='{"error": "not your department"}', content_type="application/json")
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
            "answers": answers,
            "materials": [
                {"key": k, "name": scenario.material(k).name.get(LANG), "files": files}
                for k, files in materials.items()
            ],
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

    async def file(self, request: web.Request) -> web.StreamResponse:
        member = await self.member(request)
        material_id = request.match_info["material_id"]
        material = await Material.get_or_none(id=int(material_id)) if material_id.isdigit() else None
        if material is None:
            raise web.HTTPNotFound()
        if not await _may_see(member, material.case_id):  # type: ignore[attr-defined]
            raise web.HTTPForbidden()
        return web.FileResponse(self.files.path_of(material.sha256), headers={"Content-Type": material.mime})

    # -- the buttons ----------------------------------------------------------------
    async def action(self, request: web.Request) -> web.Response:
        member = await self.member(request)
        body = await json_body(request)
        press = CardPress.unpack(str(body.get("data", "")))
        if press is None:
            return _refusal("staff.unknown_card", 400)
        asked = {"fields": _strings(body.get("fields")), "materials": _strings(body.get("materials"))}
        outcome = await self.decisions.decide(member, press, str(body.get("note") or ""), asked)
        if isinstance(outcome, Refusal):
            text = refusal_text(outcome.key, outcome.params, self.catalog, translate)
            return web.json_response({"ok": False, "message": text}, status=REFUSAL_STATUS.get(outcome.key, 400))
        message = translate(LANG, f"staff.done.{outcome.action}")
        return web.json_response({"ok": True, "message": message, "card": _card_json(outcome.card)})


async def _may_see(member: StaffMember, case_id: int) -> bool:
    """Admins see every case; others the cases with an item of a department they act for."""
    if member.is_admin:
        return True
    departments = await CaseItem.filter(case_id=case_id).distinct().values_list("department", flat=True)
    return any(member.may_act_for(str(d)) for d in departments)


def _card_json(card: StaffCard) -> dict[str, Any]:
    return {
        "card_id": card.id,
        "version": card.version,
        "number": card.case.number,
        "text": card.body.get("text", ""),
        "buttons": card.body.get("buttons", []),
        "updated": card.updated_at.isoformat(),
        "closed": is_closed(card.case.status),
    }


def _actor(ref: str) -> str:
    """An audit actor as staff read it: the name of a staff ref, 'applicant' for the resident."""
    kind, _, rest = ref.partition(":")
    return rest.split(":", 1)[-1] if kind == "staff" else translate(LANG, "staffview.applicant")


def _member_json(member: StaffMember) -> dict[str, Any]:
    return {"id": member.id, "name": member.name, "department": member.department, "is_admin": member.is_admin}


def _refusal(key: str, status: int, **params: Any) -> web.Response:
    message = translate(LANG, key, **params)
    return web.json_response({"ok": False, "message": message}, status=status)


def _strings(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []
