"""What a request is and where it stands (留言, 依申请公开, 好差评 follow-ups): the names, with no storage.

Request: open -> (waiting_applicant -> open) -> answered -> closed. Passing on, extension, reminders and
escalation are events of its audit log (``RequestAction``), not states. ``models.requests`` stores each
as its value; a resident's rating of an answer is a ``handlers.ratings.Level``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class RequestKind(StrEnum):
    """What a request is; each kind has its own number prefix and deadline rule."""

    MESSAGE = "message"  # 留言: 投诉, 建议, 咨询, 求助 (subkind)
    DISCLOSURE = "disclosure"  # 依申请公开
    FOLLOWUP = "followup"  # a 不满意 rating's follow-up (好差评)


class MessageKind(StrEnum):
    """A message's subkind: what the resident chose, in the order the dialog offers them."""

    COMPLAINT = "complaint"  # 投诉
    SUGGESTION = "suggestion"  # 建议
    CONSULT = "consult"  # 咨询
    HELP = "help"  # 求助


class RequestStatus(StrEnum):
    """Where a request stands. Passing on and escalation are events (and ``escalated_at``), not states."""

    OPEN = "open"
    #: 补正: the clock stops until the applicant answers.
    WAITING_APPLICANT = "waiting_applicant"
    ANSWERED = "answered"
    CLOSED = "closed"


#: Statuses staff still owe work on (the deadline sweep looks at these).
PENDING = (RequestStatus.OPEN,)


class RequestAction(StrEnum):
    """Every action in a request's audit log."""

    OPEN = "open"
    PASS_ON = "pass_on"
    ANSWER = "answer"
    ASK_CORRECTION = "ask_correction"
    RECEIVE_CORRECTION = "receive_correction"
    EXTEND = "extend"
    CLOSE = "close"
    CONFIRM = "confirm"
    RATE = "rate"
    REMIND = "remind"
    ESCALATE = "escalate"


class RequestVerb(StrEnum):
    """What the resident does with their own request (its notice's buttons, ``ActOnRequest``)."""

    #: Show the request, its answer and what may be done next.
    DETAIL = "detail"
    #: Rate the answer: a ``handlers.ratings.Level``.
    RATE = "rate"
    #: Whether the answer resolved the matter: ``YES`` or ``NO``.
    RESOLVED = "resolved"
    #: 补正: the text asked for is typed next.
    CORRECTION = "correction"


#: The two values of ``RequestVerb.RESOLVED``.
YES, NO = "yes", "no"


def overdue(status: str, due: dt.date | None, today: dt.date) -> bool:
    """Whether staff still owe work on a request whose due date has passed."""
    return status in PENDING and due is not None and due < today
