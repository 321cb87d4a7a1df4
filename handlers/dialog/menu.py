"""The menu and what works from anywhere: choosing an errand, language, status, help, cancel."""

from __future__ import annotations

from handlers import prompts
from handlers.buttons import GlobalAction, anywhere
from handlers.dialog import cases
from handlers.dialog.moving import prompt, stale
from handlers.dialog.turn import Turn
from handlers.events import Reply
from handlers.steps import StepKind

LANGUAGES = ("zh_CN", "en")


async def to_menu(turn: Turn, _: str = "") -> None:
    if turn.scenario:  # an errand under way stays saved; say so before the menu
        turn.say("menu.paused", name=turn.scenario.name.get(turn.lang))
    _leave_form(turn)
    turn.send(prompts.menu(turn.conv, turn.ctx))


def _leave_form(turn: Turn) -> None:
    """A form outside any errand (依申请公开, 留言) is left for the menu, so what is typed next is searched."""
    if turn.scenario is None and turn.conv.at.kind in (StepKind.DISCLOSURE, StepKind.MESSAGE):
        turn.conv.leave()


async def all_scenarios(turn: Turn, _: str) -> None:
    turn.send(prompts.all_scenarios(turn.conv, turn.ctx))


async def resume(turn: Turn, _: str = "") -> None:
    await prompt(turn)


async def choose(turn: Turn, scenario_id: str) -> None:
    await _choose(turn, scenario_id, confirmed=False)


async def switch(turn: Turn, scenario_id: str) -> None:
    await _choose(turn, scenario_id, confirmed=True)


async def _choose(turn: Turn, scenario_id: str, confirmed: bool) -> None:
    chosen, current = turn.ctx.catalog.get(scenario_id), turn.scenario
    if chosen is None:
        await stale(turn, GlobalAction.SCENARIO)
        return
    if current and current.id != chosen.id and not confirmed:
        lang = turn.lang
        turn.say(
            "switch.confirm",
            turn.button("switch.keep", GlobalAction.RESUME, name=current.name.get(lang)),
            turn.button("switch.go", GlobalAction.SWITCH, chosen.id, name=chosen.name.get(lang)),
            current=current.name.get(lang),
        )
        return
    if current is None or current.id != chosen.id:
        turn.conv.start(chosen.id)
    await prompt(turn)


async def ask_cancel(turn: Turn, _: str = "") -> None:
    scenario = turn.scenario
    if scenario is None:
        _leave_form(turn)
        turn.send(prompts.menu(turn.conv, turn.ctx))
        return
    turn.say(
        "cancel.confirm",
        turn.button("cancel.yes", GlobalAction.CANCEL_YES),
        turn.button("cancel.no", GlobalAction.RESUME),
        name=scenario.name.get(turn.lang),
    )


async def cancel(turn: Turn, _: str) -> None:
    turn.conv.leave()
    turn.say("cancel.done")
    await prompt(turn)


async def language(turn: Turn, code: str) -> None:
    if code in LANGUAGES:
        turn.conv.locale = code
        turn.say("lang.set")
        await prompt(turn)
        return
    # Each language named in itself, so the button is found by whoever cannot read the other.
    turn.say("lang.choose", anywhere("中文", GlobalAction.LANG, "zh_CN"), anywhere("English", GlobalAction.LANG, "en"))


async def status(turn: Turn) -> None:
    await cases.listing(turn)


async def status_then_resume(turn: Turn, _: str = "") -> None:
    await status(turn)
    await prompt(turn, resume=True)


async def help_then_resume(turn: Turn, _: str = "") -> None:
    turn.send(Reply(turn.t("help.text") + "\n" + turn.t("help.privacy")))  # one message: /help is read as one
    await prompt(turn, resume=True)
