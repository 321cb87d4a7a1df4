"""The message for each step: what is asked, with its buttons."""

from __future__ import annotations

from handlers import parts, plan
from handlers.buttons import GlobalAction, StepAction, anywhere, here
from handlers.catalog.registries import Limit
from handlers.catalog.schema import Item, Material, Question, Scenario
from handlers.context import EarlierMaterial, EngineContext, Translate
from handlers.conversation import Conversation
from handlers.events import Button, Reply


def menu(conv: Conversation, ctx: EngineContext) -> Reply:
    lang = conv.locale
    buttons = []
    if conv.scenario and (draft := ctx.catalog.get(conv.scenario)):  # the paused errand comes first
        buttons.append(anywhere(ctx.t(lang, "menu.resume", name=draft.name.get(lang)), GlobalAction.RESUME))
        buttons.append(anywhere(ctx.t(lang, "menu.mydata"), GlobalAction.MYDATA))
    buttons += [anywhere(s.name.get(lang), GlobalAction.SCENARIO, s.id) for s in ctx.catalog.popular()]
    buttons += [
        anywhere(ctx.t(lang, "menu.all"), GlobalAction.ALL),
        anywhere(ctx.t(lang, "menu.status"), GlobalAction.STATUS),
        anywhere(ctx.t(lang, "disclosure.menu"), GlobalAction.DISCLOSURE),
        anywhere(ctx.t(lang, "requests.message.menu"), GlobalAction.MESSAGE),
    ]
    switch = "off" if conv.elder else "on"
    buttons.append(anywhere(ctx.t(lang, f"elder.menu_{switch}"), GlobalAction.ELDER, switch))
    text = ctx.t(lang, "menu.welcome", count=len(ctx.catalog))
    if not conv.asked_elder:  # first contact: offer read-aloud once
        conv.asked_elder = True
        text += "\n" + ctx.t(lang, "elder.ask")
    return Reply(text, tuple(buttons))


def all_scenarios(conv: Conversation, ctx: EngineContext) -> Reply:
    lang = conv.locale
    buttons = tuple(anywhere(s.name.get(lang), GlobalAction.SCENARIO, s.id) for s in ctx.catalog)
    return Reply(ctx.t(lang, "menu.all_intro", count=len(ctx.catalog)), buttons)


def notice(scenario: Scenario, conv: Conversation, ctx: EngineContext) -> Reply:
    """一次告知: everything that may be needed, told once before anything is asked."""
    lang, t = conv.locale, ctx.t
    lines = [t(lang, "notice.title", name=scenario.name.get(lang)), scenario.description.get(lang), ""]
    applied_for = [i for i in scenario.items if not i.internal]
    lines.append(t(lang, "notice.items", count=len(applied_for)))
    for n, item in enumerate(applied_for, start=1):
        dept = ctx.catalog.department_name(item.department, lang)
        note = t(lang, "notice.note", note=item.condition_note.get(lang)) if item.condition_note else ""
        lines.append(f"{n}. {item.name.get(lang)} · {dept}{note}")
    if scenario.untold_items:
        lines.append(t(lang, "notice.untold", count=scenario.untold_items))
    if internal := [i.name.get(lang) for i in scenario.items if i.internal]:
        lines.append(t(lang, "notice.internal", items="、".join(internal)))
    lines += ["", t(lang, "notice.materials")]
    for material in scenario.materials:
        flag = "" if material.required else t(lang, "notice.optional")
        lines.append(f"• {material.name.get(lang)}{flag}")
    lines += ["", *_plan_a_visit(scenario, applied_for, conv, ctx)]
    steps = len(plan.countable_steps(scenario, conv))
    promise = promise_text(ctx.catalog.promise(scenario), lang, t)
    lines += ["", t(lang, "notice.questions", count=steps, promise=promise)]
    buttons = (
        here(conv, t(lang, "notice.start"), StepAction.START),
        anywhere(t(lang, "button.menu"), GlobalAction.MENU),
    )
    return Reply("\n".join(lines), buttons)


def _plan_a_visit(scenario: Scenario, applied_for: list[Item], conv: Conversation, ctx: EngineContext) -> list[str]:
    """What the notice adds to plan a visit: fees, what is done in person and where, whom to call,
    what happens after approval, and the permits usually needed outside the bundle."""
    lang, t, catalog = conv.locale, ctx.t, ctx.catalog
    fees = [catalog.fee(scenario, item.key) for item in applied_for]
    if all(fee is not None and fee.free for fee in fees):
        lines = [t(lang, "notice.fees_none")]
    else:
        lines = [t(lang, "notice.fees")]
        for item, fee in zip(applied_for, fees, strict=True):
            if fee is None:
                said = t(lang, "notice.fee_to_confirm")
            elif fee.free:
                said = t(lang, "notice.fee_free")
            else:
                said = fee.amount.get(lang) if fee.amount else t(lang, "notice.fee_to_confirm")
            lines.append(f"• {item.name.get(lang)}：{said}")
    hall = ctx.hall
    what = scenario.in_person.get(lang) if scenario.in_person else t(lang, "notice.in_person_default")
    confirm = t(lang, "notice.to_confirm") if hall.to_confirm else ""
    lines.append(t(lang, "notice.in_person", what=what, address=hall.address, hours=hall.hours, confirm=confirm))
    lead = catalog.department_name(scenario.lead_departments[0], lang)
    lines.append(t(lang, "notice.phone", department=lead, phone=catalog.lead_phone(scenario)))
    if scenario.after_approval:
        lines.append(t(lang, "notice.after", text=scenario.after_approval.get(lang)))
    if scenario.related:
        lines.append(t(lang, "notice.related", items="；".join(r.get(lang) for r in scenario.related)))
    return lines


