"""The review page, the change list and the receipt."""

from __future__ import annotations

from typing import Any

from handlers import plan
from handlers.buttons import GlobalAction, StepAction, anywhere, here
from handlers.catalog.schema import Material, Question, Scenario
from handlers.context import EngineContext, Translate
from handlers.conversation import Conversation
from handlers.events import Reply
from handlers.parts import part_label
from handlers.prompts import promise_text
from handlers.steps import StepKind, StepRef


def shown_value(q: Question, value: Any, lang: str, t: Translate) -> str:
    if value is None:
        return t(lang, "review.blank")
    if q.type == "choice":
        return next((o.label.get(lang) for o in q.options if o.value == value), str(value))
    if q.type == "yesno":
        return t(lang, "answer.yes" if value else "answer.no")
    if q.type == "number" and q.unit:
        return f"{value} {q.unit.get(lang)}"
    return str(value)


def _material_line(conv: Conversation, material: Material, ctx: EngineContext) -> str:
    files = conv.materials.get(material.key) or []
    if not files and material.key in conv.promises:
        return ctx.t(conv.locale, "review.promised", due=conv.promises[material.key])
    if not files:
        return ctx.t(conv.locale, "review.later")
    names = "、".join(_with_part(material, i, files, ctx, conv.locale) for i in range(len(files)))
    return ctx.t(conv.locale, "review.files", count=len(files), names=names)


def _with_part(material: Material, index: int, files: list[dict[str, Any]], ctx: EngineContext, lang: str) -> str:
    """A file's name, after its side or page where the document has parts (正面：a.jpg)."""
    name = str(files[index].get("name", ""))
    part = part_label(material, index, len(files), lang, ctx.t)
    return ctx.t(lang, "part.named", part=part, name=name) if part else name


def summary_lines(scenario: Scenario, conv: Conversation, ctx: EngineContext) -> list[str]:
    lang = conv.locale
    lines = [ctx.t(lang, "review.items")]
    for key in plan.applicable_items(scenario, conv):
        item = scenario.item(key)
        lines.append(f"• {item.name.get(lang)} · {ctx.catalog.department_name(item.department, lang)}")
    lines += ["", ctx.t(lang, "review.answers")]
    for q in plan.applicable_questions(scenario, conv):
        value = shown_value(q, conv.answers.get(q.key), lang, ctx.t)
        lines.append(ctx.t(lang, "review.line", label=q.label.get(lang), value=value))
    lines += ["", ctx.t(lang, "review.materials")]
    for m in plan.applicable_materials(scenario, conv):
        lines.append(ctx.t(lang, "review.line", label=m.name.get(lang), value=_material_line(conv, m, ctx)))
    return lines


def review(scenario: Scenario, conv: Conversation, ctx: EngineContext) -> Reply:
    lang, t = conv.locale, ctx.t
    if not plan.applicable_items(scenario, conv):
        nothing = (
            here(conv, t(lang, "review.change"), StepAction.CHANGE),
            anywhere(t(lang, "button.menu"), GlobalAction.CANCEL_YES),
        )
        return Reply(t(lang, "review.nothing_applies", name=scenario.name.get(lang)), nothing)
    lines = [t(lang, "review.title", name=scenario.name.get(lang)), "", *summary_lines(scenario, conv, ctx)]
    lines += ["", t(lang, "review.confirm_hint")]
    buttons = (
        here(conv, t(lang, "review.submit"), StepAction.SUBMIT),
        here(conv, t(lang, "review.change"), StepAction.CHANGE),
        anywhere(t(lang, "button.cancel"), GlobalAction.CANCEL),
    )
    return Reply("\n".join(lines), buttons)


def change_menu(scenario: Scenario, conv: Conversation, ctx: EngineContext) -> Reply:
    lang = conv.locale
    buttons = [
        here(conv, q.label.get(lang), StepAction.EDIT, str(StepRef(StepKind.FIELD, q.key)))
        for q in plan.applicable_questions(scenario, conv)
    ]
    buttons += [
        here(conv, m.name.get(lang), StepAction.EDIT, str(StepRef(StepKind.MATERIAL, m.key)))
        for m in plan.applicable_materials(scenario, conv)
    ]
    if scenario.selection == "a_la_carte":
        buttons.insert(0, here(conv, ctx.t(lang, "change.items"), StepAction.EDIT, str(StepRef(StepKind.ITEMS))))
    buttons.append(here(conv, ctx.t(lang, "change.back"), StepAction.REVIEW))
    return Reply(ctx.t(lang, "change.prompt"), tuple(buttons))


def receipt(scenario: Scenario, conv: Conversation, number: str, ctx: EngineContext) -> Reply:
    lang, t = conv.locale, ctx.t
    lines = [
        t(lang, "receipt.title", number=number),
        t(lang, "receipt.scenario", name=scenario.name.get(lang)),
    ]
    lines += [t(lang, "receipt.items")]
    filed = plan.applicable_items(scenario, conv)
    for key in filed:
        item = scenario.item(key)
        lines.append(f"• {item.name.get(lang)} · {ctx.catalog.department_name(item.department, lang)}")
    lines += ["", t(lang, "receipt.next", promise=promise_text(ctx.catalog.promise(scenario, list(filed)), lang, t))]
    buttons = (
        anywhere(t(lang, "menu.status"), GlobalAction.STATUS),
        anywhere(t(lang, "button.menu"), GlobalAction.MENU),
    )
    return Reply("\n".join(lines), buttons, speech=t(lang, "receipt.speech", number=" ".join(number)))
