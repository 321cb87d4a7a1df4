"""Reads and checks one typed answer; a problem is a message key, never an exception."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from handlers.catalog.schema import Question
from handlers.identity import id_card_problem, uscc_problem
from handlers.options import match_option

YES = {"是", "是的", "对", "有", "需要", "同意", "已同意", "yes", "y", "true", "ok"}
NO = {"否", "不是", "不", "没有", "无", "不需要", "不同意", "未同意", "no", "n", "false"}


@dataclass(frozen=True)
class Problem:
    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Unsure:
    """Typed text that probably means one option (1-based): asked back before it is kept."""

    number: int


def parse_answer(question: Question, raw: str, today: dt.date) -> Any | Problem | Unsure:
    """The value to keep, the Problem to tell the person about, or the option to ask back."""
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return Problem("invalid.empty")
    return _PARSERS[question.type](question, text, today)


def _text(question: Question, text: str, today: dt.date) -> Any:
    if len(text) > 200:
        return Problem("invalid.text.long", {"max": 200})
    if not any(c.isalnum() for c in text):
        return Problem("invalid.text.meaningless")
    return text


#: Marks people type for the middle dot of minority names (阿依古丽·买买提): all read as "·".
_DOTS = re.compile(r"[\u00b7\u2022\u2027\u2219\u22c5\u30fb\uff65.]")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f"
_HAN_NAME = re.compile(f"[{_HAN}]+(?:·[{_HAN}]+)*")
#: Latin letters, including accented ones, in words joined by one space, hyphen or apostrophe.
_LATIN_NAME = re.compile(r"[^\W\d_]+(?:(?: |-|'|’)[^\W\d_]+)*")


def _person_name(question: Question, text: str, today: dt.date) -> Any:
    """A Chinese name of 2 to 20 characters (with · for minority names), or a Latin one for foreigners."""
    han = _DOTS.sub("·", re.sub(r"\s+", "", text))
    if _HAN_NAME.fullmatch(han) and 2 <= len(han.replace("·", "")) <= 20:
        return han
    latin = re.sub(r"\s+", " ", text)
    if _LATIN_NAME.fullmatch(latin) and 2 <= len(latin) <= 60 and all(_is_latin(c) for c in latin if c.isalpha()):
        return latin
    return Problem("invalid.name")


def _is_latin(letter: str) -> bool:
    return unicodedata.name(letter, "").startswith("LATIN")


def _address(question: Question, text: str, today: dt.date) -> Any:
    if len(text) < 5 or not any(c.isalnum() for c in text):
        return Problem("invalid.address.short")
    return _text(question, text, today)


def _number(question: Question, text: str, today: dt.date) -> Any:
    match = re.search(r"-?\d+(?:\.\d+)?", text.replace(",", ""))
    if not match:
        return Problem("invalid.number.format")
    value = float(match.group())
    if question.min is not None and value < question.min:
        return Problem("invalid.number.min", {"min": _plain(question.min)})
    if question.max is not None and value > question.max:
        return Problem("invalid.number.max", {"max": _plain(question.max)})
    return _plain(value)


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _date(question: Question, text: str, today: dt.date) -> Any:
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text
    )
    if not match:
        return Problem("invalid.date.format")
    try:
        day = dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return Problem("invalid.date.impossible")
    if question.when == "past" and day > today:
        return Problem("invalid.date.future")
    if question.when == "future" and day < today:
        return Problem("invalid.date.past")
    return day.isoformat()


def _choice(question: Question, text: str, today: dt.date) -> Any:
    lowered = text.lower()
    for number, option in enumerate(question.options, start=1):
        shown = (option.label.zh_CN, option.label.en)
        labels = {option.value, str(number), *(unicodedata.normalize("NFKC", label).lower() for label in shown)}
        if lowered in labels:
            return option.value
    match = match_option(question.options, text)
    if match is None:
        return Problem("invalid.choice", {"count": len(question.options)})
    return question.options[match.number - 1].value if match.sure else Unsure(match.number)


def _yesno(question: Question, text: str, today: dt.date) -> Any:
    lowered = text.lower().rstrip("。.!")
    if lowered in YES or lowered == "1":
        return True
    if lowered in NO or lowered == "2":
        return False
    return Problem("invalid.yesno")


def _phone(question: Question, text: str, today: dt.date) -> Any:
    digits = re.sub(r"[\s\-()]", "", text)
    digits = re.sub(r"^(\+?86)(?=1\d{10}$)", "", digits)
    if re.fullmatch(r"1[3-9]\d{9}", digits) or re.fullmatch(r"0\d{9,11}", digits):
        return digits
    return Problem("invalid.phone")


def _id_card(question: Question, text: str, today: dt.date) -> Any:
    number = re.sub(r"\s", "", text).upper()
    problem = id_card_problem(number, today)
    return Problem(problem) if problem else number


def _uscc(question: Question, text: str, today: dt.date) -> Any:
    code = re.sub(r"\s", "", text).upper()
    problem = uscc_problem(code)
    return Problem(problem) if problem else code


_PARSERS = {
    "text": _text,
    "person_name": _person_name,
    "address": _address,
    "number": _number,
    "date": _date,
    "choice": _choice,
    "yesno": _yesno,
    "phone": _phone,
    "id_card": _id_card,
    "uscc": _uscc,
}
