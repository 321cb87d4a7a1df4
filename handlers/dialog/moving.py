"""Moving through an errand: showing the current step, going on, going back, refusing stale taps."""

from __future__ import annotations

from handlers import plan, prompts, review
from handlers.buttons import GlobalAction, StepAction, here
from handlers.catalog.schema import Scenario
from handlers.dialog import message_steps, previous, privacy
from handlers.dialog.asked import as_asked
from handlers.dialog.turn import Turn
from handlers.events import Reply
from handlers.steps import StepKind, StepRef


async def prompt(turn: Turn, resume: bool = False) -> None:
    """Show the current step again: after an error, an interruption or a restart."""
    if turn.conv.at.kind == StepKind.MESSAGE:  # a 留言 being written, outside any errand
        turn.send(message_steps.reply_for(turn))
        return
    scenario = turn.scenario
    if scenario is None or turn.conv.at.kind == StepKind.MENU:
        if not resume:
            turn.send(prompts.menu(turn.conv, turn.ctx))
        return
    if resume:
        turn.say("resume.where", name=scenario.name.get(turn.lang))
    turn.send(await _step_reply(turn, scenario, turn.conv.at))


async def _step_reply(turn: Turn, scenario: Scenario, at: StepRef) -> Reply:
    conv, ctx = turn.conv, turn.ctx
    if privacy.pending(turn):  # the first personal question waits for the privacy notice's answer
        return privacy.notice(turn)
    match at.kind:
        case StepKind.NOTICE:
            return prompts.notice(scenario, conv, ctx)
        case StepKind.ITEMS:
            return prompts.items(scenario, conv, ctx)
        case StepKind.FIELD:
            asked = await previous.offer(turn, prompts.question(scenario.question(at.key), conv, ctx))
            return _with_back_to_review(turn, asked)
        case StepKind.MATERIAL:
            material = scenario.material(at.key)
            earlier = await ctx.repo.earlier_material(ctx.user_id, at.key) if material.reusable else None
            asked = as_asked(turn, at.key, prompts.material(material, conv, ctx, earlier))
            return _with_back_to_review(turn, asked)
        case StepKind.CHANGE:
            return review.change_menu(scenario, conv, ctx)
    return review.review(scenario, conv, ctx)


def _with_back_to_review(turn: Turn, reply: Reply) -> Reply:
    if not turn.conv.editing:
        return reply
    back = here(turn.conv, turn.t("change.back"), StepAction.REVIEW)
    return Reply(reply.text, (*reply.buttons, back), reply.speech)


async def advance(turn: Turn) -> None:
    scenario = turn.scenario
    assert scenario is not None
    turn.conv.editing = False
    if plan.nothing_applies(scenario, turn.conv):
        _end_not_applicable(turn, scenario)
        return
    turn.conv.step = plan.next_step(scenario, turn.conv)
    await prompt(turn)


def _end_not_applicable(turn: Turn, scenario: Scenario) -> None:
    """The deciding answers say no item applies: end here with why and what instead, keeping nothing."""
    lang, catalog = turn.lang, turn.ctx.catalog
    reasons = [
        f"• {item.name.get(lang)}：{item.condition_note.get(lang)}"
        for item in scenario.items
        if not item.internal and item.condition_note is not None
    ]
    lead = catalog.department_name(scenario.lead_departments[0], lang)
    instead = scenario.not_applicable.get(lang) if scenario.not_applicable else ""
    name = scenario.name.get(lang)
    turn.conv.leave()
    turn.say(
        "errand.not_applicable",
        turn.button("button.menu", GlobalAction.MENU),
        name=name,
        reasons="\n".join(reasons),
        instead=instead,
        department=lead,
        phone=catalog.lead_phone(scenario),
    )


async def go_on(turn: Turn, _: str) -> None:
    """The notice's "start" and the change list's "back to review": both go to the next open step."""
    await advance(turn)


async def stale(turn: Turn, action: str) -> None:
    if action == StepAction.SUBMIT and turn.conv.last_case:
        turn.say("submit.already", number=turn.conv.last_case)
    else:
        turn.say("button.stale")
    await prompt(turn)


async def back(turn: Turn, _: str = "") -> None:
    scenario, conv = turn.scenario, turn.conv
    if scenario is None:
        turn.send(prompts.menu(conv, turn.ctx))
        return
    previous = plan.previous_step(scenario, conv)
    if previous is None:
        conv.step = StepKind.NOTICE.value
    else:
        _forget(turn, StepRef.parse(previous))
        conv.step = previous
    conv.editing = False
    turn.say("back.done")
    await prompt(turn)


def _forget(turn: Turn, step: StepRef) -> None:
    """Drop what was given at a step, so going back to it asks afresh."""
    conv = turn.conv
    match step.kind:
        case StepKind.FIELD:
            conv.answers.pop(step.key, None)
        case StepKind.MATERIAL:
            conv.materials.pop(step.key, None)
            conv.partial.pop(step.key, None)
            conv.promises.pop(step.key, None)
        case StepKind.ITEMS:
            conv.selected_items = None
