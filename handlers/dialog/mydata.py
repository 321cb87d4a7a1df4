"""The person's say over their personal information: consent given or refused at the privacy notice, and
/mydata to see what the draft holds and delete it on confirm (the notice itself: ``privacy``)."""

from __future__ import annotations

from handlers.buttons import Forget, GlobalAction
from handlers.cards import masked
from handlers.dialog.moving import prompt
from handlers.dialog.turn import Turn
from handlers.events import Reply
from handlers.review import shown_value


async def decide(turn: Turn, choice: str) -> None:
    scenario = turn.scenario
    assert scenario is not None
    if choice == "yes":
        turn.conv.privacy = {"consented_at": turn.ctx.now().isoformat(), "scenario": scenario.id}
        turn.say("privacy.thanks")
        await prompt(turn)
        return
    turn.conv.leave()
    turn.say("privacy.declined", name=scenario.name.get(turn.lang))
    await prompt(turn)


async def held(turn: Turn, _: str = "") -> None:
    """/mydata: what this chat holds for the errand under way, with a button to delete it."""
    scenario, conv = turn.scenario, turn.conv
    if scenario is None:
        turn.say("mydata.none", turn.button("button.menu", GlobalAction.MENU))
        return
    lang = turn.lang
    lines = [turn.t("mydata.title", name=scenario.name.get(lang))]
    for q in scenario.fields:
        if conv.answers.get(q.key) not in (None, ""):
            shown = shown_value(q, conv.answers[q.key], lang, turn.ctx.t)  # an option's label, 是/否, a unit
            lines.append(f"• {q.label.get(lang)}：{masked(scenario, q.key, shown)}")
    for key, files in conv.materials.items():
        if files:
            lines.append(f"• {scenario.material(key).name.get(lang)}：{turn.t('mydata.files', count=len(files))}")
    if len(lines) == 1:
        lines.append(turn.t("mydata.empty"))
    if conv.privacy:
        lines.append(turn.t("mydata.consented", at=conv.privacy["consented_at"][:16].replace("T", " ")))
    lines.append(turn.t("mydata.kept", days=turn.ctx.retention_days))
    buttons = (
        turn.button("mydata.delete", GlobalAction.FORGET, Forget(conv.draft_id).pack()),
        turn.button("mydata.keep", GlobalAction.RESUME),
    )
    turn.send(Reply("\n".join(lines), buttons))


async def forget(turn: Turn, argument: str) -> None:
    """Delete on confirm (a ``Forget``): the first tap asks, the second (carrying the same draft) deletes."""
    scenario, conv, press = turn.scenario, turn.conv, Forget.unpack(argument)
    if scenario is None or press is None or press.draft_id != conv.draft_id:
        turn.say("mydata.gone")
        await prompt(turn)
        return
    if not press.confirmed:
        yes = turn.button("mydata.delete_yes", GlobalAction.FORGET, Forget(conv.draft_id, confirmed=True).pack())
        turn.say(
            "mydata.confirm", yes, turn.button("mydata.keep", GlobalAction.RESUME), name=scenario.name.get(turn.lang)
        )
        return
    conv.leave()
    turn.say("mydata.deleted", name=scenario.name.get(turn.lang))
    await prompt(turn)
