"""Loads and checks the scenario files.

The shipped catalog is package data beside this module; a directory given in the
settings replaces it whole, so staff can run their own edited copy. The department
registry (departments.yaml) and the item registry (items.yaml: each item's department
and time limit with its source) can each be replaced by a file named in the settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from handlers.catalog.registries import (
    Commitment,
    Department,
    DepartmentList,
    Fee,
    ItemEntry,
    ItemRegistry,
    Limit,
    LimitSource,
    Remedy,
)
from handlers.catalog.schema import Scenario

#: libyaml's parser where installed: ten times faster at start-up than the pure one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEPARTMENTS_FILE = "departments.yaml"
ITEMS_FILE = "items.yaml"
#: Files beside the scenarios that are not scenarios.
NOT_SCENARIOS = {DEPARTMENTS_FILE, ITEMS_FILE, "holidays.yaml", "synonyms.yaml", "phrases.yaml"}


class CatalogError(Exception):
    """A scenario file that breaks the schema: which file, which field, and why."""

    def __init__(self, path: Path, field: str, reason: str) -> None:
        super().__init__(f"{path}: {field}: {reason}")
        self.path, self.field, self.reason = path, field, reason


@dataclass
class Catalog:
    scenarios: dict[str, Scenario]
    departments: dict[str, Department]
    directory: Path
    order: list[str] = field(default_factory=list)
    #: The item registry by item name (aliases resolved through `entry_name`).
    items: dict[str, ItemEntry] = field(default_factory=dict)
    #: Where a refused resident may turn (departments.yaml ``remedy``).
    remedy: Remedy | None = None

    def __iter__(self):  # type: ignore[no-untyped-def]
        return (self.scenarios[key] for key in self.order)

    def __len__(self) -> int:
        return len(self.scenarios)

    def get(self, scenario_id: str) -> Scenario | None:
        return self.scenarios.get(scenario_id)

    def department_name(self, key: str, locale: str) -> str:
        return self.departments[key].name.get(locale)

    def lead_phone(self, scenario: Scenario) -> str:
        """Where a resident reaches the scenario's lead department: its phone, else the 12345 hotline."""
        phones = [self.departments[key].phone for key in scenario.lead_departments]
        return next((phone for phone in phones if phone), "12345")

    def fee(self, scenario: Scenario, item_key: str) -> Fee | None:
        """What the item costs, from the item registry; None: to be confirmed."""
        entry = self.entry(scenario, item_key)
        return entry.fee if entry else None

    def popular(self) -> list[Scenario]:
        return [s for s in self if s.popular]

    def entry(self, scenario: Scenario, item_key: str) -> ItemEntry | None:
        """The item registry's entry for one of a scenario's items (None: the registry has none)."""
        name = entry_name(self.items, scenario.item(item_key).name.zh_CN)
        return self.items[name] if name else None

    def limit(self, scenario: Scenario, item_key: str) -> Limit | None:
        """The item's time limit as its department applies it: the department's own commitment
        where the configuration sets one (never longer, checked at load), else the item's limit."""
        item = scenario.item(item_key)
        name = entry_name(self.items, item.name.zh_CN)
        if name is None:
            return None
        commitment = self.departments[item.department].commitments.get(name)
        return _as_limit(commitment) if commitment is not None else self.items[name].limit

    def promise(self, scenario: Scenario, item_keys: list[str] | None = None) -> Limit | None:
        """What the resident may be promised for these items (all by default): the longest of
        their limits, as they run in parallel; None when any of them has no sourced limit."""
        keys = [i.key for i in scenario.items] if item_keys is None else item_keys
        limits = [self.limit(scenario, key) for key in keys]
        if not limits or any(limit is None for limit in limits):
            return None
        return max((lim for lim in limits if lim is not None), key=_reach)


def shipped_directory() -> Path:
    return Path(str(resources.files("handlers") / "scenarios"))


def load_catalog(
    directory: Path | str | None = None,
    departments_file: Path | str | None = None,
    items_file: Path | str | None = None,
) -> Catalog:
    """Load and check the catalog; `departments_file` and `items_file` replace the registries
    beside the scenarios (an operator's edited copy, checked here like the shipped one)."""
    root = Path(directory) if directory else shipped_directory()
    if not root.is_dir():
        raise CatalogError(root, "-", "scenario directory does not exist")
    departments_path = Path(departments_file) if departments_file else root / DEPARTMENTS_FILE
    listing: DepartmentList = parse_file(departments_path, DepartmentList, read_yaml(departments_path))
    departments = {d.key: d for d in listing.departments}
    items_path = Path(items_file) if items_file else root / ITEMS_FILE
    items = _load_items(items_path, departments_path, departments, required=items_file is not None)
    scenarios: dict[str, Scenario] = {}
    for path in sorted(root.glob("*.yaml")):
        if path.name in NOT_SCENARIOS:
            continue
        scenario = parse_file(path, Scenario, read_yaml(path))
        _check_departments(path, scenario, departments)
        if scenario.id in scenarios:
            raise CatalogError(path, "id", f"{scenario.id!r} is used by another file too")
        scenarios[scenario.id] = scenario
    if not scenarios:
        raise CatalogError(root, "-", "no scenario files (*.yaml) found")
    check_routing(root, scenarios, items)
    _check_commitments(departments_path, departments, items)
    order = sorted(scenarios, key=lambda k: (scenarios[k].batch, scenarios[k].source.section, k))
    return Catalog(scenarios, departments, root, order, items, listing.remedy)


