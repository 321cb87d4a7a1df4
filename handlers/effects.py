"""What a step asks the save to do, and what the save did with it.

A step never writes: it returns effects (file this draft, link this code, ask for a person),
and the save carries them out in its transaction. Where only the save can tell the outcome,
it hands back a value the engine then answers (``engine.filed``, ``engine.linked``, ...).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class SubmitCase:
    """Effect: file the conversation's draft as a case, in the same transaction as the save.

    The case number is allocated in that transaction, so a step run again (another
    process saved first) burns no number; ``engine.filed`` then gives the receipt.
    """

    scenario_id: str
    draft_id: str
    answers: dict[str, object]
    items: tuple[str, ...]
    materials: dict[str, list[dict[str, object]]]
    locale: str
    #: Filed by staff on the resident's behalf (帮办代办), with the consent they recorded.
    proxy: dict[str, str] | None = None
    #: When the resident agreed to the privacy notice (ISO time), recorded on the case.
    privacy_consented_at: str | None = None
    #: 容缺受理: material key -> the date (ISO) the applicant promised to hand it in by.
    promises: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ResubmitCase:
    """Effect: the answers and documents a supplement request asked for, sent back on a case."""

    number: str
    answers: dict[str, object]
    materials: dict[str, list[dict[str, object]]]


@dataclass(frozen=True)
class Speak:
    """Effect: read these replies aloud to the person (elder mode), after the text has gone out."""

    texts: tuple[str, ...]
    locale: str


@dataclass(frozen=True)
class LinkResident:
    """Effect: make this chat account the resident of the case whose one-time link code it gave.

    Only the save can tell whether the code was good; ``engine.linked`` then answers the outcome.
    """

    code: str


@dataclass(frozen=True)
class AskVisitChange:
    """Effect: the applicant asks for another time of a joint visit of their case (``handlers.visits``)."""

    number: str
    #: A ``handlers.visits.VisitKind`` value.
    kind: str
    wish: str


@dataclass(frozen=True)
class AskForPerson:
    """Effect: hand the conversation to a person (人工客服) of this department, if one is on duty.

    Only the save can tell whether the department is open and how many wait before this one;
    ``engine.live_answered`` then answers the outcome.
    """

    #: The errand's lead department; "" at the menu (the service routes it, as it routes a 留言).
    department: str
    locale: str
    #: What the resident typed to the bot lately (masked), for staff to read and for a 留言.
    said: tuple[str, ...] = ()
    #: The errand under way, if any (a scenario id).
    errand: str = ""


@dataclass(frozen=True)
class SayToPerson:
    """Effect: while a person serves the resident, what the resident typed goes to them, not the bot."""

    text: str


@dataclass(frozen=True)
class EndLive:
    """Effect: the resident ends the conversation with a person (结束人工)."""


@dataclass(frozen=True)
class RateLive:
    """Effect: the resident's rating of a conversation with a person, 1 (非常不满意) to 5 (非常满意)."""

    chat_id: int
    level: int


@dataclass(frozen=True)
class LeaveMessage:
    """Effect: a 留言 instead of a person, with everything already said attached (the handover's, if any)."""

    #: The handover it replaces (0: none), whose messages are attached.
    chat_id: int
    #: What the resident typed to the bot lately (masked), attached when there is no handover.
    said: tuple[str, ...]
    locale: str


@dataclass(frozen=True)
class RateItem:
    """Effect: keep this rating of one case item (好差评), or change the one given; the save checks the period."""

    number: str
    item_key: str
    level: str
    reasons: tuple[str, ...] = ()
    comment: str = ""


@dataclass(frozen=True)
class FileRequest:
    """Effect: file a request (留言 and the kinds built on it), numbered and routed in the save's transaction;
    ``engine.request_filed`` then tells the number and the due date."""

    kind: str
    text: str
    subkind: str = ""
    #: A department key, or "" for the routing department.
    department: str = ""
    publishable: bool = False
    locale: str = "zh_CN"
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ActOnRequest:
    """Effect: the resident acts on their own request (``handlers.requests`` verbs: rate, resolved, correction)."""

    number: str
    verb: str
    value: str = ""


Effect = (
    SubmitCase
    | ResubmitCase
    | Speak
    | LinkResident
    | AskVisitChange
    | FileRequest
    | ActOnRequest
    | AskForPerson
    | SayToPerson
    | EndLive
    | RateLive
    | LeaveMessage
    | RateItem
)


class LinkOutcome(StrEnum):
    """What became of a link code; each has its own polite reply (``link.<outcome>``)."""

    LINKED = "linked"
    WRONG = "wrong"
    EXPIRED = "expired"
    USED = "used"
    #: Too many codes that did not link lately: no code is even looked at.
    LIMITED = "limited"


@dataclass(frozen=True)
class Filed:
    """What the save did with a SubmitCase: the number, and for 帮办代办 the code to give the resident."""

    number: str
    link_code: str = ""


@dataclass(frozen=True)
class Linked:
    """What the save did with a LinkResident: the outcome, and the case's number when it linked."""

    outcome: LinkOutcome
    number: str = ""


class LiveOutcome(StrEnum):
    """What became of a request for a person; each has its own reply (``live.resident.<outcome>``)."""

    QUEUED = "queued"
    #: Outside the department's service hours (a weekend, a holiday, the lunch break).
    CLOSED = "closed"
    #: Already waiting for or talking with a person.
    ALREADY = "already"


@dataclass(frozen=True)
class LiveAsked:
    """What the save did with an AskForPerson: queued (with how many wait before), or why not."""

    outcome: LiveOutcome
    ahead: int = 0
    #: The service hours, for telling the resident when to come back.
    hours: str = ""
    #: The handover, whose messages a 留言 offered instead takes along.
    chat_id: int = 0


@dataclass(frozen=True)
class MessageLeft:
    """What the save did with a LeaveMessage: the 留言's tracking number and the date it is answered by."""

    number: str
    due: str


@dataclass(frozen=True)
class RequestFiled:
    """What the save did with a FileRequest: the number, where it went and when it is due."""

    number: str
    kind: str
    subkind: str
    department: str
    due: dt.date | None
    provisional: bool = False


@dataclass(frozen=True)
class RequestActed:
    """What the save did with an ActOnRequest; ``refused`` names the refusal's message key, if refused."""

    number: str
    verb: str
    value: str = ""
    refused: str = ""


#: What a save carried out that the engine answers afterwards.
Saved = Filed | Linked | RequestFiled | RequestActed | LiveAsked | MessageLeft
