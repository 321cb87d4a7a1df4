"""Replies for search results and policy answers: grouped by kind, best first."""

from __future__ import annotations

from handlers.buttons import anywhere
from handlers.context import EngineContext
from handlers.conversation import Conversation
from handlers.events import Button, Reply
from handlers.search.policies import PolicyPassage
from handlers.search.searcher import Hit, Results


def _button(hit: Hit, lang: str) -> Button:
    action = "sc" if hit.kind == "scenario" else "pol"
    return anywhere(hit.title.get(lang), f"{action}:{hit.id}")


def results(found: Results, conv: Conversation, ctx: EngineContext) -> list[Reply]:
    """办事场景 first (the best one a tap away), then 政策解读 with where each answer comes from."""
    lang, t = conv.locale, ctx.t
    replies: list[Reply] = []
    intro = t(lang, "search.understood", text=found.reading.corrected) if found.reading.changed else ""
    if not found.found:
        buttons = [_button(hit, lang) for hit in found.suggestions]
        buttons.append(anywhere(t(lang, "menu.all"), "all"))
        text = t(lang, "search.suggest", query=found.query)
        return [Reply(f"{intro}\n{text}" if intro else text, tuple(buttons))]
    if found.scenarios:
        text = t(lang, "search.scenarios", count=len(found.scenarios))
        replies.append(Reply(f"{intro}\n{text}" if intro else text, tuple(_button(h, lang) for h in found.scenarios)))
        intro = ""
    if found.policies:
        lines = [t(lang, "search.policies", count=len(found.policies))]
        for n, hit in enumerate(found.policies, start=1):
            passage = ctx.find.passage(hit.id)
            cite = passage.cite(lang) if passage else hit.source
            lines.append(f"{n}. {hit.title.get(lang)} · {cite}")
        text = "\n".join(lines)
        replies.append(Reply(f"{intro}\n{text}" if intro else text, tuple(_button(h, lang) for h in found.policies)))
    return replies


def passage(policy: PolicyPassage, conv: Conversation, ctx: EngineContext) -> Reply:
    """One policy answer, citing its document and section, with the scenarios it leads to."""
    lang, t = conv.locale, ctx.t
    p = policy.passage
    text = "\n".join(
        [f"【{p.title.get(lang)}】", p.answer.get(lang), t(lang, "policy.source", source=policy.cite(lang))]
    )
    buttons = [anywhere(s.name.get(lang), f"sc:{s.id}") for key in p.scenarios[:3] if (s := ctx.catalog.get(key))]
    if conv.scenario:
        buttons.append(anywhere(t(lang, "policy.carry_on"), "resume"))
    else:
        buttons.append(anywhere(t(lang, "button.menu"), "menu"))
    return Reply(text, tuple(buttons), speech=f"{p.title.get(lang)}。{p.answer.get(lang)}")
