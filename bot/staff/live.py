"""The live page (人工客服): departments' queues of handovers, the conversation so far, and staff's replies.

Same sign-in as the staff page (its session cookie, and the CSRF token on every POST); a queue is listed to
those ``access.may_list`` lets read it (its department's members, supervisors, admins); every action goes
through ``casework.live.LiveDesk``, which lets only the department's own members take and reply.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from aiohttp import web

from bot.channels.http import clean_text, int_param, json_body, parse_int, static_page, strings
from bot.staff import access
from bot.staff.sessions import StaffSessions
from casework.live import LiveDesk, LiveRefusal
from handlers.catalog import Catalog
from locales import translate
from models.live import OPEN_LIVE, LiveChat, LiveMessage, LiveStatus
from models.staff import StaffMember, staff_name

LANG = "zh_CN"
STATIC = "staff/static"
#: The shipped 常用语, beside this module.
PHRASES_FILE = Path(__file__).with_name("live_phrases.yaml")
#: Messages of one handover shown at most (the latest).
SHOWN_MESSAGES = 50
REFUSAL_STATUS = {"not_found": 404, "not_yours": 403, "not_waiting": 409, "not_taker": 409}


def load_phrases(path: Path | None = None) -> dict[str, list[str]]:
    """常用语 by department key ("default" for all), from the operators' YAML file."""
    data = yaml.safe_load((path or PHRASES_FILE).read_text(encoding="utf-8")) or {}
    return {str(k): [str(p) for p in v] for k, v in data.items()}


class LivePage:
    """The live page's HTTP API: the queue (long polled), take, reply, transfer, hand back, 常用语."""

    def __init__(
        self,
        catalog: Catalog,
        sessions: StaffSessions,
        desk: LiveDesk,
        after_commit: Callable[[], None],
        phrases: dict[str, list[str]] | None = None,
    ) -> None:
        self.catalog, self.sessions, self.desk, self.after_commit = catalog, sessions, desk, after_commit
        self.phrases = phrases if phrases is not None else load_phrases()

    def routes(self) -> list[web.RouteDef]:
        signed_in = self.sessions.signed_in
        return [
            web.get("/staff/live", self.page),
            web.get("/api/staff/live/strings", self.strings),
            web.get("/api/staff/live", signed_in(self.queue)),
            web.get("/api/staff/live/phrases", signed_in(self.canned)),
            web.post("/api/staff/live/{chat}/{action}", signed_in(self.act)),
        ]

    async def page(self, request: web.Request) -> web.Response:
        return static_page("live.html", STATIC)

    async def strings(self, request: web.Request) -> web.Response:
        return strings(LANG, "live.staff.")

    async def queue(self, request: web.Request, member: StaffMember) -> web.Response:
        department = clean_text(request.query.get("department", ""), "department")
        if not access.may_list(member, department):
            return _refusal("not_yours")
        since = clean_text(request.query.get("since", ""), "since")
        deadline = asyncio.get_running_loop().time() + int_param(request, "wait", high=25)
        while True:  # long polling: answered when something changed, or when the wait is over
            listing = await self._listing(department, member)
            if listing["stamp"] != since or asyncio.get_running_loop().time() >= deadline:
                return web.json_response(listing)
            await asyncio.sleep(1.0)

    async def canned(self, request: web.Request, member: StaffMember) -> web.Response:
        department = clean_text(request.query.get("department", ""), "department")
        return web.json_response({"phrases": [*self.phrases.get(department, []), *self.phrases.get("default", [])]})

    async def act(self, request: web.Request, member: StaffMember) -> web.Response:
        chat_id = parse_int(request.match_info["chat"], "chat", low=1)
        action = request.match_info["action"]
        body = await json_body(request) if request.can_read_body else {}
        done: LiveChat | LiveRefusal
        match action:
            case "take":
                done = await self.desk.take(member, chat_id)
            case "reply":
                text = clean_text(body.get("text"), "text").strip()
                if not text or len(text) > 2000:
                    return _refusal("empty", 400)
                done = await self.desk.reply(member, chat_id, text)
            case "transfer":
                done = await self.desk.transfer(member, chat_id, clean_text(body.get("department"), "department"))
            case "handback":
                done = await self.desk.hand_back(member, chat_id)
            case _:
                raise web.HTTPNotFound()
        if isinstance(done, LiveRefusal):
            return _refusal(done.key)
        self.after_commit()
        params = {"department": self.catalog.department_name(done.department, LANG)}
        return web.json_response({"ok": True, "message": translate(LANG, f"live.staff.done_{action}", **params)})

    async def _listing(self, department: str, member: StaffMember) -> dict[str, Any]:
        chats = await LiveChat.filter(department=department, status__in=list(OPEN_LIVE)).prefetch_related("member")
        chats.sort(key=lambda c: (c.status != LiveStatus.ACTIVE, c.queued_at, c.id))
        shown = [await self._chat_json(chat, member) for chat in chats]
        newest = max((m["id"] for c in shown for m in c["messages"]), default=0)
        stamp = f"{','.join(f'{c.id}:{c.status}:{c.member_id}' for c in chats)}|{newest}"  # type: ignore[attr-defined]
        others = [{"key": k, "name": self.catalog.department_name(k, LANG)} for k in self.catalog.departments]
        return {"chats": shown, "stamp": stamp, "departments": [d for d in others if d["key"] != department]}

    async def _chat_json(self, chat: LiveChat, member: StaffMember) -> dict[str, Any]:
        messages = await LiveMessage.filter(chat=chat).order_by("-id").limit(SHOWN_MESSAGES)
        scenario = self.catalog.get(chat.errand) if chat.errand else None
        return {
            "id": chat.id,
            "status": chat.status,
            "queued": chat.queued_at.isoformat(),
            "member": chat.member.name if chat.member else "",
            "mine": chat.member is not None and chat.member.id == member.id,
            "errand": scenario.name.get(LANG) if scenario else "",
            # the resident's words are stored masked (ID numbers, mobiles): shown as kept
            "messages": [
                {"id": m.id, "who": _who(m.who), "text": m.text, "time": m.at.isoformat()} for m in reversed(messages)
            ],
        }


def _who(who: str) -> str:
    """ "resident", "earlier" (said to the bot before asking), or a staff member's name."""
    if who in ("resident", "earlier"):
        return who
    return staff_name(who) or who


def _refusal(key: str, status: int | None = None) -> web.Response:
    message = translate(LANG, f"live.staff.{key}")
    return web.json_response({"ok": False, "message": message}, status=status or REFUSAL_STATUS.get(key, 400))
