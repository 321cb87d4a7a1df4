"""Check characters of Chinese identity numbers.

GB 11643-1999 (resident ID card) and GB 32100-2015 (unified social credit code)
both end in a check character; a typo in any one position is caught.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
#: First two digits of the administrative division code: the provinces.
_PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83", "91",
}  # fmt: skip
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_card_problem(number: str, today: dt.date) -> str | None:
    """The message key of what is wrong with an ID number, or None when it is valid."""
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return "invalid.id_card.format"
    if number[:2] not in _PROVINCES:
        return "invalid.id_card.region"
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "invalid.id_card.birth"
    if born > today or today.year - born.year > 130:
        return "invalid.id_card.birth"
    if id_check_char(number[:17]) != number[17]:
        return "invalid.id_card.checksum"
    return None


def id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def uscc_problem(code: str) -> str | None:
    """The message key of what is wrong with a social credit code, or None when valid."""
    if len(code) != 18 or any(c not in _USCC_CHARS for c in code):
        return "invalid.uscc.format"
    if uscc_check_char(code[:17]) != code[17]:
        return "invalid.uscc.checksum"
    return None


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def mask_id(number: str) -> str:
    """Keep the region and the last two characters, as staff cards and logs show them."""
    return number[:3] + "*" * (len(number) - 5) + number[-2:] if len(number) > 6 else "***"


def mask_phone(number: str) -> str:
    digits = re.sub(r"^86(?=1\d{10}$)", "", re.sub(r"\D", "", number))
    return digits[:3] + "****" + digits[-4:] if len(digits) >= 7 else "***"


def mask_name(name: str) -> str:
    """张三 -> 张*, 欧阳娜娜 -> 欧***; a Latin name keeps its first letter."""
    name = name.strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else "***"


#: An 18-character ID number standing alone (not inside a longer run of letters or digits).
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])")
#: A mainland mobile, with or without +86 and spaces or dashes between its groups.
_PHONE_IN_TEXT = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9])")


#: Four digits in a row: both numbers above hold such a run, so a text without one has neither. Found by
#: one quick scan, where each pattern's lookbehind is tried at every character (every reply is masked).
_FOUR_DIGITS = re.compile(r"\d{4}")


#: Long texts found to hold nothing to mask (a notice with a landline and a year in it), newest last: the same
#: notice is masked for every resident, and its two scans cost more than the rest of its step's history.
#: Only texts with nothing personal in them are kept.
_CLEAN: dict[str, None] = {}
#: Eleven digits in a row (a number the patterns left alone, such as one run into letters): not kept.
_LONG_NUMBER = re.compile(r"\d{11}")
_CLEAN_KEPT = 512
#: Only texts of this length are kept (a notice is about 500 characters): a few megabytes at most.
_CLEAN_FROM, _CLEAN_UP_TO = 64, 2000


def mask_personal(text: str) -> str:
    """Masks every ID number and mobile in a message, for a history that outlives the conversation."""
    if not _FOUR_DIGITS.search(text) or text in _CLEAN:
        return text
    masked = _PHONE_IN_TEXT.sub(lambda m: mask_phone(m.group()), _ID_IN_TEXT.sub(lambda m: mask_id(m.group()), text))
    if masked == text and _CLEAN_FROM <= len(text) <= _CLEAN_UP_TO and not _LONG_NUMBER.search(text):
        if len(_CLEAN) >= _CLEAN_KEPT:
            with contextlib.suppress(RuntimeError, StopIteration, KeyError):  # another thread changed it: fine
                del _CLEAN[next(iter(_CLEAN))]
        _CLEAN[text] = None
    return masked
