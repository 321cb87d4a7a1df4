"""Reading one typed answer (handlers/answers.py): a value to keep or a Problem to show."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

import handlers.answers
import handlers.identity
import locales
from handlers.answers import Problem, parse_answer
from handlers.catalog.schema import Option, Question, Text

TODAY = dt.date(2024, 10, 24)


def ask(type_: str, **extra: Any) -> Question:
    return Question(key="answer", type=type_, label=Text(zh_CN="问题", en="Question"), **extra)


TEXT = ask("text")
ADDRESS = ask("address")
AREA = ask("number", min=1, max=500, unit=Text(zh_CN="平方米", en="m²"))
FLOOR = ask("number", min=-3, max=100)
ANY_NUMBER = ask("number")
DATE = ask("date")
PAST = ask("date", when="past")
FUTURE = ask("date", when="future")
POWER = ask(
    "choice",
    options=[
        Option(value="kw7", label=Text(zh_CN="7千瓦交流桩", en="7 kW AC")),
        Option(value="kw11", label=Text(zh_CN="11千瓦交流桩", en="11 kW AC")),
        Option(value="portable", label=Text(zh_CN="便携式", en="Portable")),
    ],
)
YESNO = ask("yesno")
PHONE = ask("phone")
ID_CARD = ask("id_card")
USCC = ask("uscc")


def parse(question: Question, raw: str) -> Any:
    return parse_answer(question, raw, TODAY)


def assert_problem(result: Any, key: str, params: dict | None = None) -> None:
    """The result is a Problem with this key, and its message formats in both locales."""
    assert isinstance(result, Problem), f"expected Problem({key!r}), got {result!r}"
    assert result.key == key
    if params is not None:
        assert result.params == params
    for locale in locales.LOCALES:
        assert result.key in locales.catalogue(locale), f"{result.key} missing from {locale}.yaml"
        message = locales.translate(locale, result.key, **result.params)
        assert message and "{" not in message, (locale, message)


# -- every type ------------------------------------------------------------------


@pytest.mark.parametrize("question", [TEXT, ADDRESS, AREA, DATE, POWER, YESNO, PHONE, ID_CARD, USCC])
@pytest.mark.parametrize("raw", ["", "   ", "\n\t", "\u3000"])
def test_an_empty_answer_is_a_problem_for_every_type(question: Question, raw: str) -> None:
    assert_problem(parse(question, raw), "invalid.empty")


# -- text and address ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("张三", "张三"),
        ("  临沂市兰山区某某有限公司  ", "临沂市兰山区某某有限公司"),
        ("ＡＢＣ商贸", "ABC商贸"),  # full-width letters are normalised
        ("x" * 200, "x" * 200),
        ("A1", "A1"),
    ],
)
def test_text_is_kept_trimmed_and_normalised(raw: str, value: str) -> None:
    assert parse(TEXT, raw) == value


@pytest.mark.parametrize(
    ("raw", "key", "params"),
    [
        ("x" * 201, "invalid.text.long", {"max": 200}),
        ("...", "invalid.text.meaningless", {}),
        ("？！", "invalid.text.meaningless", {}),
        ("-- / --", "invalid.text.meaningless", {}),
    ],
)
def test_bad_text(raw: str, key: str, params: dict) -> None:
    assert_problem(parse(TEXT, raw), key, params)


@pytest.mark.parametrize("raw", ["临沂市临港区坪上镇1号", "No. 1 Binhe Road", "兰山区12号"])
def test_addresses_are_kept(raw: str) -> None:
    assert parse(ADDRESS, raw) == raw


@pytest.mark.parametrize("raw", ["临港区", "1号", "abcd", "!!!!!!!"])
def test_short_or_meaningless_addresses_are_a_problem(raw: str) -> None:
    assert_problem(parse(ADDRESS, raw), "invalid.address.short")


def test_a_too_long_address_is_a_problem() -> None:
    assert_problem(parse(ADDRESS, "临沂市" * 70), "invalid.text.long", {"max": 200})


# -- numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "raw", "value"),
    [
        (AREA, "120", 120),
        (AREA, "１２０", 120),  # full-width digits
        (AREA, "120平方米", 120),  # with the unit
        (AREA, "120 m²", 120),
        (AREA, "约120平", 120),
        (AREA, "120.5", 120.5),
        (AREA, "120.0", 120),
        (AREA, "1", 1),
        (AREA, "500", 500),
        (ANY_NUMBER, "1,200", 1200),
        (ANY_NUMBER, "１，２００", 1200),
        (ANY_NUMBER, "0", 0),
        (FLOOR, "-1", -1),
        (FLOOR, "－1", -1),  # full-width minus
        (FLOOR, "-3", -3),
        (FLOOR, "4楼", 4),
    ],
)
def test_numbers(question: Question, raw: str, value: float) -> None:
    result = parse(question, raw)
    assert result == value
    assert type(result) is type(value)


@pytest.mark.parametrize(
    ("question", "raw", "key", "params"),
    [
        (AREA, "一百二十", "invalid.number.format", {}),
        (AREA, "abc", "invalid.number.format", {}),
        (AREA, "平方米", "invalid.number.format", {}),
        (AREA, "0", "invalid.number.min", {"min": 1}),
        (AREA, "0.5", "invalid.number.min", {"min": 1}),
        (AREA, "-5", "invalid.number.min", {"min": 1}),
        (AREA, "501", "invalid.number.max", {"max": 500}),
        (AREA, "500.01", "invalid.number.max", {"max": 500}),
        (AREA, "1,200", "invalid.number.max", {"max": 500}),
        (FLOOR, "-4", "invalid.number.min", {"min": -3}),
        (FLOOR, "101", "invalid.number.max", {"max": 100}),
    ],
)
def test_bad_numbers(question: Question, raw: str, key: str, params: dict) -> None:
    assert_problem(parse(question, raw), key, params)


def test_fractional_limits_are_shown_as_given() -> None:
    question = ask("number", min=0.5, max=2.5)
    assert_problem(parse(question, "0.1"), "invalid.number.min", {"min": 0.5})
    assert_problem(parse(question, "3"), "invalid.number.max", {"max": 2.5})


# -- dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["2024-10-24", "2024/10/24", "2024年10月24日", "2024年10月24号", "20241024", "2024.10.24", " 2024-10-24 "],
)
def test_date_formats(raw: str) -> None:
    assert parse(DATE, raw) == "2024-10-24"


@pytest.mark.parametrize(("raw", "value"), [("2024-1-5", "2024-01-05"), ("2024年1月5日", "2024-01-05")])
def test_dates_without_leading_zeros(raw: str, value: str) -> None:
    assert parse(DATE, raw) == value


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("24/10/2024", "invalid.date.format"),
        ("10/24/2024", "invalid.date.format"),
        ("yesterday", "invalid.date.format"),
        ("2024-10-24 10:00", "invalid.date.format"),
        ("二〇二四年十月", "invalid.date.format"),
        ("2024-02-30", "invalid.date.impossible"),
        ("2023-02-29", "invalid.date.impossible"),
        ("2024-13-01", "invalid.date.impossible"),
        ("2024-00-10", "invalid.date.impossible"),
        ("2024-04-31", "invalid.date.impossible"),
        ("2024年10月32日", "invalid.date.impossible"),
    ],
)
def test_bad_dates(raw: str, key: str) -> None:
    assert_problem(parse(DATE, raw), key)


@pytest.mark.parametrize("raw", ["2024年11月", "2024-11", "202411", "1990年12月"])
def test_a_year_and_month_alone_is_not_read_as_a_wrong_date(raw: str) -> None:
    assert_problem(parse(DATE, raw), "invalid.date.format")


def test_leap_day_is_possible() -> None:
    assert parse(DATE, "2024-02-29") == "2024-02-29"


@pytest.mark.parametrize(
    ("question", "raw", "expected"),
    [
        (PAST, "2024-10-23", "2024-10-23"),
        (PAST, "2024-10-24", "2024-10-24"),  # today counts as the past
        (PAST, "2024-10-25", Problem("invalid.date.future")),
        (FUTURE, "2024-10-25", "2024-10-25"),
        (FUTURE, "2024-10-24", "2024-10-24"),  # and as the future
        (FUTURE, "2024-10-23", Problem("invalid.date.past")),
        (DATE, "1990-01-01", "1990-01-01"),
        (DATE, "2090-01-01", "2090-01-01"),
    ],
)
def test_past_and_future_rules(question: Question, raw: str, expected: Any) -> None:
    result = parse(question, raw)
    if isinstance(expected, Problem):
        assert_problem(result, expected.key)
    else:
        assert result == expected


# -- choices -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1", "kw7"),
        ("2", "kw11"),
        ("3", "portable"),
        ("３", "portable"),  # full-width digit
        ("kw11", "kw11"),
        ("KW11", "kw11"),
        ("portable", "portable"),
        ("7千瓦交流桩", "kw7"),
        ("便携式", "portable"),
        ("11 kW AC", "kw11"),
        ("11 KW ac", "kw11"),
        ("Portable", "portable"),
        ("  portable ", "portable"),
    ],
)
def test_choice_by_number_value_and_label(raw: str, value: str) -> None:
    assert parse(POWER, raw) == value


@pytest.mark.parametrize("raw", ["0", "4", "-1", "kw", "千瓦", "5千瓦", "随便"])
def test_an_unknown_choice_is_a_problem_giving_the_option_count(raw: str) -> None:
    assert_problem(parse(POWER, raw), "invalid.choice", {"count": 3})


def test_a_zh_label_with_full_width_brackets_matches_when_typed_as_shown() -> None:
    question = ask(
        "choice",
        options=[
            Option(value="hair", label=Text(zh_CN="美发", en="Hairdressing")),
            Option(value="other", label=Text(zh_CN="其他（不涉及美发和生活美容）", en="Other")),
        ],
    )
    assert parse(question, "其他（不涉及美发和生活美容）") == "other"


# -- yes / no ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "是",
        "是的",
        "对",
        "有",
        "需要",
        "同意",
        "已同意",
        "是。",
        "是！",
        "yes",
        "Yes",
        "YES",
        "y",
        "Y",
        "ok",
        "OK",
        "true",
    ],
)
def test_yes(raw: str) -> None:
    assert parse(YESNO, raw) is True


@pytest.mark.parametrize(
    "raw", ["否", "不是", "不", "没有", "无", "不需要", "不同意", "未同意", "no", "No.", "NO!", "n", "false"]
)
def test_no(raw: str) -> None:
    assert parse(YESNO, raw) is False


@pytest.mark.parametrize(("raw", "value"), [("1", True), ("2", False), ("１", True), ("２", False)])
def test_yes_no_by_button_number(raw: str, value: bool) -> None:
    assert parse(YESNO, raw) is value


@pytest.mark.parametrize("raw", ["maybe", "不知道", "3", "0", "yes and no", "是否"])
def test_an_unclear_yes_no_is_a_problem(raw: str) -> None:
    assert_problem(parse(YESNO, raw), "invalid.yesno")


# -- phone numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("+8613800138000", "13800138000"),
        ("86 13800138000", "13800138000"),
        ("+86-138-0013-8000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),
        ("19912345678", "19912345678"),
        ("05391234567", "05391234567"),
        ("0539-1234567", "05391234567"),
        ("0539 1234567", "05391234567"),
        ("(0539)1234567", "05391234567"),
        ("（0539）1234567", "05391234567"),
        ("010-12345678", "01012345678"),
    ],
)
def test_phone_numbers(raw: str, value: str) -> None:
    assert parse(PHONE, raw) == value


@pytest.mark.parametrize(
    "raw",
    [
        "12345678901",  # mobiles start 13-19
        "10086123456",
        "1380013800",  # 10 digits
        "138001380001",  # 12 digits
        "+87 13800138000",
        "+86 1380013800",
        "0539123",  # landline too short
        "053912345678901",  # landline too long
        "5391234567",  # landline without the leading 0
        "1234567",
        "phone",
        "138OO138OOO",
    ],
)
def test_wrong_phone_numbers(raw: str) -> None:
    assert_problem(parse(PHONE, raw), "invalid.phone")


# -- ID card numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("110101199003074514", "110101199003074514"),
        ("110101 19900307 4514", "110101199003074514"),
        (" 371302 198506120027 ", "371302198506120027"),
        ("11010519491231002X", "11010519491231002X"),
        ("11010519491231002x", "11010519491231002X"),  # lowercase x
        ("110105 19491231 002x", "11010519491231002X"),
        ("１１０１０１１９９００３０７４５１４", "110101199003074514"),
    ],
)
def test_id_card_numbers(raw: str, value: str) -> None:
    assert parse(ID_CARD, raw) == value


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("11010119900307451", "invalid.id_card.format"),
        ("1101011990030745141", "invalid.id_card.format"),
        ("11010119900307451Y", "invalid.id_card.format"),
        ("110101-19900307-4514", "invalid.id_card.format"),
        ("990101199003074514", "invalid.id_card.region"),
        ("110101199002304514", "invalid.id_card.birth"),
        ("110101202501014514", "invalid.id_card.birth"),
        ("110101199003074515", "invalid.id_card.checksum"),
        ("11010519491231002y", "invalid.id_card.format"),
    ],
)
def test_bad_id_card_numbers(raw: str, key: str) -> None:
    assert_problem(parse(ID_CARD, raw), key)


# -- social credit codes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("91350100M000100Y43", "91350100M000100Y43"),
        ("91350100m000100y43", "91350100M000100Y43"),
        ("9135 0100 M000 100Y 43", "91350100M000100Y43"),
        ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"),
    ],
)
def test_social_credit_codes(raw: str, value: str) -> None:
    assert parse(USCC, raw) == value


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("91350100M000100Y4", "invalid.uscc.format"),
        ("91350100O000100Y43", "invalid.uscc.format"),  # letter O
        ("91350100M000100Y44", "invalid.uscc.checksum"),
    ],
)
def test_bad_social_credit_codes(raw: str, key: str) -> None:
    assert_problem(parse(USCC, raw), key)


# -- every Problem key is translated ----------------------------------------------------


def problem_keys_in_source() -> set[str]:
    keys: set[str] = set()
    for module in (handlers.answers, handlers.identity):
        source = Path(module.__file__ or "").read_text(encoding="utf-8")
        keys |= set(re.findall(r"""["'](invalid\.[a-z_.]+)["']""", source))
    return keys


def test_the_source_scan_finds_the_problem_keys() -> None:
    keys = problem_keys_in_source()
    assert {"invalid.empty", "invalid.phone", "invalid.id_card.checksum", "invalid.uscc.format"} <= keys
    assert len(keys) >= 20


@pytest.mark.parametrize("key", sorted(problem_keys_in_source()))
@pytest.mark.parametrize("locale", locales.LOCALES)
def test_every_problem_key_exists_in_both_locales(key: str, locale: str) -> None:
    assert key in locales.catalogue(locale)
    # Given the largest set of params any Problem carries, the message formats cleanly
    message = locales.translate(locale, key, max=200, min=1, count=3)
    assert message and "{" not in message


# -- personal names ---------------------------------------------------------------

NAME = ask("person_name")


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("张三", "张三"),
        ("欧阳娜娜", "欧阳娜娜"),
        ("张 三", "张三"),
        ("阿依古丽·买买提", "阿依古丽·买买提"),
        ("阿依古丽•买买提", "阿依古丽·买买提"),  # a bullet typed for the middle dot
        ("阿依古丽・买买提", "阿依古丽·买买提"),  # the Japanese middle dot of some input methods
        ("John Smith", "John Smith"),
        ("Mary-Jane O'Neil", "Mary-Jane O'Neil"),
        ("José  Álvarez", "José Álvarez"),
    ],
)
def test_chinese_minority_and_latin_names_are_taken(raw: str, kept: str) -> None:
    assert parse(NAME, raw) == kept


@pytest.mark.parametrize(
    "raw",
    ["123", "张", "张" * 21, "J" * 61, "<b>张三</b>", "张三John", "张三3", "·张三", "张三·", "Иван Петров", "a_b", "A"],
)
def test_what_is_no_name_is_refused_with_a_message(raw: str) -> None:
    assert_problem(parse(NAME, raw), "invalid.name")


def test_every_question_asking_a_persons_name_is_a_name_field() -> None:
    from handlers.catalog import load_catalog

    for scenario in load_catalog():
        for question in scenario.fields:
            label = question.label.zh_CN
            if label.endswith("姓名") and "或" not in label:
                assert question.type == "person_name", (scenario.id, question.key)
