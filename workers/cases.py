"""Actors of a case's journey: route it, show its cards, tell the resident."""

from __future__ import annotations

import logging
from typing import Any

import dramatiq
from tortoise.transactions import in_transaction

from casework import casework
from casework.jobs import Job
from handlers.cards import render_card
from handlers.notices import status_notice
from locales import translate
from models.staff import StaffCard
from workers import services
from workers.broker import installed
from workers.once import done_before, mark_done
from workers.queues import Queues

#: The entry point's broker; importing this module before `workers.broker.install` raises.
broker = installed()

log = logging.getLogger(__name__)

#: Talking to a chat platform can fail for a while; back off up to ten minutes, then dead-letter.
CHANNEL_RETRIES: dict[str, Any] = {
    "max_retries": 8,
    "min_backoff": 1_000,
    "max_backoff": 600_000,
    "on_retry_exhausted": Job.RECORD_DEAD_LETTER,
}


#: How soon a push that waits for an earlier one of the same case tries again (ms).
ORDER_RETRY_MS = 200


@dramatiq.actor(
    broker=broker,
    actor_name=Job.ROUTE_CASE,
    queue_name=Queues.CASES,
    max_retries=8,
    on_retry_exhausted=Job.RECORD_DEAD_LETTER,
)
async def route_case(case_id: int, key: str) -> None:
    """Fan a new case out: one card per department involved, all at once (并联审批)."""
    async with in_transaction():
        if await done_before(key):
            return
        departments = await casework.route_case(case_id)
        await mark_done(key)
    log.info("case %s routed to %s", case_id, ", ".join(departments))
    services.current().relay.kick()


@dramatiq.actor(broker=broker, actor_name=Job.POST_CARD, queue_name=Queues.CARDS, **CHANNEL_RETRIES)
async def post_card(card_id: int, key: str, version: int | None = None) -> None:
    """Show the card as it is now: posted the first time, edited in place after.

    ``version`` is the card version this message was queued for (None: whatever is current).
    """
    svc = services.current()
    async with in_transaction():
        if await done_before(key):
            return
        card = await StaffCard.filter(id=card_id).select_for_update().get()
        if version is not None and card.version != version:
            await mark_done(key)  # a newer version is queued; showing this one would be stale
            return
        facts = await casework.card_facts(card, svc.public_url)
        await svc.boards.show_card(card, render_card(facts, svc.catalog, translate))
        await mark_done(key)


@dramatiq.actor(
    broker=broker, actor_name=Job.PUSH_STATUS, queue_name=Queues.PUSHES, **{**CHANNEL_RETRIES, "max_retries": 50}
)
async def push_status(event_id: int, key: str) -> None:
    """Tell the resident, in their channel and language, what changed and what comes next."""
    svc = services.current()
    if await casework.earlier_pushes_pending(event_id):
        # Workers run in parallel; a resident must not read "approved" before "accepted".
        raise dramatiq.Retry(delay=ORDER_RETRY_MS)
    async with in_transaction():
        if await done_before(key):
            return
        facts, case = await casework.status_facts(event_id)
        reply = status_notice(facts, svc.catalog, translate)
        filer, *residents = await casework.people_to_tell(case)
        if not await svc.channels.push(filer.channel, filer.external_id, [reply]):
            raise RuntimeError(f"no channel {filer.channel!r} in this worker to reach user {filer.id}")
        for person in residents:  # the resident of a 代办 case, on whichever channels this worker has
            if not await svc.channels.push(person.channel, person.external_id, [reply]):
                log.warning("resident %s of case %s is on %s, not served here", person.id, case.id, person.channel)
        await mark_done(key)
