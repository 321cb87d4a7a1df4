"""The message catalogues (locales/): zh_CN and en say the same things."""

from __future__ import annotations

import string

import pytest

import locales

ZH = locales.catalogue("zh_CN")
EN = locales.catalogue("en")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_both_catalogues_are_not_empty() -> None:
    assert len(ZH) > 20
    assert len(EN) > 20


def test_zh_cn_and_en_have_exactly_the_same_keys() -> None:
    assert sorted(set(ZH) - set(EN)) == [], "keys missing from en.yaml"
    assert sorted(set(EN) - set(ZH)) == [], "keys missing from zh_CN.yaml"


@pytest.mark.parametrize("key", sorted(ZH))
def test_every_zh_placeholder_is_in_the_en_twin(key: str) -> None:
    assert key in EN
    assert placeholders(ZH[key]) <= placeholders(EN[key]), (ZH[key], EN.get(key))


@pytest.mark.parametrize("key", sorted(set(ZH) & set(EN)))
def test_every_message_formats_in_both_locales_with_its_placeholders(key: str) -> None:
    # Given a value for every placeholder either twin uses
    params = dict.fromkeys(placeholders(ZH[key]) | placeholders(EN[key]), "X")
    for locale in locales.LOCALES:
        # When the message is translated, it formats without KeyError and nothing is left unfilled
        message = locales.translate(locale, key, **params)
        assert message.strip()
        assert not any("{" + name + "}" in message for name in params), (locale, message)


@pytest.mark.parametrize("key", sorted(ZH))
def test_no_message_is_empty(key: str) -> None:
    assert ZH[key].strip()
    if key in EN:
        assert EN[key].strip()


def test_translate_falls_back_to_zh_cn_for_an_unknown_locale() -> None:
    key = "invalid.choice"
    assert locales.translate("fr", key, count=3) == locales.translate("zh_CN", key, count=3)
    assert locales.translate("fr", key, count=3) != locales.translate("en", key, count=3)


def test_translate_raises_key_error_for_an_unknown_key() -> None:
    with pytest.raises(KeyError):
        locales.translate("en", "no.such.message")


@pytest.mark.parametrize(
    ("code", "locale"),
    [
        (None, "zh_CN"),
        ("", "zh_CN"),
        ("zh", "zh_CN"),
        ("zh-hans", "zh_CN"),
        ("en", "en"),
        ("en-US", "en"),
        ("EN", "en"),
    ],
)
def test_normalise(code: str | None, locale: str) -> None:
    assert locales.normalise(code) == locale


def test_the_resident_is_addressed_as_nin_everywhere() -> None:
    assert [key for key, text in ZH.items() if "你" in text] == []


def test_a_label_with_its_own_question_mark_takes_no_colon() -> None:
    assert (
        locales.translate("zh_CN", "review.line", label="物业是否已同意安装？", value="是") == "物业是否已同意安装？是"
    )
    assert locales.translate("en", "review.line", label="Has the property agreed?", value="Yes") == (
        "Has the property agreed? Yes"
    )


def test_a_quoted_name_that_holds_quotes_is_quoted_inside_with_single_ones() -> None:
    said = locales.translate("zh_CN", "resume.where", name="“爱山东”app申报渠道建设")
    assert said == "我们继续办理“‘爱山东’app申报渠道建设”："
    assert "““" not in said and "””" not in said


def test_help_tells_of_elder_mode_and_answering_by_number() -> None:
    assert "/elder" in ZH["help.text"] and "数字" in ZH["help.text"]
    assert "/elder" in EN["help.text"] and "number" in EN["help.text"]
