"""关联办件: a resident makes their own chat account the resident of a case staff filed for them.

The clerk hands the resident a one-time code out of band (on paper, by SMS); the resident
sends ``/link CODE``. Nothing else links a chat account to a case: a phone number typed
into some form proves nothing about who owns it.
"""

from __future__ import annotations

from handlers.dialog.moving import prompt
from handlers.dialog.turn import Turn
from handlers.effects import Linked, LinkResident
from handlers.steps import StepKind

#: Letters and digits that cannot be mistaken for each other when read off paper (no 0/O, 1/I/L).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def normalised(text: str) -> str:
    """What the resident typed, as a code: case and spaces or dashes do not matter."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def plausible(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in ALPHABET for ch in code)


async def start(turn: Turn, argument: str = "") -> None:
    """`/link CODE` links at once; `/link` alone (or the 关联办件 button) asks for the code."""
    if argument:
        await code(turn, argument)
        return
    if turn.conv.scenario:  # asking would leave the errand: tell them the one-line form instead
        turn.say("link.how")
        await prompt(turn, resume=True)
        return
    turn.conv.step = StepKind.LINK_CODE.value
    turn.say("link.ask")


async def code(turn: Turn, text: str) -> None:
    """The code typed after being asked for it, or given with the command."""
    if turn.conv.at.kind == StepKind.LINK_CODE:
        turn.conv.step = StepKind.MENU.value
    given = normalised(text)
    if not plausible(given):  # cannot be a code we issued: nothing to look up, nothing to count
        turn.say("link.wrong")
        await prompt(turn, resume=bool(turn.conv.scenario))
        return
    turn.effect(LinkResident(given))  # the reply waits for the save's outcome (engine.linked)


async def linked(turn: Turn, outcome: Linked) -> None:
    """After the save: tell the resident what became of their code."""
    turn.say(f"link.{outcome.outcome}", number=outcome.number)
    await prompt(turn, resume=bool(turn.conv.scenario))
