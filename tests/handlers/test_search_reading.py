"""How the search reads what people type: typos, pinyin, plain words, English, noise."""

from __future__ import annotations

import pytest

from handlers.catalog import load_catalog
from handlers.search import Searcher, searcher_for
from handlers.search.lexicon import Lexicon
from handlers.search.text import normalize


@pytest.fixture(scope="module")
def search() -> Searcher:
    return searcher_for(load_catalog())


def top(search: Searcher, query: str, locale: str = "zh_CN") -> str:
    return search(query, locale).ranked[0].id


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("冲电桩", "充电桩"), ("退修", "退休"), ("营页执照", "营业执照"), ("社宝卡", "社保卡"), ("二手防", "二手房")],
)
def test_same_sound_typos_are_read_as_the_term(search: Searcher, typed: str, meant: str) -> None:
    reading = search.read(typed)
    assert reading.corrected == meant and reading.changed


def test_a_similar_shape_typo_is_read_as_the_term() -> None:
    lexicon = Lexicon(["保险", "失业保险"], ["险检验脸"])
    assert lexicon.correct("失业保脸") == "失业保险"
    # Without the look-alike group the two characters share neither shape nor sound.
    assert Lexicon(["保险"], [])._by_shape.get("保脸") is None


def test_an_everyday_word_is_not_taken_for_a_typo(search: Searcher) -> None:
    # 事业 sounds like 失业 but is a common word of its own: 事业单位 must stay as typed.
    assert search.read("事业单位").corrected == "事业单位"


@pytest.mark.parametrize("typed", ["chongdianzhuang", "chong dian zhuang", "cdz", "冲电桩"])
def test_pinyin_initials_and_typos_reach_the_charger(search: Searcher, typed: str) -> None:
    ids = [h.id for h in search(typed).ranked[:2]]
    assert "ev-charger-home" in ids


@pytest.mark.parametrize(
    ("said", "scenario"),
    [
        ("装个充电桩", "ev-charger-home"),
        ("电动车充电", "ev-charger-home"),
        ("开个小卖部", "convenience-store"),
        ("办退休手续", "retirement"),
        ("开公司", "open-company"),
        ("tuixiu", "retirement"),
        ("yingyezhizhao", "open-company"),
    ],
)
def test_plain_language_reaches_the_scenario(search: Searcher, said: str, scenario: str) -> None:
    assert top(search, said) == scenario


@pytest.mark.parametrize(
    ("said", "scenario"),
    [
        ("install an EV charger at home", "ev-charger-home"),
        ("I lost my job", "unemployment-insurance"),
        ("retirment", "retirement"),
    ],
)
def test_english_and_misspelt_english(search: Searcher, said: str, scenario: str) -> None:
    assert top(search, said, "en") == scenario


def test_policies_are_found_and_cite_their_document(search: Searcher) -> None:
    found = search("亩产效益ABCD四类企业怎么分")
    assert found.policies and found.policies[0].id == "mu-yield.classes"
    assert "亩产效益" in found.policies[0].source and "三、4" in found.policies[0].source


def test_the_year_tells_the_two_key_points_apart(search: Searcher) -> None:
    assert top(search, "2023年政务公开工作要点").startswith("opengov-2023.")
    assert top(search, "2024年政务公开工作要点").startswith("opengov-2024.")


@pytest.mark.parametrize("nonsense", ["asdfgh", "今天天气怎么样", "？？？", "😀😀", "x"])
def test_nothing_good_still_suggests_something(search: Searcher, nonsense: str) -> None:
    found = search(nonsense)
    assert not found.found
    assert 1 <= len(found.suggestions) <= 3
    assert found.ranked == found.suggestions


def test_results_are_grouped_by_kind_best_first(search: Searcher) -> None:
    found = search("环评")
    assert all(h.kind == "scenario" for h in found.scenarios) and all(h.kind == "policy" for h in found.policies)
    assert found.scenarios and found.policies
    for group in (found.scenarios, found.policies):
        assert [h.score for h in group] == sorted((h.score for h in group), reverse=True)


def test_spam_phrases_from_the_scrape_are_noise() -> None:
    assert normalize("开元官方网站直接进入充电桩") == "充电桩"
    assert normalize("ＣＤＺ，退休！") == "cdz 退休"


def test_the_same_query_always_ranks_the_same(search: Searcher) -> None:
    first = [h.id for h in search("banlituixiushouxu").ranked]
    assert all([h.id for h in search("banlituixiushouxu").ranked] == first for _ in range(5))
