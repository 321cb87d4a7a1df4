"""The scenario catalog: the shipped files, the rules from the source, and broken files."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from handlers.catalog import Catalog, CatalogError, load_catalog
from handlers.catalog.loader import NOT_SCENARIOS, shipped_directory
from handlers.catalog.schema import Scenario
from handlers.conditions import parse_condition
from handlers.conversation import Conversation
from handlers.plan import applicable_items

SHOP_SCENARIOS = ["convenience-store", "maternity-store", "gym", "bathhouse", "optician", "beauty-salon", "hotel"]
SMALL_PREMISES = {"floor_area": 300, "capacity": 50, "floor_level": 1}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def items_for(scenario: Scenario, **answers: Any) -> list[str]:
    conv = Conversation(scenario=scenario.id, step="notice", answers=dict(answers), selected_items=None)
    return applicable_items(scenario, conv)


# -- the shipped catalog -------------------------------------------------------------


def test_the_catalog_has_34_scenarios_10_in_batch_1_and_24_in_batch_2(catalog: Catalog) -> None:
    assert len(catalog) == 34
    assert Counter(s.batch for s in catalog) == {1: 10, 2: 24}


@pytest.fixture(scope="module")
def scenario_files() -> dict[Path, dict]:
    """Every shipped scenario file, read directly (not through the loader)."""
    return {
        path: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in shipped_directory().glob("*.yaml")
        if path.name not in NOT_SCENARIOS
    }


def test_every_scenario_file_is_loaded_once_with_a_unique_id(
    catalog: Catalog, scenario_files: dict[Path, dict]
) -> None:
    ids = [data["id"] for data in scenario_files.values()]
    assert len(ids) == len(set(ids)) == 34
    assert set(ids) == set(catalog.scenarios)
    assert sorted(catalog.order) == sorted(ids)


def test_each_file_is_named_after_its_scenario_id(scenario_files: dict[Path, dict]) -> None:
    for path, data in scenario_files.items():
        assert data["id"] == path.stem


def test_iteration_lists_batch_1_first(catalog: Catalog) -> None:
    batches = [s.batch for s in catalog]
    assert batches == sorted(batches)


def test_get_and_popular(catalog: Catalog) -> None:
    assert catalog.get("ev-charger-home") is not None
    assert catalog.get("no-such-scenario") is None
    popular = catalog.popular()
    assert popular and all(s.popular for s in popular)
    assert "ev-charger-home" in [s.id for s in popular]


def test_every_department_key_exists(catalog: Catalog) -> None:
    for scenario in catalog:
        used = set(scenario.lead_departments) | {item.department for item in scenario.items}
        assert used <= set(catalog.departments), scenario.id
        for key in used:
            assert catalog.department_name(key, "zh_CN")
            assert catalog.department_name(key, "en")


def test_every_scenario_has_at_least_one_item(catalog: Catalog) -> None:
    for scenario in catalog:
        assert len(scenario.items) >= 1, scenario.id


def test_every_condition_parses_and_reads_only_fields_of_its_scenario(catalog: Catalog) -> None:
    count = 0
    for scenario in catalog:
        field_keys = {q.key for q in scenario.fields}
        for part in [*scenario.items, *scenario.fields, *scenario.materials]:
            if part.condition:
                condition = parse_condition(part.condition)
                assert condition.names <= field_keys, (scenario.id, part.key, part.condition)
                assert part.compiled == condition
                count += 1
    assert count > 50


def test_items_questions_and_materials_bind_to_known_items(catalog: Catalog) -> None:
    for scenario in catalog:
        item_keys = {i.key for i in scenario.items}
        for part in [*scenario.fields, *scenario.materials]:
            assert set(part.items) <= item_keys, (scenario.id, part.key)


# -- rules from the source ------------------------------------------------------------


@pytest.mark.parametrize("scenario_id", SHOP_SCENARIOS)
def test_shop_fire_check_is_exempt_at_300_m2_and_50_people(catalog: Catalog, scenario_id: str) -> None:
    scenario = catalog.scenarios[scenario_id]
    # Given small premises on the ground floor
    # Then the fire-safety check does not apply
    assert "fire_check" not in items_for(scenario, **SMALL_PREMISES)
    assert scenario.item("fire_check").department == "fire"


@pytest.mark.parametrize("scenario_id", SHOP_SCENARIOS)
@pytest.mark.parametrize(
    "change",
    [
        {"floor_area": 301},
        {"capacity": 51},
        {"floor_level": 4, "entertainment_venue": True},
        {"floor_level": -1, "entertainment_venue": True},
    ],
    ids=["301m2", "51people", "entertainment-floor4", "entertainment-basement"],
)
def test_shop_fire_check_applies_beyond_the_exemption(catalog: Catalog, scenario_id: str, change: dict) -> None:
    scenario = catalog.scenarios[scenario_id]
    assert "fire_check" in items_for(scenario, **{**SMALL_PREMISES, **change})


@pytest.mark.parametrize("scenario_id", SHOP_SCENARIOS)
def test_shop_fire_check_exempt_for_entertainment_on_floor_2(catalog: Catalog, scenario_id: str) -> None:
    scenario = catalog.scenarios[scenario_id]
    answers = {**SMALL_PREMISES, "floor_level": 2, "entertainment_venue": True}
    assert "fire_check" not in items_for(scenario, **answers)


@pytest.mark.parametrize("scenario_id", SHOP_SCENARIOS)
def test_shop_entertainment_question_is_asked_only_on_floor_4_up_or_basement(
    catalog: Catalog, scenario_id: str
) -> None:
    question = catalog.scenarios[scenario_id].question("entertainment_venue")
    assert question.compiled is not None
    assert question.compiled.holds({"floor_level": 4})
    assert question.compiled.holds({"floor_level": -1})
    assert not question.compiled.holds({"floor_level": 1})
    assert not question.compiled.holds({"floor_level": 3})


def test_hotel_is_a_la_carte(catalog: Catalog) -> None:
    assert catalog.scenarios["hotel"].selection == "a_la_carte"


@pytest.mark.parametrize(("has_pool", "applies"), [(True, True), (False, False), (None, False)])
def test_gym_hygiene_licence_only_with_a_pool(catalog: Catalog, has_pool: bool | None, applies: bool) -> None:
    gym = catalog.scenarios["gym"]
    answers = {**SMALL_PREMISES} if has_pool is None else {**SMALL_PREMISES, "has_pool": has_pool}
    assert ("hygiene_licence" in items_for(gym, **answers)) is applies


@pytest.mark.parametrize("scenario_id", ["bathhouse", "optician"])
@pytest.mark.parametrize(("self_supplied", "applies"), [(True, True), (False, False), (None, False)])
def test_water_withdrawal_only_with_self_supplied_water(
    catalog: Catalog, scenario_id: str, self_supplied: bool | None, applies: bool
) -> None:
    scenario = catalog.scenarios[scenario_id]
    answers = dict(SMALL_PREMISES)
    if self_supplied is not None:
        answers["self_supplied_water"] = self_supplied
    assert ("water_permit" in items_for(scenario, **answers)) is applies
    assert scenario.item("water_permit").department == "water"


@pytest.mark.parametrize(
    ("mass", "cargo", "needed"),
    [
        (4500, "general", False),
        (3000, "general", False),
        (4501, "general", True),
        (49000, "general", True),
        (4500, "special", True),
        (4500, "bulky", True),
    ],
)
def test_transport_freight_permit_above_4500_kg_or_special_cargo(
    catalog: Catalog, mass: int, cargo: str, needed: bool
) -> None:
    scenario = catalog.scenarios["transport-company"]
    items = items_for(scenario, max_vehicle_mass=mass, cargo_type=cargo)
    assert ("freight_permit" in items) is needed
    assert ("vehicle_certificate" in items) is needed


# -- broken files ---------------------------------------------------------------------

SAMPLE = "ev-charger-home.yaml"


def write_copy(directory: Path, change: Callable[[dict], None] | None = None) -> Path:
    """Copy the departments and one scenario into directory, changing the scenario's data."""
    shipped = shipped_directory()
    shutil.copy(shipped / "departments.yaml", directory / "departments.yaml")
    data = yaml.safe_load((shipped / SAMPLE).read_text(encoding="utf-8"))
    if change:
        change(data)
    path = directory / SAMPLE
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_an_intact_copy_loads(tmp_path: Path) -> None:
    write_copy(tmp_path)
    catalog = load_catalog(tmp_path)
    assert list(catalog.scenarios) == ["ev-charger-home"]
    assert catalog.directory == tmp_path


