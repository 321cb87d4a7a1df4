"""Button data carries the step it was made for, so a tap on an old message is caught.

The wire format is ``<token>|<action>:<argument>``, with ``*`` as the token of buttons
that mean the same anywhere; buttons already sent keep parsing as they always did. An argument
with parts of its own is a small frozen codec here (``RequestPress``, ``MessagePress``,
``VisitChange``, ``DisclosurePick``, ``Forget``, ``LiveRate``): ``pack()`` writes it, ``unpack()``
reads it back or answers None for anything else (an old or forged button), never raising.
"""

from __future__ import annotations

import hashlib
from dataclasses import astuple, dataclass
from enum import StrEnum
from functools import lru_cache
from typing import ClassVar, Self

from handlers.conversation import Conversation
from handlers.events import Button
from handlers.ratings import Level
from handlers.request_lifecycle import NO, YES, MessageKind, RequestVerb
from handlers.visits import VisitKind

#: Token of buttons that mean the same wherever they are tapped (menu, resume, status).
ANYWHERE = "*"


class GlobalAction(StrEnum):
    """What a button tapped anywhere asks for."""

    MENU = "menu"
    ALL = "all"
    STATUS = "status"
    SCENARIO = "sc"
    POLICY = "pol"
    SWITCH = "switch"
    RESUME = "resume"
    CANCEL = "cancel"
    CANCEL_YES = "cancel_yes"
    LANG = "lang"
    SUPPLEMENT = "supplement"
    ELDER = "elder"
    CONSENT = "consent"
    LINK = "link"
    CASE = "case"
    HAND_IN = "hand_in"
    RECEIPT = "receipt"
    CONTACT = "contact"
    #: Delete the draft shown by /mydata (a ``Forget``: its draft id; "yes:<id>" once confirmed).
    FORGET = "forget"
    #: What the draft holds (/mydata).
    MYDATA = "mydata"
    #: Ask for another time of a joint visit (a ``VisitChange``: "<case number>/<visit kind>").
    VISIT_CHANGE = "visit_change"
    #: 转人工: hand the conversation to a person.
    PERSON = "person"
    #: 结束人工: end the conversation with a person.
    PERSON_END = "person_end"
    #: Rate a conversation with a person (argument: "<chat id>:<level 1-5>").
    PERSON_RATE = "person_rate"
    #: 留言 instead of a person (outside service hours, or nobody took it in time).
    LEAVE_MESSAGE = "leave_msg"
    #: 依申请公开: "" shows the resident's requests and the intro, "go" starts the form.
    DISCLOSURE = "gk"
    #: An option of the disclosure form's current question (a ``DisclosurePick``: "<question>=<value>").
    DISCLOSURE_PICK = "gk_pick"
    #: Skip the disclosure form's optional question (argument: the question).
    DISCLOSURE_SKIP = "gk_skip"
    #: Submit the disclosure form ("") or start it again ("again").
    DISCLOSURE_SUBMIT = "gk_submit"
    #: 好差评 of a decided item: a ``handlers.ratings.RatePress`` ("<number>:<item>:<verb>:<value>").
    RATE = "rate"
    #: A request (留言, 依申请公开, follow-up): a ``RequestPress``, e.g. "LY20261203-0001:rate:satisfied".
    REQUEST = "request"
    #: 留言 being written, and 我的留言: a ``MessagePress``.
    MESSAGE = "message"


class StepAction(StrEnum):
    """What a button of one step asks for; it is refused once the step has moved on."""

    START = "start"
    TOGGLE = "toggle"
    ITEMS_DONE = "items_done"
    ANSWER = "answer"
    SKIP = "skip"
    LATER = "later"
    REUSE = "reuse"
    SUBMIT = "submit"
    CHANGE = "change"
    EDIT = "edit"
    REVIEW = "review"
    MORE_PAGES = "more_pages"
    PAGES_DONE = "pages_done"
    #: "不是" to "您是说「…」吗？": the question again.
    REASK = "reask"
    #: The privacy notice's answer: "yes" or "no".
    PRIVACY = "privacy"
    #: Use the name, ID number and phone of the last case again.
    SAME = "same"
    #: 容缺受理: the promise to hand a document in later, shown ("") then signed ("sign").
    PROMISE = "promise"


@dataclass(frozen=True)
class ButtonData:
    """The (token, action, argument) a button carries; malformed data unpacks to empty parts."""

    token: str
    action: str
    argument: str = ""

    def pack(self) -> str:
        return _packed(self.token, self.action, self.argument)

    @classmethod
    def unpack(cls, data: str) -> ButtonData:
        token, _, rest = data.partition("|")
        action, _, argument = rest.partition(":")
        return cls(token, action, argument)


@dataclass(frozen=True)
class Pair:
    """A codec of two parts joined by ``SEPARATOR`` (a frozen dataclass of two fields): ``pack`` joins them,
    ``unpack`` cuts at the first separator and ``read`` checks the parts, answering None for anything else."""

    SEPARATOR: ClassVar[str]

    def pack(self) -> str:
        return self.SEPARATOR.join(str(part) for part in astuple(self))

    @classmethod
    def unpack(cls, argument: str) -> Self | None:
        head, separator, tail = argument.partition(cls.SEPARATOR)
        return cls.read(head, tail) if separator else None

    @classmethod
    def read(cls, head: str, tail: str) -> Self | None:
        raise NotImplementedError


