"""The checks across one scenario: every key unique, every reference to a key that exists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.visits import VisitKind

if TYPE_CHECKING:
    from handlers.catalog.schema import Scenario
    from handlers.conditions import Condition


def check_references(scenario: Scenario) -> None:
    """Raises ValueError, naming the field, at the first key doubled or reference unresolved."""
    _unique("items", [i.key for i in scenario.items])
    _unique("fields", [f.key for f in scenario.fields])
    _unique("materials", [m.key for m in scenario.materials])
    _unique("rules", [r.key for r in scenario.rules])
    item_keys = {i.key for i in scenario.items}
    applied_for = {i.key for i in scenario.items if not i.internal}
    if not applied_for:
        raise ValueError("items: every item is internal, so there is nothing to apply for")
    seen: set[str] = set()
    for question in scenario.fields:
        _known(f"fields.{question.key}.items", question.items, item_keys)
        _not_only_internal(f"fields.{question.key}.items", question.items, applied_for)
        _refers_to(f"fields.{question.key}.condition", question.compiled, seen)
        seen.add(question.key)
    for item in scenario.items:
        _refers_to(f"items.{item.key}.condition", item.compiled, seen)
    for material in scenario.materials:
        _known(f"materials.{material.key}.items", material.items, item_keys)
        _not_only_internal(f"materials.{material.key}.items", material.items, applied_for)
        _refers_to(f"materials.{material.key}.condition", material.compiled, seen)
    for rule in scenario.rules:
        _refers_to(f"rules.{rule.key}.when", rule.compiled, seen)
    _unique("joint_visits", list(scenario.joint_visits))
    if VisitKind.COMPLETION in scenario.joint_visits and VisitKind.SURVEY not in scenario.joint_visits:
        raise ValueError("joint_visits: a joint completion acceptance follows a joint survey")


def _unique(where: str, keys: list[str]) -> None:
    doubled = sorted({k for k in keys if keys.count(k) > 1})
    if doubled:
        raise ValueError(f"{where}: duplicate keys {doubled}")


def _known(where: str, keys: list[str], allowed: set[str]) -> None:
    unknown = sorted(set(keys) - allowed)
    if unknown:
        raise ValueError(f"{where}: unknown item keys {unknown}")


def _not_only_internal(where: str, keys: list[str], applied_for: set[str]) -> None:
    if keys and not set(keys) & applied_for:
        raise ValueError(f"{where}: only internal items {sorted(keys)}, so it would never be asked")


def _refers_to(where: str, condition: Condition | None, allowed: set[str]) -> None:
    if condition is None:
        return
    unknown = sorted(condition.names - allowed)
    if unknown:
        raise ValueError(f"{where}: refers to {unknown}, which are not fields asked before it")
