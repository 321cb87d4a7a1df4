"""Check characters of resident ID numbers (GB 11643) and social credit codes (GB 32100)."""

from __future__ import annotations

import datetime as dt
import string

import pytest

from handlers.identity import (
    id_card_problem,
    id_check_char,
    mask_id,
    mask_personal,
    mask_phone,
    uscc_check_char,
    uscc_problem,
)

TODAY = dt.date(2024, 10, 24)


# -- independent reference implementations ----------------------------------------


def reference_id_check(first17: str) -> str:
    """ISO 7064 MOD 11-2 as GB 11643 states it: weight of position i (from the right,
    the check character being position 1) is 2**(i-1) mod 11, and the full sum is 1 mod 11."""
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


USCC_ALPHABET = string.digits + "".join(c for c in string.ascii_uppercase if c not in "IOZSV")


def reference_uscc_check(first17: str) -> str:
    """GB 32100: weights 3**i mod 31, check value 31 - (sum mod 31), 31 meaning 0."""
    total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def make_id(first17: str) -> str:
    return first17 + reference_id_check(first17)


def make_uscc(first17: str) -> str:
    return first17 + reference_uscc_check(first17)


# -- resident ID numbers ---------------------------------------------------------

KNOWN_VALID_IDS = [
    "110101199003074514",
    "371302198506120027",
    "11010519491231002X",  # the worked example of GB 11643-1999
]


@pytest.mark.parametrize("number", KNOWN_VALID_IDS)
def test_known_valid_id_numbers_pass(number: str) -> None:
    assert id_card_problem(number, TODAY) is None
    assert id_check_char(number[:17]) == number[17]
    assert reference_id_check(number[:17]) == number[17]


@pytest.mark.parametrize(
    "first17",
    [
        "37130219850612006",
        "31010419771105006",
        "65010220000229001",
        "44030519880815005",
        "11010519491231002",
    ],
)
def test_id_numbers_ending_in_x_agree_with_the_reference(first17: str) -> None:
    # Given 17 digits whose check character is X
    assert id_check_char(first17) == "X"
    assert reference_id_check(first17) == "X"
    # Then the full number with X is valid and with any digit is not
    assert id_card_problem(first17 + "X", TODAY) is None
    for digit in string.digits:
        assert id_card_problem(first17 + digit, TODAY) == "invalid.id_card.checksum"


def test_id_check_char_agrees_with_the_reference_on_many_numbers() -> None:
    # A deterministic spread of regions, birth dates and sequence numbers
    regions = ["110101", "371302", "440305", "310104", "650102", "820000"]
    for n, region in enumerate(regions * 60):
        born = dt.date(1950, 1, 1) + dt.timedelta(days=n * 97)
        first17 = f"{region}{born:%Y%m%d}{(n * 37) % 1000:03d}"
        assert id_check_char(first17) == reference_id_check(first17), first17


def test_every_check_character_value_occurs() -> None:
    seen = {id_check_char(f"37130219900101{n:03d}") for n in range(1000)}
    assert seen == set("0123456789X")


@pytest.mark.parametrize("position", range(17))
def test_a_typo_in_any_single_digit_is_caught(position: int) -> None:
    number = "371302198506120027"
    for digit in string.digits:
        if digit == number[position]:
            continue
        typo = number[:position] + digit + number[position + 1 :]
        assert id_card_problem(typo, TODAY) is not None, typo


@pytest.mark.parametrize(
    ("number", "key"),
    [
        ("", "invalid.id_card.format"),
        ("11010119900307451", "invalid.id_card.format"),  # 17 characters
        ("1101011990030745140", "invalid.id_card.format"),  # 19 characters
        ("11010119900307451x", "invalid.id_card.format"),  # lowercase: the caller upper-cases
        ("1101011990030745X4", "invalid.id_card.format"),  # X only at the end
        ("11010119900307451A", "invalid.id_card.format"),
        ("110101 19900307451", "invalid.id_card.format"),  # the caller strips spaces
        ("110101199003074515", "invalid.id_card.checksum"),
        ("371302198506120028", "invalid.id_card.checksum"),
    ],
)
def test_id_number_problems(number: str, key: str) -> None:
    assert id_card_problem(number, TODAY) == key


