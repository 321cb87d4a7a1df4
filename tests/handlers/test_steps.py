"""A step as a value (handlers/steps.py): parsed from, and written back to, the saved string."""

from __future__ import annotations

import pytest

from handlers.steps import StepKind, StepRef


@pytest.mark.parametrize("saved", ["menu", "notice", "items", "field:applicant_id", "material:id_card", "review"])
def test_a_saved_step_reads_back_as_it_was_written(saved: str) -> None:
    assert str(StepRef.parse(saved)) == saved


def test_kind_and_key_come_apart() -> None:
    assert StepRef.parse("material:id_card") == StepRef(StepKind.MATERIAL, "id_card")
    assert StepRef.parse("items:") == StepRef(StepKind.ITEMS)


def test_an_unknown_kind_still_parses_and_matches_nothing() -> None:
    assert StepRef.parse("gone:x").kind not in set(StepKind)
