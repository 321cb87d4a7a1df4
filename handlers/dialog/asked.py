"""What a supplement asked for, as the document steps and the resubmission need it."""

from __future__ import annotations

from typing import Any

from handlers.buttons import StepAction, here
from handlers.dialog.turn import Turn
from handlers.events import Reply


def shas(files: list[dict[str, Any]]) -> list[str]:
    return [str(f.get("sha256")) for f in files]


def changed(
    conv_answers: dict[str, Any], conv_materials: dict[str, list[dict[str, Any]]], was: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The answers and documents that differ from the case as it was (an open supplement sends only these)."""
    answers = {k: v for k, v in conv_answers.items() if was["answers"].get(k) != v}
    materials = {k: f for k, f in conv_materials.items() if f and was["materials"].get(k) != shas(f)}
    return answers, materials


def as_asked(turn: Turn, key: str, reply: Reply) -> Reply:
    """A document step of a supplement: the clerk's note again, and no 稍后补交 for what staff asked for."""
    asked = turn.conv.supplement
    if not asked:
        return reply
    requested = key in asked.get("asked", asked.get("materials", []))
    note = (
        turn.t("supplement.note_again", note=asked["note"])
        if asked.get("note") and (requested or asked.get("open"))
        else ""
    )
    buttons = reply.buttons
    if requested:
        later = here(turn.conv, turn.t("material.later"), StepAction.LATER).data
        buttons = tuple(b for b in buttons if b.data != later)
    return Reply("\n".join(p for p in (note, reply.text) if p), buttons, reply.speech, reply.facts)


def may_defer(turn: Turn, key: str) -> bool:
    """稍后补交 is never for a document a supplement asked for."""
    asked = turn.conv.supplement or {}
    return key not in asked.get("asked", asked.get("materials", []))
