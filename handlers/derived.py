"""Values conditions may derive from an answer: ``age(applicant_id)``, ``sex(applicant_id)``.

Each function takes the day it is evaluated on (``None`` outside cross-field rules, where
nothing depends on the date) and the answers it reads; it returns ``None`` where the
answer is missing or unreadable, so a comparison with it stays off.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

#: Where the rule checker puts today's date among the answers; no condition can name it.
TODAY = "@today"


def _born(number: Any) -> dt.date | None:
    if not isinstance(number, str) or not re.fullmatch(r"\d{17}[\dX]", number):
        return None
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def _months_between(born: dt.date, today: dt.date) -> int:
    return (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)


def age(today: dt.date | None, number: Any) -> int | None:
    """Full years of the holder of an ID number on today."""
    born = _born(number)
    return _months_between(born, today) // 12 if born and today else None


def age_months(today: dt.date | None, number: Any) -> int | None:
    born = _born(number)
    return _months_between(born, today) if born and today else None


def sex(today: dt.date | None, number: Any) -> str | None:
    """'male' or 'female', from the 17th digit of an ID number (odd for men)."""
    return None if _born(number) is None else ("male" if int(number[16]) % 2 else "female")


def retirement_age_months(today: dt.date | None, number: Any) -> int | None:
    """The lowest statutory retirement age, in months, for the holder of an ID number.

    《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》(2024-09-13) and its
    《国务院关于渐进式提高职工法定退休年龄的办法》: from 2025-01-01 men's age rises from 60 by one
    month every four months (born 1965-01 on) to 63; women's from 50 by one month every two months
    (born 1975-01 on) to 55, and from 55 by one month every four months (born 1970-01 on) to 58.
    Whether a woman retires from the 50 or the 55 track is not in her ID number, so the lower (50)
    track is taken: a lower bound, never refusing anyone the law would let retire.
    """
    born = _born(number)
    if born is None:
        return None
    if sex(today, number) == "male":
        return 60 * 12 + _delay(born, 1965, every=4, most=36)
    return 50 * 12 + _delay(born, 1975, every=2, most=60)


def days_since(today: dt.date | None, day: Any) -> int | None:
    """Days from a date answer (ISO text) to today."""
    try:
        return (today - dt.date.fromisoformat(day)).days if today and isinstance(day, str) else None
    except ValueError:
        return None


def years_until(today: dt.date | None, day: Any) -> int | None:
    """Years from today to a date answer, a started year counting whole: > 5 means later than five years on."""
    try:
        until = dt.date.fromisoformat(day) if today and isinstance(day, str) else None
    except ValueError:
        return None
    if until is None or today is None:
        return None
    years = until.year - today.year - ((until.month, until.day) < (today.month, today.day))
    return years + (_anniversary(today, years) < until)


def _anniversary(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _delay(born: dt.date, from_year: int, every: int, most: int) -> int:
    month = (born.year - from_year) * 12 + born.month - 1
    return 0 if month < 0 else min(most, month // every + 1)


#: name -> (number of arguments, function); the only calls a condition may make.
FUNCTIONS: dict[str, tuple[int, Callable[..., Any]]] = {
    "age": (1, age),
    "age_months": (1, age_months),
    "sex": (1, sex),
    "retirement_age_months": (1, retirement_age_months),
    "days_since": (1, days_since),
    "years_until": (1, years_until),
}
