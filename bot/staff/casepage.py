"""The desk's case page: the timeline from the audit log in Chinese, the items with their buttons,
the 常用语 for notes, and the application as a printable PDF.

The buttons are the department cards' own (``StaffCard.body``), pressed through ``/api/staff/actions``:
the one decision path, with its checks.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.channels.http import clean_text
from bot.staff import access
from bot.staff.phrases import Phrases
from bot.staff.printout import application_pdf
from bot.staff.sessions import StaffSessions
from handlers.cards import CardPress
from handlers.catalog import Catalog
from handlers.catalog.schema import Scenario
from handlers.lifecycle import CaseAction, StaffAction
from locales import translate
from models import db
from models.case import Case, CaseEvent, CaseItem
from models.staff import StaffCard, StaffMember, staff_name

LANG = "zh_CN"


def t(key: str, **params: Any) -> str:
    return translate(LANG, f"timeline.{key}", **params)


class CasePage:
    """``/api/staff/desk/cases/{number}`` (timeline, items, buttons, phrases) and its ``.pdf``."""

    def __init__(self, catalog: Catalog, sessions: StaffSessions, phrases: Phrases) -> None:
        self.catalog, self.sessions, self.phrases = catalog, sessions, phrases

    def routes(self) -> list[web.RouteDef]:
        signed_in = self.sessions.signed_in
        return [
            web.get("/api/staff/desk/cases/{number}", signed_in(self.case)),
            web.get("/api/staff/desk/cases/{number}/print.pdf", signed_in(self.printout)),
        ]

    async def _visible(self, request: web.Request, member: StaffMember) -> Case:
        """The case if the member may see it; one 404 for "not yours" and "no such case"."""
        case = await Case.get_or_none(number=clean_text(request.match_info["number"], "number"))
        if case is None:
            raise web.HTTPNotFound(text='{"error": "case"}', content_type="application/json")
        if not await access.may_see_case(member, case, self.catalog):
            raise web.HTTPNotFound(text='{"error": "case"}', content_type="application/json")
        return case

    async def case(self, request: web.Request, member: StaffMember) -> web.Response:
        case = await self._visible(request, member)
        scenario = self.catalog.scenarios[case.scenario_id]
        items = await CaseItem.filter(case=case).order_by("id").prefetch_related("assignee")
        cards = {c.department: c for c in await StaffCard.filter(case=case)}
        events = await CaseEvent.filter(case=case).order_by("id").prefetch_related("item")
        return web.json_response(
            {
                "number": case.number,
                "scenario": scenario.name.get(LANG),
                "status_text": translate(LANG, f"case.status.{case.status}"),
                "items": [self._item(i, scenario, cards.get(i.department), member) for i in items],
                "timeline": [timeline_entry(e, scenario) for e in events],
                "materials": [{"key": m.key, "name": m.name.get(LANG)} for m in scenario.materials],
                "fields": [{"key": q.key, "label": q.label.get(LANG)} for q in scenario.fields],
                "phrases": self._phrases(member, items),
            }
        )

    def _phrases(self, member: StaffMember, items: list[CaseItem]) -> dict[str, dict[str, list[str]]]:
        return {d: self.phrases.of(d) for d in {i.department for i in items} if access.may_decide(member, d)}

    def _item(self, item: CaseItem, scenario: Scenario, card: StaffCard | None, member: StaffMember) -> dict[str, Any]:
        mine = access.may_decide(member, item.department)
        pressed = [
            (b, CardPress.unpack(str(b.get("data", ""))))
            for b in (card.body.get("buttons", []) if card and mine else [])
        ]
        buttons = [(b, press) for b, press in pressed if press is not None and press.item_id == item.id]
        return {
            "id": item.id,
            "name": scenario.item(item.item_key).name.get(LANG),
            "department": item.department,
            "department_name": self.catalog.department_name(item.department, LANG),
            "status_text": translate(LANG, f"item.status.{item.status}"),
            "due": item.due_date.isoformat() if item.due_date else "",
            "assignee": item.assignee.name if item.assignee else "",
            "note": item.note,
            "buttons": [{"text": b["label"], "data": b["data"], "action": press.action} for b, press in buttons],
        }

    async def printout(self, request: web.Request, member: StaffMember) -> web.Response:
        case = await self._visible(request, member)
        scenario = self.catalog.scenarios[case.scenario_id]
        items = [
            (
                scenario.item(i.item_key).name.get(LANG),
                self.catalog.department_name(i.department, LANG),
                translate(LANG, f"item.status.{i.status}"),
                i.due_date.isoformat() if i.due_date else "",
            )
            for i in await CaseItem.filter(case=case).order_by("id")
        ]
        pdf = application_pdf(case, scenario, items)
        headers = {"Content-Disposition": f'inline; filename="{case.number}.pdf"', "Cache-Control": "no-store"}
        return web.Response(body=pdf, content_type="application/pdf", headers=headers)


def timeline_entry(event: CaseEvent, scenario: Scenario) -> dict[str, str]:
    """One line of the case's history as staff read it: when, who, what."""
    moment = event.created_at.astimezone(ZoneInfo(db.ZONE))
    item = scenario.item(event.item.item_key).name.get(LANG) if event.item else ""
    return {"time": f"{moment:%Y-%m-%d %H:%M}", "actor": actor_name(event.actor), "text": _what(event, scenario, item)}


def _what(event: CaseEvent, scenario: Scenario, item: str) -> str:
    asked = _asked(event.detail, scenario)
    if event.action in tuple(StaffAction):
        text = t(f"action.{event.action}", item=item)
        text += t("asked", what=asked) if asked else ""
        return text + (t("note", note=event.note) if event.note else "")
    if event.action == CaseAction.RESUBMIT:
        return t("resubmit", item=item, what=asked or t("nothing_changed"))
    if event.action == CaseAction.ASSIGN:
        to = actor_name(str(event.detail.get("to", ""))) if event.detail.get("to") else t("nobody")
        return t("assign", item=item, to=to) + (t("reason", reason=event.note) if event.note else "")
    if event.action in (CaseAction.SUBMIT, CaseAction.HAND_IN, CaseAction.LINK):
        return t(event.action, note=event.note)
    return event.action + (f"：{event.note}" if event.note else "")


def _asked(detail: dict[str, Any], scenario: Scenario) -> str:
    names = [scenario.material(k).name.get(LANG) for k in detail.get("materials", []) if _has_material(scenario, k)]
    names += [q.label.get(LANG) for q in scenario.fields if q.key in detail.get("fields", [])]
    return "、".join(names)


def _has_material(scenario: Scenario, key: str) -> bool:
    return any(m.key == key for m in scenario.materials)


def actor_name(ref: str) -> str:
    return staff_name(ref) or t("applicant")
