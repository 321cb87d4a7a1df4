"""A status notice carries its key facts, for platforms that show a structured notice (WeChat templates)."""

from __future__ import annotations

import datetime as dt

from handlers.catalog import Catalog
from handlers.notices import StatusFacts, status_notice
from locales import translate


def test_a_status_notice_carries_number_item_status_and_time(catalog: Catalog) -> None:
    at = dt.datetime(2026, 11, 26, 1, 30, tzinfo=dt.UTC)
    facts = StatusFacts(
        number="LG20261126-0001",
        scenario_id="bathhouse",
        locale="zh_CN",
        case_status="in_progress",
        action="accept",
        item_key="fire_check",
        department="fire",
        item_status="accepted",
        at=at,
    )
    reply = status_notice(facts, catalog, translate)
    shown = dict(reply.facts)
    assert shown["number"] == "LG20261126-0001" and shown["status"] == "已受理"
    assert shown["item"] == catalog.scenarios["bathhouse"].item("fire_check").name.get("zh_CN")
    assert dt.datetime.fromisoformat(shown["time"]) == at


def test_a_supplement_naming_nothing_says_anything_may_be_corrected(catalog: Catalog) -> None:
    facts = StatusFacts(
        number="LG20261126-0001",
        scenario_id="ev-charger-home",
        locale="zh_CN",
        case_status="supplement_needed",
        action="supplement",
        item_key="charger_application",
        department="power",
        note="车位证明看不清",
    )
    text = status_notice(facts, catalog, translate).text
    assert "可以按说明修改任何一项" in text and "只需重新填写或上传以上内容" not in text