@pytest.mark.parametrize("region", ["00", "10", "19", "20", "30", "39", "47", "55", "66", "72", "80", "84", "90", "99"])
def test_unknown_region_codes_are_rejected(region: str) -> None:
    number = make_id(f"{region}0101199003074514"[:17])
    assert id_card_problem(number, TODAY) == "invalid.id_card.region"


@pytest.mark.parametrize("region", ["11", "37", "44", "65", "71", "81", "82"])
def test_province_region_codes_are_accepted(region: str) -> None:
    assert id_card_problem(make_id(f"{region}0101199003074"[:17].ljust(17, "1")), TODAY) is None


@pytest.mark.parametrize(
    ("birth", "case"),
    [
        ("19900230", "30 February"),
        ("20230229", "29 February in a common year"),
        ("19901301", "month 13"),
        ("19900001", "month 0"),
        ("19900100", "day 0"),
        ("19900431", "31 April"),
        ("20241025", "tomorrow"),
        ("20300101", "a future year"),
        ("18900101", "more than 130 years ago"),
        ("00000101", "year zero"),
    ],
)
def test_impossible_birth_dates_are_rejected(birth: str, case: str) -> None:
    # Given an ID number whose check character is right but whose birth date is not
    number = make_id(f"371302{birth}002")
    # Then the birth date is what is reported
    assert id_card_problem(number, TODAY) == "invalid.id_card.birth", case


@pytest.mark.parametrize("birth", ["20241024", "20240229", "19000101", "19991231"])
def test_possible_birth_dates_are_accepted(birth: str) -> None:
    assert id_card_problem(make_id(f"371302{birth}002"), TODAY) is None


# -- unified social credit codes ---------------------------------------------------

KNOWN_VALID_USCC = [
    "91350100M000100Y43",  # the worked example of GB 32100-2015
    "9144030071526726XG",
    "91330100799655058B",
]


def test_uscc_alphabet_has_31_characters_without_i_o_z_s_v() -> None:
    assert len(USCC_ALPHABET) == 31
    assert not set("IOZSV") & set(USCC_ALPHABET)


@pytest.mark.parametrize("code", KNOWN_VALID_USCC)
def test_known_valid_social_credit_codes_pass(code: str) -> None:
    assert uscc_problem(code) is None
    assert uscc_check_char(code[:17]) == code[17]
    assert reference_uscc_check(code[:17]) == code[17]


@pytest.mark.parametrize(
    "first17",
    [
        "91371300MA3C4E5F7",  # company, Linyi prefecture
        "92371302MA3D0K8L2",  # individual business, Lanshan district
        "12371300004937856",  # public institution
        "31110000400000720",  # law firm
        "Y1371302MA0000001",  # other registration authority
        "52371300MAD1XB8JE",  # social organisation
        "93371300MA94PQRTU",  # farmers' cooperative
    ],
)
def test_constructed_real_format_codes_agree_with_the_reference(first17: str) -> None:
    # Given the first 17 characters of a real-format code
    check = uscc_check_char(first17)
    # Then the check character matches the independent implementation, and the code passes
    assert check == reference_uscc_check(first17)
    assert uscc_problem(first17 + check) is None


def test_uscc_check_char_agrees_with_the_reference_on_many_codes() -> None:
    for n in range(500):
        first17 = "".join(USCC_ALPHABET[(n * 7 + i * (n + 3)) % 31] for i in range(17))
        assert uscc_check_char(first17) == reference_uscc_check(first17), first17


def test_every_uscc_check_character_occurs() -> None:
    seen = {uscc_check_char(f"91371300MA3C4E{a}{b}{c}") for a in USCC_ALPHABET for b in "0123" for c in "01"}
    assert seen == set(USCC_ALPHABET)


