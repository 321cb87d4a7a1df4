"""Elder mode: replies read aloud, and a number alone taps that option."""

from __future__ import annotations

from handlers.dialog.moving import prompt
from handlers.dialog.turn import Turn


async def switch(turn: Turn, on_or_off: str) -> None:
    turn.conv.elder, turn.conv.asked_elder = on_or_off == "on", True
    turn.say("elder.on" if turn.conv.elder else "elder.off")
    await prompt(turn)


async def toggle(turn: Turn, _: str = "") -> None:
    await switch(turn, "off" if turn.conv.elder else "on")


async def button_for_number(turn: Turn, text: str) -> str | None:
    """The data of the button "1" means at the current step, whatever the step; None if there is none."""
    scratch = Turn(turn.conv, turn.ctx)
    await prompt(scratch)
    buttons = scratch.result.replies[-1].buttons if scratch.result.replies else ()
    number = int(text)
    if not 1 <= number <= len(buttons):
        return None
    return buttons[number - 1].data