def items(scenario: Scenario, conv: Conversation, ctx: EngineContext) -> Reply:
    lang = conv.locale
    chosen = plan.chosen_items(scenario, conv)
    buttons = [
        here(conv, ("☑ " if i.key in chosen else "☐ ") + i.name.get(lang), StepAction.TOGGLE, i.key)
        for i in scenario.items
        if not i.internal
    ]
    buttons.append(here(conv, ctx.t(lang, "items.done"), StepAction.ITEMS_DONE))
    return Reply(ctx.t(lang, "items.prompt"), tuple(buttons))


def question(q: Question, conv: Conversation, ctx: EngineContext) -> Reply:
    lang, t = conv.locale, ctx.t
    text = [_progress(conv, ctx), q.label.get(lang)]
    if q.hint:
        text.append(q.hint.get(lang))
    if q.type not in ("choice", "yesno") and (hint := _type_hint(q, lang, ctx)):
        text.append(hint)
    buttons = []
    if q.type == "choice":
        buttons = [here(conv, o.label.get(lang), StepAction.ANSWER, str(n)) for n, o in enumerate(q.options, 1)]
    elif q.type == "yesno":
        buttons = [
            here(conv, t(lang, "answer.yes"), StepAction.ANSWER, "1"),
            here(conv, t(lang, "answer.no"), StepAction.ANSWER, "2"),
        ]
    if not q.required:
        buttons.append(here(conv, t(lang, "button.skip"), StepAction.SKIP))
    return Reply("\n".join(p for p in text if p), tuple(buttons))


def _type_hint(q: Question, lang: str, ctx: EngineContext) -> str:
    hint = ctx.t(lang, f"hint.{q.type}")
    if q.type == "number" and q.unit:
        hint = ctx.t(lang, "hint.number_unit", unit=q.unit.get(lang))
    return hint


def _progress(conv: Conversation, ctx: EngineContext) -> str:
    scenario = ctx.catalog.get(conv.scenario or "")
    if scenario is None:
        return ""
    place = plan.progress(scenario, conv)
    return ctx.t(conv.locale, "progress", at=place[0], of=place[1]) if place else ""


def material(m: Material, conv: Conversation, ctx: EngineContext, earlier: EarlierMaterial | None) -> Reply:
    lang, t = conv.locale, ctx.t
    kinds = "、".join(t(lang, f"kind.{k}") for k in m.accept)
    text = [_progress(conv, ctx), t(lang, "material.prompt", name=m.name.get(lang))]
    if m.hint:
        text.append(m.hint.get(lang))
    text.append(t(lang, "material.limits", kinds=kinds, mb=_mb(m.max_mb)))
    text.append(_parts_hint(m, conv, ctx))
    buttons = list(_parts_buttons(m, conv, ctx))
    if earlier:
        buttons.append(here(conv, earlier_label(m, earlier, conv, ctx), StepAction.REUSE))
    if not m.required:
        buttons.append(here(conv, t(lang, "material.later"), StepAction.LATER))
    elif m.promise_days:
        buttons.append(here(conv, t(lang, "undertaking.button"), StepAction.PROMISE))
    return Reply("\n".join(p for p in text if p), tuple(buttons))


def _parts_hint(m: Material, conv: Conversation, ctx: EngineContext) -> str:
    """How to send a document in parts, and what has come so far."""
    lang, so_far = conv.locale, len(conv.partial.get(m.key, []))
    if m.sides == 2:
        return ctx.t(lang, "part.ask_back" if so_far else "part.ask_front")
    if so_far:
        return ctx.t(lang, "part.so_far", count=so_far, most=parts.MAX_PAGES)
    if parts.photo_pages_only(m):
        return ctx.t(lang, "part.pdf_from_photos", most=parts.MAX_PAGES)
    return ctx.t(lang, "part.ask_pages", most=parts.MAX_PAGES) if m.pages == "many" else ""


def _parts_buttons(m: Material, conv: Conversation, ctx: EngineContext) -> tuple[Button, ...]:
    if m.sides == 2 or not conv.partial.get(m.key):
        return ()
    return (here(conv, ctx.t(conv.locale, "part.pages_done"), StepAction.PAGES_DONE),)


def earlier_label(m: Material, earlier: EarlierMaterial, conv: Conversation, ctx: EngineContext) -> str:
    """上次交过的身份证（11-30 居民充电桩报装）: what and when, never a bare case number."""
    lang = conv.locale
    errand = ctx.catalog.get(earlier.scenario_id)
    if earlier.filed is None or errand is None:
        return ctx.t(lang, "material.reuse", case=earlier.case_number)
    date = f"{earlier.filed:%m-%d}" if earlier.filed.year == ctx.now().year else earlier.filed.isoformat()
    return ctx.t(lang, "material.reuse_label", name=m.name.get(lang), date=date, errand=errand.name.get(lang))


def _mb(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def promise_text(promise: Limit | None, lang: str, t: Translate) -> str:
    """The promise a resident reads: a sourced limit in its unit, said as the legal maximum or as a
    commitment, else that each department keeps its own and the date comes with the acceptance
    (never an unsourced number)."""
    if promise is None:
        return t(lang, "promise.unknown")
    return t(lang, f"promise.{promise.basis}_{promise.unit}", days=promise.days)
