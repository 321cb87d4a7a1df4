"""The card button codec: the wire format of today, and None (never an exception) for anything else."""

from __future__ import annotations

import pytest

from handlers.cards import CardPress
from handlers.lifecycle import StaffAction


def test_a_press_packs_to_the_wire_format_and_back() -> None:
    press = CardPress(12, 3, StaffAction.SUPPLEMENT, 45)
    assert press.pack() == "card:12:3:supplement:45"
    assert CardPress.unpack(press.pack()) == press


@pytest.mark.parametrize(
    "data", ["", "card:1:x:accept:1", "card:1:2:explode:3", "card:1:2:accept", "x:1:2:accept:3", "card:1:2:accept:3:4"]
)
def test_malformed_data_unpacks_to_none(data: str) -> None:
    assert CardPress.unpack(data) is None


def test_a_card_marks_a_provisional_due_date(catalog) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from handlers.cards import CardFacts, CardItem, render_card
    from locales import translate

    item = CardItem(1, "fire_check", "pending", dt.date(2027, 1, 21), "")
    facts = CardFacts(1, 1, "LG1", "bathhouse", "fire", {}, [item], {}, {}, "http://x", due_provisional=True)
    assert "2027-01-21（暂定，节假日安排公布后更新）" in render_card(facts, catalog, translate).text


def test_a_card_of_company_info_change_tells_staff_of_the_unnamed_sixth_process(catalog) -> None:  # type: ignore[no-untyped-def]
    from handlers.cards import CardFacts, CardItem, render_card
    from locales import translate

    # The source counts six processes and names five: the card says one more is to be told at acceptance
    item = CardItem(1, "change_registration", "pending", None, "")
    facts = CardFacts(1, 1, "LG1", "company-info-change", "approval", {}, [item], {}, {}, "http://x")
    assert "另有1项流程任务清单未列名称，请受理时告知申请人。" in render_card(facts, catalog, translate).text
    other = CardFacts(
        1,
        1,
        "LG2",
        "open-company",
        "approval",
        {},
        [CardItem(1, "company_registration", "pending", None, "")],
        {},
        {},
        "http://x",
    )
    assert "另有" not in render_card(other, catalog, translate).text


def test_a_card_shows_a_promised_document_and_its_date(catalog) -> None:  # type: ignore[no-untyped-def]
    from handlers.cards import CardFacts, CardItem, render_card
    from locales import translate

    item = CardItem(1, "waste_disposal", "pending", None, "")
    facts = CardFacts(
        1, 1, "LG1", "construction-permit", "urban-management", {}, [item], {}, {}, "http://x",
        owed=("waste_plan",), promised={"waste_plan": "2026-12-26"},
    )  # fmt: skip
    text = render_card(facts, catalog, translate).text
    assert "申请人已签署承诺书，“建筑垃圾处置方案及运输、消纳合同”承诺 2026-12-26 前补交" in text