def entry_name(items: dict[str, ItemEntry], name: str) -> str | None:
    """The registry's name for an item called `name` in a scenario (itself, or the entry it is an alias of)."""
    if name in items:
        return name
    return next((key for key, entry in items.items() if name in entry.aliases), None)


def check_routing(root: Path, scenarios: dict[str, Scenario], items: dict[str, ItemEntry]) -> None:
    """One item, one department: an item name (or alias) goes to the same department in every
    scenario, the registry's where it has the item, unless the registry names an exception and why."""
    first: dict[str, tuple[str, str]] = {}
    for scenario in sorted(scenarios.values(), key=lambda s: s.id):
        path = root / f"{scenario.id}.yaml"
        for item in scenario.items:
            where = f"items.{item.key}.department"
            name = entry_name(items, item.name.zh_CN)
            if name is not None:
                entry = items[name]
                expected = (
                    entry.exceptions[scenario.id].department if scenario.id in entry.exceptions else entry.department
                )
                if item.department != expected:
                    raise CatalogError(
                        path,
                        where,
                        f"{item.name.zh_CN!r} goes to {expected!r} ({ITEMS_FILE}), not {item.department!r};"
                        f" add an exception with a reason to {ITEMS_FILE} if it must differ here",
                    )
                continue
            seen = first.setdefault(item.name.zh_CN, (scenario.id, item.department))
            if seen[1] != item.department:
                raise CatalogError(
                    path,
                    where,
                    f"{item.name.zh_CN!r} goes to {item.department!r} here but to {seen[1]!r} in {seen[0]!r};"
                    f" one item, one department (or an exception with a reason in {ITEMS_FILE})",
                )


def read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CatalogError(path, "-", f"cannot read the file: {exc}") from exc


def parse_file(path: Path, model: type[Any], data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "-"
        reason = first["msg"].removeprefix("Value error, ")
        # Cross-reference checks run on the whole scenario, so they name their field in the message.
        if where == "-" and (named := re.match(r"([\w.]+): (.+)", reason, re.DOTALL)):
            where, reason = named.groups()
        raise CatalogError(path, where, reason) from exc


def _check_departments(path: Path, scenario: Scenario, known: dict[str, Department]) -> None:
    used = [("lead_departments", key) for key in scenario.lead_departments]
    used += [(f"items.{item.key}.department", item.department) for item in scenario.items]
    for where, key in used:
        if key not in known:
            raise CatalogError(path, where, f"unknown department {key!r} (see {DEPARTMENTS_FILE})")


def _load_items(
    path: Path, departments_path: Path, departments: dict[str, Department], *, required: bool
) -> dict[str, ItemEntry]:
    if not path.is_file() and not required:
        return {}
    registry: ItemRegistry = parse_file(path, ItemRegistry, read_yaml(path))
    names: dict[str, str] = {}
    for name, entry in registry.items.items():
        for department in [entry.department, *(r.department for r in entry.exceptions.values())]:
            if department not in departments:
                raise CatalogError(
                    path, f"items.{name}.department", f"unknown department {department!r} (see {departments_path})"
                )
        for alias in [name, *entry.aliases]:
            if alias in names:
                raise CatalogError(path, f"items.{name}", f"{alias!r} is also listed under {names[alias]!r}")
            names[alias] = name
    return dict(registry.items)


def _check_commitments(path: Path, departments: dict[str, Department], items: dict[str, ItemEntry]) -> None:
    """A department's own commitment names a registry item it handles and is never longer than its limit."""
    for department in departments.values():
        for name, commitment in department.commitments.items():
            where = f"departments.{department.key}.commitments.{name}"
            entry = items.get(name)
            if entry is None:
                raise CatalogError(path, where, f"no item called {name!r} in {ITEMS_FILE}")
            routed = {entry.department, *(r.department for r in entry.exceptions.values())}
            if department.key not in routed:
                raise CatalogError(path, where, f"{name!r} is handled by {sorted(routed)}, not {department.key!r}")
            limit = entry.limit
            if limit is not None and (commitment.unit != limit.unit or commitment.days > limit.days):
                raise CatalogError(
                    path,
                    where,
                    f"{commitment.days} {commitment.unit} is not within the item's limit of {limit.days} {limit.unit}"
                    f" ({limit.source.document} {limit.source.article})",
                )


def _as_limit(commitment: Commitment) -> Limit:
    return Limit(
        days=commitment.days,
        unit=commitment.unit,
        basis="commitment",
        source=LimitSource(document=commitment.document, article=commitment.article),
    )


def _reach(limit: Limit) -> int:
    """How far a limit reaches, to compare working days with calendar days: a calendar-day limit
    as the working days it spans at least (5 in every 7), rounded down."""
    return limit.days if limit.unit == "workdays" else limit.days * 5 // 7
