"""The safe condition language used in scenario files (handlers/conditions.py)."""

from __future__ import annotations

import builtins

import pytest

from handlers.conditions import Condition, ConditionError, parse_condition

FIRE_RULE = "floor_area > 300 or capacity > 50 or (entertainment_venue and (floor_level >= 4 or floor_level <= -1))"


def holds(source: str, **answers: object) -> bool:
    return parse_condition(source).holds(answers)


# -- parsing -------------------------------------------------------------------


def test_parse_gives_a_condition_with_its_source_and_names() -> None:
    # Given a condition naming three fields
    # When it is parsed
    condition = parse_condition("area > 300 or (people > 50 and not indoor)")
    # Then it keeps its source and knows the names it reads
    assert isinstance(condition, Condition)
    assert condition.source == "area > 300 or (people > 50 and not indoor)"
    assert condition.names == frozenset({"area", "people", "indoor"})


def test_keywords_and_literals_are_not_names() -> None:
    condition = parse_condition("kind in ['a', 'b'] and flag == true or other != false and not x == 1.5")
    assert condition.names == frozenset({"kind", "flag", "other", "x"})


def test_names_that_start_with_a_keyword_are_still_names() -> None:
    condition = parse_condition("order and notes or inside or android")
    assert condition.names == frozenset({"order", "notes", "inside", "android"})


# -- precedence ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "answers", "expected"),
    [
        # "and" binds tighter than "or": a or (b and c)
        ("a or b and c", {"a": True, "b": False, "c": False}, True),
        ("a or b and c", {"a": False, "b": True, "c": False}, False),
        ("a or b and c", {"a": False, "b": True, "c": True}, True),
        # parentheses override it: (a or b) and c
        ("(a or b) and c", {"a": True, "b": False, "c": False}, False),
        ("(a or b) and c", {"a": True, "b": False, "c": True}, True),
        # "not" binds tighter than "and": (not a) and b
        ("not a and b", {"a": False, "b": True}, True),
        ("not a and b", {"a": True, "b": True}, False),
        ("not (a and b)", {"a": True, "b": False}, True),
        # "not" applies to the whole comparison
        ("not x == 1", {"x": 1}, False),
        ("not x == 1", {"x": 2}, True),
        ("not not a", {"a": True}, True),
        # comparisons bind tighter than "and"/"or"
        ("x > 1 and y < 2", {"x": 2, "y": 1}, True),
        ("x > 1 and y < 2", {"x": 2, "y": 3}, False),
        ("x == 1 or y == 1", {"x": 0, "y": 1}, True),
        # deeply nested parentheses
        ("((((a))))", {"a": True}, True),
        ("(a and (b or (c and d)))", {"a": True, "b": False, "c": True, "d": True}, True),
    ],
)
def test_precedence(source: str, answers: dict, expected: bool) -> None:
    assert parse_condition(source).holds(answers) is expected


# -- comparisons and literals ------------------------------------------------


@pytest.mark.parametrize(
    ("source", "answers", "expected"),
    [
        ("x == 3", {"x": 3}, True),
        ("x == 3", {"x": 3.0}, True),
        ("x != 3", {"x": 4}, True),
        ("x != 3", {"x": 3}, False),
        ("x < 3", {"x": 2}, True),
        ("x < 3", {"x": 3}, False),
        ("x <= 3", {"x": 3}, True),
        ("x > 3", {"x": 3}, False),
        ("x > 3", {"x": 4}, True),
        ("x >= 3", {"x": 3}, True),
        ("x >= 3", {"x": 2.99}, False),
        ("x > 2.5", {"x": 2.6}, True),
        ("x <= -1", {"x": -1}, True),
        ("x <= -1", {"x": 0}, False),
        ("x>-1", {"x": 0}, True),
        ("x == 'owned'", {"x": "owned"}, True),
        ('x == "owned"', {"x": "owned"}, True),
        ("x == 'owned'", {"x": "rented"}, False),
        ("x == 'and or not'", {"x": "and or not"}, True),
        ("x == ''", {"x": ""}, True),
        ("x != ''", {"x": "91350100M000100Y43"}, True),
        ("flag == true", {"flag": True}, True),
        ("flag == false", {"flag": False}, True),
        ("flag == true", {"flag": False}, False),
        ("true", {}, True),
        ("false", {}, False),
        ("flag", {"flag": True}, True),
        ("flag", {"flag": False}, False),
        ("a == b", {"a": 5, "b": 5}, True),
        ("a < b", {"a": 5, "b": 6}, True),
    ],
)
def test_comparisons_and_literals(source: str, answers: dict, expected: bool) -> None:
    assert parse_condition(source).holds(answers) is expected


