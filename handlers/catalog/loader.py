"""Loads and checks the scenario files.

The shipped catalog is package data beside this module; a directory given in the
settings replaces it whole, so staff can run their own edited copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from handlers.catalog.schema import Department, DepartmentList, Remedy, Scenario

#: libyaml's parser where installed: ten times faster at start-up than the pure one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEPARTMENTS_FILE = "departments.yaml"
#: Files beside the scenarios that are not scenarios.
NOT_SCENARIOS = {DEPARTMENTS_FILE, "holidays.yaml", "synonyms.yaml"}


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

    def popular(self) -> list[Scenario]:
        return [s for s in self if s.popular]


def shipped_directory() -> Path:
    return Path(str(resources.files("handlers") / "scenarios"))


def load_catalog(directory: Path | str | None = None) -> Catalog:
    root = Path(directory) if directory else shipped_directory()
    if not root.is_dir():
        raise CatalogError(root, "-", "scenario directory does not exist")
    listing: DepartmentList = parse_file(root / DEPARTMENTS_FILE, DepartmentList, read_yaml(root / DEPARTMENTS_FILE))
    departments = {d.key: d for d in listing.departments}
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
    order = sorted(scenarios, key=lambda k: (scenarios[k].batch, scenarios[k].source.section, k))
    return Catalog(scenarios, departments, root, order, listing.remedy)


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
