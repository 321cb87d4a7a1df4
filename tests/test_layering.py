"""The package boundaries of the architecture, checked on the source: who may import whom."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: package -> packages it must never import.
FORBIDDEN = {
    "models": {"handlers", "bot", "workers", "casework"},
    "handlers": {"bot", "workers", "casework", "models", "aiohttp", "telegram", "dramatiq", "tortoise"},
    "casework": {"bot", "workers"},
    "workers": {"bot"},
    "bot/channels": {"workers"},
    "bot/staff": {"workers"},
    "bot/speech": {"workers"},
    "bot/edge": {"workers"},
}

#: The modules of ``bot`` that assemble a process, and so may import ``workers``: the app's pieces
#: (``app``), and the entry points that install the broker and declare the actors.
COMPOSITION_ROOTS = {"bot/app.py", "bot/cli.py", "bot/embedded.py", "bot/worker.py"}
#: The packages ``tests/test_layering.py`` and mypy cover.
PACKAGES = ("bot", "casework", "handlers", "models", "workers")


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_package_imports_nothing_it_must_not(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_the_composition_roots_of_bot_import_workers() -> None:
    importers = {
        str(path.relative_to(ROOT)) for path in (ROOT / "bot").rglob("*.py") if "workers" in imported_roots(path)
    }
    assert importers <= COMPOSITION_ROOTS
    assert "bot/worker.py" in importers  # the worker entry point lives in bot/, beside the others


def test_no_module_imports_relatively() -> None:
    """``imported_roots`` reads absolute imports only: a relative one would slip past the checks above."""
    relative = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and node.level > 0
    ]
    assert relative == []


def test_mypy_checks_every_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert set(config["packages"]) >= set(PACKAGES)
    assert not config.get("exclude") and not config.get("ignore_errors")
    assert not [o for o in config.get("overrides", []) if o.get("ignore_errors")]


def test_the_telegram_adapter_is_split_and_the_staff_desk_is_no_channel() -> None:
    telegram = {path.name for path in (ROOT / "bot/channels/telegram").glob("*.py")}
    assert {"resident.py", "staff.py", "sender.py"} <= telegram
    assert not (ROOT / "bot/channels/telegram.py").exists()
    assert not list((ROOT / "bot/channels").glob("staff*.py")) and (ROOT / "bot/staff/view.py").exists()
