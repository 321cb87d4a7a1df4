"""What residents are told about their requests (留言, 依申请公开, 好差评 follow-ups), channel-neutral.

Kinds, statuses and actions are ``handlers.request_lifecycle``'s. Buttons on a request's notice carry
``GlobalAction.REQUEST`` with a ``RequestPress``, so a tap finds its request wherever it is tapped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from handlers import disclosure_notices
from handlers.buttons import GlobalAction, RequestPress, anywhere
from handlers.events import Button, Reply
from handlers.identity import mask_name, mask_personal
from handlers.ratings import Level
from handlers.request_lifecycle import NO, YES, RequestAction, RequestKind, RequestStatus, RequestVerb

Translate = Callable[..., str]


@dataclass(frozen=True)
class RequestFacts:
    """One audit-log event of a request, as the resident is told of it."""

    number: str
    kind: RequestKind
    subkind: str
    locale: str
    action: RequestAction
    status: RequestStatus
    department_name: str
    note: str = ""
    due: dt.date | None = None
    due_provisional: bool = False
    correction_due: dt.date | None = None
    #: The event's own facts (依申请公开: the answer's type, ground and right office).
    data: dict[str, Any] = field(default_factory=dict)


def request_notice(f: RequestFacts, t: Translate) -> Reply:
    """The push for a request event: what happened, and what comes next (rate an answer, send a 补正)."""
    lang = f.locale
    params: dict[str, Any] = {
        "number": f.number,
        "what": kind_name(f.kind, f.subkind, lang, t),
        "department": f.department_name,
        "note": f.note,
        "due": due_text(f.due, f.due_provisional, lang, t),
        "correction_due": f.correction_due.isoformat() if f.correction_due else "-",
    }
    if f.kind == RequestKind.DISCLOSURE:
        own = disclosure_notices.notice(f.number, f.action, f.department_name, f.note, f.data, lang, t,
                                        params["due"], params["correction_due"])  # fmt: skip
        if own is not None:
            return Reply(
                own.text, own.buttons, facts=(("number", f.number), ("status", t(lang, f"requests.status.{f.status}")))
            )
    text = t(lang, f"requests.push.{f.action}", **params)
    buttons: tuple[Button, ...] = ()
    if f.action == RequestAction.ANSWER:
        buttons = rating_buttons(f.number, lang, t)
    elif f.action == RequestAction.ASK_CORRECTION:  # the reply is typed after this button
        fix = RequestPress(f.number, RequestVerb.CORRECTION).pack()
        buttons = (anywhere(t(lang, "requests.message.correct"), GlobalAction.REQUEST, fix),)
    return Reply(text, buttons, facts=(("number", f.number), ("status", t(lang, f"requests.status.{f.status}"))))


def kind_name(kind: str, subkind: str, lang: str, t: Translate) -> str:
    """留言 kinds by their subkind (投诉, 咨询, …); the others by their kind."""
    return (
        t(lang, f"requests.subkind.{subkind}")
        if kind == RequestKind.MESSAGE and subkind
        else t(lang, f"requests.kind.{kind}")
    )


def due_text(due: dt.date | None, provisional: bool, lang: str, t: Translate) -> str:
    if due is None:
        return "-"
    return due.isoformat() + (t(lang, "due.provisional") if provisional else "")


def rating_buttons(number: str, lang: str, t: Translate) -> tuple[Button, ...]:
    """The five levels, best first (after a rating the dialog asks whether it resolved the matter)."""
    return tuple(_press(t(lang, f"requests.rating.{r}"), RequestPress(number, RequestVerb.RATE, r)) for r in Level)


def resolved_buttons(number: str, lang: str, t: Translate) -> tuple[Button, ...]:
    return (
        _press(t(lang, "requests.resolved.solved"), RequestPress(number, RequestVerb.RESOLVED, YES)),
        _press(t(lang, "requests.resolved.unsolved"), RequestPress(number, RequestVerb.RESOLVED, NO)),
    )


def _press(label: str, press: RequestPress) -> Button:
    return anywhere(label, GlobalAction.REQUEST, press.pack())


#: A name the writer gives for themselves or a contact ("我叫张三", "联系人：李四").
_NAMED = re.compile(
    r"(我叫|我是|本人|姓名[:：]?|联系人[:：]?|my name is)\s*([\u4e00-\u9fff]{2,4}|[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_LANDLINE = re.compile(r"(?<![0-9])0\d{2,3}-?\d{7,8}(?![0-9])")


def scrub(text: str) -> str:
    """A text fit to publish: ID numbers and mobiles masked, names given as one's own masked, landlines and
    e-mail addresses dropped (the public list of replies, the knowledge export)."""
    text = _NAMED.sub(lambda m: m.group(1) + mask_name(m.group(2)), mask_personal(text))
    return _LANDLINE.sub("***", _EMAIL.sub("***", text))
