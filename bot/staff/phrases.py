"""常用语: the ready notes for 补正 and 不予通过, per department, from phrases.yaml (operators edit it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handlers.catalog.loader import CatalogError, read_yaml, shipped_directory

FILE = "phrases.yaml"
#: The notes a phrase list may be for: the actions that need a note.
KINDS = ("supplement", "reject")


@dataclass(frozen=True)
class Phrases:
    """Phrases by department and kind; ``default`` ones follow a department's own."""

    default: dict[str, list[str]]
    departments: dict[str, dict[str, list[str]]]

    @classmethod
    def load(cls, directory: Path | None = None) -> Phrases:
        """The file in ``directory`` if it has one, else the shipped file; a malformed file is refused at start."""
        own = directory / FILE if directory else None
        path = own if own and own.is_file() else shipped_directory() / FILE
        data = read_yaml(path)
        if not isinstance(data, dict) or not set(data) <= {"default", "departments"}:
            raise CatalogError(path, "-", "the file holds `default:` and `departments:` only")
        departments = data.get("departments") or {}
        if not isinstance(departments, dict):
            raise CatalogError(path, "departments", "must map a department key to its phrases")
        return cls(
            _lists(path, "default", data.get("default") or {}),
            {str(k): _lists(path, f"departments.{k}", v or {}) for k, v in departments.items()},
        )

    def of(self, department: str) -> dict[str, list[str]]:
        own = self.departments.get(department, {})
        return {kind: [*own.get(kind, []), *self.default.get(kind, [])] for kind in KINDS}


def _lists(path: Path, where: str, block: Any) -> dict[str, list[str]]:
    if not isinstance(block, dict) or not set(block) <= set(KINDS):
        raise CatalogError(path, where, f"holds {' and '.join(KINDS)} lists only")
    for kind, phrases in block.items():
        if not isinstance(phrases, list) or not all(isinstance(p, str) and 0 < len(p) <= 200 for p in phrases):
            raise CatalogError(path, f"{where}.{kind}", "a list of notes, each up to 200 characters")
    return {kind: list(phrases) for kind, phrases in block.items()}
