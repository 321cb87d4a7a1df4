"""Sending to Telegram: replies and pushes to residents, cards and notices in department groups."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.error import BadRequest, RetryAfter
from telegram.ext import AIORateLimiter, ExtBot

from bot.settings import Settings
from casework.ports import Throttled
from handlers.events import Reply

CHANNEL = "telegram"
#: Department groups get no link previews: Telegram would fetch, and show the staff, a page a resident named.
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
#: An address with a scheme, which Telegram makes a link of.
_URL = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*):(//\S*)")
#: Telegram refuses messages longer than this; longer replies are split at line ends.
MAX_TEXT = 4096


def make_bot(settings: Settings) -> ExtBot[None]:
    """A bot for sending only (worker processes): the same base URLs and rate limiter as the app's."""
    return ExtBot(
        settings.telegram.bot_token,
        base_url=settings.telegram.api_base_url,
        base_file_url=settings.telegram.api_file_url,
        rate_limiter=AIORateLimiter(max_retries=3) if settings.telegram.rate_limit else None,  # type: ignore[arg-type]
    )


def make_staff_bot(settings: Settings) -> ExtBot[None]:
    """A bot for department groups only, with no rate limiter of its own to wait in.

    Telegram lets a bot post about 20 messages a minute to one group. python-telegram-bot's limiter
    would wait for a group's turn inside the worker thread, and after a 429 it holds back every
    request of the bot, residents' messages included. Groups get this bot instead: the staff boards
    space its posts (``workers.staffboards.Pace``) and a 429 comes back as ``Throttled``.
    """
    return ExtBot(
        settings.telegram.bot_token,
        base_url=settings.telegram.api_base_url,
        base_file_url=settings.telegram.api_file_url,
    )


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.data)] for b in reply.buttons])


def chunks(text: str) -> list[str]:
    parts, current = [], ""
    for line in text.splitlines(keepends=True):
        if len(current) + len(line) > MAX_TEXT and current:
            parts.append(current)
            current = ""
        current += line[:MAX_TEXT]
    return [*parts, current] if current else parts or [""]


class TelegramSender:
    """Pushes to residents and shows cards in department groups; usable in any process."""

    name = CHANNEL
    #: Posts a minute to one department group (Telegram's limit for a bot in a group).
    per_minute = 20

    def __init__(
        self, bot: ExtBot[Any], staff_chats: dict[str, int], staff_bot: ExtBot[Any] | None = None, own_url: str = ""
    ) -> None:
        self.bot, self.staff_chats = bot, staff_chats
        #: What posts to department groups (``make_staff_bot``); the residents' bot where none is given.
        self.staff_bot = staff_bot or bot
        #: Links under this address (the staff page) stay links on cards; any other address is shown as text.
        self.own_url = own_url

    async def push(self, user_ref: str, replies: list[Reply], delivery: str | None = None) -> None:
        for reply in replies:
            await self.send(int(user_ref), reply)

    async def push_voice(self, user_ref: str, audio: Path, text: str = "") -> None:
        """A read-aloud OGG/Opus file, sent as a Telegram voice message."""
        with audio.open("rb") as voice:
            await self.bot.send_voice(int(user_ref), voice=voice)

    async def send(self, chat_id: int, reply: Reply, bot: ExtBot[Any] | None = None, **options: Any) -> Message:
        bot = bot or self.bot
        parts = chunks(reply.text)
        for part in parts[:-1]:
            await bot.send_message(chat_id, part, **options)
        return await bot.send_message(chat_id, parts[-1], reply_markup=keyboard(reply), **options)

    # -- the StaffBoard side ------------------------------------------------------
    async def show_card(self, department: str, posted: dict[str, Any] | None, card: Reply) -> dict[str, Any] | None:
        chat = self.staff_chats.get(department)
        if chat is None:
            return None
        card = Reply(self.unlinked(card.text), card.buttons)
        try:
            if posted:
                await self._edit(posted, card)
                return {"chat": posted["chat"], "message": posted["message"]}
            sent = await self.send(chat, card, self.staff_bot, link_preview_options=NO_PREVIEW)
        except RetryAfter as exc:
            raise Throttled(_seconds(exc)) from None
        return {"chat": chat, "message": sent.message_id}

    async def _edit(self, posted: dict[str, Any], card: Reply) -> None:
        try:
            await self.staff_bot.edit_message_text(
                card.text,
                chat_id=posted["chat"],
                message_id=posted["message"],
                reply_markup=keyboard(card),
                link_preview_options=NO_PREVIEW,
            )
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise

    async def notify(self, department: str, text: str) -> None:
        if (chat := self.staff_chats.get(department)) is not None:
            try:
                await self.staff_bot.send_message(chat, self.unlinked(text), link_preview_options=NO_PREVIEW)
            except RetryAfter as exc:
                raise Throttled(_seconds(exc)) from None

    def unlinked(self, text: str) -> str:
        """Text for a department group: an address a resident typed is shown, not linked (a zero-width
        space after its scheme); only links to our own staff page stay links."""

        def shown(found: re.Match[str]) -> str:
            if self.own_url and found.group(0).startswith(self.own_url):
                return found.group(0)
            return f"{found.group(1)}:\u200b{found.group(2)}"

        return _URL.sub(shown, text)


def _seconds(exc: RetryAfter) -> float:
    """How long Telegram asked us to wait (an int or a timedelta, by python-telegram-bot's settings)."""
    after = exc.retry_after
    return float(after if isinstance(after, int | float) else after.total_seconds())
