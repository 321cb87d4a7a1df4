"""Questions and materials added from the public 办事指南 (issue 13): each asked when it applies, not otherwise."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from handlers import plan
from handlers.catalog import Catalog, load_catalog
from handlers.catalog.schema import Scenario
from handlers.conversation import Conversation
from handlers.rules import broken_rule

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def started(scenario: Scenario, **answers: Any) -> Conversation:
    conv = Conversation()
    conv.start(scenario.id)
    conv.answers.update(answers)
    return conv


def asked(scenario: Scenario, conv: Conversation) -> set[str]:
    return {q.key for q in plan.applicable_questions(scenario, conv)}


def materials(scenario: Scenario, conv: Conversation) -> set[str]:
    return {m.key for m in plan.applicable_materials(scenario, conv)}


# -- 开办公司 -------------------------------------------------------------------------------------

COMPANY_ONLY = {"shareholder_count"}
COMPANY_DOCUMENTS = {"shareholder_register", "officer_appointment"}


def test_a_limited_company_is_asked_shareholders_capital_term_finance_officer_and_liaison(catalog: Catalog) -> None:
    company = catalog.scenarios["open-company"]
    conv = started(company, entity_type="llc", corporate_shareholder=False)
    assert {"shareholder_count", "capital_paid_by", "finance_officer_name", "liaison_name"} <= asked(company, conv)
    assert materials(company, conv) >= COMPANY_DOCUMENTS
    assert "shareholder_licence" not in materials(company, conv)


def test_a_partnership_gets_no_shareholder_questions_nor_officer_appointments(catalog: Catalog) -> None:
    company = catalog.scenarios["open-company"]
    conv = started(company, entity_type="partnership", corporate_shareholder=True)
    assert not {"shareholder_count", "capital_paid_by"} & asked(company, conv)
    assert {"finance_officer_name", "liaison_name"} <= asked(company, conv)
    assert not COMPANY_DOCUMENTS & materials(company, conv)
    assert "shareholder_licence" in materials(company, conv)


def test_a_joint_stock_company_names_its_promoters_but_has_no_five_year_term(catalog: Catalog) -> None:
    company = catalog.scenarios["open-company"]
    conv = started(company, entity_type="joint_stock")
    assert "shareholder_count" in asked(company, conv)
    assert "capital_paid_by" not in asked(company, conv)
    assert materials(company, conv) >= COMPANY_DOCUMENTS


@pytest.mark.parametrize(("paid_by", "refused"), [("2031-11-26", False), ("2031-11-27", True), ("2028-06-30", False)])
def test_the_capital_is_paid_within_five_years(catalog: Catalog, paid_by: str, refused: bool) -> None:
    company = catalog.scenarios["open-company"]
    rule = broken_rule(company, {"entity_type": "llc", "capital_paid_by": paid_by}, "capital_paid_by", TODAY)
    assert (rule is not None and rule.key == "capital_term_over_five_years") is refused


def test_a_limited_company_has_at_most_fifty_shareholders(catalog: Catalog) -> None:
    company = catalog.scenarios["open-company"]
    assert broken_rule(company, {"entity_type": "llc", "shareholder_count": 51}, "shareholder_count", TODAY)
    assert broken_rule(company, {"entity_type": "llc", "shareholder_count": 50}, "shareholder_count", TODAY) is None
    assert (
        broken_rule(company, {"entity_type": "joint_stock", "shareholder_count": 120}, "shareholder_count", TODAY)
        is None
    )


# -- 二手房转移登记 -------------------------------------------------------------------------------


def test_co_owners_consent_is_asked_only_for_a_shared_home(catalog: Catalog) -> None:
    house = catalog.scenarios["second-hand-house-transfer"]
    sole = started(house, seller_ownership="sole")
    assert "co_owners_agree" not in asked(house, sole)
    assert "co_owner_consent" not in materials(house, sole)
    married = started(house, seller_ownership="spouse", co_owners_agree=True)
    assert "co_owners_agree" in asked(house, married)
    assert "co_owner_consent" in materials(house, married)


def test_co_owners_refusing_ends_the_errand(catalog: Catalog) -> None:
    house = catalog.scenarios["second-hand-house-transfer"]
    rule = broken_rule(house, {"co_owners_agree": False}, "co_owners_agree", TODAY)
    assert rule is not None and rule.outcome == "ineligible"
    assert broken_rule(house, {"co_owners_agree": True}, "co_owners_agree", TODAY) is None


def test_several_buyers_say_how_they_hold_it(catalog: Catalog) -> None:
    house = catalog.scenarios["second-hand-house-transfer"]
    one = started(house, buyer_count=1)
    assert "buyer_holding" not in asked(house, one)
    shares = started(house, buyer_count=2, buyer_holding="shares")
    assert "buyer_holding" in asked(house, shares)
    assert "buyers_share_agreement" in materials(house, shares)
    joint = started(house, buyer_count=2, buyer_holding="joint")
    assert "buyers_share_agreement" not in materials(house, joint)


BOTH = {"mortgage_plan", "mortgagee"}


@pytest.mark.parametrize(
    ("answers", "documents", "questions"),
    [
        ({"has_mortgage": False}, set(), set()),
        ({"has_mortgage": True, "mortgage_plan": "carry"}, {"mortgagee_consent"}, BOTH),
        (
            {"has_mortgage": True, "mortgage_plan": "repay_first"},
            {"loan_settled_proof"},
            {"mortgage_plan", "mortgagee"},
        ),
    ],
)
def test_a_mortgage_is_carried_or_repaid(
    catalog: Catalog, answers: dict[str, Any], documents: set[str], questions: set[str]
) -> None:
    house = catalog.scenarios["second-hand-house-transfer"]
    conv = started(house, **answers)
    assert materials(house, conv) & {"mortgagee_consent", "loan_settled_proof"} == documents
    assert asked(house, conv) & {"mortgage_plan", "mortgagee"} == questions


def test_each_utility_transfer_is_opt_in(catalog: Catalog) -> None:
    house = catalog.scenarios["second-hand-house-transfer"]
    no_gas = started(house, transfer_electricity=True, transfer_water=True, transfer_gas=False)
    items = plan.applicable_items(house, no_gas)
    assert {"electricity_transfer", "water_transfer"} <= set(items)
    assert "gas_transfer" not in items
    none = started(house, transfer_electricity=False, transfer_water=False, transfer_gas=False)
    assert not {"electricity_transfer", "water_transfer", "gas_transfer"} & set(plan.applicable_items(house, none))
    assert "utility_bills" not in materials(house, none)


def test_entries_taken_from_guides_are_marked_for_the_district_to_confirm(catalog: Catalog) -> None:
    house = catalog.scenarios["second-hand-house-transfer"]
    assert house.question("has_mortgage").staff_editable
    assert house.material("mortgagee_consent").staff_editable
    assert not house.question("applicant_name").staff_editable


# -- the other scenarios ---------------------------------------------------------------------------


def test_the_dispatch_permit_is_only_for_a_dispatch_business_with_two_million(catalog: Catalog) -> None:
    hr = catalog.scenarios["hr-services"]
    assert "labour_dispatch_permit" in plan.applicable_items(hr, started(hr, does_dispatch=True))
    agency = started(hr, does_dispatch=False)
    assert "labour_dispatch_permit" not in plan.applicable_items(hr, agency)
    assert "dispatch_facilities" not in materials(hr, agency)
    assert "dispatch_facilities" in materials(hr, started(hr, does_dispatch=True))
    small = {"does_dispatch": True, "registered_capital": 150}
    assert broken_rule(hr, small, "does_dispatch", TODAY)
    assert broken_rule(hr, {**small, "registered_capital": 200}, "does_dispatch", TODAY) is None
    assert broken_rule(hr, {**small, "does_dispatch": False}, "does_dispatch", TODAY) is None


@pytest.mark.parametrize(
    ("answers", "documents"),
    [
        ({"has_mortgage": False}, set()),
        ({"has_mortgage": True, "mortgage_plan": "carry"}, {"mortgagee_consent"}),
        ({"has_mortgage": True, "mortgage_plan": "release_first"}, {"mortgage_release"}),
    ],
)
def test_a_company_property_with_a_mortgage(catalog: Catalog, answers: dict[str, Any], documents: set[str]) -> None:
    estate = catalog.scenarios["enterprise-property-registration"]
    conv = started(estate, **answers)
    assert materials(estate, conv) & {"mortgagee_consent", "mortgage_release"} == documents
    assert ("mortgage_plan" in asked(estate, conv)) is answers["has_mortgage"]


@pytest.mark.parametrize("scenario_id", ["construction-permit", "low-risk-construction-start"])
def test_the_construction_permit_asks_the_funding_commitment(catalog: Catalog, scenario_id: str) -> None:
    scenario = catalog.scenarios[scenario_id]
    conv = started(scenario, authority_level="county", special_fire_project=False, has_shelter=False)
    assert "funding_commitment" in materials(scenario, conv)


def test_a_large_event_names_its_safety_officer_and_joint_organisers(catalog: Catalog) -> None:
    fair = catalog.scenarios["exhibition"]
    small = started(fair, expected_attendance=300)
    assert not {"safety_officer_name", "joint_organisers"} & asked(fair, small)
    assert "safety_officer_id" not in materials(fair, small)
    large = started(fair, expected_attendance=3000, joint_organisers=True)
    assert {"safety_officer_name", "joint_organisers"} <= asked(fair, large)
    assert {"safety_officer_id", "joint_organiser_agreement"} <= materials(fair, large)
    alone = started(fair, expected_attendance=3000, joint_organisers=False)
    assert "joint_organiser_agreement" not in materials(fair, alone)


@pytest.mark.parametrize(("opens_in", "refused"), [(10, True), (19, True), (20, False), (45, False)])
def test_a_large_event_applies_twenty_days_ahead(catalog: Catalog, opens_in: int, refused: bool) -> None:
    fair = catalog.scenarios["exhibition"]
    answers = {"start_date": (TODAY + dt.timedelta(days=opens_in)).isoformat(), "expected_attendance": 3000}
    rule = broken_rule(fair, answers, "expected_attendance", TODAY)
    assert (rule is not None and rule.key == "large_event_too_soon") is refused
    assert broken_rule(fair, {**answers, "expected_attendance": 500}, "expected_attendance", TODAY) is None


@pytest.mark.parametrize("scenario_id", ["convenience-store", "gym", "hotel", "beauty-salon"])
def test_the_hygiene_report_goes_with_the_hygiene_permit(catalog: Catalog, scenario_id: str) -> None:
    scenario = catalog.scenarios[scenario_id]
    on = started(scenario, has_pool=True, services="hair")
    assert "hygiene_test_report" in materials(scenario, on)
    if scenario_id == "gym":
        assert "hygiene_test_report" not in materials(scenario, started(scenario, has_pool=False))


@pytest.mark.parametrize(
    ("scenario_id", "key", "answer"),
    [
        ("unemployment-insurance", "paid_one_year", False),
        ("new-car-plate", "purchase_tax_paid", False),
    ],
)
def test_a_missing_precondition_ends_the_errand(catalog: Catalog, scenario_id: str, key: str, answer: bool) -> None:
    scenario = catalog.scenarios[scenario_id]
    rule = broken_rule(scenario, {key: answer}, key, TODAY)
    assert rule is not None and rule.outcome == "ineligible" and rule.instead is not None
    assert broken_rule(scenario, {key: not answer}, key, TODAY) is None


def test_an_ordinary_deregistration_names_its_liquidation_group(catalog: Catalog) -> None:
    closing = catalog.scenarios["company-deregistration"]
    ordinary = started(closing, deregistration_type="ordinary")
    assert "liquidation_head" in asked(closing, ordinary)
    assert "liquidation_group_list" in materials(closing, ordinary)
    simplified = started(closing, deregistration_type="simplified")
    assert "liquidation_head" not in asked(closing, simplified)
    assert "liquidation_group_list" not in materials(closing, simplified)


def test_several_new_home_buyers_say_how_they_hold_it(catalog: Catalog) -> None:
    home = catalog.scenarios["new-home-certificate"]
    assert "buyer_holding" not in asked(home, started(home, buyer_count=1))
    shares = started(home, buyer_count=2, buyer_holding="shares")
    assert "buyer_holding" in asked(home, shares)
    assert "buyers_share_agreement" in materials(home, shares)
    assert "buyers_share_agreement" not in materials(home, started(home, buyer_count=2, buyer_holding="joint"))


def test_the_completion_filing_takes_the_planning_verification(catalog: Catalog) -> None:
    done = catalog.scenarios["completion-acceptance"]
    material = done.material("planning_verification")
    assert "planning_verification" in materials(done, started(done, has_shelter=False))
    assert material.items == ["completion_filing"] and not material.required
