"""The periodic deadline sweep: a reminder the working day before, an escalation after."""

from __future__ import annotations

import datetime as dt
import logging

import dramatiq
from tortoise.expressions import Q

from casework import casework, disclosure, request_log
from casework.audience import people_to_tell
from casework.jobs import Job
from handlers.events import Reply
from handlers.lifecycle import OPEN
from handlers.request_lifecycle import RequestAction, RequestStatus
from locales import translate
from models.case import Case, CaseItem
from models.requests import Request
from workers import services
from workers.broker import installed
from workers.queues import Queues

#: The entry point's broker; importing this module before `workers.broker.install` raises.
broker = installed()

log = logging.getLogger(__name__)


@dramatiq.actor(broker=broker, actor_name=Job.CHECK_DEADLINES, queue_name=Queues.HOUSEKEEPING, max_retries=3)
async def check_deadlines() -> None:
    """Safe to run from several schedulers at once: each reminder is claimed by a conditional update."""
    svc = services.current()
    if settled := await casework.settle_provisional(svc.catalog, svc.calendar):
        log.info("due dates counted again on the holidays now known: %s", ", ".join(settled))
    today = svc.now().date()
    tomorrow_due = svc.calendar.add_workdays(today, 1)
    # The case comes with each item: reminders and escalations name it, once per department told.
    soon = await CaseItem.filter(
        status__in=OPEN, due_date__lte=tomorrow_due, due_date__gte=today, reminded_at=None
    ).prefetch_related("case")
    for item in soon:
        if await CaseItem.filter(id=item.id, reminded_at=None).update(reminded_at=svc.now()):
            await _tell(item, item.department, "deadline.remind")
    late = await CaseItem.filter(Q(status__in=OPEN) & Q(due_date__lt=today) & Q(escalated_at=None)).prefetch_related(
        "case"
    )
    for item in late:
        if await CaseItem.filter(id=item.id, escalated_at=None).update(escalated_at=svc.now()):
            scenario = svc.catalog.scenarios[item.case.scenario_id]
            for lead in scenario.lead_departments:
                await _tell(item, lead, "deadline.escalate")
    await _remind_promises(today, tomorrow_due)
    await _sweep_requests(today, tomorrow_due)
    withdrawn = await disclosure.withdraw_lapsed(today, svc.now())
    for number in withdrawn:
        log.info("disclosure request %s deemed withdrawn: no 补正 in time", number)
    if settled or withdrawn:  # redrawn cards and applicants' notices queued: sent now, not at the relay's next look
        svc.relay.kick()


async def _remind_promises(today: dt.date, tomorrow_due: dt.date) -> None:
    """容缺受理: the resident is reminded once, the working day before, of a document promised for then."""
    svc = services.current()
    due = await Case.filter(promise_due__lte=tomorrow_due, promise_due__gte=today, promise_reminded_at=None)
    for case in due:
        if not await Case.filter(id=case.id, promise_reminded_at=None).update(promise_reminded_at=svc.now()):
            continue
        scenario = svc.catalog.scenarios[case.scenario_id]
        lang, day = case.locale, str(case.promise_due)
        names = "、".join(scenario.material(k).name.get(lang) for k, d in case.promised.items() if d == day)
        text = translate(lang, "deadline.promise", number=case.number, materials=names, due=day)
        filer, *residents = await people_to_tell(case)
        for person in (filer, *residents):
            await svc.channels.push(person.channel, person.external_id, [Reply(text)], f"promise-{case.id}")
        log.info("promise reminder for case %s sent", case.number)


async def _tell(item: CaseItem, department: str, key: str) -> None:
    svc = services.current()
    case = item.case
    scenario = svc.catalog.scenarios[case.scenario_id]
    text = translate(
        "zh_CN",
        key,
        number=case.number,
        item=scenario.item(item.item_key).name.zh_CN,
        department=svc.catalog.department_name(item.department, "zh_CN"),
        due=item.due_date.isoformat() if item.due_date else "-",
    )
    await svc.boards.notify(department, text)
    log.info("%s for case %s item %s sent to %s", key, case.number, item.item_key, department)


async def _sweep_requests(today: dt.date, tomorrow_due: dt.date) -> None:
    """Requests (留言, 依申请公开, follow-ups) as items: reminded the working day before, escalated when late,
    to the department and to the supervising department (``Services.request_supervisor``). A request waiting
    for the applicant's 补正 is not open: its clock stands still."""
    svc = services.current()
    open_ = Request.filter(status=RequestStatus.OPEN)
    for request in await open_.filter(due_date__lte=tomorrow_due, due_date__gte=today, reminded_at=None):
        if await request_log.mark(request.id, RequestAction.REMIND, svc.now()):
            await svc.boards.notify(request.department, _request_text("requests.deadline.remind", request))
    for request in await open_.filter(due_date__lt=today, escalated_at=None):
        if await request_log.mark(request.id, RequestAction.ESCALATE, svc.now()):
            text = _request_text("requests.deadline.escalate", request)
            for department in dict.fromkeys(filter(None, (request.department, svc.request_supervisor))):
                await svc.boards.notify(department, text)
            log.info("request %s escalated", request.number)


def _request_text(key: str, request: Request) -> str:
    svc = services.current()
    known = request.department in svc.catalog.departments
    department = svc.catalog.department_name(request.department, "zh_CN") if known else request.department
    what = translate("zh_CN", f"requests.kind.{request.kind}")
    due = request.due_date.isoformat() if request.due_date else "-"
    return translate("zh_CN", key, number=request.number, what=what, department=department, due=due)