@pytest.mark.parametrize(
    ("source", "answers", "expected"),
    [
        ("s in ['hair', 'beauty', 'both']", {"s": "hair"}, True),
        ("s in ['hair', 'beauty', 'both']", {"s": "both"}, True),
        ("s in ['hair', 'beauty', 'both']", {"s": "other"}, False),
        ("n in [1, 2, 3]", {"n": 2}, True),
        ("n in [1, 2.5]", {"n": 2.5}, True),
        ("n in [1, 2, 3]", {"n": 4}, False),
        ("n in [7]", {"n": 7}, True),
        ("n in [a, b]", {"n": 1, "a": 0, "b": 1}, True),
        ("not s in ['x', 'y']", {"s": "z"}, True),
        ("s in ['a'] and t in ['b']", {"s": "a", "t": "b"}, True),
        ("s in 'abc'", {"s": "b"}, True),
        ("s in options", {"s": "b", "options": ["a", "b"]}, True),
    ],
)
def test_in_lists(source: str, answers: dict, expected: bool) -> None:
    assert parse_condition(source).holds(answers) is expected


# -- missing names and type mismatches ----------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "x == 1",
        "x != 1",
        "x < 1",
        "x <= 1",
        "x > 1",
        "x >= 1",
        "x == ''",
        "x != ''",
        "x in [1, 2]",
        "1 in x",
        "x == y",
        "x",
        "x and y",
        "x or y",
    ],
)
def test_a_missing_name_is_none_and_compares_false(source: str) -> None:
    # Given no answers at all (skipped or optional questions)
    # Then no comparison can switch the condition on
    assert parse_condition(source).holds({}) is False


def test_an_explicit_none_answer_compares_false() -> None:
    assert holds("x != 1", x=None) is False
    assert holds("x == y", x=None, y=None) is False


@pytest.mark.parametrize(
    ("source", "answers"),
    [
        ("x > 3", {"x": "four"}),
        ("x < 'a'", {"x": 1}),
        ("x in 3", {"x": 3}),
        ("x in 'abc'", {"x": 1}),
        ("x >= 1", {"x": [1]}),
    ],
)
def test_a_type_mismatch_compares_false_instead_of_raising(source: str, answers: dict) -> None:
    assert parse_condition(source).holds(answers) is False


def test_holds_returns_a_real_bool() -> None:
    assert holds("x", x="yes") is True
    assert holds("x", x=0) is False
    assert holds("x or y", x=0, y="") is False


# -- the source's fire-safety rule ----------------------------------------------


