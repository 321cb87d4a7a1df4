"""Speech in: a recogniser turns a voice message into typed text.

None ships, and none is configured by default (an offline model would have to be
installed by the operator); without one, a voice message gets a polite reply that it
cannot be understood yet, with the current step's buttons. WeChat needs none: the
platform's own `Recognition` text is used when the account has it switched on.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from bot.settings import SpeechSettings


class Recognizer(Protocol):
    """Audio (as the platform sent it: OGG/Opus from Telegram) to text, or None if nothing was understood."""

    async def transcribe(self, audio: bytes, locale: str) -> str | None: ...


def make_recognizer(speech: SpeechSettings) -> Recognizer | None:
    """The recogniser named by YJS_RECOGNIZER ("package.module:factory"), or None by default."""
    spec = speech.recognizer
    if not spec:
        return None
    module, _, factory = spec.partition(":")
    made: Recognizer = getattr(importlib.import_module(module), factory or "make")()
    return made
