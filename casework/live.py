"""人工客服's service: the queue of handovers, what staff do with them, and what the resident is told.

The resident's side runs inside the save of their step (``TortoiseRepository``); staff actions
each run in a transaction of their own. Whatever reaches the resident goes through the outbox
(``jobs.push_live``), so it is sent only once the change committed, in their channel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from casework import jobs
from casework.livehours import LivePolicy
from casework.request_rules import routing_department
from casework.requests import RequestDesk
from handlers.buttons import LIVE_LEVELS, GlobalAction, LiveRate, anywhere
from handlers.catalog import Catalog
from handlers.effects import AskForPerson, LeaveMessage, LiveAsked, LiveOutcome, MessageLeft
from handlers.events import Button, Reply
from handlers.request_lifecycle import MessageKind, RequestKind
from handlers.workdays import WorkCalendar
from locales import translate
from models import db
from models.live import OPEN_LIVE, LiveChat, LiveEvent, LiveMessage, LiveStatus
from models.requests import Request
from models.staff import StaffMember
from models.user import User

RESIDENT = "resident"


@dataclass(frozen=True)
class LiveRefusal:
    """A staff action that was not carried out; ``key`` names the polite message (``live.staff.<key>``)."""

    key: str


class LiveDesk:
    """Queues handovers per department and carries out what the resident and staff do with them."""

    def __init__(
        self,
        catalog: Catalog,
        calendar: WorkCalendar,
        policy: LivePolicy | None = None,
        clock: Callable[[], dt.datetime] = db.now,
        requests: RequestDesk | None = None,
    ) -> None:
        self.catalog, self.calendar, self.clock = catalog, calendar, clock
        self.policy = policy or LivePolicy()
        #: Where a 留言 offered instead of a person is filed.
        self.requests = requests or RequestDesk(
            calendar, list(catalog.departments), routing_department(catalog), clock=clock
        )

    def now(self) -> dt.datetime:
        return _stored(self.clock())

    # -- the resident, inside the save of their step ---------------------------------
    async def ask(self, user_id: int, asked: AskForPerson, now: dt.datetime) -> LiveAsked:
        if await open_chat(user_id) is not None:
            return LiveAsked(LiveOutcome.ALREADY)
        now = _stored(now)
        department = asked.department if asked.department in self.catalog.departments else self.requests.routing
        user = await User.get(id=user_id)
        chat = await LiveChat.create(
            department=department, user_id=user_id, channel=user.channel, lang=asked.locale, queued_at=now,
            errand=asked.errand,
        )  # fmt: skip
        await LiveMessage.bulk_create([LiveMessage(chat=chat, who="earlier", text=t, at=now) for t in asked.said])
        if not self.policy.hours_of(department).open_at(now, self.calendar):
            await _close(chat, "closed", now)
            await audit(chat, "closed", RESIDENT, department, now)
            return LiveAsked(LiveOutcome.CLOSED, hours=self.hours_text(department, asked.locale), chat_id=chat.id)
        ahead = await _ahead(chat)
        await LiveChat.filter(id=chat.id).update(ahead_told=ahead)
        await audit(chat, "asked", RESIDENT, department, now)
        return LiveAsked(LiveOutcome.QUEUED, ahead)

    async def say(self, user_id: int, text: str, now: dt.datetime) -> None:
        chat = await open_chat(user_id)
        if chat is not None:
            await LiveMessage.create(chat=chat, who=RESIDENT, text=text, at=_stored(now))
            await chat.save(update_fields=["updated_at"])  # the live page's change stamp

    async def end(self, user_id: int, now: dt.datetime) -> None:
        chat = await open_chat(user_id)
        if chat is not None and await _close(chat, RESIDENT, _stored(now)):
            await audit(chat, "ended", RESIDENT, "", _stored(now))
            await self._tell_positions(chat.department)

    async def rate(self, user_id: int, chat_id: int, level: int, now: dt.datetime) -> None:
        """The resident's own rating of a conversation someone served, once."""
        if level not in LIVE_LEVELS:
            return
        served = {"id": chat_id, "user_id": user_id, "status": LiveStatus.ENDED, "ended_by__in": [RESIDENT, "staff"]}
        if await LiveChat.filter(**served, rating__isnull=True, taken_at__isnull=False).update(rating=level):
            await audit(await LiveChat.get(id=chat_id), "rated", RESIDENT, str(level), _stored(now))

    async def leave_message(self, user_id: int, left: LeaveMessage, now: dt.datetime) -> MessageLeft:
        """A 留言 (咨询) instead of a person, with the handover's messages or what was said; once per handover."""
        chat = await LiveChat.get_or_none(id=left.chat_id, user_id=user_id) if left.chat_id else None
        if chat is not None and chat.request_number:
            request = await Request.get(number=chat.request_number)
            return MessageLeft(request.number, str(request.due_date))
        lines = [_line(m, left.locale) for m in await LiveMessage.filter(chat=chat).order_by("id")] if chat else []
        text = "\n".join(lines or left.said) or translate(left.locale, "live.message.empty")
        request = await self.requests.file(
            user_id, RequestKind.MESSAGE, text, subkind=MessageKind.CONSULT, locale=left.locale,
            department=chat.department if chat else None, payload={"live_chat": chat.id if chat else None},
        )  # fmt: skip
        if chat is not None:
            await LiveChat.filter(id=chat.id).update(request_number=request.number)
            await audit(chat, "message", RESIDENT, request.number, _stored(now))
        return MessageLeft(request.number, str(request.due_date))

    def hours_text(self, department: str, lang: str) -> str:
        if self.policy.to_confirm and department not in self.policy.departments:
            return translate(lang, "live.hours_default")
        hours = self.policy.hours_of(department)
        return translate(lang, "live.hours_daily" if hours.daily else "live.hours_workdays", periods=hours.text())

    # -- staff -------------------------------------------------------------------------
    async def take(self, member: StaffMember, chat_id: int) -> LiveChat | LiveRefusal:
        async with in_transaction():
            chat = await _for_member(member, chat_id)
            if isinstance(chat, LiveRefusal):
                return chat
            now = self.now()
            taken = await LiveChat.filter(id=chat_id, status=LiveStatus.WAITING).update(
                status=LiveStatus.ACTIVE, member_id=member.id, taken_at=now
            )
            if not taken:
                return LiveRefusal("not_waiting")
            await audit(chat, "taken", member.ref, "", now)
            await _push(chat, ("taken", member.id, now.timestamp()), "taken", member=member.name)
            await self._tell_positions(chat.department)
        return await LiveChat.get(id=chat_id)

    async def reply(self, member: StaffMember, chat_id: int, text: str) -> LiveChat | LiveRefusal:
        async with in_transaction():
            chat = await _for_member(member, chat_id)
            if isinstance(chat, LiveRefusal):
                return chat
            if chat.status != LiveStatus.ACTIVE or chat.member_id != member.id:  # type: ignore[attr-defined]
                return LiveRefusal("not_taker")
            message = await LiveMessage.create(chat=chat, who=member.ref, text=text, at=self.now())
            await chat.save(update_fields=["updated_at"])
            await audit(chat, "reply", member.ref, "", self.now())
            await jobs.push_live(chat.id, Reply(text), "msg", message.id)
        return chat

    async def transfer(self, member: StaffMember, chat_id: int, department: str) -> LiveChat | LiveRefusal:
        if department not in self.catalog.departments:
            return LiveRefusal("unknown_department")
        async with in_transaction():
            chat = await _for_member(member, chat_id)
            if isinstance(chat, LiveRefusal):
                return chat
            now, before = self.now(), chat.department
            moved = await LiveChat.filter(id=chat_id, status__in=list(OPEN_LIVE)).update(
                department=department, status=LiveStatus.WAITING, member_id=None, queued_at=now, taken_at=None
            )
            if not moved:
                return LiveRefusal("not_found")
            chat = await LiveChat.get(id=chat_id)
            ahead = await _ahead(chat)
            await LiveChat.filter(id=chat_id).update(ahead_told=ahead)
            await audit(chat, "transfer", member.ref, f"{before}->{department}", now)
            name = self.catalog.department_name(department, chat.lang)
            await _push(chat, ("moved", now.timestamp()), "transferred", department=name, ahead=ahead)
            await self._tell_positions(before)
        return chat

    async def hand_back(self, member: StaffMember, chat_id: int) -> LiveChat | LiveRefusal:
        async with in_transaction():
            chat = await _for_member(member, chat_id)
            if isinstance(chat, LiveRefusal):
                return chat
            now = self.now()
            if not await _close(chat, "staff", now):
                return LiveRefusal("not_found")
            await audit(chat, "handback", member.ref, "", now)
            await _push(chat, ("back",), "handed_back", *rating_buttons(chat))
            await self._tell_positions(chat.department)
        return chat

    # -- the periodic sweep ------------------------------------------------------------
    async def expire(self) -> int:
        """Handovers nobody took within the wait: ended, and the resident offered a 留言 instead."""
        now = self.now()
        cutoff = now - dt.timedelta(minutes=self.policy.wait_minutes)
        late = await LiveChat.filter(status=LiveStatus.WAITING, queued_at__lt=cutoff)
        expired = 0
        for chat in late:
            async with in_transaction():
                if not await _close(chat, "timeout", now, LiveStatus.WAITING):
                    continue
                await audit(chat, "timeout", "system", "", now)
                buttons = (_button(chat, "live.resident.leave_message", GlobalAction.LEAVE_MESSAGE, str(chat.id)),)
                await _push(chat, ("timeout",), "timeout", *buttons)
                await self._tell_positions(chat.department)
                expired += 1
        return expired

    async def _tell_positions(self, department: str) -> None:
        """Each resident still waiting in the department whose place changed is told it ("前面还有 2 位")."""
        waiting = await LiveChat.filter(department=department, status=LiveStatus.WAITING).order_by("queued_at", "id")
        for ahead, chat in enumerate(waiting):
            if chat.ahead_told != ahead:
                await LiveChat.filter(id=chat.id).update(ahead_told=ahead)
                await _push(chat, ("at", chat.queued_at.timestamp(), ahead), "position", ahead=ahead)


