"""What residents are told when their case moves: in their language, with what comes next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from handlers.buttons import GlobalAction, anywhere
from handlers.catalog import Catalog
from handlers.context import Translate
from handlers.events import Reply
from handlers.lifecycle import ItemStatus, StaffAction, is_closed


@dataclass(frozen=True)
class StatusFacts:
    number: str
    scenario_id: str
    locale: str
    case_status: str
    #: The staff action that caused the change: accept, supplement, approve, reject.
    action: str
    item_key: str
    department: str
    note: str = ""
    due: dt.date | None = None
    supplement_fields: list[str] = field(default_factory=list)
    supplement_materials: list[str] = field(default_factory=list)
    #: (item key, status, note) of every item, for the closing summary.
    outcome: list[tuple[str, str, str]] = field(default_factory=list)


def status_notice(f: StatusFacts, catalog: Catalog, t: Translate) -> Reply:
    lang, scenario = f.locale, catalog.scenarios[f.scenario_id]
    params = {
        "number": f.number,
        "name": scenario.name.get(lang),
        "item": scenario.item(f.item_key).name.get(lang),
        "department": catalog.department_name(f.department, lang),
        "note": f.note,
        "due": f.due.isoformat() if f.due else "-",
    }
    if f.action == StaffAction.SUPPLEMENT:
        lines = [t(lang, "push.supplement", **params)]
        lines += [f"• {scenario.question(k).label.get(lang)}" for k in f.supplement_fields]
        lines += [f"• {scenario.material(k).name.get(lang)}" for k in f.supplement_materials]
        if f.note:
            lines.append(t(lang, "push.supplement_note", note=f.note))
        lines.append(t(lang, "push.supplement_how"))
        button = anywhere(t(lang, "push.supplement_button"), GlobalAction.SUPPLEMENT, f.number)
        return Reply("\n".join(lines), (button,))
    lines = [t(lang, f"push.{f.action}", **params)]
    if is_closed(f.case_status):
        lines.append(t(lang, f"push.closed.{f.case_status}", **params))
        for key, status, note in f.outcome:
            result = t(lang, f"item.status.{status}")
            reason = t(lang, "push.reason", note=note) if status == ItemStatus.REJECTED and note else ""
            lines.append(f"• {scenario.item(key).name.get(lang)}：{result}{reason}")
    else:
        lines.append(t(lang, "push.next", **params))
    return Reply("\n".join(lines), (anywhere(t(lang, "menu.status"), GlobalAction.STATUS),))
