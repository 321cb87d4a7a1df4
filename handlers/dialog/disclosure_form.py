"""The 依申请公开 form as data: its questions, which apply, and how each is asked and checked.

第二十九条 asks for the applicant's name and identity document, contact, a description of the
information, and the form and way it is wanted; the purpose is the applicant's choice to give.
Typed answers are read by ``handlers.answers`` as in every errand (ID numbers, phones, credit codes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from handlers import disclosure
from handlers.answers import Problem, Unsure, parse_answer
from handlers.buttons import DisclosurePick, GlobalAction, anywhere
from handlers.catalog.schema import Option, Question, Text
from handlers.dialog.turn import Turn
from handlers.events import Reply
from handlers.identity import mask_id, mask_phone
from handlers.steps import StepKind, StepRef

REVIEW = "review"
#: The department option that leaves the choice to the routing department.
UNKNOWN = "unknown"
Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Ask:
    """One question of the form: how it is read, its options, whether it may be skipped, when it applies."""

    key: str
    type: str
    options: tuple[str, ...] = ()
    optional: bool = False
    applies: Callable[[Answers], bool] = lambda answers: True


def _person(answers: Answers) -> bool:
    return answers.get("applicant_type") == "person"


def _org(answers: Answers) -> bool:
    return answers.get("applicant_type") == "org"


FORM = (
    Ask("applicant_type", "choice", ("person", "org")),
    Ask("name", "person_name", applies=_person),
    Ask("org_name", "text", applies=_org),
    Ask("id_card", "id_card", applies=_person),
    Ask("uscc", "uscc", applies=_org),
    Ask("phone", "phone"),
    Ask("description", "description"),
    Ask("purpose", "text", optional=True),
    Ask("form", "choice", ("paper", "electronic")),
    Ask("delivery", "choice", ("post", "email", "pickup", "online")),
    Ask("address", "address", applies=lambda a: a.get("delivery") == "post"),
    Ask("email", "email", applies=lambda a: a.get("delivery") == "email"),
    Ask("department", "department"),
)
_BY_KEY = {ask.key: ask for ask in FORM}
#: Paper is posted or collected; an electronic copy is emailed, shown online or collected on a disc.
_DELIVERY = {"paper": ("post", "pickup"), "electronic": ("email", "online", "pickup")}


def step(key: str) -> str:
    return str(StepRef(StepKind.DISCLOSURE, key))


def next_key(answers: Answers) -> str:
    """The first question that applies and has no answer yet, or the review."""
    return next((a.key for a in FORM if a.applies(answers) and a.key not in answers), REVIEW)


def ask_of(key: str) -> Ask | None:
    return _BY_KEY.get(key)


def options(turn: Turn, ask: Ask) -> tuple[str, ...]:
    if ask.key == "delivery":
        return _DELIVERY.get(str(turn.conv.answers.get("form")), ask.options)
    if ask.type == "department":
        catalog = turn.ctx.catalog
        return (*(k for k, d in catalog.departments.items() if d.administrative), UNKNOWN)
    return ask.options


def option_label(turn: Turn, ask: Ask, value: str, lang: str | None = None) -> str:
    lang = lang or turn.lang
    if ask.type == "department" and value != UNKNOWN:
        return turn.ctx.catalog.department_name(value, lang)
    key = "routing_unknown" if value == UNKNOWN else value
    return turn.ctx.t(lang, f"disclosure.option.{key}")


def shown(turn: Turn) -> Reply | None:
    """The current disclosure step, for ``moving.prompt``; None when not at one."""
    at = turn.conv.at
    if at.kind != StepKind.DISCLOSURE:
        return None
    return review(turn) if at.key == REVIEW else question(turn, at.key)


def question(turn: Turn, key: str) -> Reply:
    """The question at ``key``: its label, hint, and a button per option (or to skip)."""
    ask = _BY_KEY[key]
    text = turn.t(f"disclosure.ask.{key}")
    if key in ("description", "purpose", "department"):
        text += "\n" + turn.t(f"disclosure.hint.{key}", min=disclosure.DESCRIPTION_MIN)
    buttons = [
        anywhere(option_label(turn, ask, v), GlobalAction.DISCLOSURE_PICK, DisclosurePick(key, v).pack())
        for v in options(turn, ask)
    ]
    if ask.optional:
        buttons.append(anywhere(turn.t("disclosure.skip"), GlobalAction.DISCLOSURE_SKIP, key))
    buttons.append(anywhere(turn.t("button.cancel"), GlobalAction.CANCEL_YES))
    return Reply(text, tuple(buttons))


def read(turn: Turn, key: str, text: str, today: dt.date) -> str | Problem:
    """A typed answer to ``key`` as it is kept, or the problem to tell."""
    ask = _BY_KEY[key]
    if ask.type == "description":
        return disclosure.description_problem(text) or text.strip()
    if ask.type == "email":
        return disclosure.email_problem(text) or text.strip()
    choices = options(turn, ask)
    typed_as = "choice" if choices else ask.type
    labels = [
        Option(value=v, label=Text(zh_CN=option_label(turn, ask, v, "zh_CN"), en=option_label(turn, ask, v, "en")))
        for v in choices
    ]
    label = Text(zh_CN=key, en=key)
    value = parse_answer(Question(key=key, type=typed_as, label=label, options=labels), text, today)  # type: ignore[arg-type]
    if isinstance(value, Unsure):  # a near miss among few options: asked again with the buttons
        return Problem("invalid.choice", {"count": len(choices)})
    return value if isinstance(value, Problem) else str(value)


def review(turn: Turn) -> Reply:
    """Everything given, the ID number and phone masked, with submit and start-again buttons."""
    answers = turn.conv.answers
    lines = [turn.t("disclosure.review")]
    for ask in FORM:
        if ask.applies(answers) and answers.get(ask.key):
            lines.append(
                turn.t(
                    "disclosure.line",
                    label=turn.t(f"disclosure.ask.{ask.key}"),
                    value=_value(turn, ask, answers[ask.key]),
                )
            )
    buttons = (
        anywhere(turn.t("disclosure.submit"), GlobalAction.DISCLOSURE_SUBMIT),
        anywhere(turn.t("disclosure.restart"), GlobalAction.DISCLOSURE_SUBMIT, "again"),
        anywhere(turn.t("button.cancel"), GlobalAction.CANCEL_YES),
    )
    return Reply("\n".join(lines), buttons)


def _value(turn: Turn, ask: Ask, value: str) -> str:
    if ask.type in ("id_card", "uscc"):
        return mask_id(value)
    if ask.type == "phone":
        return mask_phone(value)
    if ask.options or ask.type == "department":
        return option_label(turn, ask, value)
    return value
