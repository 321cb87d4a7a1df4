"""The one path for every change to a request (留言, 依申请公开, 好差评 follow-up): ``RequestDesk``.

Each action is one transaction: it checks who acts (a staff member's department on the
server, a resident's own request), changes the request, appends a ``RequestEvent`` and,
where the resident should hear of it, queues the push (``jobs.push_request``) in the same
transaction. ``after_commit`` kicks the outbox relay once it has committed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from typing import Any

from tortoise.transactions import in_transaction

from casework.decisions import Refusal
from casework.locked import retrying_locked
from casework.request_log import next_number, record
from casework.request_rules import RequestDays, routing_department
from handlers.catalog import Catalog
from handlers.ratings import Level
from handlers.request_lifecycle import NO, YES, RequestAction, RequestKind, RequestStatus, RequestVerb
from handlers.workdays import WorkCalendar
from models import db
from models.requests import Request
from models.staff import StaffMember

#: Every state but closed: where a staff action not limited to open requests may still act.
NOT_CLOSED = tuple(s for s in RequestStatus if s != RequestStatus.CLOSED)


def desk_for(
    catalog: Catalog,
    calendar: WorkCalendar,
    days: RequestDays,
    configured_routing: str = "",
    after_commit: Callable[[], None] | None = None,
) -> RequestDesk:
    """The desk as an entry point builds it from the catalog and the settings."""
    routing = routing_department(catalog, configured_routing)
    return RequestDesk(calendar, list(catalog.departments), routing, days, after_commit)


#: A staff action's change to the locked request: a refusal, or None when it was applied.
Change = Callable[[Request], Refusal | None]


class RequestDesk:
    """Opens requests and carries out every action on them, for the dialog, the staff page and the workers."""

    def __init__(
        self,
        calendar: WorkCalendar,
        departments: Collection[str],
        routing_department: str,
        days: RequestDays | None = None,
        after_commit: Callable[[], None] | None = None,
        clock: Callable[[], dt.datetime] = db.now,
    ) -> None:
        if routing_department not in departments:
            raise ValueError(f"routing department {routing_department!r} is not a known department")
        self.calendar, self.departments, self.routing = calendar, frozenset(departments), routing_department
        self.days, self.after_commit, self.clock = days or RequestDays(), after_commit, clock

    # -- the resident ---------------------------------------------------------------
    async def open(
        self,
        user_id: int,
        kind: RequestKind,
        text: str,
        *,
        subkind: str = "",
        department: str | None = None,
        locale: str = "zh_CN",
        publishable: bool = False,
        payload: dict[str, Any] | None = None,
        case_id: int | None = None,
        actor: str | None = None,
    ) -> Request:
        """File a request: numbered, routed (the routing department when none known is given), due by its kind's rule.
        Opens its own transaction unless the caller holds one (the dialog's save)."""
        async with in_transaction():
            return await self.file(
                user_id, kind, text, subkind=subkind, department=department, locale=locale,
                publishable=publishable, payload=payload, case_id=case_id, actor=actor,
            )  # fmt: skip

    async def file(
        self,
        user_id: int,
        kind: RequestKind,
        text: str,
        *,
        subkind: str = "",
        department: str | None = None,
        locale: str = "zh_CN",
        publishable: bool = False,
        payload: dict[str, Any] | None = None,
        case_id: int | None = None,
        actor: str | None = None,
        today: dt.date | None = None,
    ) -> Request:
        """``open`` in the caller's transaction; ``today`` is the filing day (default: the desk's clock)."""
        today = today or self.clock().date()
        due = self.calendar.add_workdays(today, self.days.answer_days(kind, subkind))
        request = await Request.create(
            number=await next_number(kind, today),
            kind=kind,
            subkind=subkind,
            user_id=user_id,
            locale=locale,
            case_id=case_id,
            department=department if department in self.departments else self.routing,
            text=text,
            payload=payload or {},
            due_date=due,
            due_provisional=self.calendar.spans_unknown(today, due),
            publishable=publishable,
        )
        await record(request, actor or f"user:{user_id}", RequestAction.OPEN, data={"department": request.department})
        return request

    async def receive_correction(self, user_id: int, number: str, text: str) -> Request | Refusal:
        """The applicant's 补正: the clock restarts from today, with the kind's full time."""
        return await self._resident_transaction(user_id, number, RequestVerb.CORRECTION, text)

    async def resident_confirms(self, user_id: int, number: str, resolved: bool) -> Request | Refusal:
        """Whether the answer resolved the matter; either way the request is closed (staff see which)."""
        return await self._resident_transaction(user_id, number, RequestVerb.RESOLVED, YES if resolved else NO)

    async def rate(self, user_id: int, number: str, level: Level, comment: str = "") -> Request | Refusal:
        """The resident's rating of the answer (changeable: the last one counts, the log keeps each)."""
        return await self._resident_transaction(user_id, number, RequestVerb.RATE, str(level), comment)

    async def act_as_resident(
        self, user_id: int, number: str, verb: str, value: str, comment: str = ""
    ) -> Request | Refusal:
        """One of the resident's actions (a ``RequestVerb``: rate, resolved, correction) on their own request, in
        the caller's transaction (the dialog's save)."""
        request = await Request.filter(number=number, user_id=user_id).select_for_update().first()
        if request is None:
            return Refusal("requests.refused.unknown")
        match verb:
            case RequestVerb.RATE if value in set(Level):
                return await self._apply(request, self._rated(Level(value), comment), f"user:{user_id}",
                                         RequestAction.RATE, comment, {"rating": value})  # fmt: skip
            case RequestVerb.RESOLVED if value in (YES, NO):
                return await self._apply(request, self._confirmed(value == YES), f"user:{user_id}",
                                         RequestAction.CONFIRM, "", {"resolved": value == YES})  # fmt: skip
            case RequestVerb.CORRECTION if value.strip():
                return await self._apply(request, self._corrected(value.strip()), f"user:{user_id}",
                                         RequestAction.RECEIVE_CORRECTION, value.strip(), {})  # fmt: skip
        return Refusal("requests.refused.not_allowed", {"status": request.status})

    def _corrected(self, text: str) -> Change:
        def change(request: Request) -> Refusal | None:
            if request.status != RequestStatus.WAITING_APPLICANT:
                return Refusal("requests.refused.not_allowed", {"status": request.status})
            today = self.clock().date()
            due = self.calendar.add_workdays(today, self.days.answer_days(RequestKind(request.kind), request.subkind))
            request.status, request.correction_due = RequestStatus.OPEN, None
            request.due_date, request.due_provisional = due, self.calendar.spans_unknown(today, due)
            request.reminded_at = request.escalated_at = None
            request.payload = {**request.payload, "corrections": [*request.payload.get("corrections", []), text]}
            return None

        return change

    def _confirmed(self, resolved: bool) -> Change:
        def change(request: Request) -> Refusal | None:
            if request.status not in (RequestStatus.ANSWERED, RequestStatus.CLOSED):
                return Refusal("requests.refused.not_allowed", {"status": request.status})
            request.resolved, request.status = resolved, RequestStatus.CLOSED
            request.closed_at = request.closed_at or self.clock()
            return None

        return change

    def _rated(self, level: Level, comment: str) -> Change:
        def change(request: Request) -> Refusal | None:
            if request.status not in (RequestStatus.ANSWERED, RequestStatus.CLOSED):
                return Refusal("requests.refused.not_allowed", {"status": request.status})
            request.rating, request.rating_comment, request.rated_at = level, comment, self.clock()
            return None

        return change

    # -- staff ----------------------------------------------------------------------
    async def pass_on(self, member: StaffMember, number: str, department: str, reason: str) -> Request | Refusal:
        """To the department it belongs to, with the reason; the clock runs on."""

        def change(request: Request) -> Refusal | None:
            if department not in self.departments or department == request.department:
                return Refusal("requests.refused.unknown_department")
            request.department, request.reminded_at = department, None
            return None

        return await self._staff_act(member, number, change, RequestAction.PASS_ON, reason, department=department)

    async def answer(
        self, member: StaffMember, number: str, text: str, publish: bool = False, details: dict[str, Any] | None = None
    ) -> Request | Refusal:
        """The reply; published only where the resident allowed it. ``details``: a kind's own facts of the
        answer (依申请公开: its type, ground, right office), kept in the payload and the audit log."""

        def change(request: Request) -> Refusal | None:
            request.status, request.answer, request.answered_by = RequestStatus.ANSWERED, text, member.ref
            request.answered_at, request.published = self.clock(), publish and request.publishable
            if details:
                request.payload = {**request.payload, "answer": details}
            return None

        extra: dict[str, Any] = {"answer": details} if details else {}
        return await self._staff_act(member, number, change, RequestAction.ANSWER, text, published=publish, **extra)

    async def ask_correction(self, member: StaffMember, number: str, what: str) -> Request | Refusal:
        """补正, asked once: the clock stops until the applicant answers (within ``days.correction``)."""

        def change(request: Request) -> Refusal | None:
            if request.payload.get("correction_asked"):
                return Refusal("requests.refused.correction_once")
            request.status = RequestStatus.WAITING_APPLICANT
            request.correction_due = self.calendar.add_workdays(self.clock().date(), self.days.correction)
            request.payload = {**request.payload, "correction_asked": True}
            return None

        return await self._staff_act(member, number, change, RequestAction.ASK_CORRECTION, what)

    async def extend(
        self, member: StaffMember, number: str, reason: str, days: int | None = None, approved_by: str = ""
    ) -> Request | Refusal:
        """Once, by at most the kind's extension, counted on from the current due date; ``approved_by``: who
        approved it, where the kind needs that (依申请公开: the head of the disclosure office)."""

        def change(request: Request) -> Refusal | None:
            most = self.days.extension_days(RequestKind(request.kind))
            if request.extended or request.due_date is None:
                return Refusal("requests.refused.extended_once")
            if days is not None and not 1 <= days <= most:
                return Refusal("requests.refused.extension_days", {"most": most})
            due = self.calendar.add_workdays(request.due_date, days or most)
            request.due_provisional = request.due_provisional or self.calendar.spans_unknown(request.due_date, due)
            request.due_date, request.extended = due, True
            request.reminded_at = request.escalated_at = None
            return None

        approval: dict[str, Any] = {"approved_by": approved_by} if approved_by else {}
        return await self._staff_act(member, number, change, RequestAction.EXTEND, reason, days=days, **approval)

    async def close(self, member: StaffMember, number: str, reason: str) -> Request | Refusal:
        """Closed without (further) answer, e.g. withdrawn or a duplicate; the reason is told."""

        def change(request: Request) -> Refusal | None:
            request.status, request.closed_at = RequestStatus.CLOSED, self.clock()
            return None

        return await self._staff_act(member, number, change, RequestAction.CLOSE, reason, open_only=False)

    # -- one door each for staff and residents --------------------------------------
    async def _staff_act(
        self, member: StaffMember, number: str, change: Change, action: RequestAction, note: str,
        open_only: bool = True, **data: Any,
    ) -> Request | Refusal:  # fmt: skip
        if not note.strip():
            return Refusal(f"requests.refused.needs_note.{action}")

        async def transaction() -> Request | Refusal:
            async with in_transaction():
                request = await Request.filter(number=number).select_for_update().first()
                if request is None:
                    return Refusal("requests.refused.unknown")
                if not member.may_act_for(request.department):
                    return Refusal("requests.refused.not_member", {"department": request.department})
                allowed = (RequestStatus.OPEN,) if open_only else NOT_CLOSED
                if request.status not in allowed:
                    return Refusal("requests.refused.not_allowed", {"status": request.status})
                return await self._apply(request, change, member.ref, action, note.strip(), data)

        return self._committed(await retrying_locked(transaction))

    async def _resident_transaction(
        self, user_id: int, number: str, verb: RequestVerb, value: str, comment: str = ""
    ) -> Request | Refusal:
        async def transaction() -> Request | Refusal:
            async with in_transaction():
                return await self.act_as_resident(user_id, number, verb, value, comment)

        return self._committed(await retrying_locked(transaction))

    @staticmethod
    async def _apply(
        request: Request, change: Change, actor: str, action: RequestAction, note: str, data: dict[str, Any]
    ) -> Request | Refusal:
        refused = change(request)
        if refused is not None:
            return refused
        await request.save()
        await record(request, actor, action, note, **data)
        return request

    def _committed(self, outcome: Request | Refusal) -> Request | Refusal:
        if not isinstance(outcome, Refusal) and self.after_commit is not None:
            self.after_commit()
        return outcome