#: The five levels of the national 好差评 scale a conversation with a person is rated on, best first.
LIVE_LEVELS = (5, 4, 3, 2, 1)


@dataclass(frozen=True)
class LiveRate(Pair):
    """The argument of a ``PERSON_RATE`` button, ``<chat id>:<level>``."""

    SEPARATOR: ClassVar[str] = ":"
    chat_id: int
    level: int

    @classmethod
    def read(cls, head: str, tail: str) -> Self | None:
        return cls(int(head), int(tail)) if head.isdigit() and tail.isdigit() and int(tail) in LIVE_LEVELS else None


#: The value of a codec's verb that carries none.
_NONE = frozenset({""})
#: What a request button's verb may carry (the others: nothing).
_REQUEST_VALUES: dict[str, frozenset[str]] = {
    RequestVerb.RATE: frozenset(Level),
    RequestVerb.RESOLVED: frozenset({YES, NO}),
}


@dataclass(frozen=True)
class RequestPress:
    """The argument of a ``REQUEST`` button: ``<number>:<verb>[:<value>]``; a rating carries its level, "resolved"
    yes or no, and the other verbs nothing. Request numbers hold no ":"."""

    number: str
    verb: RequestVerb
    value: str = ""

    def pack(self) -> str:
        return ":".join((self.number, self.verb, self.value) if self.value else (self.number, self.verb))

    @classmethod
    def unpack(cls, argument: str) -> RequestPress | None:
        number, _, rest = argument.partition(":")
        verb, _, value = rest.partition(":")
        if not number or verb not in set(RequestVerb):
            return None
        return cls(number, RequestVerb(verb), value) if value in _REQUEST_VALUES.get(verb, _NONE) else None


class MessageVerb(StrEnum):
    """What a button of writing a 留言 asks for."""

    START = ""
    #: 我的留言: the resident's requests.
    MINE = "mine"
    #: The subkind chosen: a ``MessageKind``.
    KIND = "kind"
    #: The department suggested: its key, or "-" for 不确定 (the routing department passes it on).
    DEPARTMENT = "dept"
    #: Whether the reply may be published: yes or no.
    PUBLISH = "publish"
    SUBMIT = "submit"
    REWRITE = "rewrite"
    CANCEL = "cancel"


#: What a 留言 button's verb may carry (a department: any key; the others: nothing).
_MESSAGE_VALUES: dict[str, frozenset[str]] = {
    MessageVerb.KIND: frozenset(MessageKind),
    MessageVerb.PUBLISH: frozenset({YES, NO}),
}


@dataclass(frozen=True)
class MessagePress:
    """The argument of a ``MESSAGE`` button: ``<verb>[:<value>]``; only a kind, a department and publishing carry a
    value ("kind:complaint", "dept:-", "publish:yes")."""

    verb: MessageVerb = MessageVerb.START
    value: str = ""

    def pack(self) -> str:
        return f"{self.verb}:{self.value}" if self.value else self.verb.value

    @classmethod
    def unpack(cls, argument: str) -> MessagePress | None:
        verb, _, value = argument.partition(":")
        if verb not in set(MessageVerb):
            return None
        fits = bool(value) if verb == MessageVerb.DEPARTMENT else value in _MESSAGE_VALUES.get(verb, _NONE)
        return cls(MessageVerb(verb), value) if fits else None


@dataclass(frozen=True)
class VisitChange(Pair):
    """The argument of a ``VISIT_CHANGE`` button, and the key of the step asking for the wish:
    ``<case number>/<visit kind>``."""

    SEPARATOR: ClassVar[str] = "/"
    number: str
    kind: VisitKind

    @classmethod
    def read(cls, head: str, tail: str) -> Self | None:
        return cls(head, VisitKind(tail)) if head and tail in set(VisitKind) else None


@dataclass(frozen=True)
class DisclosurePick(Pair):
    """The argument of a ``DISCLOSURE_PICK`` button: ``<question>=<value>`` (the value may be anything, even "")."""

    SEPARATOR: ClassVar[str] = "="
    question: str
    value: str

    @classmethod
    def read(cls, head: str, tail: str) -> Self | None:
        return cls(head, tail) if head else None


@dataclass(frozen=True)
class Forget:
    """The argument of a ``FORGET`` button: the draft's id, and ``yes:<id>`` once the resident confirmed."""

    draft_id: str
    confirmed: bool = False

    _YES: ClassVar[str] = "yes:"

    def pack(self) -> str:
        return self._YES + self.draft_id if self.confirmed else self.draft_id

    @classmethod
    def unpack(cls, argument: str) -> Forget | None:
        draft_id = argument.removeprefix(cls._YES)
        return cls(draft_id, draft_id != argument) if draft_id else None


def _packed(token: str, action: str, argument: str) -> str:
    return f"{token}|{action}:{argument}" if argument else f"{token}|{action}"


def step_token(conv: Conversation) -> str:
    return _token(conv.draft_id, conv.step)


@lru_cache(maxsize=4096)
def _token(draft_id: str, step: str) -> str:
    """The step's token, hashed once for all the buttons of its prompt and the press that answers them."""
    return hashlib.blake2s(f"{draft_id}:{step}".encode(), digest_size=4).hexdigest()


def here(conv: Conversation, label: str, action: StepAction, argument: str = "") -> Button:
    return Button(label, _packed(step_token(conv), action, argument))


def anywhere(label: str, action: GlobalAction, argument: str = "") -> Button:
    return Button(label, _packed(ANYWHERE, action, argument))
