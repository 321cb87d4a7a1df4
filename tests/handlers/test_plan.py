"""Which items, questions and materials apply, and which step comes next (handlers/plan.py)."""

from __future__ import annotations

from typing import Any

import pytest

from handlers import plan
from handlers.catalog import Catalog, load_catalog
from handlers.catalog.schema import Scenario
from handlers.conversation import Conversation

#: The questions deciding which documents apply first (issue 13: eligibility first), then the rest,
#: each group in file order.
FIELDS = [
    "space_ownership",
    "property_consent",
    "applicant_name",
    "applicant_id",
    "phone",
    "install_address",
    "charger_power",
]
ANSWERS = {
    "applicant_name": "张三",
    "applicant_id": "110101199003074514",
    "phone": "13800138000",
    "install_address": "临沂市临港区某小区1号楼B2-018车位",
    "space_ownership": "owned",
    "charger_power": "kw7",
    "property_consent": True,
}
UPLOAD = [{"file_id": "f1", "kind": "image"}]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def charger(catalog: Catalog) -> Scenario:
    return catalog.scenarios["ev-charger-home"]


@pytest.fixture
def hotel(catalog: Catalog) -> Scenario:
    return catalog.scenarios["hotel"]


def started(scenario: Scenario, **answers: Any) -> Conversation:
    conv = Conversation()
    conv.start(scenario.id)
    conv.answers.update(answers)
    return conv


def material_keys(scenario: Scenario, conv: Conversation) -> list[str]:
    return [m.key for m in plan.applicable_materials(scenario, conv)]


# -- applicable items, questions and materials ------------------------------------------


def test_only_the_item_applied_for_applies_never_the_internal_one(charger: Scenario) -> None:
    # "“爱山东”app申报渠道建设" is the approval office's own work, marked internal
    assert charger.item("online_channel").internal
    assert plan.applicable_items(charger, started(charger)) == ["charger_application"]


def test_every_question_is_asked_deciding_ones_first_then_in_file_order(charger: Scenario) -> None:
    assert [q.key for q in plan.applicable_questions(charger, started(charger))] == FIELDS


@pytest.mark.parametrize(
    ("ownership", "expected"),
    [
        ("owned", ["id_card", "space_certificate", "vehicle_proof"]),
        ("rented", ["id_card", "space_lease", "vehicle_proof"]),
        (None, ["id_card", "vehicle_proof"]),
    ],
)
def test_owned_and_rented_spaces_need_different_proof(
    charger: Scenario, ownership: str | None, expected: list[str]
) -> None:
    # Given the applicant's answer about the parking space (or none yet)
    answers = {} if ownership is None else {"space_ownership": ownership}
    conv = started(charger, **answers)
    # Then the materials asked for follow it
    assert material_keys(charger, conv) == expected


def test_missing_required_leaves_out_optional_and_given_materials(charger: Scenario) -> None:
    conv = started(charger, **ANSWERS)
    assert [m.key for m in plan.missing_required(charger, conv)] == ["id_card", "space_certificate", "vehicle_proof"]
    conv.materials["id_card"] = UPLOAD
    conv.materials["space_certificate"] = []  # "later" is not given
    assert [m.key for m in plan.missing_required(charger, conv)] == ["space_certificate", "vehicle_proof"]


@pytest.mark.parametrize(("consent", "asked"), [(True, True), (False, False), (None, False)])
def test_the_consent_letter_is_asked_only_of_those_whose_property_agreed(
    charger: Scenario, consent: bool | None, asked: bool
) -> None:
    # Given the answer to 物业是否已同意安装？ (or none yet)
    conv = started(charger, **({} if consent is None else {"property_consent": consent}))
    # Then the consent letter is asked for only after a yes
    assert ("property_letter" in material_keys(charger, conv)) is asked


# -- steps -------------------------------------------------------------------------------


def test_steps_for_an_owned_space(charger: Scenario) -> None:
    conv = started(charger, space_ownership="owned", property_consent=True)
    assert plan.steps(charger, conv) == [
        "notice",
        *[f"field:{key}" for key in FIELDS],
        "material:id_card",
        "material:space_certificate",
        "material:property_letter",
        "material:vehicle_proof",
        "review",
    ]


def test_a_package_scenario_has_no_items_step(charger: Scenario) -> None:
    assert "items" not in plan.steps(charger, started(charger))


# -- next_step ---------------------------------------------------------------------------


def test_a_fresh_start_goes_to_the_first_question(charger: Scenario) -> None:
    conv = started(charger)
    assert conv.step == "notice"
    assert plan.next_step(charger, conv) == "field:space_ownership"


