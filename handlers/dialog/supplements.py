"""Adding to a case already filed: a supplement staff asked for, or documents the resident deferred."""

from __future__ import annotations

from typing import Any

from handlers.catalog.schema import Scenario
from handlers.context import Supplement
from handlers.dialog.asked import shas
from handlers.dialog.moving import advance, prompt
from handlers.dialog.turn import Turn


async def start(turn: Turn, number: str) -> None:
    """Reopen exactly what staff asked for; every other answer and document is kept.

    A request that names nothing (a note only) reopens everything: the resident may change any
    answer or document, and what they change is what goes back.
    """
    found = await turn.ctx.repo.supplement_for(turn.ctx.user_id, number)
    scenario = turn.ctx.catalog.get(found.scenario_id) if found else None
    if found is None or scenario is None or not found.requested:
        turn.say("supplement.none", number=number)
        await prompt(turn)
        return
    _reopen(turn, found, scenario)
    turn.say("supplement.start", number=number)
    if turn.conv.supplement and turn.conv.supplement["open"]:
        turn.say("supplement.open", note=found.note)
    await advance(turn)


async def hand_in(turn: Turn, number: str) -> None:
    """补交材料: the documents deferred with 稍后补交 (and whatever a supplement asks for), from the case."""
    found = await turn.ctx.repo.supplement_for(turn.ctx.user_id, number)
    scenario = turn.ctx.catalog.get(found.scenario_id) if found else None
    if found is None or scenario is None:
        turn.say("owed.none", number=number)
        await prompt(turn)
        return
    _reopen(turn, found, scenario)
    names = "、".join(scenario.material(k).name.get(turn.lang) for k in found.owed if _known(scenario, k))
    turn.say("owed.start", number=number, materials=names or "-")
    await advance(turn)


def _reopen(turn: Turn, found: Supplement, scenario: Scenario) -> None:
    conv = turn.conv
    open_all = found.requested and not found.fields and not found.material_keys
    again = {*found.material_keys, *found.owed}
    conv.start(scenario.id)
    conv.answers = {k: v for k, v in found.answers.items() if k not in found.fields}
    conv.materials = {m.key: found.materials.get(m.key, []) for m in scenario.materials if m.key not in again}
    conv.selected_items = found.items if scenario.selection == "a_la_carte" else None
    conv.supplement = {
        "number": found.number,
        "fields": found.fields,
        "materials": sorted(again),
        "asked": found.material_keys,
        "note": found.note,
        "open": open_all,
        "was": _fingerprint(found.answers, found.materials) if open_all else {},
    }


def _known(scenario: Scenario, key: str) -> bool:
    return any(m.key == key for m in scenario.materials)


def _fingerprint(answers: dict[str, Any], materials: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The case as it was, to tell afterwards what the resident changed."""
    return {"answers": dict(answers), "materials": {k: shas(files) for k, files in materials.items()}}
