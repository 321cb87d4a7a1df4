"""Personal information, told and asked for before it is collected, and a draft a person can see and delete.

《个人信息保护法》第十七条: tell who handles what, for what and how long; 第二十八、二十九条: ID numbers and
document photos are sensitive personal information and need a separate consent. The notice comes at the first
personal question of each errand (its departments differ); declining ends the errand with where to go instead.
"""

from __future__ import annotations

from handlers import plan
from handlers.buttons import StepAction, here
from handlers.dialog.turn import Turn
from handlers.events import Reply
from handlers.steps import StepKind

#: Steps that ask for or show personal information.
PERSONAL = (StepKind.FIELD, StepKind.MATERIAL, StepKind.REVIEW, StepKind.CHANGE)


def pending(turn: Turn) -> bool:
    """Whether the errand is at a personal step without the person's consent yet.

    帮办代办 records the resident's consent at its start; a supplement belongs to a case filed with consent.
    """
    conv = turn.conv
    if not conv.scenario or conv.privacy or conv.proxy or conv.supplement:
        return False
    return conv.at.kind in PERSONAL


def notice(turn: Turn) -> Reply:
    scenario = turn.scenario
    assert scenario is not None
    lang, catalog = turn.lang, turn.ctx.catalog
    keys = dict.fromkeys(scenario.item(k).department for k in plan.applicable_items(scenario, turn.conv))
    departments = turn.t("privacy.and").join(catalog.department_name(k, lang) for k in keys)
    text = turn.t("privacy.notice", name=scenario.name.get(lang), departments=departments, days=turn.ctx.retention_days)
    buttons = (
        here(turn.conv, turn.t("privacy.agree"), StepAction.PRIVACY, "yes"),
        here(turn.conv, turn.t("privacy.decline"), StepAction.PRIVACY, "no"),
    )
    return Reply(text, buttons)
