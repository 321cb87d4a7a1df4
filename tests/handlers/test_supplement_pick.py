"""The supplement pick codec: ticks carried in the buttons, and None (never an exception) for anything else."""

from __future__ import annotations

import pytest

from handlers.cards import CardPress
from handlers.lifecycle import StaffAction
from handlers.supplement_pick import SupplementPick


def test_a_supplement_pick_carries_its_ticks_and_names_what_they_ask_for(catalog) -> None:  # type: ignore[no-untyped-def]
    scenario = catalog.get("ev-charger-home")
    pick = SupplementPick(12, 3, 45, 0, "2").toggled()  # the third field: the phone
    assert SupplementPick.unpack(pick.pack()) == pick and len(pick.pack()) <= 64  # Telegram's callback_data limit
    materials_start = len(scenario.fields)
    both = SupplementPick(12, 3, 45, pick.picked, str(materials_start)).toggled()
    assert both.asked(scenario) == {"fields": [scenario.fields[2].key], "materials": [scenario.materials[0].key]}
    assert both.press == CardPress(12, 3, StaffAction.SUPPLEMENT, 45)


@pytest.mark.parametrize("data", ["", "pick:1:2:3:zz:send", "pick:1:2:3:0", "card:1:2:accept:3", "pick:a:2:3:0:1"])
def test_a_malformed_pick_unpacks_to_none(data: str) -> None:
    assert SupplementPick.unpack(data) is None
