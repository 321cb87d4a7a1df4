"""Terminal chat: lines in from standard input, replies out, buttons as numbered options.

Works from a pipe, so a whole scenario can be scripted. ``/file PATH`` sends a file.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TextIO

from bot.channels.rendering import numbered, pick
from bot.files import FileStore
from bot.runtime import Runtime
from handlers.events import Button, InboundEvent, Reply
from locales import normalise, translate


class TerminalChannel:
    name = "terminal"

    def __init__(self, dialogs: Runtime, files: FileStore, out: TextIO = sys.stdout) -> None:
        self.dialogs, self.files, self.out = dialogs, files, out
        self.buttons: tuple[Button, ...] = ()

    async def push(self, user_ref: str, replies: list[Reply], delivery: str | None = None) -> None:
        self.show(replies)

    def show(self, replies: list[Reply]) -> None:
        for reply in replies:
            print(numbered(reply), file=self.out)
            print(file=self.out)
        if replies:
            self.buttons = replies[-1].buttons
        self.out.flush()

    async def event_for(self, user: str, line: str) -> InboundEvent:
        if line.startswith("/file "):
            path = Path(line[6:].strip()).expanduser()
            staged = await self.files.stage(path.name, _read(path))
            return InboundEvent(self.name, user, "file", files=(staged,))
        chosen = pick(line, self.buttons)
        if chosen is not None:
            return InboundEvent(self.name, user, "button", text=chosen.data)
        return InboundEvent(self.name, user, "text", text=line)

    async def run(self, user: str, language: str, lines: AsyncIterator[str]) -> None:
        language = normalise(language)
        self.show(await self.dialogs.handle(InboundEvent(self.name, user, "command", "/start"), language))
        async for line in lines:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            print(f"> {line}", file=self.out)
            try:
                event = await self.event_for(user, line)
            except OSError:
                print(translate(language, "file.unreadable") + "\n", file=self.out)
                continue
            self.show(await self.dialogs.handle(event, language))


async def _read(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as source:
        while chunk := await asyncio.to_thread(source.read, 1 << 16):
            yield chunk


async def stdin_lines() -> AsyncIterator[str]:
    while line := await asyncio.to_thread(sys.stdin.readline):
        yield line
