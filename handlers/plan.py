"""Which items, questions and materials apply, and which step comes next.

Everything here is derived from the scenario and the answers so far, so an
answer changed on the review page re-plans the rest without any extra state.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterator
from typing import TypeVar

from handlers.catalog.schema import Material, Question, Scenario
from handlers.conversation import Conversation
from handlers.steps import StepKind, StepRef

T = TypeVar("T")


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


def _bound_to(items: Collection[str], applicable: frozenset[str]) -> bool:
    return not items or not applicable.isdisjoint(items)


#: Field types that state a fact deciding what is needed, rather than who the applicant is.
_FACTS = frozenset({"choice", "yesno", "number"})


def _kept(scenario: Scenario, key: Hashable, make: Callable[[], T]) -> T:
    """What `make` derives from the scenario alone: made once, then kept on the scenario."""
    found: T | None = scenario.derived.get(key)
    if found is None:
        found = scenario.derived[key] = make()
    return found


def deciding_fields(scenario: Scenario) -> frozenset[str]:
    """The fields that decide whether an item applies or the applicant is eligible (kept on the scenario)."""
    return _kept(scenario, deciding_fields, lambda: _deciding_fields(scenario))


def _deciding_fields(scenario: Scenario) -> frozenset[str]:
    """The fields that decide whether an item applies or the applicant is eligible at all.

    Those read by item conditions and by rules, the questions of fact (choices, yes/no, numbers)
    that material conditions read (whether a document is needed at all; a code or a name a material
    condition reads is a detail, not a decision), and every field their own conditions read, since
    those must come before them.
    """
    by_key = {q.key: q for q in scenario.fields}
    names: set[str] = set()
    for item in scenario.items:
        if not item.internal and item.compiled is not None:
            names |= item.compiled.names
    for rule in scenario.rules:
        names |= set(rule.reads)
    for material in scenario.materials:
        if material.compiled is not None:
            names |= {n for n in material.compiled.names if n in by_key and by_key[n].type in _FACTS}
    names &= by_key.keys()
    pending = list(names)
    while pending:
        condition = by_key[pending.pop()].compiled
        for name in (condition.names if condition else frozenset()) & by_key.keys() - names:
            names.add(name)
            pending.append(name)
    return frozenset(names)


def ordered_fields(scenario: Scenario) -> list[Question]:
    """The form's fields in the order asked: the deciding ones first, each group as the file lists it.

    A stable partition keeps every field after those its condition reads (the loader checks the
    file's order, and a deciding field's own dependencies are deciding too).
    """
    return list(_ordered(scenario))


def _ordered(scenario: Scenario) -> tuple[Question, ...]:
    def make() -> tuple[Question, ...]:
        deciding = deciding_fields(scenario)
        return tuple(q for q in scenario.fields if q.key in deciding) + tuple(
            q for q in scenario.fields if q.key not in deciding
        )

    return _kept(scenario, _ordered, make)


def applicable_questions(scenario: Scenario, conv: Conversation) -> list[Question]:
    return list(_questions(scenario, conv, frozenset(applicable_items(scenario, conv))))


def _questions(scenario: Scenario, conv: Conversation, items: frozenset[str]) -> Iterator[Question]:
    answers = conv.answers
    for q in _ordered(scenario):
        if _bound_to(q.items, items) and (q.compiled is None or q.compiled.holds(answers)):
            yield q


def nothing_applies(scenario: Scenario, conv: Conversation) -> bool:
    """Every deciding question this applicant is asked is answered, and no item applies."""
    if applicable_items(scenario, conv):
        return False
    deciding = deciding_fields(scenario)
    return all(q.key in conv.answers for q in applicable_questions(scenario, conv) if q.key in deciding)


def applicable_materials(scenario: Scenario, conv: Conversation) -> list[Material]:
    return list(_materials(scenario, conv, frozenset(applicable_items(scenario, conv))))


def _materials(scenario: Scenario, conv: Conversation, items: frozenset[str]) -> Iterator[Material]:
    answers = conv.answers
    for m in scenario.materials:
        if _bound_to(m.items, items) and (m.compiled is None or m.compiled.holds(answers)):
            yield m


def steps(scenario: Scenario, conv: Conversation) -> list[str]:
    """Every step this applicant goes through, in order, as things stand now."""
    return list(_steps(scenario, conv))


def _steps(scenario: Scenario, conv: Conversation) -> Iterator[str]:
    """`steps`, one at a time: the documents' conditions are read only once every question is passed."""
    named = _step_names(scenario)
    yield StepKind.NOTICE.value
    if scenario.selection == "a_la_carte":
        yield StepKind.ITEMS.value
    items = frozenset(applicable_items(scenario, conv))
    for q in _questions(scenario, conv, items):
        yield named[StepKind.FIELD, q.key]
    for m in _materials(scenario, conv, items):
        yield named[StepKind.MATERIAL, m.key]
    yield StepKind.REVIEW.value


