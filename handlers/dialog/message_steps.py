"""What each step of writing a 留言 shows: the question and its buttons (also what elder mode's numbers tap)."""

from __future__ import annotations

from handlers.buttons import GlobalAction, MessagePress, MessageVerb
from handlers.dialog.turn import Turn
from handlers.events import Button, Reply
from handlers.request_lifecycle import NO, YES, MessageKind, RequestKind
from handlers.requests import kind_name

KIND, TEXT, DEPARTMENT, PUBLISH, CONFIRM, CORRECTION = "kind", "text", "department", "publish", "confirm", "correction"
#: Fewer characters than this say too little for a department to act on.
MIN_TEXT = 5
#: Photos a message may carry, and the size of each (as a document's photo).
MAX_PHOTOS, PHOTO_MB = 3, 10
#: The department of 不确定: none (the routing department passes the message on).
UNSURE = "-"


def _press(turn: Turn, key: str, verb: MessageVerb, value: str = "", **params: object) -> Button:
    return turn.button(key, GlobalAction.MESSAGE, MessagePress(verb, value).pack(), **params)


def reply_for(turn: Turn) -> Reply:
    """The current message step's question."""
    message, step = turn.conv.message or {}, turn.conv.at.key
    cancel = _press(turn, "requests.message.cancel", MessageVerb.CANCEL)
    match step:
        case "kind":
            kinds = [_press(turn, f"requests.subkind.{k}", MessageVerb.KIND, k) for k in MessageKind]
            return Reply(turn.t("requests.message.ask_kind"), (*kinds, cancel))
        case "department":
            name = turn.ctx.catalog.department_name(message["suggested"], turn.lang)
            to_it = _press(turn, "requests.message.to_department", MessageVerb.DEPARTMENT, message["suggested"],
                           department=name)  # fmt: skip
            unsure = _press(turn, "requests.message.unsure", MessageVerb.DEPARTMENT, UNSURE)
            return Reply(turn.t("requests.message.ask_department", department=name), (to_it, unsure, cancel))
        case "publish":
            yes = _press(turn, "requests.message.publish_yes", MessageVerb.PUBLISH, YES)
            no = _press(turn, "requests.message.publish_no", MessageVerb.PUBLISH, NO)
            return Reply(turn.t("requests.message.ask_publish"), (yes, no, cancel))
        case "confirm":
            return _confirm(turn, message)
        case "correction":
            return Reply(turn.t("requests.message.ask_correction", number=message.get("number", "")), (cancel,))
    what = kind_name(RequestKind.MESSAGE, message.get("subkind", ""), turn.lang, turn.ctx.t)
    return Reply(turn.t("requests.message.ask_text", what=what, min=MIN_TEXT), (cancel,))


def _confirm(turn: Turn, message: dict[str, object]) -> Reply:
    department = str(message.get("department") or "")
    named = turn.ctx.catalog.department_name(department, turn.lang) if department else turn.t("requests.message.routed")
    publish = turn.t("requests.message.publish_yes" if message.get("publish") else "requests.message.publish_no")
    text = turn.t(
        "requests.message.confirm",
        what=kind_name(RequestKind.MESSAGE, str(message.get("subkind", "")), turn.lang, turn.ctx.t),
        department=named,
        text=message.get("text", ""),
        publish=publish,
    )
    if message.get("photos"):
        text += "\n" + turn.t("requests.message.photos", count=len(message["photos"]))  # type: ignore[arg-type]
    return Reply(
        text,
        (
            _press(turn, "requests.message.submit", MessageVerb.SUBMIT),
            _press(turn, "requests.message.rewrite", MessageVerb.REWRITE),
            _press(turn, "requests.message.cancel", MessageVerb.CANCEL),
        ),
    )