def field_named(data: dict, key: str) -> dict:
    return next(f for f in data["fields"] if f["key"] == key)


def set_type(data: dict) -> None:
    data["fields"][0]["type"] = "colour"


def condition_on_later_field(data: dict) -> None:
    field_named(data, "phone")["condition"] = "property_consent == true"


def unknown_department(data: dict) -> None:
    data["items"][1]["department"] = "ministry-of-magic"


def unknown_lead_department(data: dict) -> None:
    data["lead_departments"] = ["approval", "ministry-of-magic"]


def duplicate_item_key(data: dict) -> None:
    data["items"][1]["key"] = data["items"][0]["key"]


def material_for_unknown_item(data: dict) -> None:
    data["materials"][0]["items"] = ["charger_application", "no_such_item"]


def one_option_choice(data: dict) -> None:
    field_named(data, "space_ownership")["options"] = field_named(data, "space_ownership")["options"][:1]


def missing_zh_name(data: dict) -> None:
    del data["name"]["zh_CN"]


def bad_condition(data: dict) -> None:
    data["materials"][1]["condition"] = "space_ownership === 'owned'"


def unknown_top_level_field(data: dict) -> None:
    data["colour"] = "blue"


def no_items(data: dict) -> None:
    data["items"] = []


def bad_batch(data: dict) -> None:
    data["batch"] = 3


