"""Every scenario of the catalog, walked end to end with valid answers and materials."""

from __future__ import annotations

import pytest
from scenario_walk import Chat, walk

from handlers import plan
from handlers.catalog import load_catalog
from models.case import Case, CaseEvent, CaseItem
from models.material import Material

SCENARIOS = [s.id for s in load_catalog()]


def test_the_catalog_holds_all_34_scenarios() -> None:
    assert len(SCENARIOS) == 34


@pytest.mark.parametrize("variant", [0, 1], ids=["first-options", "other-options"])
@pytest.mark.parametrize("scenario_id", SCENARIOS)
async def test_walk(dialogs, files, catalog, scenario_id: str, variant: int) -> None:
    # Given a resident at the menu
    scenario = catalog.get(scenario_id)
    chat = Chat(dialogs, files)
    # When they answer every question and give every material
    number = await walk(chat, scenario, variant)
    if not number and "现在还办不了" in chat.text:
        # Then, where a rule finds the applicant ineligible, the errand ends with the reason, keeping nothing
        assert any(r.outcome == "ineligible" for r in scenario.rules)
        assert (await chat.state()).scenario is None
        return
    if not number:
        # Then, where the deciding answers rule every item out, the errand ends there, keeping nothing
        assert "不用提交申请" in chat.text and "信息没有保存" in chat.text
        assert (await chat.state()).scenario is None
        return
    # Then one case is filed with the applicable items, each with its department
    assert number.startswith("LG20261126-")
    assert number in chat.text
    case = await Case.get(number=number)
    items = await CaseItem.filter(case=case)
    assert items, "a case with no item"
    expected = {i.key: i.department for i in scenario.items if not i.internal}
    assert {i.item_key: i.department for i in items}.items() <= expected.items()
    assert await CaseEvent.filter(case=case, action="submit").count() == 1
    for material in await Material.filter(case=case):
        assert material.sha256 and material.size > 0


async def test_a_la_carte_items_can_be_dropped(dialogs, files, catalog) -> None:
    scenario = catalog.get("hotel")
    chat = Chat(dialogs, files)
    await chat.send("button", "*|sc:hotel")
    await chat.tap("start")
    first = scenario.items[0]
    await chat.tap(f"toggle:{first.key}")
    conv = await chat.state()
    assert first.key not in plan.applicable_items(scenario, conv)
    assert "☐ " + first.name.zh_CN in [b.label for b in chat.replies[-1].buttons]
