"""The review page: changing an answer, and submitting the errand as a case."""

from __future__ import annotations

from handlers import plan, review
from handlers.buttons import GlobalAction, StepAction
from handlers.catalog.schema import Scenario
from handlers.conversation import Conversation
from handlers.dialog.asked import changed
from handlers.dialog.moving import advance, prompt, stale
from handlers.dialog.turn import Turn
from handlers.effects import ResubmitCase, SubmitCase
from handlers.events import Reply
from handlers.steps import StepKind, StepRef


async def change(turn: Turn, _: str) -> None:
    turn.conv.step = StepKind.CHANGE.value
    await prompt(turn)


async def edit(turn: Turn, target: str) -> None:
    scenario, conv = turn.scenario, turn.conv
    assert scenario is not None
    step = StepRef.parse(target)
    if step.kind == StepKind.ITEMS and scenario.selection == "a_la_carte":
        conv.step, conv.editing = StepKind.ITEMS.value, True
    elif _can_edit(scenario, step):
        conv.step, conv.editing = str(step), True
        if step.kind == StepKind.FIELD and step.key in conv.answers:
            shown = review.shown_value(scenario.question(step.key), conv.answers[step.key], turn.lang, turn.ctx.t)
            turn.say("change.current", value=shown)
    else:
        await stale(turn, StepAction.EDIT)
        return
    await prompt(turn)


def _can_edit(scenario: Scenario, step: StepRef) -> bool:
    match step.kind:
        case StepKind.FIELD:
            return any(q.key == step.key for q in scenario.fields)
        case StepKind.MATERIAL:
            return any(m.key == step.key for m in scenario.materials)
    return False


async def submit(turn: Turn, _: str) -> None:
    scenario, conv = turn.scenario, turn.conv
    assert scenario is not None
    if plan.next_step(scenario, conv) != StepKind.REVIEW or not plan.applicable_items(scenario, conv):
        turn.say("submit.incomplete")
        await advance(turn)
        return
    if conv.supplement:
        _resubmit(turn)
        return
    number = await turn.ctx.repo.case_for_draft(conv.draft_id)
    if number:
        conv.last_case = number
        turn.say("submit.already", number=number)
        return
    turn.effect(_case_of(scenario, conv))  # the receipt follows once the save has numbered the case


async def filed(turn: Turn, number: str, link_code: str = "") -> None:
    """The receipt of the case the save just filed from this conversation's draft."""
    scenario, conv = turn.scenario, turn.conv
    assert scenario is not None
    receipt = review.receipt(scenario, conv, number, turn.ctx)
    applicable = plan.applicable_materials(scenario, conv)
    deferred = [m.name.get(turn.lang) for m in applicable if conv.materials.get(m.key) == []]
    if deferred:  # owed on the case from now on: say where to hand them in
        owed = turn.t("owed.later_how", materials="、".join(deferred))
        receipt = Reply(f"{receipt.text}\n{owed}", receipt.buttons, receipt.speech)
    turn.send(receipt)
    if link_code:  # 帮办代办: the resident hears nothing until they link their own chat with it
        turn.say("proxy.link_code", code=link_code)
    conv.last_case = number
    conv.leave()


def _resubmit(turn: Turn) -> None:
    conv = turn.conv
    asked = conv.supplement or {}
    number = str(asked["number"])
    if asked.get("open"):  # a request that named nothing: whatever the resident changed goes back
        answers, materials = changed(conv.answers, conv.materials, asked["was"])
    else:
        answers = {k: conv.answers.get(k) for k in asked.get("fields", [])}
        materials = {k: conv.materials.get(k, []) for k in asked.get("materials", [])}
    turn.effect(ResubmitCase(number=number, answers=answers, materials=materials))
    turn.say("supplement.sent", turn.button("menu.status", GlobalAction.STATUS), number=number)
    conv.last_case = number
    conv.leave()


def _case_of(scenario: Scenario, conv: Conversation) -> SubmitCase:
    asked = {q.key for q in plan.applicable_questions(scenario, conv)}
    given = {m.key for m in plan.applicable_materials(scenario, conv)}
    return SubmitCase(
        scenario_id=scenario.id,
        draft_id=conv.draft_id,
        answers={k: v for k, v in conv.answers.items() if k in asked},
        items=tuple(plan.applicable_items(scenario, conv)),
        materials={k: v for k, v in conv.materials.items() if k in given},
        locale=conv.locale,
        proxy=conv.proxy,
        privacy_consented_at=(conv.privacy or {}).get("consented_at"),
        promises={k: v for k, v in conv.promises.items() if k in given},
    )
