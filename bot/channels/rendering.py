"""Buttons as numbered options, for channels that have no buttons of their own."""

from __future__ import annotations

from handlers.events import Button, Reply


def numbered(reply: Reply) -> str:
    lines = [reply.text]
    lines += [f"[{n}] {button.label}" for n, button in enumerate(reply.buttons, start=1)]
    return "\n".join(lines)


def pick(answer: str, buttons: tuple[Button, ...]) -> Button | None:
    """The button a typed answer means: its number or its exact label."""
    text = answer.strip()
    if text.isdigit() and 1 <= int(text) <= len(buttons):
        return buttons[int(text) - 1]
    return next((b for b in buttons if b.label == text), None)