def test_next_step_is_the_first_unanswered_question(charger: Scenario) -> None:
    conv = started(charger, applicant_name="张三", applicant_id="110101199003074514")
    assert plan.next_step(charger, conv) == "field:space_ownership"
    conv.answers.update(space_ownership="owned", property_consent=False)
    assert plan.next_step(charger, conv) == "field:phone"


def test_next_step_fills_a_gap_left_earlier(charger: Scenario) -> None:
    answers = {k: v for k, v in ANSWERS.items() if k != "phone"}
    assert plan.next_step(charger, started(charger, **answers)) == "field:phone"


def test_after_the_questions_come_the_materials(charger: Scenario) -> None:
    conv = started(charger, **ANSWERS)
    assert plan.next_step(charger, conv) == "material:id_card"
    conv.materials["id_card"] = UPLOAD
    assert plan.next_step(charger, conv) == "material:space_certificate"


@pytest.mark.parametrize(("ownership", "proof"), [("owned", "space_certificate"), ("rented", "space_lease")])
def test_the_proof_step_follows_the_ownership_answer(charger: Scenario, ownership: str, proof: str) -> None:
    conv = started(charger, **{**ANSWERS, "space_ownership": ownership})
    conv.materials["id_card"] = UPLOAD
    assert plan.next_step(charger, conv) == f"material:{proof}"


def test_a_material_brought_later_counts_as_done(charger: Scenario) -> None:
    conv = started(charger, **ANSWERS)
    conv.materials.update(id_card=UPLOAD, space_certificate=UPLOAD, property_letter=[])
    assert plan.next_step(charger, conv) == "material:vehicle_proof"


def test_with_everything_done_next_step_is_review(charger: Scenario) -> None:
    conv = started(charger, **ANSWERS)
    conv.materials.update(id_card=UPLOAD, space_certificate=UPLOAD, property_letter=[], vehicle_proof=UPLOAD)
    assert plan.next_step(charger, conv) == "review"


def test_changing_the_ownership_on_review_replans_the_proof(charger: Scenario) -> None:
    # Given an owned-space application ready for review
    conv = started(charger, **ANSWERS)
    conv.materials.update(id_card=UPLOAD, space_certificate=UPLOAD, property_letter=[], vehicle_proof=UPLOAD)
    conv.step = "review"
    # When the applicant changes the answer to "rented"
    conv.answers["space_ownership"] = "rented"
    # Then the lease is asked for, and the title deed is no longer needed
    assert plan.next_step(charger, conv) == "material:space_lease"
    assert "space_certificate" not in material_keys(charger, conv)
    assert [m.key for m in plan.missing_required(charger, conv)] == ["space_lease"]


# -- previous_step -----------------------------------------------------------------------


def test_no_previous_step_at_the_first_question(charger: Scenario) -> None:
    conv = started(charger)
    conv.step = "field:applicant_name"
    assert plan.previous_step(charger, conv) is None


def test_no_previous_step_at_the_notice(charger: Scenario) -> None:
    assert plan.previous_step(charger, started(charger)) is None


def test_previous_step_is_the_last_answered_question(charger: Scenario) -> None:
    conv = started(charger, applicant_name="张三", applicant_id="110101199003074514")
    conv.step = "field:phone"
    assert plan.previous_step(charger, conv) == "field:applicant_id"


def test_previous_step_skips_unanswered_questions(charger: Scenario) -> None:
    conv = started(charger, applicant_name="张三", phone="13800138000")
    conv.step = "field:install_address"
    assert plan.previous_step(charger, conv) == "field:phone"


def test_previous_step_from_the_first_material_is_the_last_question(charger: Scenario) -> None:
    conv = started(charger, **ANSWERS)
    conv.step = "material:id_card"
    assert plan.previous_step(charger, conv) == "field:charger_power"


def test_previous_step_from_review_is_the_last_material(charger: Scenario) -> None:
    conv = started(charger, **ANSWERS)
    conv.materials.update(id_card=UPLOAD, space_certificate=UPLOAD, property_letter=[], vehicle_proof=UPLOAD)
    conv.step = "review"
    assert plan.previous_step(charger, conv) == "material:vehicle_proof"


def test_previous_step_from_a_step_that_no_longer_applies(charger: Scenario) -> None:
    # Given the person stands on the lease step but the answer says "owned"
    conv = started(charger, **ANSWERS)
    conv.materials["id_card"] = UPLOAD
    conv.step = "material:space_lease"
    # Then /back reopens the last done step
    assert plan.previous_step(charger, conv) == "material:id_card"


