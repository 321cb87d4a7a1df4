"""The search a person reaches by typing: reads the query, ranks scenarios and passages, suggests."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from handlers.catalog import Catalog
from handlers.catalog.schema import Text
from handlers.search.index import Entry, Index, policy_entry, scenario_entry, terms_of
from handlers.search.lexicon import SOUND, Lexicon
from handlers.search.lookalikes import LOOKALIKES
from handlers.search.policies import PolicyPassage, load_policies
from handlers.search.synonyms import Synonyms, load_synonyms
from handlers.search.text import STOP_EN, is_cjk, normalize, runs, stem

#: Share of the best possible score below which a hit is only a guess.
CONFIDENT = 0.22
#: A hit far below the best one is noise, not a second answer.
RELATIVE = 0.35
SCENARIO_LIMIT, POLICY_LIMIT, SUGGESTION_LIMIT = 5, 3, 3
#: The typed text still counts a little, after its corrected reading.
AS_TYPED = 0.3


@dataclass(frozen=True)
class Hit:
    kind: str  # "scenario" or "policy"
    id: str
    title: Text
    score: float
    #: Where it comes from, in the language asked for.
    source: str

    @classmethod
    def of(cls, entry: Entry, score: float, locale: str) -> Hit:
        return cls(entry.kind, entry.id, entry.title, score, entry.source.get(locale))

    def to_json(self, locale: str) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title.get(locale),
            "score": round(self.score, 3),
            "source": self.source,
        }


@dataclass(frozen=True)
class Reading:
    """How the query was understood: the corrected text and the plain-language meanings found."""

    text: str
    corrected: str
    meanings: list[str]
    terms: dict[str, float]

    @property
    def changed(self) -> bool:
        return self.corrected.replace(" ", "") != self.text.replace(" ", "")


@dataclass(frozen=True)
class Results:
    query: str
    reading: Reading
    scenarios: list[Hit] = field(default_factory=list)
    policies: list[Hit] = field(default_factory=list)
    #: "你是不是要找…": filled when nothing matched well, never empty then.
    suggestions: list[Hit] = field(default_factory=list)

    @property
    def ranked(self) -> list[Hit]:
        return sorted(self.scenarios + self.policies, key=lambda h: -h.score) or self.suggestions

    @property
    def found(self) -> bool:
        return bool(self.scenarios or self.policies)


@dataclass(frozen=True)
class _Built:
    lexicon: Lexicon
    index: Index
    #: Every entry's title in both languages, normalized, for suggestions by spelling.
    titles: list[str]
    titled: list[Entry]
    by_id: dict[str, Entry]


class Searcher:
    """Scenario and policy search; built on first use because segmentation loads a dictionary."""

    def __init__(
        self, catalog: Catalog, policy_dir: Path | str | None = None, lookalikes: list[str] | None = None
    ) -> None:
        self.catalog = catalog
        self.policies = {p.id: p for p in load_policies(policy_dir, set(catalog.scenarios))}
        self.synonyms: Synonyms = load_synonyms(catalog.directory)
        self._lookalikes = lookalikes if lookalikes is not None else LOOKALIKES
        self._lock = threading.Lock()
        self._built: _Built | None = None

    def passage(self, passage_id: str) -> PolicyPassage | None:
        return self.policies.get(passage_id)

    def warm(self) -> None:
        self._build()

    def _build(self) -> _Built:
        with self._lock:
            if self._built is None:
                entries = [scenario_entry(s, self.catalog) for s in self.catalog]
                entries += [policy_entry(p) for p in self.policies.values()]
                lexicon = Lexicon(self._vocabulary(), self._lookalikes)
                titled = [e for e in entries for _ in ("zh_CN", "en")]
                titles = [normalize(e.title.get(lang)) for e in entries for lang in ("zh_CN", "en")]
                by_id = {e.id: e for e in entries}
                self._built = _Built(lexicon, Index(entries, lexicon), titles, titled, by_id)
            return self._built

    def _vocabulary(self) -> list[str]:
        words: list[str] = []
        for s in self.catalog:
            words += [s.name.zh_CN, *s.keywords, *(i.name.zh_CN for i in s.items), *(m.name.zh_CN for m in s.materials)]
        words += [d.name.zh_CN for d in self.catalog.departments.values()]
        for p in self.policies.values():
            words += [p.passage.title.zh_CN, *p.passage.keywords]
        words += self.synonyms.phrases()
        # Long names also bring their parts: "居民充电桩报装" gives 充电桩 and 报装 as well.
        return sorted({piece for w in words for piece in normalize(w).split()})

    # -- reading the query -------------------------------------------------------
    def read(self, query: str) -> Reading:
        built = self._build()
        lexicon, index = built.lexicon, built.index
        text = normalize(query)
        understood: list[str] = []
        spelled: dict[str, float] = {}
        parts = runs(text)
        letters = [r for r in parts if r.isalpha() and r.isascii()]
        joined = "".join(letters) if 1 < len(letters) <= 6 else ""
        for run in parts:
            if is_cjk(run):
                understood.append(lexicon.correct(run))
            elif run.isdigit():
                understood.append(run)
            elif run.isalpha():
                hits = lexicon.from_letters(run)
                for term, trust in hits:
                    spelled[term] = max(spelled.get(term, 0.0), trust)
                if not any(trust >= SOUND for _, trust in hits):
                    understood.append(self._english(run, index))
        for term, trust in lexicon.from_letters(joined) if joined else []:
            spelled[term] = max(spelled.get(term, 0.0), trust)
        corrected = " ".join(understood + sorted(spelled, key=lambda t: -spelled[t])[:1])
        meanings = self.synonyms.meanings(corrected)
        terms = terms_of(corrected, lexicon)
        for term, weight in terms_of(text, lexicon).items():
            terms.setdefault(term, weight * AS_TYPED)
        for said, trust in [(m, 1.0) for m in meanings] + list(spelled.items()):
            for term, weight in terms_of(said, lexicon).items():
                terms[term] = max(terms.get(term, 0.0), weight * trust)
        return Reading(text, corrected, meanings, terms)

    @staticmethod
    def _english(word: str, index: Index) -> str:
        """A misspelt English word read as the nearest one in the index ("retirment" -> "retir")."""
        if word in STOP_EN or len(word) < 5 or ("e:" + stem(word)) in index.idf:
            return word
        limit = 1 if len(word) < 8 else 2
        best = process.extractOne(stem(word), index.english, scorer=Levenshtein.distance, score_cutoff=limit)
        return best[0] if best else word

    # -- ranking -----------------------------------------------------------------
    def __call__(self, query: str, locale: str = "zh_CN") -> Results:
        reading = self.read(query)
        built = self._build()
        ranked, ceiling = built.index.score(reading.terms)
        scenarios: list[Hit] = []
        policies: list[Hit] = []
        top = ranked[0][0] if ranked else 0.0
        for score, n in ranked:
            share = min(1.0, score / ceiling) if ceiling else 0.0
            if score < top * RELATIVE or share < CONFIDENT / 2:
                break
            entry = built.index.entries[n]
            group = scenarios if entry.kind == "scenario" else policies
            if len(group) < (SCENARIO_LIMIT if entry.kind == "scenario" else POLICY_LIMIT):
                group.append(Hit.of(entry, share, locale))
        best = max((h.score for h in scenarios + policies), default=0.0)
        if best < CONFIDENT:
            return Results(query, reading, suggestions=self._suggest(reading, ranked, built, locale))
        return Results(query, reading, scenarios, policies)

    def _suggest(self, reading: Reading, ranked: list[tuple[float, int]], built: _Built, locale: str) -> list[Hit]:
        """Nearest titles by spelling, then weak hits, then popular scenarios: never empty."""
        picked: dict[str, Hit] = {}

        def take(entry: Entry, score: float) -> None:
            if len(picked) < SUGGESTION_LIMIT and entry.id not in picked:
                picked[entry.id] = Hit.of(entry, score, locale)

        near = process.extract(reading.corrected, built.titles, scorer=fuzz.WRatio, limit=6, score_cutoff=60)
        for _, score, n in near:
            take(built.titled[n], score / 100 * CONFIDENT)
        for _, n in ranked[:SUGGESTION_LIMIT]:
            take(built.index.entries[n], 0.0)
        for scenario in self.catalog.popular() or list(self.catalog):
            take(built.by_id[scenario.id], 0.0)
        return list(picked.values())
