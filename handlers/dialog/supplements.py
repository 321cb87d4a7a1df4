"""Answering a supplement request: staff asked for more on a case already filed."""

from __future__ import annotations

from handlers.dialog.moving import advance, prompt
from handlers.dialog.turn import Turn


async def start(turn: Turn, number: str) -> None:
    """Reopen exactly what staff asked for; every other answer and document is kept."""
    found = await turn.ctx.repo.supplement_for(turn.ctx.user_id, number)
    scenario = turn.ctx.catalog.get(found.scenario_id) if found else None
    if found is None or scenario is None:
        turn.say("supplement.none", number=number)
        await prompt(turn)
        return
    conv = turn.conv
    conv.start(scenario.id)
    conv.answers = {k: v for k, v in found.answers.items() if k not in found.fields}
    conv.materials = {
        m.key: found.materials.get(m.key, []) for m in scenario.materials if m.key not in found.material_keys
    }
    conv.selected_items = found.items if scenario.selection == "a_la_carte" else None
    conv.supplement = {"number": number, "fields": found.fields, "materials": found.material_keys}
    turn.say("supplement.start", number=number)
    await advance(turn)
