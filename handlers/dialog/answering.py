"""Giving what a step asks for: an answer, a skip, a later, a reused file, the items chosen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar, Self

from handlers import intents, plan, prompts, rules
from handlers.answers import NO, YES, Problem, Unsure, parse_answer
from handlers.buttons import GlobalAction, Pair, StepAction, here
from handlers.catalog.schema import Rule
from handlers.dialog import previous, questions
from handlers.dialog.asked import may_defer
from handlers.dialog.moving import advance, prompt, stale
from handlers.dialog.turn import Turn
from handlers.steps import StepKind


@dataclass(frozen=True)
class AskedBack(Pair):
    """The option asked back (您是说「…」吗？) at a step, kept in the conversation as ``<step>=<option number>``."""

    SEPARATOR: ClassVar[str] = "="
    step: str
    number: int

    @classmethod
    def read(cls, head: str, tail: str) -> Self | None:
        return cls(head, int(tail)) if head and tail.isdigit() else None


async def answer(turn: Turn, key: str, text: str) -> None:
    scenario = turn.scenario
    assert scenario is not None
    question = scenario.question(key)
    asked_back, turn.conv.asked_back = turn.conv.asked_back, None
    if asked_back and (reply := _reply_to(asked_back, turn.conv.step, text)):
        if reply == "no":
            await prompt(turn)
            return
        text = reply  # the option's number, as if tapped
    # A question is never a valid name or address: answer it, then ask the field again.
    if intents.is_question(text):
        if await questions.answer_question(turn, text):
            return
        if question.type in ("text", "person_name", "address"):
            turn.say("search.no_answer")
            await prompt(turn, resume=True)
            return
    value = parse_answer(question, text, turn.ctx.now().date())
    if isinstance(value, Problem):
        turn.say(value.key, **value.params)
        await prompt(turn)
        return
    if isinstance(value, Unsure):
        _ask_back(turn, question.options[value.number - 1].label.get(turn.lang), value.number)
        return
    turn.conv.answers[key] = value
    if rule := rules.broken_rule(scenario, turn.conv.answers, key, turn.ctx.now().date()):
        await _refuse(turn, key, rule)
        return
    await advance(turn)


def _reply_to(asked_back: str, step: str, text: str) -> str | None:
    """A typed 是 or 不是 to the option asked back at this step: its number, "no", or None."""
    asked = AskedBack.unpack(asked_back)
    said = text.strip().lower().rstrip("。.!！")
    if asked is None or asked.step != step:
        return None
    return str(asked.number) if said in YES else "no" if said in NO else None


def _ask_back(turn: Turn, label: str, number: int) -> None:
    """Asks back (您是说「…」吗？): yes takes the option as if tapped, no shows the question again."""
    conv = turn.conv
    conv.asked_back = AskedBack(conv.step, number).pack()
    yes = here(conv, turn.t("choice.yes"), StepAction.ANSWER, str(number))
    no = here(conv, turn.t("choice.no"), StepAction.REASK)
    turn.say("choice.confirm", yes, no, label=label)


async def reask(turn: Turn, _: str) -> None:
    turn.conv.asked_back = None
    await prompt(turn)


async def _refuse(turn: Turn, key: str, rule: Rule) -> None:
    """An inconsistent answer is asked again; an ineligible one ends the errand, keeping nothing."""
    lang = turn.lang
    if rule.outcome == "inconsistent":
        del turn.conv.answers[key]
        turn.say("rule.inconsistent", reason=rule.message.get(lang))
        await prompt(turn)
        return
    assert turn.scenario is not None and rule.instead is not None
    name = turn.scenario.name.get(lang)
    turn.conv.leave()
    turn.say(
        "rule.ineligible",
        turn.button("button.menu", GlobalAction.MENU),
        name=name,
        reason=rule.message.get(lang),
        instead=rule.instead.get(lang),
    )


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
    if not may_defer(turn, at.key):
        turn.say("material.asked_again")
        await prompt(turn)
        return
    turn.conv.materials[at.key] = []
    await advance(turn)


async def promise(turn: Turn, argument: str) -> None:
    """容缺受理: the promise (承诺书) to hand a document in by a date, shown first, then signed."""
    scenario, at = turn.scenario, turn.conv.at
    material = scenario.material(at.key) if scenario and at.kind == StepKind.MATERIAL else None
    if material is None or material.promise_days is None:
        await stale(turn, StepAction.PROMISE)
        return
    if not may_defer(turn, at.key):
        turn.say("material.asked_again")
        await prompt(turn)
        return
    due = (turn.ctx.now().date() + dt.timedelta(days=material.promise_days)).isoformat()
    name = material.name.get(turn.lang)
    if argument != "sign":
        sign = here(turn.conv, turn.t("undertaking.sign"), StepAction.PROMISE, "sign")
        back = here(turn.conv, turn.t("undertaking.back"), StepAction.REASK)
        turn.say("undertaking.text", sign, back, material=name, due=due, days=material.promise_days)
        return
    turn.conv.materials[at.key] = []
    turn.conv.promises[at.key] = due
    turn.say("undertaking.signed", material=name, due=due)
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
