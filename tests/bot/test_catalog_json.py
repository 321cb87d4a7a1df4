"""`yijianshi scenarios --json` marks the entries the district should confirm (issue 13)."""

from __future__ import annotations

from bot.catalog_json import catalog_json
from handlers.catalog import load_catalog


def test_entries_taken_from_guides_show_staff_editable() -> None:
    by_id = {s["id"]: s for s in catalog_json(load_catalog())}
    company = by_id["open-company"]
    fields = {f["key"]: f for f in company["fields"]}
    materials = {m["key"]: m for m in company["materials"]}
    assert fields["capital_paid_by"]["staff_editable"] is True
    assert fields["company_name"]["staff_editable"] is False
    assert materials["shareholder_register"]["staff_editable"] is True
    assert materials["shareholder_register"]["condition"] == "entity_type in ['llc', 'joint_stock']"
    assert materials["premises_proof"]["staff_editable"] is False


def test_the_joint_visits_the_source_promises_are_listed() -> None:
    by_id = {s["id"]: s for s in catalog_json(load_catalog())}
    assert by_id["utilities-connection"]["joint_visits"] == ["survey", "completion"]
    assert [s["id"] for s in by_id.values() if s["joint_visits"]] == ["utilities-connection"]
