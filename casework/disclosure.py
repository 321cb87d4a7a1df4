"""依申请公开 on the shared request shape: the statutory rules (``handlers.disclosure``) before each action.

Every change still goes through ``casework.requests.RequestDesk`` (one transaction, the audit
log, the push; the dialog files a request with ``FileRequest``); here staff's 补正, extension and
answer are checked against 《政府信息公开条例》 first, and a 补正 not given in time withdraws it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from tortoise.transactions import in_transaction

from casework.decisions import Refusal
from casework.locked import retrying_locked
from casework.request_log import record
from casework.requests import RequestDesk
from handlers import disclosure
from handlers.answers import Problem
from handlers.request_lifecycle import RequestAction, RequestKind, RequestStatus
from models.requests import Request
from models.staff import StaffMember

KIND = RequestKind.DISCLOSURE
#: The audit log's note when a 补正 did not come in time (staff read it in Chinese).
WITHDRAWN = "逾期未补正，视为放弃申请（《政府信息公开条例》第三十条）"


def clock(desk: RequestDesk) -> disclosure.Clock:
    days = desk.days
    return disclosure.Clock(desk.calendar, days.disclosure, days.disclosure_extension)


async def ask_correction(desk: RequestDesk, member: StaffMember, number: str, what: str) -> Request | Refusal:
    """补正, once and within 7 working days of receipt (第三十条)."""
    request = await Request.get_or_none(number=number, kind=KIND)
    if request is None:
        return Refusal("requests.refused.unknown")
    asked = bool(request.payload.get("correction_asked"))
    received = dt.date.fromisoformat(request.payload.get("received") or request.created_at.date().isoformat())
    problem = clock(desk).correction_refused(received, desk.clock().date(), asked)
    return _refusal(problem) or await desk.ask_correction(member, number, what)


async def extend(
    desk: RequestDesk, member: StaffMember, number: str, reason: str, approved_by: str, days: int | None = None
) -> Request | Refusal:
    """Once, by at most 20 working days, with the approval of the head of the disclosure office (第三十三条)."""
    request = await Request.get_or_none(number=number, kind=KIND)
    if request is None:
        return Refusal("requests.refused.unknown")
    problem = clock(desk).extension_refused(request.extended, days, approved_by)
    return _refusal(problem) or await desk.extend(member, number, reason, days, approved_by=approved_by.strip())


async def answer(desk: RequestDesk, member: StaffMember, number: str, given: disclosure.Answer) -> Request | Refusal:
    """The answer (第三十六条), with its ground or the right office where the type needs one."""
    if await Request.filter(number=number, kind=KIND).count() == 0:
        return Refusal("requests.refused.unknown")
    problem = disclosure.answer_problem(given)
    if problem is not None:
        return _refusal(problem) or Refusal("requests.refused.unknown")
    details: dict[str, Any] = {"type": str(given.type), "ground": str(given.ground or ""), "office": given.right_office}
    return await desk.answer(member, number, given.text, details=details)


async def withdraw_lapsed(today: dt.date, moment: dt.datetime) -> list[str]:
    """第三十条: a request whose 补正 did not come by the date set is deemed withdrawn: closed, logged and told,
    once however many sweeps run. Returns the numbers closed."""
    lapsed = await Request.filter(kind=KIND, status=RequestStatus.WAITING_APPLICANT, correction_due__lt=today)
    closed = []
    for request in lapsed:
        if await retrying_locked(_withdrawal(request.id, moment)):
            closed.append(request.number)
    return closed


def _withdrawal(request_id: int, moment: dt.datetime) -> Callable[[], Awaitable[bool]]:
    async def transaction() -> bool:
        async with in_transaction():
            waiting = {"id": request_id, "status": RequestStatus.WAITING_APPLICANT}
            if not await Request.filter(**waiting).update(status=RequestStatus.CLOSED, closed_at=moment):
                return False
            request = await Request.get(id=request_id)
            await record(request, "system", RequestAction.CLOSE, WITHDRAWN, withdrawn=True)
            return True

    return transaction


def _refusal(problem: Problem | None) -> Refusal | None:
    return None if problem is None else Refusal(problem.key, problem.params)
