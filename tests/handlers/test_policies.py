"""The shipped policy passages: every document the issue names, well formed, in our words."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.catalog import CatalogError, load_catalog
from handlers.search.policies import load_policies, shipped_policies

DOCUMENTS = {
    "tasklist-batch1",
    "tasklist-batch2",
    "opengov-2023",
    "opengov-2024",
    "frugality",
    "mu-yield",
    "standard-land",
    "fiscal-carryover",
    "eia-supervision",
}
SPAM = ("开元", "官方网站直接进入")


def test_every_document_is_there_with_titled_cited_passages() -> None:
    passages = load_policies(scenario_ids=set(load_catalog().scenarios))
    assert {p.document.id for p in passages} == DOCUMENTS
    assert len(passages) >= 60
    for p in passages:
        assert p.passage.title.zh_CN and p.passage.answer.zh_CN and p.passage.answer.en
        assert p.cite("zh_CN").startswith("《") and p.passage.section in p.cite("zh_CN")


def test_a_passage_button_fits_telegram() -> None:
    for p in load_policies():
        assert len(f"*|pol:{p.id}".encode()) <= 64


@pytest.mark.parametrize("folder", ["policies", "scenarios"])
def test_no_spam_phrase_from_the_scrape_is_shipped(folder: str) -> None:
    for path in (shipped_policies().parent / folder).glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert not any(s in text for s in SPAM), path.name


def test_a_broken_passage_file_names_the_file_and_field(tmp_path: Path) -> None:
    (tmp_path / "xx.yaml").write_text(
        "id: xx\ntitle: {zh_CN: 标题, en: T}\nissuer: {zh_CN: 区, en: Z}\n"
        "passages:\n  - id: other.a\n    section: 一\n    title: {zh_CN: 甲, en: A}\n    answer: {zh_CN: 乙, en: B}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as err:
        load_policies(tmp_path)
    assert "xx.yaml" in str(err.value) and "must start with 'xx.'" in str(err.value)


def test_a_passage_pointing_at_an_unknown_scenario_is_refused(tmp_path: Path) -> None:
    (tmp_path / "yy.yaml").write_text(
        "id: yy\ntitle: {zh_CN: 标题, en: T}\nissuer: {zh_CN: 区, en: Z}\n"
        "passages:\n  - id: yy.a\n    section: 一\n    title: {zh_CN: 甲, en: A}\n    answer: {zh_CN: 乙, en: B}\n"
        "    scenarios: [no-such-thing]\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError, match="unknown scenario 'no-such-thing'"):
        load_policies(tmp_path, scenario_ids=set(load_catalog().scenarios))
