"""Button data carries the step it was made for, so a tap on an old message is caught."""

from __future__ import annotations

import hashlib

from handlers.conversation import Conversation
from handlers.events import Button

#: Token of buttons that mean the same wherever they are tapped (menu, resume, status).
ANYWHERE = "*"


def step_token(conv: Conversation) -> str:
    return hashlib.blake2s(f"{conv.draft_id}:{conv.step}".encode(), digest_size=4).hexdigest()


def here(conv: Conversation, label: str, action: str) -> Button:
    return Button(label, f"{step_token(conv)}|{action}")


def anywhere(label: str, action: str) -> Button:
    return Button(label, f"{ANYWHERE}|{action}")


def parse(data: str) -> tuple[str, str, str]:
    """(token, action, argument) of a button's data; malformed data yields empty parts."""
    token, _, rest = data.partition("|")
    action, _, argument = rest.partition(":")
    return token, action, argument
