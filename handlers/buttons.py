"""Button data carries the step it was made for, so a tap on an old message is caught.

The wire format is ``<token>|<action>:<argument>``, with ``*`` as the token of buttons
that mean the same anywhere; buttons already sent keep parsing as they always did.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from handlers.conversation import Conversation
from handlers.events import Button

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
    #: Delete the draft shown by /mydata (argument: its draft id; "yes:<id>" once confirmed).
    FORGET = "forget"
    #: What the draft holds (/mydata).
    MYDATA = "mydata"
    #: Ask for another time of a joint visit (argument: "<case number>/<visit kind>").
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
    #: An option of the disclosure form's current question: "<question>=<value>".
    DISCLOSURE_PICK = "gk_pick"
    #: Skip the disclosure form's optional question (argument: the question).
    DISCLOSURE_SKIP = "gk_skip"
    #: Submit the disclosure form ("") or start it again ("again").
    DISCLOSURE_SUBMIT = "gk_submit"
    #: 好差评 of a decided item: a ``handlers.ratings.RatePress`` ("<number>:<item>:<verb>:<value>").
    RATE = "rate"
    #: A request (留言, 依申请公开, follow-up): "<number>:<verb>[:<value>]", e.g. "LY20261203-0001:rate:satisfied".
    REQUEST = "request"
    #: 留言 being written: "" starts, "kind:<subkind>", "dept:<key>", "publish:yes|no", "submit", "rewrite",
    #: "cancel", "mine" (我的留言).
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


#: The five levels of the national 好差评 scale a conversation with a person is rated on, best first.
LIVE_LEVELS = (5, 4, 3, 2, 1)


@dataclass(frozen=True)
class LiveRate:
    """The argument of a ``PERSON_RATE`` button, ``<chat id>:<level>``; ``unpack`` answers None for anything else."""

    chat_id: int
    level: int

    def pack(self) -> str:
        return f"{self.chat_id}:{self.level}"

    @classmethod
    def unpack(cls, argument: str) -> LiveRate | None:
        chat, _, level = argument.partition(":")
        if not (chat.isdigit() and level.isdigit() and int(level) in LIVE_LEVELS):
            return None
        return cls(int(chat), int(level))


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
