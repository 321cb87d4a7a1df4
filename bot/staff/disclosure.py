"""The staff page's 依申请公开 actions: the answer with its type and ground, the head-approved extension and 补正,
each through ``casework.disclosure`` (the statutory checks) and so through the one request desk."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.channels.http import clean_text, parse_int
from casework import disclosure
from casework.decisions import Refusal
from casework.requests import RequestDesk
from handlers.disclosure import Answer, AnswerType, Ground
from handlers.identity import mask_id
from handlers.request_lifecycle import RequestAction
from locales import translate
from models.requests import Request
from models.staff import StaffMember

LANG = "zh_CN"


def _text(body: dict[str, Any]) -> str:
    return clean_text(body.get("text"), "text").strip()


async def answer(desk: RequestDesk, member: StaffMember, number: str, body: dict[str, Any]) -> Request | Refusal:
    kind = clean_text(body.get("type"), "type")
    if kind not in set(AnswerType):
        return Refusal("disclosure.refused.needs_type")
    ground = clean_text(body.get("ground"), "ground")
    given = Answer(AnswerType(kind), _text(body), Ground(ground) if ground in set(Ground) else None,
                   clean_text(body.get("office"), "office").strip())  # fmt: skip
    return await disclosure.answer(desk, member, number, given)


async def extend(desk: RequestDesk, member: StaffMember, number: str, body: dict[str, Any]) -> Request | Refusal:
    days = parse_int(body["days"], "days", 1, 60) if body.get("days") not in (None, "") else None
    approved_by = clean_text(body.get("approved_by"), "approved_by")
    return await disclosure.extend(desk, member, number, _text(body), approved_by, days)


async def ask_correction(
    desk: RequestDesk, member: StaffMember, number: str, body: dict[str, Any]
) -> Request | Refusal:
    return await disclosure.ask_correction(desk, member, number, _text(body))


#: The actions that differ for a disclosure request; the others (pass on, close) are the shared ones.
ACTIONS: dict[str, Callable[[RequestDesk, StaffMember, str, dict[str, Any]], Awaitable[Request | Refusal]]] = {
    RequestAction.ANSWER: answer,
    RequestAction.EXTEND: extend,
    RequestAction.ASK_CORRECTION: ask_correction,
}


def choices() -> dict[str, Any]:
    """What the page offers a disclosure request: the answer types, the grounds, and their labels."""
    return {
        "types": [{"key": k, "name": translate(LANG, f"disclosure.answer.{k}")} for k in AnswerType],
        "grounds": [{"key": g, "name": translate(LANG, f"disclosure.ground.{g}")} for g in Ground],
        "needs_ground": ["withhold", "partial"],
        "needs_office": ["not_held"],
        "labels": {k: translate(LANG, f"disclosure.page.{k}") for k in ("type", "ground", "office", "approved_by")},
    }


def shown_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """The applicant's form as staff see it: the ID number masked, the rest as given."""
    return {k: mask_id(str(v)) if k == "id_card" else v for k, v in payload.items()}


#: The form's answers staff read, in the dialog's order (the description is the request's text).
FORM = ("applicant_type", "name", "org_name", "id_card", "uscc", "phone", "purpose", "form", "delivery", "address",
        "email", "received")  # fmt: skip
_OPTIONS = frozenset({"person", "org", "paper", "electronic", "post", "email", "pickup", "online"})


def applicant(payload: dict[str, Any]) -> list[list[str]]:
    """(label, value) of each answer given, options by their names, the ID number masked."""
    shown = shown_payload(payload)
    rows = []
    for key in FORM:
        value = str(shown.get(key) or "")
        if value:
            named = translate(LANG, f"disclosure.option.{value}") if key != "email" and value in _OPTIONS else value
            rows.append([translate(LANG, f"disclosure.page.field.{key}"), named])
    answer = payload.get("answer")
    if isinstance(answer, dict) and answer.get("type") in set(AnswerType):
        rows.append([translate(LANG, "disclosure.page.type"), translate(LANG, f"disclosure.answer.{answer['type']}")])
        if answer.get("ground") in set(Ground):
            rows.append(
                [translate(LANG, "disclosure.page.ground"), translate(LANG, f"disclosure.ground.{answer['ground']}")]
            )
        if answer.get("office"):
            rows.append([translate(LANG, "disclosure.page.office"), str(answer["office"])])
    return rows
