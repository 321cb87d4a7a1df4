"""Telegram: residents in private chats, staff in department groups, through python-telegram-bot.

PTB is only the transport here: every private message becomes an InboundEvent for the
engine, every Reply an inline keyboard; the dialog itself is not a ConversationHandler.
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Any

from aiohttp import web
from telegram import (
    BotCommand,
    CallbackQuery,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
    User,
)
from telegram.error import BadRequest, TelegramError
from telegram.ext import AIORateLimiter, Application, ContextTypes, ExtBot, TypeHandler

from bot.dialogs import Dialogs
from bot.files import FileStore
from bot.settings import Settings
from bot.signing import same
from bot.speech.recognize import Recognizer, make_recognizer
from casework.casework import CaseworkRefused, card_facts, staff_act
from handlers.cards import parse_card_button, refusal_text, render_card
from handlers.catalog import Catalog
from handlers.events import EventKind, InboundEvent, IncomingFile, Reply
from handlers.lifecycle import NEEDS_NOTE
from locales import translate
from models.ledger import first_delivery, forget_delivery
from models.staff import StaffCard, StaffMember

log = logging.getLogger(__name__)
CHANNEL = "telegram"
#: Telegram refuses messages longer than this; longer replies are split at line ends.
MAX_TEXT = 4096
COMMANDS = ("start", "menu", "back", "cancel", "status", "help", "lang")
#: Marks the card button a note prompt is for; the clerk's reply is matched back through it.
NOTE_TAG = "#"


def make_bot(settings: Settings) -> ExtBot[None]:
    """A bot for sending only (worker processes): the same base URLs and rate limiter as the app's."""
    return ExtBot(
        settings.telegram_bot_token,
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.telegram_api_file_url,
        rate_limiter=AIORateLimiter(max_retries=3),  # type: ignore[arg-type]
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

    def __init__(self, bot: ExtBot[Any], staff_chats: dict[str, int]) -> None:
        self.bot, self.staff_chats = bot, staff_chats

    async def push(self, user_ref: str, replies: list[Reply]) -> None:
        for reply in replies:
            await self.send(int(user_ref), reply)

    async def push_voice(self, user_ref: str, audio: Path) -> None:
        """A read-aloud OGG/Opus file, sent as a Telegram voice message."""
        with audio.open("rb") as voice:
            await self.bot.send_voice(int(user_ref), voice=voice)

    async def send(self, chat_id: int, reply: Reply) -> Message:
        parts = chunks(reply.text)
        for part in parts[:-1]:
            await self.bot.send_message(chat_id, part)
        return await self.bot.send_message(chat_id, parts[-1], reply_markup=keyboard(reply))

    # -- the StaffBoard side ------------------------------------------------------
    async def show_card(self, department: str, posted: dict[str, Any] | None, card: Reply) -> dict[str, Any] | None:
        chat = self.staff_chats.get(department)
        if chat is None:
            return None
        if posted:
            try:
                await self.bot.edit_message_text(
                    card.text, chat_id=posted["chat"], message_id=posted["message"], reply_markup=keyboard(card)
                )
            except BadRequest as exc:
                if "not modified" not in str(exc).lower():
                    raise
            return posted
        sent = await self.send(chat, card)
        return {"chat": chat, "message": sent.message_id}

    async def notify(self, department: str, text: str) -> None:
        if (chat := self.staff_chats.get(department)) is not None:
            await self.bot.send_message(chat, text)


class TelegramBot:
    """The inbound side: updates by long polling or by webhook, into the engine."""

    def __init__(
        self,
        settings: Settings,
        dialogs: Dialogs,
        files: FileStore,
        catalog: Catalog,
        sender_chats: dict[str, int],
        bot: ExtBot[Any] | None = None,
    ) -> None:
        self.settings, self.dialogs, self.files, self.catalog = settings, dialogs, files, catalog
        # Sharing the process's sending bot means one rate limiter for replies and pushes alike.
        builder = Application.builder().bot(bot or make_bot(settings)).concurrent_updates(True)
        if settings.telegram_webhook_url:
            builder = builder.updater(None)
        self.app = builder.build()
        self.app.add_handler(TypeHandler(Update, self.on_update))
        self.sender = TelegramSender(self.app.bot, sender_chats)
        self.recognizer: Recognizer | None = make_recognizer(os.environ)

    async def start(self) -> None:
        await self.app.initialize()
        await self.register_commands()
        await self.app.start()
        if self.settings.telegram_webhook_url:
            await self.app.bot.set_webhook(
                self.settings.telegram_webhook_url, secret_token=self.settings.telegram_webhook_secret or None
            )
        elif self.app.updater is not None:
            await self.app.bot.delete_webhook()
            await self.app.updater.start_polling()

    async def stop(self) -> None:
        if self.app.updater is not None and self.app.updater.running:
            await self.app.updater.stop()
        await self.app.stop()
        await self.app.shutdown()

    async def register_commands(self) -> None:
        for language in ("zh", "en"):
            locale = "en" if language == "en" else "zh_CN"
            commands = [BotCommand(c, translate(locale, f"telegram.command.{c}")) for c in COMMANDS]
            await self.app.bot.set_my_commands(commands, language_code=language)

    # -- webhook ------------------------------------------------------------------
    def routes(self) -> list[web.RouteDef]:
        return [web.post("/telegram/webhook", self.webhook)]

    async def webhook(self, request: web.Request) -> web.Response:
        secret = self.settings.telegram_webhook_secret
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if secret and not same(given, secret):
            raise web.HTTPForbidden(text="forbidden")
        try:
            update = Update.de_json(await request.json(), self.app.bot)
        except (ValueError, TypeError, KeyError):
            raise web.HTTPBadRequest(text="not an update") from None
        # Answer at once: Telegram re-sends an update that is not answered in time.
        asyncio.get_running_loop().create_task(self.app.process_update(update))
        return web.Response(text="ok")

    # -- updates ------------------------------------------------------------------
    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        key = f"{CHANNEL}:{update.update_id}"
        if not await first_delivery(key):
            return
        try:
            if update.callback_query is not None:
                await self.on_button(update.callback_query)
            elif update.message is not None and update.message.chat.type == "private":
                await self.on_message(update.message)
            elif update.message is not None and update.message.reply_to_message is not None:
                await self.on_staff_note(update.message)
        except Exception:
            await forget_delivery(key)  # let Telegram's re-send try again
            raise

    async def on_message(self, message: Message) -> None:
        user = message.from_user
        event = await self.event_for(message)
        if event is None:
            await self.sender.send(message.chat_id, Reply(translate(_locale(user), "unsupported")))
            return
        for reply in await self.dialogs.handle(event, user.language_code if user else None):
            await self.sender.send(message.chat_id, reply)

    async def event_for(self, message: Message) -> InboundEvent | None:
        ref = str(message.chat_id)
        if message.text is not None:
            kind: EventKind = "command" if message.text.startswith("/") else "text"
            return InboundEvent(CHANNEL, ref, kind, text=message.text, platform_id=str(message.message_id))
        if message.voice is not None:
            said = await self.transcribe(message)
            if said:
                return InboundEvent(CHANNEL, ref, "text", text=said, platform_id=str(message.message_id))
            return InboundEvent(CHANNEL, ref, "voice", platform_id=str(message.message_id))
        upload = await self.upload_of(message)
        if upload is None:
            return None
        return InboundEvent(CHANNEL, ref, "file", files=(upload,), group_id=message.media_group_id)

    async def transcribe(self, message: Message) -> str | None:
        if self.recognizer is None or message.voice is None:
            return None
        audio = await (await self.app.bot.get_file(message.voice.file_id)).download_as_bytearray()
        user = message.from_user
        return await self.recognizer.transcribe(bytes(audio), _locale(user))

    async def upload_of(self, message: Message) -> IncomingFile | None:
        if message.photo:
            photo = message.photo[-1]  # the largest size Telegram made
            file_id, name, size = photo.file_id, f"photo-{message.message_id}.jpg", photo.file_size or 0
        elif message.document is not None:
            doc = message.document
            file_id, name, size = doc.file_id, doc.file_name or "document", doc.file_size or 0
        else:
            return None
        if size > self.files.cap:
            return IncomingFile(name, size, None, "", None, staged=False, cap_bytes=self.files.cap)
        data = await (await self.app.bot.get_file(file_id)).download_as_bytearray()
        return await self.files.stage_bytes(name, bytes(data))

    async def on_button(self, query: CallbackQuery) -> None:
        data = query.data or ""
        if data.startswith("card:"):
            await self.on_card_button(query, data)
            return
        await query.answer()
        message = query.message
        if message is None or message.chat.type != "private":
            return
        event = InboundEvent(CHANNEL, str(message.chat.id), "button", text=data)
        for reply in await self.dialogs.handle(event, query.from_user.language_code):
            await self.sender.send(message.chat.id, reply)

    async def on_card_button(self, query: CallbackQuery, data: str) -> None:
        """A staff member's tap on a case card in a department group."""
        parsed = parse_card_button(data)
        member = await StaffMember.get_or_none(channel=CHANNEL, external_id=str(query.from_user.id), active=True)
        if parsed is None or member is None:
            await query.answer(translate("zh_CN", "telegram.not_staff"), show_alert=True)
            return
        action = parsed[2]
        if action in NEEDS_NOTE:
            await self.ask_for_note(query, data, member)
            return
        refusal = await self.act(member, data, "")
        if refusal is None:
            await query.answer(translate("zh_CN", f"staff.done.{action}"))
        else:
            await query.answer(refusal, show_alert=True)

    async def ask_for_note(self, query: CallbackQuery, data: str, member: StaffMember) -> None:
        """A rejection or a supplement needs words: ask for them as a reply, carrying the button in the prompt."""
        await query.answer()
        if query.message is None:
            return
        prompt = translate("zh_CN", f"telegram.note_prompt.{data.split(':')[3]}", name=member.name, tag=NOTE_TAG + data)
        await self.app.bot.send_message(query.message.chat.id, prompt, reply_markup=ForceReply(selective=True))

    async def on_staff_note(self, message: Message) -> None:
        """A clerk's reply to a note prompt: the prompt says which card, item and action it is for."""
        asked = message.reply_to_message
        tag = (asked.text or "").rsplit(NOTE_TAG, 1) if asked and asked.from_user and asked.from_user.is_bot else []
        if len(tag) != 2 or message.from_user is None or not message.text:
            return
        member = await StaffMember.get_or_none(channel=CHANNEL, external_id=str(message.from_user.id), active=True)
        if member is None:
            return
        refusal = await self.act(member, tag[1].strip(), message.text)
        await message.reply_text(refusal or translate("zh_CN", f"staff.done.{tag[1].split(':')[3]}"))

    async def act(self, member: StaffMember, data: str, note: str) -> str | None:
        """Carry out a card button for a clerk and redraw the card; the polite refusal, if refused."""
        parsed = parse_card_button(data)
        if parsed is None:
            return translate("zh_CN", "staff.unknown_card")
        card_id, version, action, item_id = parsed
        try:
            await staff_act(member, card_id, version, action, item_id, note)
        except CaseworkRefused as refused:
            return refusal_text(refused.key, refused.params, self.catalog, translate)
        if self.dialogs.after_commit:  # the resident's notice leaves now, not at the relay's next poll
            self.dialogs.after_commit()
        card = await StaffCard.get(id=card_id)
        reply = render_card(await card_facts(card, self.settings.public_url), self.catalog, translate)
        posted = card.posted.get(CHANNEL)
        if posted:
            try:
                await self.app.bot.edit_message_text(
                    reply.text, chat_id=posted["chat"], message_id=posted["message"], reply_markup=keyboard(reply)
                )
            except TelegramError as exc:  # the worker may have edited it first
                log.info("card %s not edited here: %s", card_id, exc)
        return None


def _locale(user: User | None) -> str:
    return "en" if user and (user.language_code or "").startswith("en") else "zh_CN"
