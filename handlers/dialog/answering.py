"""Giving what a step asks for: an answer, a skip, a later, a reused file, the items chosen."""

from __future__ import annotations

from handlers import intents, plan, prompts
from handlers.answers import Problem, parse_answer
from handlers.buttons import StepAction
from handlers.dialog import previous, questions
from handlers.dialog.moving import advance, prompt, stale
from handlers.dialog.turn import Turn
from handlers.steps import StepKind


async def answer(turn: Turn, key: str, text: str) -> None:
    scenario = turn.scenario
    assert scenario is not None
    question = scenario.question(key)
    # A question is never a valid name or address: answer it, then ask the field again.
    if intents.is_question(text):
        if await questions.answer_question(turn, text):
            return
        if question.type in ("text", "address"):
            turn.say("search.no_answer")
            await prompt(turn, resume=True)
            return
    value = parse_answer(question, text, turn.ctx.now().date())
    if isinstance(value, Problem):
        turn.say(value.key, **value.params)
        await prompt(turn)
        return
    turn.conv.answers[key] = value
    await advance(turn)


def fits(turn: Turn, text: str) -> bool:
    """Whether text is a plain, valid answer to the question asked now (a company called 某某客服中心
    is a name to take, not a request for a person)."""
    scenario, at = turn.scenario, turn.conv.at
    if scenario is None or at.kind != StepKind.FIELD or intents.is_question(text):
        return False
    return not isinstance(parse_answer(scenario.question(at.key), text, turn.ctx.now().date()), Problem)


async def answer_by_button(turn: Turn, number: str) -> None:
    at = turn.conv.at
    if at.kind != StepKind.FIELD:
        await stale(turn, StepAction.ANSWER)
        return
    await answer(turn, at.key, number)


async def skip(turn: Turn, _: str) -> None:
    scenario, at = turn.scenario, turn.conv.at
    if scenario is None or at.kind != StepKind.FIELD or scenario.question(at.key).required:
        await stale(turn, StepAction.SKIP)
        return
    turn.conv.answers[at.key] = None
    await advance(turn)


async def later(turn: Turn, _: str) -> None:
    scenario, at = turn.scenario, turn.conv.at
    if scenario is None or at.kind != StepKind.MATERIAL or scenario.material(at.key).required:
        turn.say("material.required")
        await prompt(turn)
        return
    turn.conv.materials[at.key] = []
    await advance(turn)


async def reuse(turn: Turn, _: str) -> None:
    at, scenario = turn.conv.at, turn.scenario
    earlier = await turn.ctx.repo.earlier_material(turn.ctx.user_id, at.key)
    if at.kind != StepKind.MATERIAL or earlier is None or scenario is None:
        await stale(turn, StepAction.REUSE)
        return
    turn.conv.materials[at.key] = [dict(f, reused_from=earlier.case_number) for f in earlier.files]
    label = prompts.earlier_label(scenario.material(at.key), earlier, turn.conv, turn.ctx)
    turn.say("material.reused_label", label=label)
    await advance(turn)


async def same_as_before(turn: Turn, _: str) -> None:
    """The name, ID number and phone of the last case, filled in at once; each can still be changed on review."""
    found = await previous.earlier(turn)
    if found is None:
        await stale(turn, StepAction.SAME)
        return
    turn.conv.answers.update(found.answers)
    turn.say("previous.used")
    await advance(turn)


async def toggle_item(turn: Turn, key: str) -> None:
    scenario = turn.scenario
    assert scenario is not None
    chosen = plan.chosen_items(scenario, turn.conv)
    if key in chosen:
        chosen.remove(key)
    elif any(i.key == key for i in scenario.items):
        chosen.append(key)
    turn.conv.selected_items = chosen
    await prompt(turn)


async def items_done(turn: Turn, _: str) -> None:
    scenario = turn.scenario
    assert scenario is not None
    turn.conv.selected_items = plan.chosen_items(scenario, turn.conv)
    if not turn.conv.selected_items:
        turn.say("items.none")
        await prompt(turn)
        return
    await advance(turn)