@pytest.mark.parametrize(
    ("case", "answers", "needed"),
    [
        ("300 m2, 50 people: exempt", {"floor_area": 300, "capacity": 50, "floor_level": 1}, False),
        ("301 m2", {"floor_area": 301, "capacity": 50, "floor_level": 1}, True),
        ("300.5 m2", {"floor_area": 300.5, "capacity": 10, "floor_level": 1}, True),
        ("51 people", {"floor_area": 300, "capacity": 51, "floor_level": 1}, True),
        (
            "entertainment venue on floor 4",
            {"floor_area": 100, "capacity": 20, "floor_level": 4, "entertainment_venue": True},
            True,
        ),
        (
            "entertainment venue in basement -1",
            {"floor_area": 100, "capacity": 20, "floor_level": -1, "entertainment_venue": True},
            True,
        ),
        (
            "entertainment venue on floor 2",
            {"floor_area": 100, "capacity": 20, "floor_level": 2, "entertainment_venue": True},
            False,
        ),
        (
            "small non-entertainment venue on floor 5",
            {"floor_area": 100, "capacity": 20, "floor_level": 5, "entertainment_venue": False},
            False,
        ),
        (
            "entertainment question never asked on floor 5",
            {"floor_area": 100, "capacity": 20, "floor_level": 5},
            False,
        ),
        ("nothing answered yet", {}, False),
        ("only a big area answered", {"floor_area": 1000}, True),
    ],
)
def test_fire_safety_rule(case: str, answers: dict, needed: bool) -> None:
    # Given the fire-safety exemption from the source (任务清单)
    condition = parse_condition(FIRE_RULE)
    # Then the inspection is needed exactly when the rule says so
    assert condition.holds(answers) is needed, case


def test_fire_rule_reads_exactly_its_four_fields() -> None:
    assert parse_condition(FIRE_RULE).names == {"floor_area", "capacity", "entertainment_venue", "floor_level"}


# -- errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("a >", "ends too early"),
        ("a ==", "ends too early"),
        ("a and", "ends too early"),
        ("not", "ends too early"),
        ("", "ends too early"),
        ("   ", "ends too early"),
        ("(a", "ends too early"),
        ("((a)", "ends too early"),
        ("x in [1, 2", "ends too early"),
        ("a)", "unexpected ')'"),
        ("(a))", "unexpected ')'"),
        ("a === 1", "cannot read '= 1'"),
        ("a = 1", "cannot read ' = 1'"),
        ("__import__('os')", "unknown function '__import__'"),
        ("a.b", "cannot read '.b'"),
        ("a; b", "cannot read '; b'"),
        ("a b", "unexpected 'b'"),
        ("a < b < c", "unexpected '<'"),
        ("a && b", "cannot read ' && b'"),
        ("a == 'open", "cannot read"),
        ("[]", "unexpected ']'"),
        ("a == and", "unexpected 'and'"),
        ("x - 1 > 0", "cannot read"),
        ("a AND b", "unexpected 'AND'"),
        ("lambda: 1", "cannot read ':"),
        ("x == 1 if y else 2", "unexpected 'if'"),
    ],
)
def test_bad_input_raises_a_helpful_condition_error(source: str, message: str) -> None:
    with pytest.raises(ConditionError) as caught:
        parse_condition(source)
    # The message says what went wrong and quotes the condition
    assert message in str(caught.value)
    assert repr(source) in str(caught.value)


def test_condition_error_is_a_value_error() -> None:
    assert issubclass(ConditionError, ValueError)


# -- safety: never eval --------------------------------------------------------


@pytest.mark.parametrize("name", ["__class__", "__import__", "__builtins__", "eval", "open", "exit", "os"])
def test_dunder_and_builtin_names_are_just_names(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given eval/exec would blow up if anything called them
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("eval/exec must never be called")

    monkeypatch.setattr(builtins, "eval", boom)
    monkeypatch.setattr(builtins, "exec", boom)
    condition = parse_condition(name)
    # Then the name is looked up in the answers like any other field
    assert condition.names == {name}
    assert condition.holds({}) is False
    assert condition.holds({name: "x"}) is True


def test_a_dunder_name_compares_like_any_other() -> None:
    assert holds("__class__ == 1", __class__=1) is True
    assert holds("__class__ == 1") is False


def test_evaluation_reads_only_the_answers_mapping() -> None:
    # Given a mapping that records which keys are read
    class Recorder(dict):
        def __init__(self) -> None:
            super().__init__(a=1)
            self.read: list[str] = []

        def get(self, key: str, default: object = None) -> object:
            self.read.append(key)
            return super().get(key, default)

    answers = Recorder()
    # When a condition is evaluated
    assert parse_condition("a == 1 and b == 2 or c").holds(answers) is False
    # Then only its names were looked up
    assert set(answers.read) <= {"a", "b", "c"}
