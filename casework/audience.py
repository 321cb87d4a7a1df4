"""Who hears of a case's change, and how each of them wants to hear it now (not when the case was filed)."""

from __future__ import annotations

from dataclasses import dataclass

from models.case import Case
from models.conversation import ConversationState
from models.user import User


@dataclass(frozen=True)
class Listener:
    """One person to tell: their language and read-aloud choice as their conversation holds them today."""

    user: User
    locale: str
    elder: bool


async def people_to_tell(case: Case) -> list[User]:
    """Whoever filed the case, and for 帮办代办 each chat account that linked itself with the case's code.

    Never anyone found by a phone number: whoever typed a number into a form does not own it.
    """
    filer = await case.user
    linked = await User.filter(resident_links__case_id=case.id).exclude(id=filer.id).distinct()
    return [filer, *linked]


async def listeners(case: Case) -> list[Listener]:
    """The filer first, then linked residents, each in their current language and elder mode."""
    people = await people_to_tell(case)
    states = await ConversationState.filter(user_id__in=[p.id for p in people]).values("user_id", "state")
    saved = {row["user_id"]: row["state"] or {} for row in states}
    return [_listener(person, saved.get(person.id, {})) for person in people]


async def listener_for(user: User) -> Listener:
    """One person (a request's resident) in their current language and elder mode."""
    state = await ConversationState.filter(user_id=user.id).values_list("state", flat=True)
    return _listener(user, state[0] if state and isinstance(state[0], dict) else {})


def _listener(user: User, state: dict[str, object]) -> Listener:
    # The conversation's language is the one the person chose last; the user row follows it after each step.
    locale = str(state.get("locale") or user.locale or "zh_CN")
    return Listener(user, locale, bool(state.get("elder")))
