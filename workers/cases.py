"""Actors of a case's journey: route it, show its cards, tell the resident.

No actor holds a transaction or a row lock while it talks to a chat platform: it reads
in a short transaction, calls the network with none open, and records after (see
``workers.once`` for what that guarantees: at least once, duplicates suppressed).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import dramatiq
from tortoise.transactions import in_transaction

from casework import casework, jobs, pushes
from casework.audience import Listener, listeners
from casework.drawing import CardDrawer
from casework.jobs import Job
from casework.ports import Throttled
from handlers.events import Reply
from handlers.notices import StatusFacts, status_notice
from locales import translate
from models.case import Case
from models.staff import StaffCard, StaffNotice
from workers import services
from workers.broker import installed
from workers.once import once
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
#: Department chats: failures as above; a post waiting for its turn under the platform's limit is no failure.
#: A large bound all the same, so that a platform that never takes a post does not loop for ever.
MAX_TURNS = 500
#: How soon a push that waits for an earlier one of the same case tries again (ms), at the least and at the most.
ORDER_RETRY_MS = 200
ORDER_RETRY_MAX_MS = 15_000
#: How often post_card shows a card again that changed while it was being shown.
SHOW_ROUNDS = 3


def _kick_relay() -> None:
    services.current().relay.kick()


def _kick_relay_for_chats() -> None:
    """After routing: only the chat posts were queued, so with no department chats there is nothing to send."""
    if services.current().boards.boards:
        _kick_relay()


@dramatiq.actor(
    broker=broker,
    actor_name=Job.ROUTE_CASE,
    queue_name=Queues.CASES,
    max_retries=8,
    on_retry_exhausted=Job.RECORD_DEAD_LETTER,
)
@once(atomic=True, then=_kick_relay_for_chats)
async def route_case(case_id: int, key: str) -> None:
    """Fan a new case out: one card per department involved, all at once (并联审批)."""
    svc = services.current()
    drawer = CardDrawer(svc.catalog, svc.public_url)
    departments = await casework.route_case(case_id, drawer, chats=bool(svc.boards.boards))
    log.info("case %s routed to %s", case_id, ", ".join(departments))


def skip_without_boards(post: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    """Where no department chat is configured there is nothing to post (draw_card keeps the staff page):
    no drawing, no ledger round trips."""

    @functools.wraps(post)
    async def maybe_post(*args: Any, **kwargs: Any) -> None:
        if services.current().boards.boards:
            await post(*args, **kwargs)

    return maybe_post


@dramatiq.actor(broker=broker, actor_name=Job.DRAW_CARD, queue_name=Queues.CARDS, max_retries=8)
@once(atomic=True)  # the database only: drawn and recorded in one transaction, exactly once
async def draw_card(card_id: int, key: str, version: int) -> None:
    """The staff page's copy of a card, stored at once: it never waits behind the chats' throttling."""
    svc = services.current()
    card = await StaffCard.get(id=card_id)
    if card.version == version:  # an overtaken version is drawn by its newer job
        await CardDrawer(svc.catalog, svc.public_url).draw(card)


class AtTurn(dramatiq.Retry):
    """A chat post that comes back when the department chat has a turn free (``Throttled``)."""


def _retry_chats(retries: int, exception: BaseException) -> bool:
    if isinstance(exception, AtTurn):
        return retries < MAX_TURNS
    return retries < CHANNEL_RETRIES["max_retries"]


def at_turn(post: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    """A throttled chat post goes back on the queue until its turn, holding no worker thread meanwhile."""

    @functools.wraps(post)
    async def posting(*args: Any, **kwargs: Any) -> None:
        try:
            await post(*args, **kwargs)
        except Throttled as throttled:
            raise AtTurn(delay=max(int(throttled.seconds * 1000), 50)) from None

    return posting


CHATS_RETRIES = {**CHANNEL_RETRIES, "retry_when": _retry_chats}


@dramatiq.actor(broker=broker, actor_name=Job.POST_CARD, queue_name=Queues.CHATS, **CHATS_RETRIES)
@skip_without_boards
@at_turn
@once()
async def post_card(card_id: int, key: str, version: int | None = None) -> None:
    """Show the card as it is now: the staff page's copy stored, posted to chats the first time, edited after.

    ``version`` is the card version this message was queued for (None: whatever is current);
    a version already overtaken is dropped, its newer job shows the card. Two jobs of one
    card may still overlap; the one that finds the card changed after it posted shows it
    again, so the last edit on screen is of the newest version.
    """
    svc = services.current()
    drawer = CardDrawer(svc.catalog, svc.public_url)
    card = await StaffCard.get(id=card_id)
    if version is not None and card.version != version:
        return
    for _ in range(SHOW_ROUNDS):
        reply = await drawer.draw(card)
        await svc.boards.show_card(card, reply)
        fresh = await StaffCard.get(id=card_id)
        if fresh.version == card.version:
            return
        card = fresh


@dramatiq.actor(broker=broker, actor_name=Job.POST_NOTICE, queue_name=Queues.CHATS, **CHATS_RETRIES)
@at_turn
@once()
async def post_notice(notice_id: int, key: str) -> None:
    """A reminder or escalation, already on the staff page, posted to the department's chats."""
    notice = await StaffNotice.get_or_none(id=notice_id)
    if notice is not None:
        await services.current().boards.post_notice(notice)


