"""Which items, questions and materials apply, and which step comes next.

Everything here is derived from the scenario and the answers so far, so an
answer changed on the review page re-plans the rest without any extra state.
"""

from __future__ import annotations

from handlers.catalog.schema import Material, Question, Scenario
from handlers.conversation import Conversation
from handlers.steps import StepKind, StepRef


def chosen_items(scenario: Scenario, conv: Conversation) -> list[str]:
    """The items picked at the a-la-carte step; nobody having picked yet means all of them."""
    if conv.selected_items is not None:
        return list(conv.selected_items)
    return [i.key for i in scenario.items if not i.internal]


def applicable_items(scenario: Scenario, conv: Conversation) -> list[str]:
    """The items this applicant applies for; internal items (government's own work) never are."""
    chosen = conv.selected_items if scenario.selection == "a_la_carte" else None
    return [
        item.key
        for item in scenario.items
        if not item.internal
        and (chosen is None or item.key in chosen)
        and (item.compiled is None or item.compiled.holds(conv.answers))
    ]


def _bound_to(items: list[str], applicable: list[str]) -> bool:
    return not items or any(key in applicable for key in items)


def applicable_questions(scenario: Scenario, conv: Conversation) -> list[Question]:
    items = applicable_items(scenario, conv)
    return [
        q
        for q in scenario.fields
        if _bound_to(q.items, items) and (q.compiled is None or q.compiled.holds(conv.answers))
    ]


def applicable_materials(scenario: Scenario, conv: Conversation) -> list[Material]:
    items = applicable_items(scenario, conv)
    return [
        m
        for m in scenario.materials
        if _bound_to(m.items, items) and (m.compiled is None or m.compiled.holds(conv.answers))
    ]


def steps(scenario: Scenario, conv: Conversation) -> list[str]:
    """Every step this applicant goes through, in order, as things stand now."""
    order = [StepRef(StepKind.NOTICE)]
    if scenario.selection == "a_la_carte":
        order.append(StepRef(StepKind.ITEMS))
    order += [StepRef(StepKind.FIELD, q.key) for q in applicable_questions(scenario, conv)]
    order += [StepRef(StepKind.MATERIAL, m.key) for m in applicable_materials(scenario, conv)]
    return [str(step) for step in [*order, StepRef(StepKind.REVIEW)]]


def countable_steps(scenario: Scenario, conv: Conversation) -> list[str]:
    """The questions and documents this applicant may be asked at most, in the order they come.

    Every one bound to the chosen items, whatever the answers: those that turn out not to apply
    are skipped, so the total the notice announces and each step shows stays one number.
    """
    chosen = chosen_items(scenario, conv)
    order = [StepRef(StepKind.FIELD, q.key) for q in scenario.fields if _bound_to(q.items, chosen)]
    order += [StepRef(StepKind.MATERIAL, m.key) for m in scenario.materials if _bound_to(m.items, chosen)]
    return [str(step) for step in order]


def progress(scenario: Scenario, conv: Conversation) -> tuple[int, int] | None:
    """(this step's place, how many at most) among the countable steps; None off them."""
    order = countable_steps(scenario, conv)
    return (order.index(conv.step) + 1, len(order)) if conv.step in order else None


def is_done(step: str, conv: Conversation) -> bool:
    ref = StepRef.parse(step)
    match ref.kind:
        case StepKind.FIELD:
            return ref.key in conv.answers
        case StepKind.MATERIAL:
            return ref.key in conv.materials
        case StepKind.ITEMS:
            return conv.selected_items is not None
    return ref.kind == StepKind.NOTICE


def next_step(scenario: Scenario, conv: Conversation) -> str:
    """The first step not yet done; re-derived each time so skips follow the answers."""
    return next(s for s in steps(scenario, conv) if s == "review" or not is_done(s, conv))


def previous_step(scenario: Scenario, conv: Conversation) -> str | None:
    """The last done step before the current one, which /back reopens."""
    order = steps(scenario, conv)
    here = order.index(conv.step) if conv.step in order else len(order)
    done = [s for s in order[:here] if is_done(s, conv) and s != "notice"]
    return done[-1] if done else None


def missing_required(scenario: Scenario, conv: Conversation) -> list[Material]:
    return [m for m in applicable_materials(scenario, conv) if m.required and not conv.materials.get(m.key)]
