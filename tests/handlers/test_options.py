"""Typed text matched to a choice's options (handlers/options.py), on the shipped EV charger questions."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.answers import Problem, Unsure, parse_answer
from handlers.catalog import Catalog
from handlers.catalog.schema import Question
from handlers.options import match_option

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def ownership(catalog: Catalog) -> Question:
    return catalog.get("ev-charger-home").question("space_ownership")  # type: ignore[union-attr]


@pytest.fixture
def power(catalog: Catalog) -> Question:
    return catalog.get("ev-charger-home").question("charger_power")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("typed", "value"),
    [("自有", "owned"), ("自己的", "owned"), ("自家车位", "owned"), ("租的", "rented"), ("租用", "rented")],
)
def test_everyday_and_partial_words_at_the_parking_space_are_taken(ownership: Question, typed: str, value: str) -> None:
    assert parse_answer(ownership, typed, TODAY) == value


@pytest.mark.parametrize(
    ("typed", "value"),
    [("7千瓦", "kw7"), ("7kw", "kw7"), ("7 kW", "kw7"), ("七千瓦", "kw7"), ("11千瓦", "kw11"), ("3.5千瓦", "kw3")],
)
def test_numbers_with_units_at_the_power_question_are_taken(power: Question, typed: str, value: str) -> None:
    assert parse_answer(power, typed, TODAY) == value


def test_a_bare_number_found_in_one_label_is_asked_back(power: Question) -> None:
    # "7" of three options may be a mistyped option number: ask, do not take
    assert parse_answer(power, "7", TODAY) == Unsure(1)


def test_a_near_miss_is_asked_back(ownership: Question) -> None:
    # 自由 for 自有: most characters in common with one label only
    assert parse_answer(ownership, "自由车位", TODAY) == Unsure(1)


@pytest.mark.parametrize("typed", ["车位", "随便", "5千瓦", "自由"])
def test_what_matches_no_option_or_several_is_still_a_problem(ownership: Question, power: Question, typed: str) -> None:
    for question in (ownership, power):
        assert isinstance(parse_answer(question, typed, TODAY), Problem)
        assert match_option(question.options, typed) is None
