"""What an applicant is told of their 依申请公开 request: the answer with its type, ground or right office and
the rights of remedy (第五十一条), a 补正 with its button, an extension with the head's approval (第三十三条)."""

from __future__ import annotations

from collections.abc import Callable

from handlers.buttons import GlobalAction, RequestPress, anywhere
from handlers.disclosure import AnswerType, Ground
from handlers.events import Reply
from handlers.request_lifecycle import RequestAction, RequestVerb

Translate = Callable[..., str]


def notice(number: str, action: RequestAction, department: str, note: str, data: dict[str, object], lang: str,
           t: Translate, due: str = "-", correction_due: str = "-") -> Reply | None:  # fmt: skip
    """The disclosure-specific push for one audit-log event, or None where the shared one says it all."""
    if action == RequestAction.ANSWER:
        return Reply(answered(number, department, note, data, lang, t))
    if action == RequestAction.ASK_CORRECTION:
        press = RequestPress(number, RequestVerb.CORRECTION).pack()
        fix = anywhere(t(lang, "disclosure.correct", number=number), GlobalAction.REQUEST, press)
        text = t(lang, "disclosure.notice.correction", number=number, department=department, what=note,
                 by=correction_due)  # fmt: skip
        return Reply(text, (fix,))
    if action == RequestAction.CLOSE and data.get("withdrawn"):
        return Reply(t(lang, "disclosure.notice.withdrawn", number=number, department=department))
    if action == RequestAction.EXTEND:
        return Reply(t(lang, "disclosure.notice.extended", number=number, department=department, due=due, reason=note))
    return None


def answered(number: str, department: str, text: str, data: dict[str, object], lang: str, t: Translate) -> str:
    answer = data.get("answer")
    details = answer if isinstance(answer, dict) else {}
    kind = str(details.get("type") or AnswerType.DISCLOSE)
    lines = [t(lang, "disclosure.notice.answered", number=number, department=department,
               type=t(lang, f"disclosure.answer.{kind}"), text=text)]  # fmt: skip
    if (ground := str(details.get("ground") or "")) in set(Ground):
        lines.append(t(lang, "disclosure.notice.ground", ground=t(lang, f"disclosure.ground.{ground}")))
    if office := str(details.get("office") or ""):
        lines.append(t(lang, "disclosure.notice.right_office", office=office))
    lines.append(t(lang, "disclosure.remedy"))
    return "\n".join(lines)
