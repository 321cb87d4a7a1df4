"""A status notice carries its key facts, for platforms that show a structured notice (WeChat templates)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from handlers.catalog import Catalog
from handlers.notices import StatusFacts, status_notice
from locales import translate

AT = dt.datetime(2026, 11, 26, 1, 30, tzinfo=dt.UTC)
#: The fire brigade accepted a bathhouse's fire check.
ACCEPTED = StatusFacts(
    number="LG20261126-0001",
    scenario_id="bathhouse",
    locale="zh_CN",
    case_status="in_progress",
    action="accept",
    item_key="fire_check",
    department="fire",
    item_status="accepted",
    at=AT,
)


def test_a_status_notice_carries_number_item_status_and_time(catalog: Catalog) -> None:
    at, facts = AT, ACCEPTED
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


def test_a_provisional_due_date_says_so_in_the_notice(catalog: Catalog) -> None:
    base = dict(
        number="LG20261224-0001", scenario_id="bathhouse", locale="zh_CN", case_status="in_progress",
        action="accept", item_key="fire_check", department="fire", due=dt.date(2027, 1, 21),
    )  # fmt: skip
    provisional = status_notice(StatusFacts(**base, due_provisional=True), catalog, translate).text  # type: ignore[arg-type]
    plain = status_notice(StatusFacts(**base), catalog, translate).text  # type: ignore[arg-type]
    assert "2027-01-21（暂定，节假日安排公布后更新）" in provisional
    assert "2027-01-21" in plain and "暂定" not in plain


def test_the_next_line_gives_the_case_date_only_when_there_is_one(catalog: Catalog) -> None:
    facts = ACCEPTED
    # Given a case with an item of no sourced limit: no date, the departments tell theirs on acceptance
    undated = status_notice(facts, catalog, translate).text
    assert "受理后告知办结日期" in undated and "预计" not in undated
    # Given a case whose every item has a limit: its date
    dated = status_notice(dataclasses.replace(facts, due=dt.date(2026, 12, 24)), catalog, translate).text
    assert "预计 2026-12-24 前办结" in dated


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


def test_a_decided_item_invites_a_rating_beside_its_result_and_an_acceptance_does_not(catalog: Catalog) -> None:
    approved = dataclasses.replace(
        ACCEPTED, action="approve", item_status="approved", case_status="done", outcome=[("fire_check", "approved", "")]
    )
    reply = status_notice(approved, catalog, translate)
    assert "已通过" in reply.text and "自愿，不影响查看和使用办理结果" in reply.text  # the result is there either way
    assert [b.data for b in reply.buttons] == ["*|rate:LG20261126-0001:fire_check", "*|status"]
    accepted = status_notice(ACCEPTED, catalog, translate)
    assert "评价" not in accepted.text and all("rate" not in b.data for b in accepted.buttons)


def test_every_status_fits_a_wechat_templates_status_field_whole(catalog: Catalog) -> None:
    # WeChat's 办理状态 is a `phrase` field: five Chinese characters at most, cut beyond ("已补正待受")
    for status in ("pending", "accepted", "supplement_requested", "resubmitted", "approved", "rejected"):
        facts = dataclasses.replace(ACCEPTED, item_status=status)
        shown = dict(status_notice(facts, catalog, translate).facts)["status"]
        assert len(shown) <= 5 and shown.startswith(("待", "已", "不")), (status, shown)
