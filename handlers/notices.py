"""What residents are told when their case moves: in their language, with what comes next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from handlers.buttons import GlobalAction, VisitChange, anywhere
from handlers.catalog import Catalog
from handlers.catalog.schema import Scenario
from handlers.context import Translate
from handlers.events import NOTICE_FACTS, Reply
from handlers.lifecycle import DECIDED, ItemStatus, StaffAction, is_closed
from handlers.ratings import RatePress
from handlers.remedy import remedy_lines
from handlers.visits import VisitKind


@dataclass(frozen=True)
class VisitNotice:
    """A joint visit whose time every department confirmed."""

    kind: VisitKind
    #: As the audit log keeps it: "2026-12-10 09:30", the district's wall clock.
    at: str
    place: str


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
    #: The due date was counted past the holidays known (weekends only).
    due_provisional: bool = False
    supplement_fields: list[str] = field(default_factory=list)
    supplement_materials: list[str] = field(default_factory=list)
    #: (item key, status, note) of every item, for the closing summary.
    outcome: list[tuple[str, str, str]] = field(default_factory=list)
    #: The item's status right after the action (accepted, approved, ...), and when the action was taken.
    item_status: str = ""
    at: dt.datetime | None = None
    #: Set for a joint visit's time fixed (then there is no item).
    visit: VisitNotice | None = None


def notice_facts(f: StatusFacts, params: dict[str, str], t: Translate) -> tuple[tuple[str, str], ...]:
    """The notice in a few short facts, for platforms that no longer show free text (WeChat templates)."""
    # Short: WeChat cuts a template's status (a `phrase`) at five characters, "已补正待受理" to "已补正待受".
    status = t(f.locale, f"item.status_short.{f.item_status}") if f.item_status else ""
    values = {**params, "status": status, "time": f.at.isoformat() if f.at else ""}
    return tuple((name, values[name]) for name in NOTICE_FACTS if values[name])


def status_notice(f: StatusFacts, catalog: Catalog, t: Translate) -> Reply:
    lang, scenario = f.locale, catalog.scenarios[f.scenario_id]
    if f.visit is not None:
        return visit_notice(f, f.visit, scenario.name.get(lang), t)
    params = {
        "number": f.number,
        "name": scenario.name.get(lang),
        "item": scenario.item(f.item_key).name.get(lang),
        "department": catalog.department_name(f.department, lang),
        "note": f.note,
        "due": f.due.isoformat() if f.due else "-",
    }
    if f.due and f.due_provisional:
        params["due"] += t(lang, "due.provisional")
    if f.action == StaffAction.SUPPLEMENT:
        return supplement_notice(f, scenario, params, t)
    lines = [t(lang, f"push.{f.action}", **params)]
    if is_closed(f.case_status):
        lines.append(t(lang, f"push.closed.{f.case_status}", **params))
        for key, status, note in f.outcome:
            result = t(lang, f"item.status.{status}")
            reason = t(lang, "push.reason", note=note) if status == ItemStatus.REJECTED and note else ""
            lines.append(f"• {scenario.item(key).name.get(lang)}：{result}{reason}")
    else:
        # No case date while an item has no sourced limit: each department tells its own on acceptance.
        lines.append(t(lang, "push.next" if f.due else "push.next_undated", **params))
    if f.action == StaffAction.REJECT:
        lines += remedy_lines(f.department, catalog, lang, t)
    buttons = [anywhere(t(lang, "menu.status"), GlobalAction.STATUS)]
    if f.item_status in DECIDED:  # 好差评: offered, never required to see the result above
        lines.append(t(lang, "rating.invite", **params))
        buttons.insert(0, anywhere(t(lang, "rating.invite_button"), GlobalAction.RATE, _rate(f)))
    return Reply("\n".join(lines), tuple(buttons), facts=notice_facts(f, params, t))


def supplement_notice(f: StatusFacts, scenario: Scenario, params: dict[str, str], t: Translate) -> Reply:
    """A 补正: what to give again (each answer and document named, or none), the note, and how."""
    lang = f.locale
    lines = [t(lang, "push.supplement", **params)]
    lines += [f"• {scenario.question(k).label.get(lang)}" for k in f.supplement_fields]
    lines += [f"• {scenario.material(k).name.get(lang)}" for k in f.supplement_materials]
    if f.note:
        lines.append(t(lang, "push.supplement_note", note=f.note))
    named = f.supplement_fields or f.supplement_materials
    lines.append(t(lang, "push.supplement_how" if named else "push.supplement_open_how"))
    button = anywhere(t(lang, "push.supplement_button"), GlobalAction.SUPPLEMENT, f.number)
    return Reply("\n".join(lines), (button,), facts=notice_facts(f, params, t))


def _rate(f: StatusFacts) -> str:
    return RatePress(f.number, f.item_key).pack()


def visit_notice(f: StatusFacts, visit: VisitNotice, name: str, t: Translate) -> Reply:
    """A joint visit's one time, told once every department confirmed; the applicant may ask for another."""
    lang = f.locale
    place = visit.place or t(lang, "visit.place_unknown")
    kind = t(lang, f"visit.kind.{visit.kind}")
    text = t(lang, "visit.push.fixed", number=f.number, name=name, visit=kind, at=visit.at, place=place)
    press = VisitChange(f.number, visit.kind).pack()
    change = anywhere(t(lang, "visit.push.change_button"), GlobalAction.VISIT_CHANGE, press)
    facts = tuple((k, v) for k, v in (("number", f.number), ("name", name), ("status", kind), ("time", visit.at)))
    return Reply(text, (change, anywhere(t(lang, "menu.status"), GlobalAction.STATUS)), facts=facts)
