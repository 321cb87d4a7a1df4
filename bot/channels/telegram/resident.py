"""Residents in private chats: every message and button press becomes an InboundEvent for the engine."""

from __future__ import annotations

from typing import Any

from telegram import CallbackQuery, Message, User
from telegram.ext import ExtBot

from bot.channels.telegram.sender import CHANNEL, TelegramSender
from bot.edge.ratelimit import ChatLimits, RateLimits
from bot.files import FileStore, StorageFull
from bot.runtime import Runtime
from bot.settings import SpeechSettings
from bot.speech.recognize import Recognizer, make_recognizer
from handlers.events import EventKind, InboundEvent, IncomingFile, Reply
from locales import translate


class Residents:
    """Private chats into the engine, and the engine's replies back as messages with inline keyboards."""

    def __init__(
        self,
        bot: ExtBot[Any],
        sender: TelegramSender,
        dialogs: Runtime,
        files: FileStore,
        speech: SpeechSettings,
        limits: RateLimits | None = None,
    ) -> None:
        self.bot, self.sender, self.dialogs, self.files = bot, sender, dialogs, files
        self.recognizer: Recognizer | None = make_recognizer(speech)
        self.flood = ChatLimits(limits)

    async def too_fast(self, chat_id: int, user: User | None) -> bool:
        """Whether this message is over the chat's limit: then it is not handled (the chat is told once)."""
        refused, say = await self.flood.refused(f"{CHANNEL}:{chat_id}", _locale(user))
        if say:
            await self.sender.send(chat_id, Reply(say))
        return refused

    async def on_message(self, message: Message) -> None:
        user = message.from_user
        if await self.too_fast(message.chat_id, user):
            return
        try:
            event = await self.event_for(message)
        except StorageFull:
            await self.sender.send(message.chat_id, Reply(translate(_locale(user), "file.storage_full")))
            return
        if event is None:
            await self.sender.send(message.chat_id, Reply(translate(_locale(user), "unsupported")))
            return
        for reply in await self.dialogs.handle(event, user.language_code if user else None):
            await self.sender.send(message.chat_id, reply)

    async def on_button(self, query: CallbackQuery) -> None:
        await query.answer()
        message = query.message
        if message is None or message.chat.type != "private" or await self.too_fast(message.chat.id, query.from_user):
            return
        event = InboundEvent(CHANNEL, str(message.chat.id), "button", text=query.data or "")
        for reply in await self.dialogs.handle(event, query.from_user.language_code):
            await self.sender.send(message.chat.id, reply)

    async def event_for(self, message: Message) -> InboundEvent | None:
        ref = str(message.chat_id)
        if message.text is not None:
            kind: EventKind = "command" if message.text.startswith("/") else "text"
            return InboundEvent(CHANNEL, ref, kind, text=message.text)
        if message.voice is not None:
            said = await self.transcribe(message)
            if said:
                return InboundEvent(CHANNEL, ref, "text", text=said)
            return InboundEvent(CHANNEL, ref, "voice")
        if (message.photo or message.document) and not await self.dialogs.expects_file(CHANNEL, ref):
            return InboundEvent(CHANNEL, ref, "file")  # not downloaded: the engine says no file is needed now
        upload = await self.upload_of(message)
        if upload is None:
            return None
        return InboundEvent(CHANNEL, ref, "file", files=(upload,), group_id=message.media_group_id)

    async def transcribe(self, message: Message) -> str | None:
        if self.recognizer is None or message.voice is None:
            return None
        audio = await (await self.bot.get_file(message.voice.file_id)).download_as_bytearray()
        return await self.recognizer.transcribe(bytes(audio), _locale(message.from_user))

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
        data = await (await self.bot.get_file(file_id)).download_as_bytearray()
        return await self.files.stage_bytes(name, bytes(data))


def _locale(user: User | None) -> str:
    return "en" if user and (user.language_code or "").startswith("en") else "zh_CN"
