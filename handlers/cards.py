"""What staff see: the case card in a department's group chat, with personal data masked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

from handlers.catalog import Catalog
from handlers.catalog.schema import Scenario
from handlers.context import Translate
from handlers.events import Button, Reply
from handlers.identity import mask_id, mask_name, mask_phone
from handlers.lifecycle import STAFF_ACTIONS, StaffAction
from handlers.parts import parts_summary
from handlers.visits import VisitFacts, VisitKind, VisitPress, VisitStatus, VisitVerb

#: Staff work in Chinese; cards are not translated per reader.
STAFF_LOCALE = "zh_CN"
#: Answers shown on the card, in this order, when the scenario has them.
SHOWN_ON_CARD = ("applicant_name", "applicant_id", "company_name", "uscc", "legal_rep_name", "legal_rep_id", "phone")


@dataclass(frozen=True)
class CardItem:
    id: int
    key: str
    status: str
    due: dt.date | None
    note: str
    #: The name of the member the item is assigned to ("": nobody yet).
    assignee: str = ""


@dataclass(frozen=True)
class CardFacts:
    """Everything a card shows, read from the database by the caller."""

    card_id: int
    version: int
    number: str
    scenario_id: str
    department: str
    answers: dict[str, Any]
    items: list[CardItem]
    materials: dict[str, int]
    changes: dict[str, Any]
    link: str
    #: The due dates were counted past the holidays known (weekends only).
    due_provisional: bool = False
    #: 帮办代办: "unlinked" until the resident links their chat with the case's code, then "linked".
    proxy: str = ""
    #: Documents the resident deferred (稍后补交) and still owes.
    owed: tuple[str, ...] = ()
    #: 容缺受理: owed document -> the date (ISO) the applicant promised to hand it in by.
    promised: dict[str, str] = field(default_factory=dict)
    #: Documents that were owed and arrived with the resident's latest hand-in.
    arrived: tuple[str, ...] = ()
    #: Joint site visits of the case (水电气暖信: one survey, one completion acceptance).
    visits: tuple[VisitFacts, ...] = ()


def masked(scenario: Scenario, key: str, value: Any) -> str:
    kind = next((q.type for q in scenario.fields if q.key == key), "text")
    text = str(value)
    if kind == "id_card":
        return mask_id(text)
    if kind == "phone":
        return mask_phone(text)
    return mask_name(text) if key.endswith("_name") and key != "company_name" else text


def render_card(facts: CardFacts, catalog: Catalog, t: Translate) -> Reply:
    lang = STAFF_LOCALE
    scenario = catalog.scenarios[facts.scenario_id]
    lines = [t(lang, "card.title", number=facts.number, name=scenario.name.get(lang))]
    lines.append(t(lang, "card.department", department=catalog.department_name(facts.department, lang)))
    if facts.proxy:
        lines.append(t(lang, f"card.proxy_{facts.proxy}"))
    for key in SHOWN_ON_CARD:
        if facts.answers.get(key) not in (None, ""):
            label = next(q.label.get(lang) for q in scenario.fields if q.key == key)
            lines.append(f"{label}：{masked(scenario, key, facts.answers[key])}")
    if facts.items:
        lines.append(t(lang, "card.items"))
    elif facts.visits:
        lines.append(t(lang, "card.lead_only"))
    for item in facts.items:
        lines.append(_item_line(scenario, item, t, facts.due_provisional))
    lines += [line for visit in facts.visits for line in visit_lines(visit, catalog, t)]
    if scenario.untold_items:
        lines.append(t(lang, "card.untold", count=scenario.untold_items))
    if facts.materials:
        given = "、".join(
            scenario.material(k).name.get(lang) + parts_summary(scenario.material(k), n, lang, t)
            for k, n in facts.materials.items()
        )
        lines.append(t(lang, "card.materials", materials=given))
    if facts.owed:
        lines.append(t(lang, "card.owed", materials=_names(scenario, facts.owed)))
    for key, due in facts.promised.items():
        lines.append(t(lang, "card.promised", material=scenario.material(key).name.get(lang), due=due))
    if facts.arrived:
        lines.append(t(lang, "card.arrived", materials=_names(scenario, facts.arrived)))
    if facts.changes:
        changed = _changes(scenario, facts.changes) or t(lang, "card.nothing_changed")
        lines.append(t(lang, "card.changed", changes=changed))
    lines.append(t(lang, "card.link", link=facts.link))
    return Reply("\n".join(lines), _buttons(scenario, facts, t))


def visit_lines(visit: VisitFacts, catalog: Catalog, t: Translate, lang: str = STAFF_LOCALE) -> list[str]:
    """A joint visit as staff read it: its state, time and place, who has confirmed, who cannot come."""
    a = visit.appointment

    def names(departments: tuple[str, ...] | list[str]) -> str:
        return "、".join(catalog.department_name(d, lang) for d in departments)

    params = {
        "visit": t(lang, f"visit.kind.{a.kind}"),
        "lead": catalog.department_name(a.lead, lang),
        "at": f"{a.at:%Y-%m-%d %H:%M}" if a.at else "",
        "place": visit.place or t(lang, "visit.place_unknown"),
    }
    lines = [t(lang, f"visit.card.{a.status}", **params)]
    if a.status == VisitStatus.PROPOSED:
        if a.confirmed:
            lines.append(t(lang, "visit.card.confirmed", departments=names(a.confirmed)))
        if visit.waiting_for:
            lines.append(t(lang, "visit.card.waiting", departments=names(visit.waiting_for)))
        for department, why in a.declined.items():
            lines.append(t(lang, "visit.card.declined", department=names([department]), reason=why))
    if a.status == VisitStatus.CHANGE_ASKED:
        lines.append(t(lang, "visit.card.wish", wish=a.change_asked))
    return lines


def visit_buttons(facts: CardFacts, t: Translate) -> list[Button]:
    """The lead proposes (again); a department still to confirm confirms or says it cannot come."""
    buttons = []
    survey_fixed = any(
        v.appointment.kind == VisitKind.SURVEY and v.appointment.status == VisitStatus.FIXED for v in facts.visits
    )
    for visit in facts.visits:
        a = visit.appointment
        verbs = []
        if facts.department == a.lead and (a.kind == VisitKind.SURVEY or survey_fixed):
            verbs.append(VisitVerb.PROPOSE)
        if facts.department in visit.waiting_for:
            verbs += [VisitVerb.CONFIRM, VisitVerb.DECLINE]
        for verb in verbs:
            label = t(STAFF_LOCALE, f"visit.button.{verb}", visit=t(STAFF_LOCALE, f"visit.kind.{a.kind}"))
            buttons.append(Button(label, VisitPress(facts.card_id, facts.version, a.kind, verb).pack()))
    return buttons


def _item_line(scenario: Scenario, item: CardItem, t: Translate, provisional: bool = False) -> str:
    lang = STAFF_LOCALE
    line = t(
        lang, "card.item", name=scenario.item(item.key).name.get(lang), status=t(lang, f"item.status.{item.status}")
    )
    if item.due:
        due = item.due.isoformat() + (t(lang, "due.provisional") if provisional else "")
        line += t(lang, "card.due", due=due)
    if item.note:
        line += t(lang, "card.note", note=item.note)
    if item.assignee:
        line += t(lang, "card.assignee", name=item.assignee)
    return line


def _changes(scenario: Scenario, changes: dict[str, Any]) -> str:
    names = [scenario.question(k).label.get(STAFF_LOCALE) for k in changes.get("fields", [])]
    names += [scenario.material(k).name.get(STAFF_LOCALE) for k in changes.get("materials", [])]
    return "、".join(names)


def _names(scenario: Scenario, keys: tuple[str, ...]) -> str:
    return "、".join(scenario.material(k).name.get(STAFF_LOCALE) for k in keys)


def _buttons(scenario: Scenario, facts: CardFacts, t: Translate) -> tuple[Button, ...]:
    several = len(facts.items) > 1
    buttons = []
    for item in facts.items:
        for action, (sources, _) in STAFF_ACTIONS.items():
            if item.status in sources:
                label = t(STAFF_LOCALE, f"card.action.{action}")
                if several:
                    label = f"{label}·{scenario.item(item.key).name.get(STAFF_LOCALE)[:8]}"
                buttons.append(Button(label, CardPress(facts.card_id, facts.version, action, item.id).pack()))
    return tuple(buttons + visit_buttons(facts, t))


@dataclass(frozen=True)
class CardPress:
    """A button on a staff card, as it travels through a chat platform: ``card:<id>:<version>:<action>:<item>``.

    The version makes a press on an outdated card detectable; ``unpack`` takes anything a
    platform hands back and answers None for what is not a card button, never raising.
    """

    card_id: int
    version: int
    action: StaffAction
    item_id: int

    PREFIX: ClassVar[str] = "card"

    def pack(self) -> str:
        return f"{self.PREFIX}:{self.card_id}:{self.version}:{self.action}:{self.item_id}"

    @classmethod
    def unpack(cls, data: str) -> CardPress | None:
        parts = data.split(":")
        if len(parts) != 5 or parts[0] != cls.PREFIX or parts[3] not in set(StaffAction):
            return None
        try:
            return cls(int(parts[1]), int(parts[2]), StaffAction(parts[3]), int(parts[4]))
        except ValueError:
            return None


def refusal_text(key: str, params: dict[str, Any], catalog: Catalog, t: Translate) -> str:
    """A refused staff action as staff read it: item states and departments by name."""
    shown = dict(params)
    if "status" in shown:
        shown["status"] = t(STAFF_LOCALE, f"item.status.{shown['status']}")
    if "department" in shown:
        shown["department"] = catalog.department_name(shown["department"], STAFF_LOCALE)
    return t(STAFF_LOCALE, key, **shown)