# -- a la carte (hotel) --------------------------------------------------------------------


def test_a_la_carte_asks_for_the_items_first(hotel: Scenario) -> None:
    conv = started(hotel)
    assert plan.steps(hotel, conv)[:2] == ["notice", "items"]
    assert plan.next_step(hotel, conv) == "items"


def test_a_la_carte_without_a_selection_counts_every_item(hotel: Scenario) -> None:
    conv = started(hotel, floor_area=500)
    assert plan.applicable_items(hotel, conv) == [i.key for i in hotel.items]


def test_a_la_carte_selection_limits_items_and_questions(hotel: Scenario) -> None:
    # Given only the business licence was picked
    conv = started(hotel, floor_area=500)
    conv.selected_items = ["business_licence"]
    # Then only it applies, the room count (for other items) is not asked, and questions start
    assert plan.applicable_items(hotel, conv) == ["business_licence"]
    assert "room_count" not in [q.key for q in plan.applicable_questions(hotel, conv)]
    assert plan.next_step(hotel, conv) == "field:capacity"  # the deciding questions come first


def test_a_la_carte_selected_item_still_needs_its_condition(hotel: Scenario) -> None:
    conv = started(hotel, floor_area=300, capacity=50, floor_level=1)
    conv.selected_items = ["fire_check", "hygiene_licence"]
    assert plan.applicable_items(hotel, conv) == ["hygiene_licence"]


def test_an_equity_pledge_change_asks_what_the_pledge_registration_needs(catalog: Catalog) -> None:
    # 股权变更 as the source writes it: 股权出质变更登记, with income tax only where pledged shares pass on
    equity = catalog.scenarios["equity-change"]
    change = started(equity, change_kind="pledge_change")
    asked = [q.key for q in plan.applicable_questions(equity, change)]
    assert asked[0] == "change_kind"
    assert {"pledgor_name", "pledgee_name", "pledged_amount", "changed_matter"} <= set(asked)
    assert "transfer_price" not in asked and "transfer_agreement" not in material_keys(equity, change)
    assert plan.applicable_items(equity, change) == ["equity_registration"]
    sold = started(equity, change_kind="transfer", transferor_type="person")
    assert plan.applicable_items(equity, sold) == ["equity_registration", "individual_income_tax"]
    assert "transfer_price" in [q.key for q in plan.applicable_questions(equity, sold)]


# -- next_step and progress against their definitions, over every scenario ---------------


def _reference_next(scenario: Scenario, conv: Conversation) -> str:
    return next(s for s in plan.steps(scenario, conv) if s == "review" or not plan.is_done(s, conv))


def _reference_place(scenario: Scenario, conv: Conversation) -> tuple[int, int] | None:
    order = plan.countable_steps(scenario, conv)
    return (order.index(conv.step) + 1, len(order)) if conv.step in order else None


def _some_answer(question: Any, rng: Any) -> object:
    if question.type == "choice":
        return rng.choice(question.options).value
    if question.type == "yesno":
        return rng.random() < 0.5
    if question.type == "number":
        return rng.choice([0, 1, 3, 12, 60, 250])
    return "答"


@pytest.mark.parametrize("seed", range(6))
def test_next_step_and_progress_follow_their_definitions_in_every_scenario(catalog: Catalog, seed: int) -> None:
    """`next_step` walks the questions and documents itself and `progress` looks the step up: both must give
    what `steps`, `is_done` and `countable_steps` define, whatever is chosen, answered, given or taken back."""
    import random

    rng = random.Random(seed)
    for scenario in catalog:
        conv = Conversation()
        conv.start(scenario.id)
        for _ in range(200):
            step = plan.next_step(scenario, conv)
            assert step == _reference_next(scenario, conv), (scenario.id, conv.answers, conv.selected_items)
            conv.step = step
            assert plan.progress(scenario, conv) == _reference_place(scenario, conv), (scenario.id, step)
            kind, _, key = step.partition(":")
            if step == "review":
                break
            if kind == "items":
                keys = [i.key for i in scenario.items if not i.internal]
                conv.selected_items = rng.sample(keys, rng.randint(1, len(keys)))
            elif kind == "field":
                conv.answers[key] = _some_answer(scenario.question(key), rng)
            elif kind == "material":
                conv.materials[key] = list(UPLOAD)
            if conv.answers and rng.random() < 0.15:  # an answer taken back (changed on the review page)
                del conv.answers[rng.choice(sorted(conv.answers))]
        else:
            pytest.fail(f"{scenario.id}: no review after 200 steps")
