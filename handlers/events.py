"""What goes into the engine and what comes out of it: plain, channel-neutral data (effects in ``handlers.effects``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from handlers.effects import Effect

#: "too_long": the person typed more than the channel takes; nothing of it reached us.
EventKind = Literal["text", "button", "file", "voice", "command", "too_long"]


@dataclass(frozen=True)
class IncomingFile:
    """A file a person sent, already staged by the adapter; its kind comes from its bytes."""

    name: str
    size: int
    #: "image", "pdf", or None when the bytes are of no kind we accept.
    kind: str | None
    mime: str
    sha256: str | None
    #: False when the file was larger than the hard cap and was not kept.
    staged: bool = True
    #: The hard cap it was measured against, for telling the person.
    cap_bytes: int = 0
    #: Message key when the store refused the file for what it holds (an image bomb, a virus).
    problem: str | None = None
    #: True when the virus scanner found it clean; False when no scanner ran (none set up, or it was down).
    scanned: bool = False


@dataclass(frozen=True)
class InboundEvent:
    """One thing a person did in a chat: typed, tapped, sent a file or a voice note."""

    channel: str
    user_ref: str
    kind: EventKind
    text: str = ""
    files: tuple[IncomingFile, ...] = ()
    #: Files sent together (an album) share one group id.
    group_id: str | None = None
    #: For a file a channel fetches after it arrived: the document step the person was at when they sent it,
    #: so a late file is kept for that document, not for whichever the dialog has moved on to meanwhile.
    step: str | None = None


@dataclass(frozen=True)
class Button:
    label: str
    data: str

    def to_json(self) -> dict[str, str]:
        return {"label": self.label, "data": self.data}


#: Fact names a notice may carry in `Reply.facts`; WECHAT_TEMPLATE_FIELDS maps them to template fields.
NOTICE_FACTS = ("number", "name", "item", "department", "status", "time")


@dataclass(frozen=True)
class Reply:
    """One outgoing message; adapters render buttons inline or as numbered options."""

    text: str
    buttons: tuple[Button, ...] = ()
    #: Short text to speak instead of the whole message, where it differs.
    speech: str | None = None
    #: The notice's key facts as (name, value) pairs ("number", "item", "status", "time" as ISO 8601, ...),
    #: for platforms that show a structured notice instead of the text (WeChat template messages).
    facts: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The text and buttons, as the web chat, the staff page and stored cards keep them."""
        return {"text": self.text, "buttons": [b.to_json() for b in self.buttons]}


@dataclass
class StepResult:
    replies: list[Reply] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