def _step_names(scenario: Scenario) -> dict[tuple[StepKind, str], str]:
    """Each question's and document's step as written in a conversation, kept on the scenario."""

    def make() -> dict[tuple[StepKind, str], str]:
        named = {(StepKind.FIELD, q.key): str(StepRef(StepKind.FIELD, q.key)) for q in scenario.fields}
        return named | {(StepKind.MATERIAL, m.key): str(StepRef(StepKind.MATERIAL, m.key)) for m in scenario.materials}

    return _kept(scenario, _step_names, make)


def countable_steps(scenario: Scenario, conv: Conversation) -> list[str]:
    """The questions and documents this applicant may be asked at most, in the order they come.

    Every one bound to the chosen items, whatever the answers: those that turn out not to apply
    are skipped, so the total the notice announces and each step shows stays one number.
    """
    chosen = frozenset(chosen_items(scenario, conv))

    def make() -> tuple[str, ...]:
        named = _step_names(scenario)
        fields = [named[StepKind.FIELD, q.key] for q in _ordered(scenario) if _bound_to(q.items, chosen)]
        return (*fields, *(named[StepKind.MATERIAL, m.key] for m in scenario.materials if _bound_to(m.items, chosen)))

    return list(_kept(scenario, (countable_steps, chosen), make))


def progress(scenario: Scenario, conv: Conversation) -> tuple[int, int] | None:
    """(this step's place, how many at most) among the countable steps; None off them."""
    chosen = frozenset(chosen_items(scenario, conv))

    def make() -> dict[str, tuple[int, int]]:
        order = countable_steps(scenario, conv)
        return {step: (place, len(order)) for place, step in enumerate(order, 1)}

    return _kept(scenario, (progress, chosen), make).get(conv.step)


def is_done(step: str, conv: Conversation) -> bool:
    at = StepRef.parse(step)
    match at.kind:
        case StepKind.FIELD:
            return at.key in conv.answers
        case StepKind.MATERIAL:
            return at.key in conv.materials
        case StepKind.ITEMS:
            return conv.selected_items is not None
    return at.kind == StepKind.NOTICE


def next_step(scenario: Scenario, conv: Conversation) -> str:
    """The first step not yet done; re-derived each time so skips follow the answers."""
    return next(s for s in _steps(scenario, conv) if s == StepKind.REVIEW or not is_done(s, conv))


def previous_step(scenario: Scenario, conv: Conversation) -> str | None:
    """The last done step before the current one, which /back reopens."""
    order = steps(scenario, conv)
    here = order.index(conv.step) if conv.step in order else len(order)
    done = [s for s in order[:here] if is_done(s, conv) and s != StepKind.NOTICE]
    return done[-1] if done else None


def missing_required(scenario: Scenario, conv: Conversation) -> list[Material]:
    return [
        m
        for m in applicable_materials(scenario, conv)
        if m.required and not conv.materials.get(m.key) and m.key not in conv.promises
    ]
