"""Replies for search results and policy answers: grouped by kind, best first."""

from __future__ import annotations

from handlers.buttons import GlobalAction, anywhere
from handlers.context import EngineContext
from handlers.conversation import Conversation
from handlers.events import Button, Reply
from handlers.search.policies import PolicyPassage
from handlers.search.searcher import Hit, Results


def hit_button(hit: Hit, lang: str) -> Button:
    action = GlobalAction.SCENARIO if hit.kind == "scenario" else GlobalAction.POLICY
    return anywhere(hit.title.get(lang), action, hit.id)


def results(found: Results, conv: Conversation, ctx: EngineContext) -> list[Reply]:
    """办事场景 first (the best one a tap away), then 政策解读 with where each answer comes from."""
    lang, t = conv.locale, ctx.t
    groups: list[tuple[str, list[Button]]] = []
    if not found.found:
        buttons = [hit_button(hit, lang) for hit in found.suggestions]
        groups.append(
            (t(lang, "search.suggest", query=found.query), [*buttons, anywhere(t(lang, "menu.all"), GlobalAction.ALL)])
        )
    if found.scenarios:
        text = t(lang, "search.scenarios", count=len(found.scenarios))
        groups.append((text, [hit_button(h, lang) for h in found.scenarios]))
    if found.policies:
        lines = [t(lang, "search.policies", count=len(found.policies))]
        lines += [f"{n}. {h.title.get(lang)} · {h.source}" for n, h in enumerate(found.policies, start=1)]
        groups.append(("\n".join(lines), [hit_button(h, lang) for h in found.policies]))
    if found.reading.changed:  # say how the query was read, once, above the first group
        first, buttons = groups[0]
        groups[0] = (t(lang, "search.understood", text=found.reading.corrected) + "\n" + first, buttons)
    return [Reply(text, tuple(buttons)) for text, buttons in groups]


def passage(policy: PolicyPassage, conv: Conversation, ctx: EngineContext) -> Reply:
    """One policy answer, citing its document and section, with the scenarios it leads to."""
    lang, t = conv.locale, ctx.t
    p = policy.passage
    text = "\n".join(
        [f"【{p.title.get(lang)}】", p.answer.get(lang), t(lang, "policy.source", source=policy.cite(lang))]
    )
    buttons = [
        anywhere(s.name.get(lang), GlobalAction.SCENARIO, s.id)
        for key in p.scenarios[:3]
        if (s := ctx.catalog.get(key))
    ]
    if conv.scenario:
        buttons.append(anywhere(t(lang, "policy.carry_on"), GlobalAction.RESUME))
    else:
        buttons.append(anywhere(t(lang, "button.menu"), GlobalAction.MENU))
    return Reply(text, tuple(buttons), speech=f"{p.title.get(lang)}。{p.answer.get(lang)}")
