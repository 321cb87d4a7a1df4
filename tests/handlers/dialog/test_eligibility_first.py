"""Eligibility first: the questions that decide what applies come before anything personal, and an
errand that turns out not to apply ends there, with why and what to do instead, keeping nothing."""

from __future__ import annotations

import pytest

from handlers import plan
from handlers.catalog import Catalog
from handlers.conversation import Conversation
from handlers.identity import id_check_char
from handlers.steps import StepKind, StepRef

PERSONAL = {"person_name", "id_card", "phone", "address"}


def _order(catalog: Catalog, scenario_id: str) -> list[StepRef]:
    scenario = catalog.get(scenario_id)
    assert scenario is not None
    return [StepRef.parse(s) for s in plan.countable_steps(scenario, Conversation(scenario=scenario_id))]


def test_every_scenario_asks_the_deciding_questions_before_anything_personal(catalog: Catalog) -> None:
    for scenario in catalog:
        deciding = plan.deciding_fields(scenario)
        order = _order(catalog, scenario.id)
        at = [n for n, s in enumerate(order) if s.kind == StepKind.FIELD and s.key in deciding]
        last_deciding = max(at, default=0)
        for step in order[:last_deciding]:
            if step.kind == StepKind.MATERIAL:
                pytest.fail(f"{scenario.id}: document {step.key} asked before a deciding question")
            question = scenario.question(step.key)
            assert question.type not in PERSONAL or step.key in deciding, (scenario.id, step.key)


def test_transport_asks_cargo_and_mass_before_the_company_name(catalog: Catalog) -> None:
    keys = [s.key for s in _order(catalog, "transport-company")]
    assert keys.index("cargo_type") < keys.index("company_name")
    assert keys.index("max_vehicle_mass") < keys.index("company_name")


def test_retirement_reads_the_id_number_before_the_name_and_any_document(catalog: Catalog) -> None:
    order = _order(catalog, "retirement")
    keys = [s.key for s in order]
    assert keys.index("applicant_id") < keys.index("applicant_name")
    first_document = next(n for n, s in enumerate(order) if s.kind == StepKind.MATERIAL)
    assert keys.index("retirement_type") < first_document


def test_a_deciding_field_still_follows_the_fields_its_condition_reads(catalog: Catalog) -> None:
    for scenario in catalog:
        seen: set[str] = set()
        for question in plan.ordered_fields(scenario):
            assert question.compiled is None or question.compiled.names <= seen, (scenario.id, question.key)
            seen.add(question.key)


async def test_a_small_truck_business_learns_it_needs_nothing_before_giving_any_detail(chat, catalog) -> None:  # type: ignore[no-untyped-def]
    # Given a business starting the transport errand
    await chat.send("button", "*|sc:transport-company")
    await chat.tap("start")
    await chat.tap("privacy:yes")
    # When it says it carries ordinary goods in trucks of 4,500 kg at most
    assert (await chat.state()).step == "field:cargo_type"
    await chat.say("1")
    assert (await chat.state()).step == "field:max_vehicle_mass"
    await chat.say("4500")
    # Then the errand ends with why and what instead, and nothing it said is kept
    assert "不需要办理" in chat.text and "领取营业执照后即可经营" in chat.text
    assert "信息没有保存" in chat.text
    conv = await chat.state()
    assert conv.scenario is None and conv.answers == {}


async def test_a_heavy_truck_business_goes_on_to_its_details(chat, catalog) -> None:  # type: ignore[no-untyped-def]
    await chat.send("button", "*|sc:transport-company")
    await chat.tap("start")
    await chat.tap("privacy:yes")
    await chat.say("1")
    await chat.say("12000")
    conv = await chat.state()
    assert conv.scenario == "transport-company" and conv.step == "field:company_name"


async def test_retirement_ends_on_too_few_special_work_years_before_name_phone_or_documents(chat, catalog) -> None:  # type: ignore[no-untyped-def]
    # Given a 56-year-old man starting the retirement errand
    first17 = "37130219700612001"
    answers = {"applicant_id": first17 + id_check_char(first17), "retirement_type": "2"}
    answers |= {"early_reason": "1", "special_work_years": "5"}
    await chat.send("button", "*|sc:retirement")
    await chat.tap("start")
    await chat.tap("privacy:yes")
    asked = []
    # When he answers what he is asked: his ID number first, then early retirement for 5 years' special work
    while (conv := await chat.state()).scenario is not None:
        asked.append(conv.step)
        await chat.say(answers[conv.at.key])
    # Then the errand ends there, with name, phone and every document never asked, and nothing kept
    assert asked == [f"field:{key}" for key in answers]
    assert "现在还办不了" in chat.text and "累计年限至少要满8年" in chat.text
    assert (await chat.state()).answers == {}
