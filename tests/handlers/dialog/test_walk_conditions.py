"""Every conditional item of the 34 scenarios, walked through the engine with answers that make it
apply and answers that make it not apply; where nothing is left to apply for, the errand ends early."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

import pytest
from scenario_walk import VALID, walk

from handlers import plan
from handlers.answers import Problem, Unsure, parse_answer
from handlers.catalog import load_catalog
from handlers.catalog.schema import Question, Scenario
from handlers.conversation import Conversation
from handlers.derived import TODAY
from handlers.effects import SubmitCase
from handlers.identity import id_check_char

TODAY_IN_TESTS = dt.date(2026, 11, 26)
#: At most this many combinations of deciding answers are tried per scenario.
MOST = 20_000


def _id(born: str, male: bool) -> str:
    first17 = f"371302{born}00{1 if male else 2}"
    return first17 + id_check_char(first17)


def _candidates(q: Question, scenario: Scenario) -> list[str]:
    """Typed answers worth trying for a deciding question: each option, both sides of each threshold."""
    if q.type == "choice":
        return [str(n) for n in range(1, len(q.options) + 1)]
    if q.type == "yesno":
        return ["是", "否"]
    if q.type == "number":
        sources = [i.condition or "" for i in scenario.items] + [m.condition or "" for m in scenario.materials]
        sources += [r.when for r in scenario.rules]
        found = {float(n) for text in sources if q.key in text for n in re.findall(r"\d+(?:\.\d+)?", text)}
        low = q.min if q.min is not None else 0
        high = q.max if q.max is not None else max([low + 1000, *found]) * 2
        values = {low, high, max(low, min(high, 10))} | {v + d for v in found for d in (-1, 0, 1)}
        return [f"{v:g}" for v in sorted(values) if low <= v <= high]
    if q.type == "date":
        if q.when == "future":
            return [(TODAY_IN_TESTS + dt.timedelta(days=30)).isoformat()]
        return [(TODAY_IN_TESTS - dt.timedelta(days=d)).isoformat() for d in (10, 60, 400)]
    if q.type == "id_card":
        return [_id("19850612", True), _id("19600612", True), _id("19700612", False), _id("19661012", True)]
    return [VALID[q.type]]


def _realise(scenario: Scenario, typed: dict[str, str]) -> Conversation | None:
    """The conversation these typed deciding answers make, asked in order; None where a rule refuses them."""
    conv = Conversation(scenario=scenario.id)
    for q in plan.ordered_fields(scenario):
        if q.key not in typed or q not in plan.applicable_questions(scenario, conv):
            continue
        value = parse_answer(q, typed[q.key], TODAY_IN_TESTS)
        if isinstance(value, Problem | Unsure):
            return None
        conv.answers[q.key] = value
    dated: dict[str, Any] = {**conv.answers, TODAY: TODAY_IN_TESTS}
    if any(all(k in conv.answers for k in r.reads) and r.compiled.holds(dated) for r in scenario.rules):
        return None
    return conv


def _cases() -> list[tuple[str, str, bool]]:
    cases = []
    for scenario in load_catalog():
        for item in scenario.items:
            if not item.internal and item.compiled is not None:
                cases += [(scenario.id, item.key, True), (scenario.id, item.key, False)]
    return cases


def _find(scenario: Scenario, item: str, applies: bool) -> dict[str, str]:
    deciding = [q for q in plan.ordered_fields(scenario) if q.key in plan.deciding_fields(scenario)]
    choices = [_candidates(q, scenario) for q in deciding]
    for combo in itertools.islice(itertools.product(*choices), MOST):
        typed = {q.key: answer for q, answer in zip(deciding, combo, strict=True)}
        conv = _realise(scenario, typed)
        if conv is not None and (item in plan.applicable_items(scenario, conv)) is applies:
            return typed
    raise AssertionError(f"{scenario.id}: no answers make {item} {'apply' if applies else 'not apply'}")


@pytest.mark.parametrize(("scenario_id", "item", "applies"), _cases())
async def test_each_conditional_item_applies_and_not(chat, catalog, scenario_id: str, item: str, applies: bool) -> None:  # type: ignore[no-untyped-def]
    # Given answers to the deciding questions that make the item apply (or not)
    scenario = catalog.get(scenario_id)
    assert chat.today() == TODAY_IN_TESTS
    typed = _find(scenario, item, applies)
    # When the resident walks the errand with them
    number = await walk(chat, scenario, given=typed)
    filed = [e for e in chat.effects if isinstance(e, SubmitCase)]
    if number:
        # Then the case is filed with the item exactly when it applies
        assert len(filed) == 1 and (item in filed[0].items) is applies
        return
    # Or, where nothing is left to apply for, the errand ends early, keeping nothing
    assert not applies and not filed
    assert "不用提交申请" in chat.text or "现在还办不了" in chat.text
    conv = await chat.state()
    assert conv.scenario is None and conv.answers == {}