async def open_chat(user_id: int) -> LiveChat | None:
    return await LiveChat.filter(user_id=user_id, status__in=list(OPEN_LIVE)).order_by("-id").first()


async def audit(chat: LiveChat, action: str, actor: str, note: str, now: dt.datetime) -> None:
    await LiveEvent.create(chat=chat, action=action, actor=actor, note=note, at=now)


def rating_buttons(chat: LiveChat) -> list[Button]:
    rates = (LiveRate(chat.id, level) for level in LIVE_LEVELS)
    return [_button(chat, f"live.rating.{rate.level}", GlobalAction.PERSON_RATE, rate.pack()) for rate in rates]


def _line(message: LiveMessage, lang: str) -> str:
    """One message of a handover as a 留言 attaches it: who said it, and what."""
    who = message.who if message.who in ("resident", "earlier") else "staff"
    return f"{translate(lang, f'live.message.{who}')}：{message.text}"


def _button(chat: LiveChat, key: str, action: GlobalAction, argument: str = "") -> Button:
    return anywhere(translate(chat.lang, key), action, argument)


async def _push(chat: LiveChat, what: tuple[object, ...], message: str, *buttons: Button, **params: object) -> None:
    """Queue ``live.resident.<message>`` to the chat's resident; ``what`` tells this push apart (``jobs.live_key``)."""
    reply = Reply(translate(chat.lang, f"live.resident.{message}", **params), buttons)
    await jobs.push_live(chat.id, reply, *what)


