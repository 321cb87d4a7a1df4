"""好差评: the national five levels, the reasons a low rating may tick, and the button data that carries them.

No storage and no channel here: the dialog (handlers/dialog/rating.py) asks, the save
(casework/ratings.py) keeps one rating per case item.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """The national scale (国办发〔2019〕51号 好差评), best first; stored as its value."""

    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    BASIC = "basic"
    DISSATISFIED = "dissatisfied"
    VERY_DISSATISFIED = "very_dissatisfied"


class Reason(StrEnum):
    """What a low rating may tick; stored as its value."""

    SLOW = "slow"
    REPEATED_DOCUMENTS = "repeated_documents"
    ATTITUDE = "attitude"
    RESULT = "result"
    OTHER = "other"


#: The two lowest levels: they ask for reasons and open a follow-up for the department.
LOW = frozenset({Level.DISSATISFIED, Level.VERY_DISSATISFIED})


class Appeal(StrEnum):
    """申诉复核 of one rating: asked by the department, decided by a supervisor."""

    NONE = ""
    ASKED = "asked"
    UPHELD = "upheld"
    VOIDED = "voided"


class Verb(StrEnum):
    """What a rating button asks for; one letter, as Telegram carries at most 64 bytes of button data."""

    #: Ask the levels for one item (or list the case's items when no item is named).
    OPEN = "o"
    LEVEL = "l"
    REASON = "r"
    #: The reasons are ticked: keep the rating, then ask for a comment.
    DONE = "d"
    #: No comment.
    SKIP = "s"


#: The values a verb's argument stands for, by their number from 1 (kept short on the wire).
_CODED: dict[Verb, tuple[str, ...]] = {Verb.LEVEL: tuple(Level), Verb.REASON: tuple(Reason)}


@dataclass(frozen=True)
class RatePress:
    """The argument of a ``GlobalAction.RATE`` button: ``<number>:<item>:<verb>:<value>``, where a level or
    a reason travels as its number ("LG20261126-0001:fire_check:l:2" is 满意).

    Case numbers and item keys hold no ":"; a malformed argument unpacks to None.
    """

    number: str
    item: str = ""
    verb: Verb = Verb.OPEN
    value: str = ""

    def pack(self) -> str:
        coded = _CODED.get(self.verb)
        value = str(coded.index(self.value) + 1) if coded and self.value in coded else self.value
        verb = "" if self.verb == Verb.OPEN and not value else self.verb
        return ":".join((self.number, self.item, verb, value)).rstrip(":")

    @classmethod
    def unpack(cls, argument: str) -> RatePress | None:
        number, item, verb, value = [*argument.split(":"), "", "", ""][:4]
        if not number or verb not in ("", *Verb):
            return None
        tapped = Verb(verb or Verb.OPEN)
        if coded := _CODED.get(tapped):
            if not value.isdigit() or not 1 <= int(value) <= len(coded):
                return None
            value = coded[int(value) - 1]
        return cls(number, item, tapped, value)


def level_of(value: str) -> Level | None:
    return Level(value) if value in Level.__members__.values() else None


def changeable(rated_at: dt.datetime | None, now: dt.datetime, days: int) -> bool:
    """Whether a rating may be given or changed now: always before the first, then for ``days`` days."""
    return rated_at is None or now <= rated_at + dt.timedelta(days=days)
