"""依申请公开 on the shared request shape: the statutory rules (``handlers.disclosure``) before each action.

Every change still goes through ``casework.requests.RequestDesk`` (one transaction, the audit
log, the push); here a disclosure request is filed from the dialog's answers, and staff's 补正,
extension and answer are checked against 《政府信息公开条例》 first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from tortoise.transactions import in_transaction

from casework.decisions import Refusal
from casework.locked import retrying_locked
from casework.requests import RequestDesk, record
from handlers import disclosure
from handlers.answers import Problem
from handlers.context import RequestSummary
from handlers.events import CorrectDisclosure, FileDisclosure, RequestCorrected, RequestFiled
from models.requests import Request, RequestAction, RequestEvent, RequestKind, RequestStatus
from models.staff import StaffMember

KIND = RequestKind.DISCLOSURE
#: The audit log's note when a 补正 did not come in time (staff read it in Chinese).
WITHDRAWN = "逾期未补正，视为放弃申请（《政府信息公开条例》第三十条）"


def clock(desk: RequestDesk) -> disclosure.Clock:
    days = desk.days
    return disclosure.Clock(desk.calendar, days.disclosure, days.disclosure_extension)


async def file(desk: RequestDesk, user_id: int, given: FileDisclosure) -> RequestFiled:
    """File the dialog's request in the caller's transaction (the save's): received today (第三十一条:
    an online request is received the day the bot confirms it with its number)."""
    answers = dict(given.answers)
    text = str(answers.pop("description", ""))
    received = desk.clock().date()
    answers["received"] = received.isoformat()
    request = await desk.file(user_id, KIND, text, subkind=str(answers.get("applicant_type", "")),
                              department=given.department or None, locale=given.locale, payload=answers)  # fmt: skip
    return RequestFiled(request.number, request.department, received, request.due_date, request.due_provisional)


async def correct(desk: RequestDesk, user_id: int, given: CorrectDisclosure) -> RequestCorrected:
    """The applicant's 补正 (第三十条): the clock restarts in full from today."""
    done = await desk.receive_correction(user_id, given.number, given.text)
    return RequestCorrected(given.number, None if isinstance(done, Refusal) else done.due_date)


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


async def of_user(user_id: int) -> list[RequestSummary]:
    """The resident's disclosure requests for the dialog's list, with the 补正 asked where one is awaited."""
    rows = await Request.filter(user_id=user_id, kind=KIND).order_by("-id").limit(10)
    waiting = [r.id for r in rows if r.status == RequestStatus.WAITING_APPLICANT]
    asked = await RequestEvent.filter(request_id__in=waiting, action=RequestAction.ASK_CORRECTION).order_by("id")
    notes = {e.request_id: e.note for e in asked}  # type: ignore[attr-defined]
    return [RequestSummary(r.number, r.department, r.status, r.due_date, notes.get(r.id, "")) for r in rows]


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
