"""好差评 on the staff page: a department's ratings, its appeals (申诉复核), and the supervisor's decisions.

Every check is a role's (bot/staff/access.py): the list is ``may_list`` (a clerk, lead or head their
department's, a supervisor or admin any department's, picked on the page); 申诉复核 is asked by the rated
department's clerks, leads and heads (``may_act_for``, checked again in casework/ratings.py); an appeal
is decided (upheld or void) by a supervisor only (``may_supervise``). Residents' comments are shown with
ID numbers and phones masked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiohttp import web

from bot.channels.http import clean_text, json_body, parse_int, static_page, strings
from bot.staff import access
from bot.staff.sessions import StaffSessions
from casework import ratings
from casework.decisions import Refusal
from handlers.catalog import Catalog
from handlers.identity import mask_personal
from locales import translate
from models import db
from models.ratings import Rating
from models.staff import StaffMember

LANG = "zh_CN"
#: HTTP status of each refusal.
REFUSAL_STATUS = {
    "rating.staff.unknown": 404,
    "rating.staff.not_yours": 403,
    "rating.staff.review_not_supervisor": 403,
}


class StaffRatings:
    """The ratings API of the staff page."""

    def __init__(self, catalog: Catalog, sessions: StaffSessions) -> None:
        self.catalog, self.sessions = catalog, sessions

    def routes(self) -> list[web.RouteDef]:
        signed_in = self.sessions.signed_in
        return [
            web.get("/staff/ratings", self.page),
            web.get("/api/staff/ratings/strings", self.strings),
            web.get("/api/staff/ratings", signed_in(self.listing)),
            web.post("/api/staff/ratings/{rating_id}/appeal", signed_in(self.appeal)),
            web.post("/api/staff/ratings/{rating_id}/review", signed_in(self.review)),
        ]

    async def page(self, request: web.Request) -> web.Response:
        return static_page("ratings.html", "staff/static")

    async def strings(self, request: web.Request) -> web.Response:
        return strings(LANG, "rating.page.")

    async def listing(self, request: web.Request, member: StaffMember) -> web.Response:
        mine = access.departments_of(member, self.catalog)
        department = clean_text(request.query.get("department", ""), "department")
        if not department:
            department = member.department if member.department in mine else (mine[0] if mine else "")
        if not access.may_list(member, department):
            return _refusal("rating.staff.not_yours", 403)
        rows = await ratings.for_department(department)
        return web.json_response(
            {
                "department": department,
                "departments": [{"key": d, "name": self.catalog.department_name(d, LANG)} for d in mine],
                "ratings": [self._json(r) for r in rows],
                "may_appeal": access.may_decide(member, department),
                "may_review": access.may_supervise(member),
            }
        )

    async def appeal(self, request: web.Request, member: StaffMember) -> web.Response:
        body = await json_body(request)
        rating_id = parse_int(request.match_info["rating_id"], "rating_id", low=1)
        outcome = await ratings.appeal(member, rating_id, clean_text(body.get("reason"), "reason"))
        return await self._outcome(outcome, "rating.staff.appealed")

    async def review(self, request: web.Request, member: StaffMember) -> web.Response:
        if not access.may_supervise(member):
            return _refusal("rating.staff.review_not_supervisor", 403)
        body = await json_body(request)
        rating_id = parse_int(request.match_info["rating_id"], "rating_id", low=1)
        upheld, note = body.get("upheld") is True, clean_text(body.get("note"), "note")
        outcome = await ratings.review(member, rating_id, upheld, note, db.now())
        return await self._outcome(outcome, "rating.staff.upheld" if upheld else "rating.staff.voided")

    async def _outcome(self, outcome: Rating | Refusal, done: str) -> web.Response:
        if isinstance(outcome, Refusal):
            return _refusal(outcome.key, REFUSAL_STATUS.get(outcome.key, 409))
        await outcome.fetch_related("case", "item")
        return web.json_response({"ok": True, "message": translate(LANG, done), "rating": self._json(outcome)})

    def _json(self, rating: Rating) -> dict[str, Any]:
        scenario = self.catalog.get(rating.case.scenario_id)
        item = scenario.item(rating.item.item_key).name.get(LANG) if scenario else rating.item.item_key
        return {
            "id": rating.id,
            "number": rating.case.number,
            "item": item,
            "level": rating.level,
            "level_name": translate(LANG, f"rating.level.{rating.level}"),
            "reasons": [translate(LANG, f"rating.reason.{r}") for r in rating.reasons],
            "comment": mask_personal(rating.comment),
            "channel": rating.channel,
            "time": _shown(rating.updated_at),
            "followup": rating.followup,
            "appeal": rating.appeal,
            "appeal_name": translate(LANG, f"rating.staff.appeal.{rating.appeal}") if rating.appeal else "",
            "appeal_reason": rating.appeal_reason,
        }


def _shown(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")


def _refusal(key: str, status: int) -> web.Response:
    return web.json_response({"ok": False, "message": translate(LANG, key)}, status=status)