@pytest.mark.parametrize("position", range(17))
def test_a_typo_in_any_single_uscc_character_is_caught(position: int) -> None:
    code = "91350100M000100Y43"
    for char in USCC_ALPHABET:
        if char == code[position]:
            continue
        typo = code[:position] + char + code[position + 1 :]
        assert uscc_problem(typo) == "invalid.uscc.checksum", typo


@pytest.mark.parametrize("letter", list("IOZSV"))
@pytest.mark.parametrize("position", [8, 17])
def test_forbidden_letters_are_a_format_problem(letter: str, position: int) -> None:
    code = "91350100M000100Y43"
    bad = code[:position] + letter + code[position + 1 :]
    assert uscc_problem(bad) == "invalid.uscc.format"


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("", "invalid.uscc.format"),
        ("91350100M000100Y4", "invalid.uscc.format"),  # 17 characters
        ("91350100M000100Y433", "invalid.uscc.format"),  # 19 characters
        ("91350100m000100y43", "invalid.uscc.format"),  # lowercase: the caller upper-cases
        ("91350100M000100Y4-", "invalid.uscc.format"),
        ("91350100M 00100Y43", "invalid.uscc.format"),
        ("91350100M000100Y44", "invalid.uscc.checksum"),
        ("9144030071526726XH", "invalid.uscc.checksum"),
    ],
)
def test_uscc_problems(code: str, key: str) -> None:
    assert uscc_problem(code) == key


# -- masking -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("110101199003074514", "110*************14"),
        ("11010519491231002X", "110*************2X"),
        ("1234567", "123**67"),
        ("123456", "***"),
        ("", "***"),
    ],
)
def test_mask_id(number: str, masked: str) -> None:
    assert mask_id(number) == masked


def test_mask_id_keeps_the_length_and_hides_the_birth_date() -> None:
    masked = mask_id("371302198506120027")
    assert len(masked) == 18
    assert "19850612" not in masked
    assert masked.startswith("371") and masked.endswith("27")


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("13800138000", "138****8000"),
        ("138-0013-8000", "138****8000"),
        ("138 0013 8000", "138****8000"),
        ("05391234567", "053****4567"),
        ("0539-1234567", "053****4567"),
        ("1234567", "123****4567"),
        ("123456", "***"),
        ("", "***"),
        ("no digits", "***"),
    ],
)
def test_mask_phone(number: str, masked: str) -> None:
    assert mask_phone(number) == masked


def test_mask_phone_drops_the_country_code() -> None:
    assert mask_phone("+86 138 0013 8000") == "138****8000"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("身份证371302198506120027，电话13800138000。", "身份证371*************27，电话138****8000。"),
        ("请拨 +86 138-0013-8000 或 138 0013 8000", "请拨 138****8000 或 138****8000"),
        ("编号 2026 年第 12 号，无个人信息", "编号 2026 年第 12 号，无个人信息"),
        ("请上传身份证正反面照片，每张不超过 5 MB。" * 20, "请上传身份证正反面照片，每张不超过 5 MB。" * 20),
    ],
)
def test_mask_personal_masks_numbers_in_text_and_leaves_the_rest(text: str, masked: str) -> None:
    assert mask_personal(text) == masked


def test_only_long_texts_with_nothing_personal_are_remembered_and_the_memory_is_bounded() -> None:
    from handlers import identity

    notice = "咨询电话 0539-8888888，2026 年起受理。" * 4
    with_id = "身份证 371302198506120027，请核对。" * 4
    run_on = "编号371302198506120027X1" * 4  # a number run into letters: not masked, and not remembered
    for _ in range(2):
        assert mask_personal(notice) == notice
        assert "371302198506120027" not in mask_personal(with_id)
        mask_personal(run_on)
    assert notice in identity._CLEAN
    assert with_id not in identity._CLEAN and run_on not in identity._CLEAN
    for n in range(identity._CLEAN_KEPT + 10):
        mask_personal(f"第 {n} 号通知，2026 年办理。" + "说明" * 40)
    assert len(identity._CLEAN) <= identity._CLEAN_KEPT
    long_text = "说明，2026 年。" * 400  # longer than any notice: masked, not kept
    assert mask_personal(long_text) == long_text and long_text not in identity._CLEAN
