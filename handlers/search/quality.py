"""Measures a search against labelled queries: top-1 and top-3 accuracy, overall and by kind.

Staff who extend the synonyms can run the same measure the test suite runs
(`yijianshi search --eval FILE`) and see what their change did.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import Field

from handlers.catalog.schema import Strict


class Case(Strict):
    q: str = Field(min_length=1)
    expect: str
    also: list[str] = Field(default_factory=list)
    kind: str = "plain"

    def accepts(self, result_id: str) -> bool:
        """A document id accepts any of its passages ("mu-yield" accepts "mu-yield.classes")."""
        return any(result_id == t or result_id.startswith(t + ".") for t in (self.expect, *self.also))


@dataclass
class Tally:
    total: int = 0
    top1: int = 0
    top3: int = 0

    def add(self, rank: int | None) -> None:
        self.total += 1
        self.top1 += rank == 0
        self.top3 += rank is not None and rank < 3

    def rates(self) -> tuple[float, float]:
        return (self.top1 / self.total, self.top3 / self.total) if self.total else (0.0, 0.0)


@dataclass
class Quality:
    overall: Tally = field(default_factory=Tally)
    kinds: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[tuple[Case, list[str]]] = field(default_factory=list)

    def report(self) -> str:
        top1, top3 = self.overall.rates()
        lines = [f"top-1 {top1:.1%}  top-3 {top3:.1%}  over {self.overall.total} queries"]
        for kind, tally in sorted(self.kinds.items()):
            k1, k3 = tally.rates()
            lines.append(f"  {kind:11} {tally.total:4}  top-1 {k1:6.1%}  top-3 {k3:6.1%}")
        return "\n".join(lines)


def load_cases(path: Path | str) -> list[Case]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [Case.model_validate(row) for row in data]


def measure(rank: Callable[[str], Sequence[str]], cases: Sequence[Case]) -> Quality:
    """`rank` gives result ids best first for a query; a case counts where its target ranks."""
    quality = Quality()
    for case in cases:
        ids = list(rank(case.q))
        where = next((n for n, result in enumerate(ids) if case.accepts(result)), None)
        quality.overall.add(where)
        quality.kinds[case.kind].add(where)
        if where != 0:
            quality.misses.append((case, ids[:3]))
    return quality
