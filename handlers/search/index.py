"""What is searched (scenarios and policy passages) and the weighted-term index over it."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from handlers.catalog import Catalog
from handlers.catalog.schema import Scenario, Text
from handlers.search.lexicon import Lexicon
from handlers.search.policies import PolicyPassage
from handlers.search.text import STOP_EN, STOP_ZH, bigrams, is_cjk, normalize, runs, stem

#: How much each kind of term says about a topic: a whole word, one character, a character pair.
WORD, CHAR, PAIR, ENGLISH = 1.0, 0.25, 0.4, 1.0


@dataclass(frozen=True)
class Entry:
    """One searchable thing: a scenario or a policy passage."""

    kind: str  # "scenario" or "policy"
    id: str
    title: Text
    #: Where it comes from: the task list and section, or the policy document and section.
    source: Text
    #: (weight, text) pairs: a name counts for more than a description.
    fields: tuple[tuple[float, str], ...]
    #: Breaks near-ties towards what most people come for ("充电桩" alone: the home charger).
    prior: float = 1.0


def scenario_entry(scenario: Scenario, catalog: Catalog) -> Entry:
    depts = set(scenario.lead_departments) | {i.department for i in scenario.items}
    fields = [
        (6.0, scenario.name.zh_CN),
        (6.0, scenario.name.en),
        (4.0, " ".join(scenario.keywords)),
        (2.5, " ".join(i.name.zh_CN + " " + i.name.en for i in scenario.items)),
        (1.5, scenario.description.zh_CN + " " + scenario.description.en),
        (1.0, " ".join(m.name.zh_CN + " " + m.name.en for m in scenario.materials)),
        (0.5, " ".join(catalog.department_name(d, "zh_CN") for d in sorted(depts))),
    ]
    where = f"{scenario.source.document} {scenario.source.section}"
    source = Text(zh_CN=where, en=where)  # the source documents are Chinese only
    return Entry("scenario", scenario.id, scenario.name, source, tuple(fields), 1.03 if scenario.popular else 1.0)


def policy_entry(policy: PolicyPassage) -> Entry:
    p, doc = policy.passage, policy.document
    fields = [
        (5.0, p.title.zh_CN + " " + p.title.en),
        (3.5, " ".join(p.keywords)),
        (2.0, doc.title.zh_CN + " " + doc.title.en),
        (1.2, p.answer.zh_CN + " " + p.answer.en),
    ]
    source = Text(zh_CN=policy.cite("zh_CN"), en=policy.cite("en"))
    return Entry("policy", p.id, p.title, source, tuple(fields))


def terms_of(text: str, lexicon: Lexicon) -> dict[str, float]:
    """Weighted terms of a text: words, single characters and character pairs, English stems."""
    out: dict[str, float] = {}

    def add(term: str, weight: float) -> None:
        if weight > out.get(term, 0.0):
            out[term] = weight

    for run in runs(normalize(text)):
        if is_cjk(run):
            for word in lexicon.words(run):
                if word in STOP_ZH:
                    continue
                add("w:" + word, WORD if len(word) > 1 else CHAR)
            for pair in bigrams(run):
                if pair not in STOP_ZH and not (pair[0] in STOP_ZH and pair[1] in STOP_ZH):
                    add("b:" + pair, PAIR)
        elif run.isdigit():
            # Years tell the 2023 key points from the 2024 ones; "第一批…10个" counts too, less.
            add("d:" + run.lstrip("0"), WORD if len(run) == 4 else PAIR)
        elif run not in STOP_EN:
            add("e:" + stem(run), ENGLISH)
    return out


class Index:
    """An inverted index from term to the entries holding it, with each entry's best field weight."""

    def __init__(self, entries: Iterable[Entry], lexicon: Lexicon) -> None:
        self.entries = list(entries)
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        for n, entry in enumerate(self.entries):
            for field_weight, text in entry.fields:
                for term, weight in terms_of(text, lexicon).items():
                    posting = self.postings[term]
                    posting[n] = max(posting.get(n, 0.0), field_weight * weight)
        total = len(self.entries)
        self.idf = {t: math.log(1 + total / len(p)) for t, p in self.postings.items()}
        self.rare = math.log(1 + total)
        self.best = {t: max(p.values()) for t, p in self.postings.items()}
        self.english = sorted(t[2:] for t in self.postings if t.startswith("e:"))

    def score(self, query: dict[str, float]) -> tuple[list[tuple[float, int]], float]:
        """Entries by score, best first, and the most any entry could have scored."""
        scores: dict[int, float] = defaultdict(float)
        ceiling = 0.0
        for term, weight in query.items():
            idf = self.idf.get(term)
            if idf is None:
                # An unknown word still counts against every entry: gibberish scores low.
                ceiling += weight * self.rare * (WORD if term[0] in "wed" else PAIR)
                continue
            ceiling += weight * idf * self.best[term]
            for n, field_weight in self.postings[term].items():
                scores[n] += weight * idf * field_weight
        ranked = sorted(((s * self.entries[n].prior, n) for n, s in scores.items()), key=lambda p: (-p[0], p[1]))
        return ranked, ceiling
