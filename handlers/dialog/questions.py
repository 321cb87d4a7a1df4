"""Search at the menu, and questions asked mid-errand, answered without losing the place."""

from __future__ import annotations

from handlers import plan, prompts
from handlers.buttons import GlobalAction
from handlers.dialog import menu
from handlers.dialog.moving import prompt, stale
from handlers.dialog.turn import Turn
from handlers.events import Reply
from handlers.remedy import contact
from handlers.search import replies


async def search(turn: Turn, text: str) -> None:
    if not text:
        turn.say("invalid.empty")
        turn.send(prompts.menu(turn.conv, turn.ctx))
        return
    found = turn.ctx.find(text, turn.lang)
    for reply in replies.results(found, turn.conv, turn.ctx):
        turn.send(reply)
    turn.conv.misses = 0 if found.found else turn.conv.misses + 1
    if turn.conv.misses >= 2:  # not understood twice in a row: a person can take it as a 留言
        turn.say("requests.message.offer", turn.button("requests.message.menu", GlobalAction.MESSAGE))


async def answer_question(turn: Turn, text: str) -> bool:
    """A question asked mid-scenario: answered from the policies, then back to the same step."""
    found = turn.ctx.find(text, turn.lang)
    policy = turn.ctx.find.passage(found.policies[0].id) if found.policies else None
    others = [h for h in found.scenarios if h.id != turn.conv.scenario]
    if policy and (not others or found.policies[0].score >= others[0].score):
        turn.send(replies.passage(policy, turn.conv, turn.ctx))
    elif others:
        buttons = [replies.hit_button(h, turn.lang) for h in others[:3]]
        turn.say("search.elsewhere", *buttons, turn.button("policy.carry_on", GlobalAction.RESUME))
    else:
        return False
    await prompt(turn, resume=True)
    return True


async def show_policy(turn: Turn, passage_id: str) -> None:
    policy = turn.ctx.find.passage(passage_id)
    if policy is None:
        await stale(turn, GlobalAction.POLICY)
        return
    turn.send(replies.passage(policy, turn.conv, turn.ctx))


async def interruption(turn: Turn, intent: str) -> None:
    """ "What do I need?", "how long?", "where is my case?" asked mid-errand."""
    scenario = turn.scenario
    assert scenario is not None
    name = scenario.name.get(turn.lang)
    if intent == "status":
        await menu.status(turn)
    elif intent == "duration":
        promise = turn.ctx.catalog.promise(scenario)
        turn.say("ask.duration", name=name, promise=prompts.promise_text(promise, turn.lang, turn.ctx.t))
    else:
        lines = [turn.t("ask.materials", name=name)]
        for m in plan.applicable_materials(scenario, turn.conv):
            given = "ask.given" if turn.conv.materials.get(m.key) else "ask.missing"
            lines.append(f"• {m.name.get(turn.lang)} ({turn.t(given)})")
        turn.send(Reply("\n".join(lines)))
    await prompt(turn, resume=True)


async def outside(turn: Turn, topic: str) -> None:
    """A request no errand here serves: say so, say what this service does, and where to go instead."""
    catalog, lang = turn.ctx.catalog, turn.lang
    remedy = catalog.remedy
    lines = [turn.t(f"outside.{topic}", hotline=remedy.hotline if remedy else "12345")]
    if topic == "appeal" and remedy:
        lines.append(turn.t("outside.appeal_body", body=remedy.reconsideration.get(lang)))
    if turn.scenario:  # whom to ask about the errand under way
        lead = turn.scenario.lead_departments[0]
        department = catalog.department_name(lead, lang)
        lines.append(
            turn.t("outside.department", department=department, contact=contact(lead, catalog, lang, turn.ctx.t))
        )
    lines.append(turn.t("outside.can_do", count=len(catalog)))
    if turn.scenario:
        turn.send(Reply("\n".join(lines)))
        await prompt(turn, resume=True)
        return
    if topic != "complaint":  # which already says so
        lines.append(turn.t("requests.message.outside_offer"))
    leave_message = turn.button("requests.message.menu", GlobalAction.MESSAGE)
    buttons = (leave_message, turn.button("menu.all", GlobalAction.ALL), turn.button("button.menu", GlobalAction.MENU))
    turn.send(Reply("\n".join(lines), buttons))