def with_rule(**rule: Any) -> Callable[[dict], None]:
    """A change adding one rule (a valid one, but for what is given) to the scenario's data."""

    def change(data: dict) -> None:
        message = {"zh_CN": "原因", "en": "Reason"}
        base = {"key": "no_consent", "reads": ["property_consent"], "when": "property_consent == false"}
        data["rules"] = [{**base, "outcome": "ineligible", "message": message, "instead": message, **rule}]

    change.__name__ = "rule_" + "_".join(rule)
    return change


def only_internal_items(data: dict) -> None:
    for item in data["items"]:
        item["internal"] = True


def material_for_an_internal_item_only(data: dict) -> None:
    data["materials"][0]["items"] = ["online_channel"]


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        (with_rule(reads=["phone"]), "rules.0", "reads ['phone'] but the condition uses ['property_consent']"),
        (with_rule(when="age(applicant_id) < 18 or eval(phone)"), "rules.0.when", "unknown function 'eval'"),
        (with_rule(when="property_consent === false"), "rules.0.when", "cannot read"),
        (with_rule(instead=None), "rules.0", "must say what to do instead"),
        (with_rule(outcome="warn"), "rules.0.outcome", "Input should be"),
        (with_rule(reads=["no_such_field"], when="no_such_field == 1"), "rules.no_consent.when", "refers to"),
        (only_internal_items, "items", "every item is internal"),
        (material_for_an_internal_item_only, "materials.id_card.items", "only internal items"),
        (set_type, "fields.0.type", "Input should be"),
        (condition_on_later_field, "fields.phone.condition", "refers to ['property_consent']"),
        (unknown_department, "items.charger_application.department", "unknown department 'ministry-of-magic'"),
        (unknown_lead_department, "lead_departments", "unknown department 'ministry-of-magic'"),
        (duplicate_item_key, "items", "duplicate keys ['online_channel']"),
        (material_for_unknown_item, "materials.id_card.items", "unknown item keys ['no_such_item']"),
        (one_option_choice, "fields.4", "a choice needs at least two options"),
        (missing_zh_name, "name.zh_CN", "Field required"),
        (bad_condition, "materials.1.condition", "cannot read"),
        (unknown_top_level_field, "colour", "Extra inputs are not permitted"),
        (no_items, "items", "at least 1 item"),
        (bad_batch, "batch", "Input should be 1 or 2"),
    ],
)
def test_a_broken_scenario_names_the_path_field_and_reason(
    tmp_path: Path, change: Callable[[dict], None], field: str, reason: str
) -> None:
    # Given a copy of a shipped scenario with one mistake
    path = write_copy(tmp_path, change)
    # When the catalog is loaded
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    # Then the error says which file, which field and why
    error = caught.value
    assert error.path == path
    assert error.field == field
    assert reason in error.reason
    assert str(error) == f"{path}: {field}: {error.reason}"


