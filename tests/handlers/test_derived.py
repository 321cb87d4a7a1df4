"""Values derived from answers for conditions (handlers/derived.py): ages, sex, retirement ages."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.derived import age, age_months, days_since, retirement_age_months, sex, years_until
from handlers.identity import id_check_char

TODAY = dt.date(2026, 11, 26)


def id_number(born: str, male: bool) -> str:
    first17 = f"371302{born}00{1 if male else 2}"
    return first17 + id_check_char(first17)


def test_age_and_sex_come_from_the_id_number() -> None:
    assert age(TODAY, id_number("19850612", male=False)) == 41
    assert age(TODAY, id_number("19851126", male=True)) == 41
    assert age(TODAY, id_number("19851127", male=True)) == 40
    assert age_months(TODAY, id_number("19660512", male=True)) == 60 * 12 + 6
    assert sex(TODAY, id_number("19850612", male=False)) == "female"
    assert sex(TODAY, id_number("19850612", male=True)) == "male"


@pytest.mark.parametrize("unreadable", [None, "", "12345", 42, "37130219851399002X"])
def test_an_unreadable_answer_derives_nothing(unreadable: object) -> None:
    assert age(TODAY, unreadable) is None
    assert sex(TODAY, unreadable) is None
    assert retirement_age_months(TODAY, unreadable) is None


def test_no_date_no_age() -> None:
    assert age(None, id_number("19850612", male=False)) is None


# The table annexed to 《国务院关于渐进式提高职工法定退休年龄的办法》 (2024).
@pytest.mark.parametrize(
    ("born", "male", "years", "months"),
    [
        ("19641212", True, 60, 0),  # before the reform
        ("19650101", True, 60, 1),
        ("19650412", True, 60, 1),
        ("19650512", True, 60, 2),
        ("19660812", True, 60, 5),
        ("19761212", True, 63, 0),  # 36 months: the most
        ("19741212", False, 50, 0),  # women's 50-year track, before the reform
        ("19750112", False, 50, 1),
        ("19750312", False, 50, 2),
        ("19841212", False, 55, 0),  # 60 months: the most
    ],
)
def test_the_statutory_retirement_age_follows_the_2024_decision(born: str, male: bool, years: int, months: int) -> None:
    assert retirement_age_months(TODAY, id_number(born, male)) == years * 12 + months


def test_days_since_a_date_answer() -> None:
    assert days_since(TODAY, "2026-11-16") == 10
    assert days_since(TODAY, "not a date") is None
    assert days_since(None, "2026-11-16") is None


@pytest.mark.parametrize(
    ("day", "years"),
    [("2031-11-26", 5), ("2031-11-27", 6), ("2031-11-25", 5), ("2027-01-01", 1), ("2026-11-26", 0), ("soon", None)],
)
def test_years_until_counts_a_started_year_whole(day: str, years: int | None) -> None:
    # five years from today is allowed by 公司法第四十七条; one day later is not
    assert years_until(TODAY, day) == years


def test_years_until_from_29_february() -> None:
    assert years_until(dt.date(2028, 2, 29), "2033-02-28") == 5
    assert years_until(dt.date(2028, 2, 29), "2033-03-01") == 6
