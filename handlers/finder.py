"""Finds scenarios by what a person types: names and keywords, best match first."""

from __future__ import annotations

import unicodedata

from handlers.catalog import Catalog
from handlers.catalog.schema import Scenario


class KeywordFinder:
    """Substring and shared-character scoring over names and keywords."""

    def __init__(self, catalog: Catalog, limit: int = 5) -> None:
        self.catalog, self.limit = catalog, limit

    def __call__(self, query: str, locale: str) -> list[Scenario]:
        text = unicodedata.normalize("NFKC", query).strip().lower()
        if not text:
            return []
        scored = [(self._score(s, text), s) for s in self.catalog]
        ranked = sorted((pair for pair in scored if pair[0] > 0), key=lambda p: -p[0])
        return [s for _, s in ranked[: self.limit]]

    @staticmethod
    def _score(scenario: Scenario, text: str) -> float:
        names = [scenario.name.zh_CN.lower(), scenario.name.en.lower()]
        words = [k.lower() for k in scenario.keywords] + [i.name.zh_CN for i in scenario.items]
        if any(text == n or text in n for n in names):
            return 10.0
        if any(w and (w in text or text in w) for w in words):
            return 5.0
        shared = set(text) & set(names[0])
        return len(shared) / max(len(set(names[0])), 1) * 4 if len(shared) >= 2 else 0.0
