"""Plain-language phrases and the catalog words they mean: data staff extend."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import Field

from handlers.catalog.loader import parse_file, read_yaml
from handlers.catalog.schema import Strict
from handlers.search.text import normalize

SYNONYMS_FILE = "synonyms.yaml"


class Synonym(Strict):
    means: Annotated[str, Field(min_length=1)]
    say: Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]


class SynonymList(Strict):
    synonyms: list[Synonym]


class Synonyms:
    """Finds the phrases inside typed text and gives back what they mean."""

    def __init__(self, entries: list[Synonym]) -> None:
        self.entries = entries
        self._zh: list[tuple[str, str]] = []
        latin: list[tuple[str, str]] = []
        for entry in entries:
            for phrase in entry.say:
                said = normalize(phrase)
                if said.isascii():
                    latin.append((said, entry.means))
                elif said:
                    self._zh.append((said.replace(" ", ""), entry.means))
        # One pattern for all English phrases; whole words only, so "inn" is not found in "dinner".
        self._latin = dict(latin)
        alternatives = sorted(self._latin, key=len, reverse=True)
        self._pattern = re.compile(r"\b(" + "|".join(map(re.escape, alternatives)) + r")\b") if alternatives else None

    def meanings(self, text: str) -> list[str]:
        """What the phrases found in normalized text stand for, each once, in order found."""
        found: dict[str, None] = {}
        compact = text.replace(" ", "")
        for phrase, means in self._zh:
            if phrase in compact:
                found[means] = None
        if self._pattern:
            for match in self._pattern.finditer(text):
                found[self._latin[match.group(1)]] = None
        return list(found)

    def phrases(self) -> list[str]:
        return [phrase for phrase, _ in self._zh] + [e.means for e in self.entries]


def load_synonyms(directory: Path) -> Synonyms:
    path = directory / SYNONYMS_FILE
    if not path.exists():
        return Synonyms([])
    listing: SynonymList = parse_file(path, SynonymList, read_yaml(path))
    return Synonyms(listing.synonyms)
