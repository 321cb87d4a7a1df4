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


def refusal(catalog: Catalog, scenario_id: str, item_key: str, department: str, locale: str = "zh_CN") -> str:
    facts = StatusFacts(
        number="LG20261126-0002",
        scenario_id=scenario_id,
        locale=locale,
        case_status="in_progress",
        action="reject",
        item_key=item_key,
        department=department,
        note="营业执照经营范围不含该项",
        item_status="rejected",
    )
    return status_notice(facts, catalog, translate).text


def test_a_refusal_by_a_district_department_says_how_to_appeal(catalog: Catalog) -> None:
    text = refusal(catalog, "ev-charger-home", "online_channel", "approval")
    # The reason, the reconsideration body and its 60 days, the 6-month lawsuit, whom to ask, what next
    assert "原因：营业执照经营范围不含该项" in text
    assert "60 日内，向临沂临港经济开发区管理委员会（区人民政府）申请行政复议" in text and "第二十条" in text
    assert "6 个月内" in text and "行政诉讼" in text and "第四十六条" in text
    assert "区政务服务中心综合受理窗口" in text and "12345" in text
    assert "/menu" in text
    # Until the district confirms the bodies, the written decision governs
    assert "以区行政审批服务局出具的书面决定为准" in text


def test_a_refusal_by_a_vertically_led_or_company_department(catalog: Catalog) -> None:
    taxed = refusal(catalog, "open-company", "invoice_confirmation", "tax")
    assert "国家税务总局临沂市税务局（上一级税务机关）申请行政复议" in taxed
    # A power company's answer is not an administrative decision: no appeal promised, the hotline instead
    power = refusal(catalog, "ev-charger-home", "charger_application", "power")
    assert "行政复议" not in power and "不是行政机关" in power and "12345" in power


def test_a_refusal_in_english(catalog: Catalog) -> None:
    text = refusal(catalog, "ev-charger-home", "online_channel", "approval", "en")
    assert "within 60 days" in text and "within 6 months" in text and "12345 government service hotline" in text
