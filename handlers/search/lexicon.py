"""The domain vocabulary: word segmentation, typo correction by sound and shape, pinyin input.

Every term the catalog and the policy passages use is known here with its toneless
pinyin, so "冲电桩", "chongdianzhuang" and "cdz" all come back as 充电桩.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

import jieba
from pypinyin import Style, lazy_pinyin

from handlers.search.text import STOP_EN, is_cjk

jieba.setLogLevel(logging.WARNING)

#: A span that is itself an everyday word this common is left alone: "事业" is not a typo of "失业".
COMMON_WORD = 50
#: Trust in each way of matching a typed span to a term.
EXACT, SOUND, SHAPE, FUZZY_SOUND = 1.0, 0.9, 0.85, 0.7
_FOLDS = (("zh", "z"), ("ch", "c"), ("sh", "s"))
_FINAL_FOLDS = (("ing", "in"), ("eng", "en"))


def syllables(text: str) -> tuple[str, ...]:
    return tuple(lazy_pinyin(text, style=Style.NORMAL, errors="ignore"))


def fold(syllable: str) -> str:
    """Sounds many speakers (and Shandong accents) do not tell apart: zh/z, ch/c, sh/s, in/ing, en/eng, l/n."""
    for hard, soft in _FOLDS:
        if syllable.startswith(hard):
            syllable = soft + syllable[len(hard) :]
            break
    if syllable.startswith("n"):
        syllable = "l" + syllable[1:]
    for hard, soft in _FINAL_FOLDS:
        if syllable.endswith(hard):
            return syllable[: -len(hard)] + soft
    return syllable


class Lexicon:
    def __init__(self, terms: Iterable[str], lookalikes: Iterable[str] = ()) -> None:
        self.terms = {t for t in terms if 2 <= len(t) <= 12 and all(is_cjk(c) for c in t)}
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.initialize()
        for term in sorted(self.terms):
            # Frequent enough that the domain term wins over the general dictionary's split.
            self.tokenizer.add_word(term, max(self.tokenizer.FREQ.get(term, 0), 2000))
        self._shape = {ch: group[0] for group in lookalikes for ch in group}
        self._by_sound: dict[tuple[str, ...], list[str]] = defaultdict(list)
        self._by_fuzzy: dict[tuple[str, ...], list[str]] = defaultdict(list)
        self._by_shape: dict[str, list[str]] = defaultdict(list)
        self._spelled: dict[str, list[str]] = defaultdict(list)
        self._initials: dict[str, list[str]] = defaultdict(list)
        for term in sorted(self.terms):
            sound = syllables(term)
            if len(sound) != len(term):
                continue
            self._by_sound[sound].append(term)
            self._by_fuzzy[tuple(fold(s) for s in sound)].append(term)
            self._by_shape[self._canon(term)].append(term)
            self._spelled["".join(sound)].append(term)
            self._initials["".join(s[0] for s in sound)].append(term)
        self._max_len = max((len(t) for t in self.terms), default=2)
        self._max_spelled = max((len(s) for s in self._spelled), default=4)

    def _canon(self, text: str) -> str:
        return "".join(self._shape.get(ch, ch) for ch in text)

    def common(self, word: str) -> bool:
        return word not in self.terms and self.tokenizer.FREQ.get(word, 0) >= COMMON_WORD

    def words(self, run: str) -> list[str]:
        """Search-mode segmentation: long domain terms and their shorter parts."""
        return [w for w in self.tokenizer.cut_for_search(run, HMM=False) if w.strip()]

    # -- typos -----------------------------------------------------------------
    def correct(self, run: str) -> str:
        """A run of Chinese with its mistyped spans read as the terms they sound or look like."""
        # The run's sounds are read once, in context; every span is then a slice of them.
        sound = syllables(run)
        if len(sound) != len(run):
            sound = tuple((syllables(ch) or (ch,))[0] for ch in run)
        fuzzy = tuple(fold(s) for s in sound)
        canon = self._canon(run)
        found: list[tuple[int, int, float, str]] = []
        for size in range(min(len(run), self._max_len), 1, -1):
            for start in range(len(run) - size + 1):
                end = start + size
                match = self._match(run[start:end], sound[start:end], fuzzy[start:end], canon[start:end])
                if match:
                    found.append((start, size, *match))
        # Longest spans first, then the surest reading; a character belongs to one span only.
        taken = [False] * len(run)
        chosen: list[tuple[int, int, str]] = []
        for start, size, _, term in sorted(found, key=lambda f: (-f[1], -f[2], f[0])):
            if not any(taken[start : start + size]):
                taken[start : start + size] = [True] * size
                chosen.append((start, size, term))
        out, done = [], 0
        for start, size, term in sorted(chosen):
            out += [run[done:start], term]
            done = start + size
        return "".join(out) + run[done:]

    def _match(self, span: str, sound: tuple[str, ...], fuzzy: tuple[str, ...], canon: str) -> tuple[float, str] | None:
        if span in self.terms:
            return EXACT, span
        if self.common(span):
            return None
        tiers = (
            (SOUND, self._by_sound.get(sound)),
            (SHAPE, self._by_shape.get(canon)),
            (FUZZY_SOUND, self._by_fuzzy.get(fuzzy)),
        )
        for trust, candidates in tiers:
            if not candidates:
                continue
            best = max(candidates, key=lambda t: _same(t, span))
            # Two-character spans need one character right, or any two sounds would do.
            if _same(best, span) >= (1 if len(span) <= 3 else len(span) // 2):
                return trust, best
        return None

    # -- pinyin ----------------------------------------------------------------
    def from_letters(self, letters: str) -> list[tuple[str, float]]:
        """Terms spelled by a run of Latin letters: whole pinyin, pinyin inside it, or initials."""
        if letters in STOP_EN or len(letters) < 2:
            return []
        whole = self._spelled.get(letters)
        if whole:
            return [(t, EXACT) for t in whole]
        hits: list[tuple[str, float]] = []
        if 2 <= len(letters) <= 6 and letters in self._initials:
            terms = self._initials[letters]
            hits += [(t, SOUND / len(terms) ** 0.5) for t in terms]
        if len(letters) >= 5:
            longest = min(len(letters), self._max_spelled)
            inside = {letters[i : i + n] for n in range(4, longest + 1) for i in range(len(letters) - n + 1)}
            covered = [(spelled, self._spelled[spelled]) for spelled in inside if spelled in self._spelled]
            # Longest spellings first; a shorter one inside a longer found one adds nothing.
            covered.sort(key=lambda pair: (-len(pair[0]), pair[0]))
            kept: list[str] = []
            for spelled, terms in covered:
                if any(spelled in k for k in kept):
                    continue
                kept.append(spelled)
                hits += [(t, SOUND * min(1.0, len(spelled) / len(letters) + 0.3)) for t in terms]
        return hits


def _same(a: str, b: str) -> int:
    return sum(x == y for x, y in zip(a, b, strict=False))