def test_bad_yaml_names_the_file(tmp_path: Path) -> None:
    write_copy(tmp_path)
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\nname: {zh_CN: x", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    assert caught.value.path == broken
    assert caught.value.field == "-"
    assert "cannot read the file" in caught.value.reason


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    write_copy(tmp_path)
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    assert caught.value.path == empty


def test_two_files_with_the_same_id_are_refused(tmp_path: Path) -> None:
    write_copy(tmp_path)
    twin = tmp_path / "zz-twin.yaml"
    shutil.copy(tmp_path / SAMPLE, twin)
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    assert caught.value.path == twin
    assert caught.value.field == "id"
    assert "'ev-charger-home' is used by another file too" in caught.value.reason


def test_a_broken_departments_file_is_refused(tmp_path: Path) -> None:
    write_copy(tmp_path)
    departments = tmp_path / "departments.yaml"
    departments.write_text("departments:\n  - key: approval\n", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    assert caught.value.path == departments
    assert caught.value.field == "departments.0.name"


def test_a_missing_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="does not exist"):
        load_catalog(tmp_path / "nowhere")


def test_a_directory_without_scenarios_is_refused(tmp_path: Path) -> None:
    shutil.copy(shipped_directory() / "departments.yaml", tmp_path / "departments.yaml")
    with pytest.raises(CatalogError, match="no scenario files"):
        load_catalog(tmp_path)


# -- the registries: one department per item, time limits with sources ---------------------


def copy_catalog(directory: Path) -> Path:
    """A whole copy of the shipped catalog directory, to break on purpose."""
    target = directory / "catalog"
    shutil.copytree(shipped_directory(), target)
    return target


def set_item_department(path: Path, item_key: str, department: str) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(i for i in data["items"] if i["key"] == item_key)["department"] = department
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_every_shipped_item_is_in_the_registry_with_a_limit_or_why_not(catalog: Catalog) -> None:
    for scenario in catalog:
        for item in scenario.items:
            entry = catalog.entry(scenario, item.key)
            assert entry is not None, f"{scenario.id}.{item.key} {item.name.zh_CN} is not in items.yaml"
            assert entry.limit is not None or entry.unknown, item.name.zh_CN
            assert entry.reason, f"{item.name.zh_CN}: the registry says why this department"


def test_an_item_goes_to_one_department_in_every_scenario(catalog: Catalog) -> None:
    # The places that disagreed before: company registration, project filing, planning and construction permits
    seen: dict[str, set[str]] = {}
    for scenario in catalog:
        for item in scenario.items:
            name = catalog.entry(scenario, item.key)
            assert name is not None
            seen.setdefault(next(k for k, v in catalog.items.items() if v is name), set()).add(item.department)
    assert {name: deps for name, deps in seen.items() if len(deps) > 1} == {}
    for name in ("营业执照", "公司设立登记", "企业变更登记", "企业注销登记", "企业投资项目备案", "建设工程规划许可证"):
        assert seen[name] == {"approval"}, name


def test_a_scenario_sending_a_registered_item_elsewhere_is_refused(tmp_path: Path) -> None:
    # Given the shipped catalog with solar-pv's project filing sent back to the economy bureau
    root = copy_catalog(tmp_path)
    set_item_department(root / "solar-pv.yaml", "project_filing", "economy")
    # Then the load names the file, the field and the registry's department
    with pytest.raises(CatalogError) as caught:
        load_catalog(root)
    assert caught.value.path == root / "solar-pv.yaml"
    assert caught.value.field == "items.project_filing.department"
    assert "'approval' (items.yaml)" in caught.value.reason


def test_an_explicit_exception_with_a_reason_allows_another_department(tmp_path: Path) -> None:
    root = copy_catalog(tmp_path)
    set_item_department(root / "solar-pv.yaml", "project_filing", "economy")
    registry = yaml.safe_load((root / "items.yaml").read_text(encoding="utf-8"))
    registry["items"]["企业投资项目备案"]["exceptions"] = {
        "solar-pv": {"department": "economy", "reason": "光伏项目备案由经济发展局按能源项目办理"}
    }
    (root / "items.yaml").write_text(yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8")
    catalog = load_catalog(root)
    assert catalog.scenarios["solar-pv"].item("project_filing").department == "economy"


def test_without_a_registry_entry_the_same_name_must_still_agree_across_scenarios(tmp_path: Path) -> None:
    # Given a catalog without items.yaml, where 营业执照 goes to two departments
    root = copy_catalog(tmp_path)
    (root / "items.yaml").unlink()
    set_item_department(root / "gym.yaml", "business_licence", "market-regulation")
    with pytest.raises(CatalogError) as caught:
        load_catalog(root)
    assert caught.value.field == "items.business_licence.department"
    assert "one item, one department" in caught.value.reason
    # And with no registry, no item has a limit, so nothing is promised
    set_item_department(root / "gym.yaml", "business_licence", "approval")
    bare = load_catalog(root)
    assert all(bare.promise(s) is None for s in bare)


def test_an_item_entry_without_a_limit_must_say_why(tmp_path: Path) -> None:
    root = copy_catalog(tmp_path)
    registry = yaml.safe_load((root / "items.yaml").read_text(encoding="utf-8"))
    registry["items"]["取水许可"]["unknown"] = ""
    (root / "items.yaml").write_text(yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(root)
    assert caught.value.path == root / "items.yaml"
    assert "says why" in caught.value.reason


def test_a_promise_is_the_longest_item_limit_and_only_when_every_item_has_one(catalog: Catalog) -> None:
    # 便利店: fire check 13 working days, hygiene licence 20, business licence 3: the longest, 20
    store = catalog.scenarios["convenience-store"]
    promise = catalog.promise(store)
    assert promise is not None and (promise.days, promise.unit, promise.basis) == (20, "workdays", "legal_maximum")
    assert promise.source.document == "《中华人民共和国行政许可法》" and promise.source.article == "第四十二条"
    # Only the business licence filed: its own 3 working days (市场主体登记管理条例 第十九条)
    alone = catalog.promise(store, ["business_licence"])
    assert alone is not None and alone.days == 3 and "市场主体登记管理条例" in alone.source.document
    # 洗浴: 取水许可 has no sourced limit, so the whole errand promises nothing ...
    assert catalog.promise(catalog.scenarios["bathhouse"]) is None
    # ... unless it is not filed
    assert catalog.promise(catalog.scenarios["bathhouse"], ["fire_check", "hygiene_licence", "business_licence"])


def test_every_promise_shown_has_a_source(catalog: Catalog) -> None:
    for scenario in catalog:
        promise = catalog.promise(scenario)
        if promise is None:
            assert any(catalog.limit(scenario, i.key) is None for i in scenario.items), scenario.id
            continue
        for item in scenario.items:
            limit = catalog.limit(scenario, item.key)
            assert limit is not None and limit.source.document.strip() and limit.source.article.strip(), (
                f"{scenario.id}: a promise is shown but {item.key} has no source"
            )


def with_commitment(tmp_path: Path, department: str, item: str, commitment: dict[str, Any]) -> Path:
    """An operator's departments file: the shipped one plus one department's own commitment."""
    data = yaml.safe_load((shipped_directory() / "departments.yaml").read_text(encoding="utf-8"))
    next(d for d in data["departments"] if d["key"] == department)["commitments"] = {item: commitment}
    path = tmp_path / "operator-departments.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_departments_file_from_the_settings_replaces_the_shipped_one_and_shortens_a_limit(tmp_path: Path) -> None:
    # Given the approval bureau's own commitment of 1 working day for a business licence
    path = with_commitment(tmp_path, "approval", "营业执照", {"days": 1, "document": "临港区政务服务承诺时限清单"})
    catalog = load_catalog(departments_file=path)
    store = catalog.scenarios["convenience-store"]
    # Then the item's limit is the commitment, sourced to the department's document
    limit = catalog.limit(store, "business_licence")
    assert limit is not None and (limit.days, limit.basis) == (1, "commitment")
    assert limit.source.document == "临港区政务服务承诺时限清单"
    # And the other departments' items keep the law's limit
    hygiene = catalog.limit(store, "hygiene_licence")
    assert hygiene is not None and hygiene.days == 20


def test_a_commitment_longer_than_the_items_limit_is_refused(tmp_path: Path) -> None:
    path = with_commitment(tmp_path, "approval", "营业执照", {"days": 5, "document": "某清单"})
    with pytest.raises(CatalogError) as caught:
        load_catalog(departments_file=path)
    assert caught.value.path == path
    assert caught.value.field == "departments.approval.commitments.营业执照"
    assert "not within the item's limit of 3 workdays" in caught.value.reason


def test_a_commitment_for_an_item_another_department_handles_is_refused(tmp_path: Path) -> None:
    path = with_commitment(tmp_path, "tax", "营业执照", {"days": 1, "document": "某清单"})
    with pytest.raises(CatalogError, match="handled by"):
        load_catalog(departments_file=path)


def test_a_commitment_gives_a_sourced_limit_to_an_item_the_law_leaves_open(tmp_path: Path) -> None:
    # 取水许可 has no sourced limit; the water department's own commitment gives one
    path = with_commitment(tmp_path, "water", "取水许可", {"days": 10, "document": "区水务承诺", "article": "第2条"})
    catalog = load_catalog(departments_file=path)
    bathhouse = catalog.scenarios["bathhouse"]
    promise = catalog.promise(bathhouse)
    assert promise is not None and promise.days == 20


def test_a_department_to_confirm_says_why(tmp_path: Path) -> None:
    data = yaml.safe_load((shipped_directory() / "departments.yaml").read_text(encoding="utf-8"))
    data["departments"][0].update(to_confirm=True, note="")
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogError, match="says why"):
        load_catalog(departments_file=path)


def test_shipped_department_names_follow_the_source_or_are_marked_to_confirm(catalog: Catalog) -> None:
    source = (Path(__file__).resolve().parents[2] / "handlers" / "scenarios" / "departments.yaml").read_text(
        encoding="utf-8"
    )
    assert "区住房和城乡建设部门" not in source
    assert catalog.departments["housing"].name.zh_CN == "区建设局"
    assert catalog.departments["ecology"].name.zh_CN == "区生态环境分局"
    for department in catalog.departments.values():
        assert department.note, department.key
    for placeholder in ("health", "civil-air-defence", "big-data", "insurer", "bank", "telecom"):
        assert catalog.departments[placeholder].to_confirm, placeholder
