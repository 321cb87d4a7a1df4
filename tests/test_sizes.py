"""The size limits of issue 10, checked on the source: short functions, and an engine of small modules."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The packages whose functions must stay short.
PACKAGES = ("bot", "handlers", "models", "workers", "casework")
#: Lines a function may span, from its ``def`` line to its last line (decorators not counted).
MAX_FUNCTION_LINES = 40
#: Lines a module of the engine (``handlers/``) may hold.
MAX_ENGINE_MODULE_LINES = 300


def sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    where = path.relative_to(ROOT)
    return [
        f"{where}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]


def test_no_function_is_over_forty_lines() -> None:
    offenders = [entry for package in PACKAGES for path in sources(package) for entry in long_functions(path)]
    assert not offenders, "functions over 40 lines:\n" + "\n".join(offenders)


def test_no_engine_module_is_over_three_hundred_lines() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} ({lines} lines)"
        for path in sources("handlers")
        if (lines := len(path.read_text().splitlines())) > MAX_ENGINE_MODULE_LINES
    ]
    assert not offenders, "engine modules over 300 lines:\n" + "\n".join(offenders)
