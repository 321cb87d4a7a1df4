"""Every job the service layer queues: the actor's name, its arguments and its idempotency key, in one place.

Each helper writes an outbox row inside the caller's transaction (see ``models.outbox``);
the relay sends it once that transaction has committed. The key doubles as the
idempotency key the actor records with its effect, so a redelivery is suppressed.
The periodic sweeps, which carry no key and need no transaction, are sent straight to
the broker (``sweep_deadlines``, ``sweep_live_waits``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from handlers.events import Reply
from models.outbox import enqueue, requeue

if TYPE_CHECKING:
    import dramatiq


class Job(StrEnum):
    """Actor names, shared by the helpers below and the actors' declarations in ``workers``."""

    ROUTE_CASE = "route_case"
    DRAW_CARD = "draw_card"
    POST_CARD = "post_card"
    POST_NOTICE = "post_notice"
    PUSH_STATUS = "push_status"
    SPEAK = "speak"
    CHECK_DEADLINES = "check_deadlines"
    PUSH_REQUEST = "push_request"
    RECORD_DEAD_LETTER = "record_dead_letter"
    PUSH_LIVE = "push_live"
    CHECK_LIVE_WAITS = "check_live_waits"


async def route_case(case_id: int) -> None:
    """Fan a newly filed case out to its departments."""
    await enqueue(Job.ROUTE_CASE, f"route:{case_id}", case_id=case_id)


async def post_card(card_id: int, version: int) -> None:
    """Show one version of a staff card: drawn for the staff page at once, and posted to department
    chats on a queue of its own; a version overtaken by a newer one is dropped there."""
    await enqueue(Job.DRAW_CARD, f"draw:{card_id}:v{version}", card_id=card_id, version=version)
    await post_to_chats(card_id, version)


async def post_to_chats(card_id: int, version: int) -> None:
    """Post (or edit) one version of a staff card in the department chats, its staff-page copy already drawn."""
    await enqueue(Job.POST_CARD, f"card:{card_id}:v{version}", card_id=card_id, version=version)


async def post_notice(notice_id: int) -> None:
    """Post a reminder or escalation, already on the staff page, to the department's chats."""
    await enqueue(Job.POST_NOTICE, f"notice:{notice_id}", notice_id=notice_id)


def push_key(event_id: int) -> str:
    """The idempotency key of an event's status push: also how a later push finds it settled."""
    return f"push:{event_id}"


async def push_status(event_id: int) -> None:
    """Tell the resident about one audit-log event of their case."""
    await enqueue(Job.PUSH_STATUS, push_key(event_id), event_id=event_id)


async def speak(user_id: int, step: int, texts: Sequence[str], locale: str) -> None:
    """Read a step's replies aloud; ``step`` is the saved conversation version the replies belong to."""
    await enqueue(Job.SPEAK, f"speak:{user_id}:{step}", user_id=user_id, texts=list(texts), locale=locale)


async def speak_notice(user_id: int, event_id: int, text: str, locale: str) -> None:
    """Read one status notice aloud to a resident in elder mode."""
    key = f"speak:{user_id}:push:{event_id}"
    await enqueue(Job.SPEAK, key, user_id=user_id, texts=[text], locale=locale)


def live_key(chat_id: int, *what: object) -> str:
    """The key of one push of a handover: ``live:<chat>:`` and what tells it from the handover's other
    pushes (``"back"``; ``"msg", message_id``; ``"at", queued_at_stamp, ahead``; ...)."""
    return ":".join(["live", str(chat_id), *map(str, what)])


async def push_live(chat_id: int, reply: Reply, *what: object) -> None:
    """Tell the resident of a handover to a person (人工客服) what staff said or did; ``what`` as ``live_key``."""
    await enqueue(Job.PUSH_LIVE, live_key(chat_id, *what), chat_id=chat_id, reply=reply.to_json())


async def speak_live(user_id: int, push: str, text: str, locale: str) -> None:
    """Read one message of a handover aloud to a resident in elder mode (``push``: the push's key)."""
    await enqueue(Job.SPEAK, f"speak:{user_id}:{push}", user_id=user_id, texts=[text], locale=locale)


def request_push_key(event_id: int) -> str:
    """The idempotency key of a request event's push to the resident."""
    return f"request-push:{event_id}"


async def push_request(request_id: int, event_id: int) -> None:
    """Tell the resident about one audit-log event of their request (留言, 依申请公开, follow-up)."""
    await enqueue(Job.PUSH_REQUEST, request_push_key(event_id), request_id=request_id, event_id=event_id)


async def speak_request_notice(user_id: int, event_id: int, text: str, locale: str) -> None:
    """Read one request notice aloud to a resident in elder mode."""
    key = f"speak:{user_id}:request:{event_id}"
    await enqueue(Job.SPEAK, key, user_id=user_id, texts=[text], locale=locale)


def replay_key(dead_letter_id: int, at: dt.datetime) -> str:
    """The outbox key of one replay of a dead letter: a replay a second later is a row of its own."""
    return f"replay:{dead_letter_id}:{at:%Y%m%d%H%M%S}"


async def replay(actor: str, dead_letter_id: int, payload: dict[str, Any], at: dt.datetime) -> None:
    """Queue a dead letter's message again. Its payload keeps the message's own idempotency key, so work
    that did happen before it failed is not done twice. Raises ValueError for an actor no job names."""
    await requeue(Job(actor), replay_key(dead_letter_id, at), payload)


def sweep_deadlines(broker: dramatiq.Broker) -> None:
    """Run the deadline sweep now (it claims each reminder itself, so a second sweep does nothing twice)."""
    broker.get_actor(Job.CHECK_DEADLINES).send()


def sweep_live_waits(broker: dramatiq.Broker, wait_minutes: int) -> None:
    """End the handovers nobody took within ``wait_minutes`` (人工客服), offering a 留言 instead."""
    broker.get_actor(Job.CHECK_LIVE_WAITS).send(wait_minutes)
