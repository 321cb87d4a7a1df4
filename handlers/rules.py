"""Cross-field rules: answers checked together, once every answer a rule reads is given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from handlers.catalog.schema import Rule, Scenario
from handlers.derived import TODAY


def broken_rule(scenario: Scenario, answers: Mapping[str, Any], just_given: str, today: dt.date) -> Rule | None:
    """The first rule the answer just given breaks, read with every answer so far; None when all hold."""
    dated = {**answers, TODAY: today}
    for rule in scenario.rules:
        if just_given in rule.reads and all(k in answers for k in rule.reads) and rule.compiled.holds(dated):
            return rule
    return None
