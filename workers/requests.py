"""Actors of requests (留言, 依申请公开, follow-ups): tell the resident what changed, in their channel and language.

As ``workers.cases``: read in a short transaction, call the network with none open, record
after (``workers.once``): at least once, duplicates suppressed.
"""

from __future__ import annotations

import logging
from typing import cast

import dramatiq
from tortoise.transactions import in_transaction

from casework import jobs
from casework.audience import Listener, listener_for
from casework.jobs import Job
from handlers.events import Reply
from handlers.request_lifecycle import RequestAction, RequestKind, RequestStatus
from handlers.requests import RequestFacts, request_notice
from locales import translate
from models import db
from models.ledger import Processed
from models.outbox import DeadLetter, Outbox
from models.requests import RequestEvent
from workers import services
from workers.broker import installed
from workers.cases import CHANNEL_RETRIES, order_retry_ms
from workers.once import once
from workers.queues import Queues

#: The entry point's broker; importing this module before `workers.broker.install` raises.
broker = installed()

log = logging.getLogger(__name__)


@dramatiq.actor(
    broker=broker, actor_name=Job.PUSH_REQUEST, queue_name=Queues.PUSHES, **{**CHANNEL_RETRIES, "max_retries": 50}
)
@once()
async def push_request(request_id: int, event_id: int, key: str) -> None:
    """The request's event, told in the resident's current language; read aloud in elder mode."""
    waited = await _waiting_for_earlier(request_id, event_id)
    if waited is not None:  # "answered" never arrives before "passed on"
        raise dramatiq.Retry(delay=waited)
    async with in_transaction():  # one consistent read; closed before anyone is messaged
        event = await RequestEvent.get(id=event_id).prefetch_related("request__user")
        person = await listener_for(event.request.user)
    notice = request_notice(facts(event, person.locale), translate)
    if not await services.current().channels.push(person.user.channel, person.user.external_id, [notice], key):
        raise RuntimeError(f"no channel {person.user.channel!r} in this worker to reach user {person.user.id}")
    if person.elder:
        await _queue_voice(person, notice, event_id)


def facts(event: RequestEvent, locale: str) -> RequestFacts:
    request, catalog = event.request, services.current().catalog
    department = event.data.get("department", request.department)
    name = catalog.department_name(department, locale) if department in catalog.departments else department
    return RequestFacts(
        number=request.number,
        kind=RequestKind(request.kind),
        subkind=request.subkind,
        locale=locale,
        action=RequestAction(event.action),
        status=RequestStatus(event.status),
        department_name=name,
        note=event.note,
        due=request.due_date,
        due_provisional=request.due_provisional,
        correction_due=request.correction_due,
        data=dict(event.data),
    )


async def _waiting_for_earlier(request_id: int, event_id: int) -> int | None:
    """Milliseconds to wait while an earlier push of the same request is neither delivered nor given up."""
    earlier = await RequestEvent.filter(request_id=request_id, id__lt=event_id).values_list("id", flat=True)
    keys = [jobs.request_push_key(i) for i in cast(list[int], earlier)]
    pushed = await _pushed_keys(keys)
    if not pushed:
        return None
    settled = await Processed.filter(key__in=pushed).count() + await DeadLetter.filter(key__in=pushed).count()
    if settled >= len(pushed):
        return None
    event = await RequestEvent.get(id=event_id)
    return order_retry_ms(db.now() - event.at)


async def _pushed_keys(keys: list[str]) -> list[str]:
    """Of these keys, those a push was queued for (the resident's own actions are not pushed)."""
    return cast(list[str], await Outbox.filter(key__in=keys).values_list("key", flat=True))


async def _queue_voice(person: Listener, notice: Reply, event_id: int) -> None:
    async with in_transaction():
        await jobs.speak_request_notice(person.user.id, event_id, notice.speech or notice.text, person.locale)
    services.current().relay.kick()
