"""Typed text matched to a choice's options the way search matches queries.

Everyday words are read as the word the labels use ("自己的" as "自有"), numbers with their
units are compared ("7千瓦", "7kw"), a word found in one label only is that option, and
text that shares most of its characters with one label, or a bare number found in one
label, is only probably that option: the resident is asked to confirm it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from handlers.catalog.schema import Option
from handlers.search.text import STOP_ZH, is_cjk, normalize, runs

#: The word labels use, and what people type for it; staff extend as they see what is typed.
EVERYDAY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("自有", ("自己的", "自己", "自家", "我家的", "我自己", "买的", "产权", "own")),
    ("租用", ("租的", "租来", "租赁", "rent")),
    ("kw", ("千瓦", "kw", "瓦")),
)
#: The share of the typed characters a label must hold, beyond, to be offered for confirmation.
PROBABLY = 0.5
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_ZH_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_ZH_NUMBER = re.compile(r"[零一二两三四五六七八九十]+(?=千瓦|个|年|层|人|平)")


@dataclass(frozen=True)
class OptionMatch:
    """The option typed text stands for (1-based), and whether that is sure or only probable."""

    number: int
    sure: bool


def match_option(options: list[Option], typed: str) -> OptionMatch | None:
    text = _everyday(normalize(typed))
    labels = [_everyday(normalize(f"{o.label.zh_CN} {o.label.en}")) for o in options]
    by_number = _by_number(typed, options)
    if len(by_number) == 1:
        # A bare "7" may be a mistyped option number; "7千瓦" is not.
        return OptionMatch(by_number[0] + 1, sure=not _NUMBER.fullmatch(text))
    by_word = _by_word(text, labels)
    if len(by_word) == 1:
        return OptionMatch(by_word[0] + 1, sure=True)
    return _by_characters(text, labels)


def _everyday(text: str) -> str:
    compact = text.replace(" ", "")
    added = [word for word, said in EVERYDAY if any(s in compact for s in said)]
    return " ".join([text, *added])


def _numbers(text: str) -> set[float]:
    text = _ZH_NUMBER.sub(lambda m: str(_zh_number(m.group())), unicodedata.normalize("NFKC", text))
    return {float(n) for n in _NUMBER.findall(text)}


def _zh_number(text: str) -> int:
    """一 to 九十九 as a number: 七 -> 7, 十一 -> 11, 二十 -> 20."""
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return int("".join(str(_ZH_DIGITS[c]) for c in text))
    return (_ZH_DIGITS.get(tens, 1) if tens else 1) * 10 + (_ZH_DIGITS[ones] if ones else 0)


def _by_number(typed: str, options: list[Option]) -> list[int]:
    wanted = _numbers(typed)
    if not wanted:
        return []
    return [i for i, o in enumerate(options) if wanted <= _numbers(f"{o.label.zh_CN} {o.label.en}")]


def _by_word(text: str, labels: list[str]) -> list[int]:
    words = [w for w in runs(text) if w not in STOP_ZH and (is_cjk(w) or (len(w) >= 3 and not w.isdigit()))]
    return [i for i, label in enumerate(labels) if any(w in label.replace(" ", "") for w in words)]


def _by_characters(text: str, labels: list[str]) -> OptionMatch | None:
    typed = {c for c in text if is_cjk(c) and c not in STOP_ZH}
    if not typed:
        return None
    shared = sorted(((len(typed & set(label)), i) for i, label in enumerate(labels)), reverse=True)
    (best, number), (second, _) = shared[0], shared[1]
    # One character in common is chance ("随便" and "便携式"); two or more, most of what was typed, is not.
    probable = best >= 2 and best / len(typed) > PROBABLY and best > second
    return OptionMatch(number + 1, sure=False) if probable else None