@dramatiq.actor(
    broker=broker, actor_name=Job.PUSH_STATUS, queue_name=Queues.PUSHES, **{**CHANNEL_RETRIES, "max_retries": 50}
)
@once()
async def push_status(event_id: int, key: str) -> None:
    """Tell the resident, in their channel and current language, what changed and what comes next;
    read aloud for whoever is in elder mode."""
    waited = await pushes.waiting_for_earlier_pushes(event_id)
    if waited is not None:
        # Workers run in parallel; a resident must not read "approved" before "accepted". The wait
        # grows with the time waited, so the retries outlast an earlier push held by a dead
        # worker until its claim runs out (a lease), instead of being spent in seconds.
        raise dramatiq.Retry(delay=order_retry_ms(waited))
    async with in_transaction():  # one consistent read; closed before anyone is messaged
        facts, case = await pushes.status_facts(event_id)
        filer, *residents = await listeners(case)
    await _tell(case, facts, filer, residents, event_id, key)


def order_retry_ms(waited: dt.timedelta) -> int:
    """Half the time waited so far, within bounds: 50 retries then span hours, not ten seconds."""
    return int(min(max(waited.total_seconds() * 500, ORDER_RETRY_MS), ORDER_RETRY_MAX_MS))


async def _tell(
    case: Case, facts: StatusFacts, filer: Listener, residents: list[Listener], event_id: int, key: str
) -> None:
    channels = services.current().channels
    spoken: list[tuple[Listener, Reply]] = []
    for person in (filer, *residents):
        notice = notice_for(person, facts)
        if await channels.push(person.user.channel, person.user.external_id, [notice], key):
            if person.elder:
                spoken.append((person, notice))
        elif person is filer:
            raise RuntimeError(f"no channel {filer.user.channel!r} in this worker to reach user {filer.user.id}")
        else:  # the resident of a 代办 case, on whichever channels this worker has
            log.warning(
                "resident %s of case %s is on %s, not served here", person.user.id, case.id, person.user.channel
            )
    if spoken:
        await _queue_voices(spoken, event_id)


def notice_for(person: Listener, facts: StatusFacts) -> Reply:
    """The notice in the language the person uses now, whatever language the case was filed in."""
    return status_notice(dataclasses.replace(facts, locale=person.locale), services.current().catalog, translate)


async def _queue_voices(spoken: list[tuple[Listener, Reply]], event_id: int) -> None:
    """The notice read aloud after its text, by the speak actor (the text is never held back for it)."""
    async with in_transaction():
        for person, reply in spoken:
            await jobs.speak_notice(person.user.id, event_id, reply.speech or reply.text, person.locale)
    services.current().relay.kick()
