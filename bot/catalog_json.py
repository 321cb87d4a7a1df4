"""The whole catalog as JSON (``yijianshi scenarios --json``): what staff check against the sources."""

from __future__ import annotations

from typing import Any

from handlers import plan
from handlers.catalog import Catalog
from handlers.catalog.registries import Limit
from handlers.catalog.schema import Item, Material, Question, Scenario


def catalog_json(catalog: Catalog) -> list[dict[str, Any]]:
    return [scenario_json(s, catalog) for s in catalog]


def scenario_json(s: Scenario, catalog: Catalog) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name.model_dump(),
        "batch": s.batch,
        "lead_department": s.lead_departments,
        "selection": s.selection,
        "items": [_item_json(s, i, catalog) for i in s.items],
        "fields": [_field_json(s, f) for f in plan.ordered_fields(s)],
        "materials": [_material_json(m) for m in s.materials],
        "promise": _limit_json(catalog.promise(s)),
        "rules": [{"key": r.key, "reads": r.reads, "when": r.when, "outcome": r.outcome} for r in s.rules],
        "joint_visits": [str(kind) for kind in s.joint_visits],
    }


def _item_json(s: Scenario, i: Item, catalog: Catalog) -> dict[str, Any]:
    """An item with who handles it, how long it may take and what it costs, each with where that is written."""
    entry = catalog.entry(s, i.key)
    fee = catalog.fee(s, i.key)
    return {
        "key": i.key,
        "name": i.name.model_dump(),
        "department": i.department,
        "department_name": catalog.department_name(i.department, "zh_CN"),
        "department_to_confirm": catalog.departments[i.department].to_confirm,
        "condition": i.condition,
        "limit": _limit_json(catalog.limit(s, i.key)),
        "limit_unknown_because": entry.unknown if entry else "not in the item registry",
        "routing_reason": entry.reason if entry else "",
        "internal": i.internal,
        "fee": fee.model_dump() if fee else "to confirm",
    }


def _field_json(s: Scenario, f: Question) -> dict[str, Any]:
    return {
        "key": f.key,
        "type": f.type,
        "required": f.required,
        "options": [o.value for o in f.options],
        "condition": f.condition,
        "deciding": f.key in plan.deciding_fields(s),
        "staff_editable": f.staff_editable,
    }


def _material_json(m: Material) -> dict[str, Any]:
    return {
        "key": m.key,
        "name": m.name.model_dump(),
        "required": m.required,
        "accept": m.accept,
        "max_mb": m.max_mb,
        "items": m.items,
        "condition": m.condition,
        "staff_editable": m.staff_editable,
    }


def _limit_json(limit: Limit | None) -> dict[str, object] | str:
    """A time limit with its source, or "unknown"."""
    if limit is None:
        return "unknown"
    return {
        "days": limit.days,
        "unit": limit.unit,
        "basis": limit.basis,
        "source": f"{limit.source.document} {limit.source.article}",
        "note": limit.note,
    }
