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