async def _close(chat: LiveChat, by: str, now: dt.datetime, status: LiveStatus | None = None) -> bool:
    """Ends an open handover (only if still in ``status``, when given); False when it had ended already."""
    statuses = [status] if status else list(OPEN_LIVE)
    return bool(
        await LiveChat.filter(id=chat.id, status__in=statuses).update(
            status=LiveStatus.ENDED, ended_at=now, ended_by=by
        )
    )


async def _ahead(chat: LiveChat) -> int:
    earlier = Q(queued_at__lt=chat.queued_at) | Q(queued_at=chat.queued_at, id__lt=chat.id)
    return await LiveChat.filter(earlier, department=chat.department, status=LiveStatus.WAITING).count()


async def _for_member(member: StaffMember, chat_id: int) -> LiveChat | LiveRefusal:
    chat = await LiveChat.get_or_none(id=chat_id)
    if chat is None or chat.status == LiveStatus.ENDED:
        return LiveRefusal("not_found")
    if not member.may_act_for(chat.department):
        return LiveRefusal("not_yours")
    return chat


def _stored(moment: dt.datetime) -> dt.datetime:
    """In the zone the database stores datetimes in: SQLite compares them as text (see models.db)."""
    return moment.astimezone(ZoneInfo(db.ZONE))
