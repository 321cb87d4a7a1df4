"""Search over scenarios and policy passages: typos, pinyin, plain language, grouped results."""

from __future__ import annotations

from pathlib import Path

from handlers.catalog import Catalog
from handlers.search.searcher import Hit, Reading, Results, Searcher

__all__ = ["Hit", "Reading", "Results", "Searcher", "searcher_for"]

_SHARED: dict[tuple[str, str], Searcher] = {}


def searcher_for(catalog: Catalog, policy_dir: Path | str | None = None) -> Searcher:
    """One searcher per catalog directory and process: its dictionary takes a second to load."""
    key = (str(catalog.directory), str(policy_dir or ""))
    if key not in _SHARED:
        _SHARED[key] = Searcher(catalog, policy_dir)
    return _SHARED[key]
