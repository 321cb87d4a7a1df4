"""我的办件: the resident's cases, each opening its own view with what can be done from it."""

from __future__ import annotations

import datetime as dt

from handlers.buttons import GlobalAction, VisitChange, anywhere
from handlers.catalog.schema import Scenario
from handlers.context import CaseView, ItemView
from handlers.dialog.moving import prompt
from handlers.dialog.turn import Turn
from handlers.events import Button, Reply
from handlers.lifecycle import DECIDED, CaseStatus, is_closed
from handlers.ratings import RatePress
from handlers.visits import VisitFacts, VisitStatus

#: The hotline named when a department's contact is not recorded.
HOTLINE = "12345"


async def listing(turn: Turn) -> None:
    """One line and one button per case; the button opens the case."""
    cases = await turn.ctx.repo.cases_of(turn.ctx.user_id)
    if not cases:
        turn.say("status.none")
        return
    lines, buttons = [turn.t("status.title")], []
    for case in cases:
        scenario = turn.ctx.catalog.get(case.scenario_id)
        name = scenario.name.get(turn.lang) if scenario else case.scenario_id
        state = turn.t(f"case.status.{case.status}")
        owes = f" · {turn.t('case.owes')}" if case.owes and not is_closed(case.status) else ""
        lines.append(f"{case.number} · {name} · {state} · {case.created:%Y-%m-%d}{owes}")
        buttons.append(turn.button("case.open", GlobalAction.CASE, case.number, number=case.number))
    turn.send(Reply("\n".join(lines), tuple(buttons)))


async def show(turn: Turn, number: str) -> None:
    """The case view: every item with its department, status, dates and notes, what is owed, and actions."""
    view, scenario = await _find(turn, number)
    if view is None or scenario is None:
        return
    lang = turn.lang
    lines = [
        turn.t("case.view.title", number=view.number, name=scenario.name.get(lang)),
        turn.t("case.view.status", status=turn.t(f"case.status.{view.status}")),
        turn.t("case.view.dates", filed=f"{view.created:%Y-%m-%d}", due=_date(turn, view.due)),
        turn.t("case.view.items"),
    ]
    lines += [_item_lines(turn, scenario, item) for item in view.items]
    owed = _owed(scenario, view, lang)
    if owed:
        lines.append(turn.t("case.view.owed", materials=owed))
    lines += [_visit_line(turn, visit) for visit in view.visits]
    turn.send(Reply("\n".join(lines), _actions(turn, view, bool(owed))))
    await prompt(turn, resume=True)


def _visit_line(turn: Turn, visit: VisitFacts) -> str:
    """A joint visit as the applicant reads it: agreed (when and where), or being agreed."""
    a = visit.appointment
    place = visit.place or turn.t("visit.place_unknown")
    at = f"{a.at:%Y-%m-%d %H:%M}" if a.at else ""
    state = turn.t(f"visit.state.{a.status}", at=at, place=place)
    return turn.t("visit.view", visit=turn.t(f"visit.kind.{a.kind}"), state=state)


def _item_lines(turn: Turn, scenario: Scenario, item: ItemView) -> str:
    lang = turn.lang
    line = turn.t(
        "case.view.item",
        item=scenario.item(item.key).name.get(lang),
        department=turn.ctx.catalog.department_name(item.department, lang),
        status=turn.t(f"item.status.{item.status}"),
        updated=f"{item.updated:%Y-%m-%d}",
        due=_date(turn, item.due),
    )
    return line + ("\n" + turn.t("case.view.note", note=item.note) if item.note else "")


def _owed(scenario: Scenario, view: CaseView, lang: str) -> str:
    """The documents owed, each promised one with its date (容缺受理)."""
    return "、".join(
        m.name.get(lang) + (f"（{view.promised[m.key]}）" if m.key in view.promised else "")
        for m in scenario.materials
        if m.key in view.owed
    )


def _actions(turn: Turn, view: CaseView, owes: bool) -> tuple[Button, ...]:
    buttons = []
    if view.status == CaseStatus.SUPPLEMENT_NEEDED:
        buttons.append(turn.button("push.supplement_button", GlobalAction.SUPPLEMENT, view.number))
    elif owes and not is_closed(view.status):
        buttons.append(turn.button("case.action.hand_in", GlobalAction.HAND_IN, view.number))
    for visit in view.visits:
        if visit.appointment.status in (VisitStatus.PROPOSED, VisitStatus.FIXED) and not is_closed(view.status):
            kind = visit.appointment.kind
            label = f"{turn.t('visit.push.change_button')}·{turn.t(f'visit.kind.{kind}')}"
            buttons.append(anywhere(label, GlobalAction.VISIT_CHANGE, VisitChange(view.number, kind).pack()))
    buttons.append(turn.button("case.action.receipt", GlobalAction.RECEIPT, view.number))
    buttons.append(turn.button("case.action.contact", GlobalAction.CONTACT, view.number))
    if any(item.status in DECIDED for item in view.items):
        buttons.append(turn.button("rating.case_button", GlobalAction.RATE, RatePress(view.number).pack()))
    buttons.append(turn.button("case.action.back", GlobalAction.STATUS))
    return tuple(buttons)


async def receipt(turn: Turn, number: str) -> None:
    """A receipt to keep: case number, items, departments and due dates, and a printable page where one is served."""
    view, scenario = await _find(turn, number)
    if view is None or scenario is None:
        return
    lang = turn.lang
    lines = [turn.t("case.receipt.title"), turn.t("case.view.title", number=view.number, name=scenario.name.get(lang))]
    lines.append(turn.t("case.view.dates", filed=f"{view.created:%Y-%m-%d}", due=_date(turn, view.due)))
    for item in view.items:
        department = turn.ctx.catalog.department_name(item.department, lang)
        name = scenario.item(item.key).name.get(lang)
        lines.append(turn.t("case.receipt.item", item=name, department=department, due=_date(turn, item.due)))
    link = turn.ctx.receipt_link(view.number) if turn.ctx.receipt_link else None
    lines.append(turn.t("case.receipt.link", link=link) if link else turn.t("case.receipt.keep"))
    turn.send(Reply("\n".join(lines), (turn.button("case.action.view", GlobalAction.CASE, view.number),)))
    await prompt(turn, resume=True)


async def contact(turn: Turn, number: str) -> None:
    """Each department of the case and how to reach it; the 12345 hotline where nothing is recorded."""
    view, _ = await _find(turn, number)
    if view is None:
        return
    lang, catalog = turn.lang, turn.ctx.catalog
    lines = [turn.t("case.contact.title", number=view.number)]
    for key in dict.fromkeys(i.department for i in view.items):
        phone = catalog.departments[key].phone
        reach = phone or turn.t("case.contact.hotline", hotline=HOTLINE)
        lines.append(turn.t("case.contact.line", department=catalog.department_name(key, lang), contact=reach))
    turn.send(Reply("\n".join(lines), (turn.button("case.action.view", GlobalAction.CASE, view.number),)))
    await prompt(turn, resume=True)


async def _find(turn: Turn, number: str) -> tuple[CaseView | None, Scenario | None]:
    view = await turn.ctx.repo.case_view(turn.ctx.user_id, number)
    scenario = turn.ctx.catalog.get(view.scenario_id) if view else None
    if view is None or scenario is None:
        turn.say("case.unknown", number=number)
        await prompt(turn, resume=True)
        return None, None
    return view, scenario


def _date(turn: Turn, day: dt.date | None) -> str:
    """A due date, or that the department tells it on accepting (no sourced time limit)."""
    return str(day) if day else turn.t("case.view.due_on_acceptance")
