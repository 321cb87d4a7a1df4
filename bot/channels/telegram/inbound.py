"""The Telegram bot's inbound side: updates by long polling or by webhook, each handled once.

PTB is only the transport here: a private chat goes to ``resident``, a department group
to ``staff``; the dialog itself is not a ConversationHandler.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from typing import Any

from aiohttp import web
from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes, ExtBot, TypeHandler

from bot.channels.telegram.resident import Residents
from bot.channels.telegram.sender import CHANNEL, TelegramSender, make_bot
from bot.channels.telegram.staff import StaffGroups
from bot.edge.ratelimit import RateLimits
from bot.files import FileStore
from bot.holidays import load_calendar
from bot.logs import masked_trace
from bot.runtime import SLOW_STEP_SECONDS, Runtime
from bot.settings import Settings
from bot.signing import same
from bot.speech.recognize import Recognizer
from casework.decisions import Decisions
from casework.drawing import CardDrawer
from handlers.cards import CardPress
from handlers.catalog import Catalog
from handlers.supplement_pick import SupplementPick
from handlers.visits import VisitPress
from locales import translate
from models.ledger import first_delivery, forget_delivery

log = logging.getLogger(__name__)

COMMANDS = ("start", "menu", "back", "cancel", "status", "help", "lang", "link")
#: `/desk CODE` (or `/desk@bot CODE`), privately or in a group: a clerk links this account to their desk account.
DESK_COMMAND = re.compile(r"^/desk(@\w+)?(\s|$)")

#: Button data of staff cards (a decision, a supplement pick, a joint visit); the rest are residents'.
STAFF_BUTTONS = tuple(p + ":" for p in (CardPress.PREFIX, SupplementPick.PREFIX, VisitPress.PREFIX))


class TelegramBot:
    """Updates in, by long polling or by webhook; residents to the engine, staff presses to decisions."""

    def __init__(
        self,
        settings: Settings,
        dialogs: Runtime,
        files: FileStore,
        catalog: Catalog,
        sender_chats: dict[str, int],
        bot: ExtBot[Any] | None = None,
        limits: RateLimits | None = None,
    ) -> None:
        """`limits`: the process's rate limits (bot.app.App.limits); made from the settings when not given."""
        self.settings, self.dialogs, self.files, self.catalog = settings, dialogs, files, catalog
        # Sharing the process's sending bot means one rate limiter for replies and pushes alike.
        builder = Application.builder().bot(bot or make_bot(settings)).concurrent_updates(True)
        if settings.telegram.webhook_url:
            builder = builder.updater(None)
        self.app = builder.build()
        self.app.add_handler(TypeHandler(Update, self.on_update))
        self.app.add_error_handler(self.on_error)
        self.sender = TelegramSender(self.app.bot, sender_chats)
        limits = limits or RateLimits(settings.edge, settings.queue.redis_url)
        self.residents = Residents(self.app.bot, self.sender, dialogs, files, settings.speech, limits)
        calendar = load_calendar(catalog.directory)
        decisions = Decisions(CardDrawer(catalog, settings.public_url), self._after_commit, calendar)
        self.staff = StaffGroups(self.app.bot, decisions, catalog)

    @property
    def recognizer(self) -> Recognizer | None:
        return self.residents.recognizer

    @recognizer.setter
    def recognizer(self, recognizer: Recognizer | None) -> None:
        self.residents.recognizer = recognizer

    def _after_commit(self) -> None:
        # Read at each decision: the process wires the relay's kick into the dialogs after building the bot.
        if self.dialogs.after_commit is not None:
            self.dialogs.after_commit()

    async def start(self) -> None:
        await self.app.initialize()
        await self.register_commands()
        await self.app.start()
        if self.settings.telegram.webhook_url:
            await self.app.bot.set_webhook(
                self.settings.telegram.webhook_url, secret_token=self.settings.telegram.webhook_secret
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
        # A polling bot takes no posts: a mounted route would let anyone reaching the port forge updates.
        if not self.settings.telegram.webhook_url:
            return []
        return [web.post("/telegram/webhook", self.webhook)]

    async def webhook(self, request: web.Request) -> web.Response:
        secret = self.settings.telegram.webhook_secret
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        # Settings refuse a webhook without a secret; an empty one here must still let nothing in.
        if not secret or not same(given, secret):
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
        started = time.perf_counter()
        try:
            await self.dispatch(update)
        except Exception:
            await forget_delivery(key)  # let Telegram's re-send try again
            raise
        if (spent := time.perf_counter() - started) > SLOW_STEP_SECONDS:  # the step logs its own phases
            log.warning("slow telegram update %s: %.2f s from handling to replies sent", update.update_id, spent)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An update whose handling failed: logged with personal data masked, and the person told politely.

        Telegram has its 200 already (webhook) or the next offset (polling): it will not send the update
        again, so without this the person would wait for an answer that never comes.
        """
        log.error("telegram update %s failed:\n%s", getattr(update, "update_id", "?"), masked_trace(context.error))
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        user = update.effective_user
        locale = "en" if user and (user.language_code or "").startswith("en") else "zh_CN"
        try:
            if update.callback_query is not None:
                await update.callback_query.answer()
            await self.app.bot.send_message(update.effective_chat.id, translate(locale, "step_failed"))
        except TelegramError as exc:  # Telegram itself unreachable: the log above is all there is
            log.warning("could not tell chat of update %s about the failure (%s)", update.update_id, exc)

    async def dispatch(self, update: Update) -> None:
        query, message = update.callback_query, update.message
        if query is not None and (query.data or "").startswith(STAFF_BUTTONS):
            await self.staff.on_press(query)
        elif query is not None:
            await self.residents.on_button(query)
        elif message is not None and DESK_COMMAND.match(message.text or ""):
            await self.staff.on_desk_code(message)
        elif message is not None and message.chat.type == "private":
            await self.residents.on_message(message)
        elif message is not None and message.reply_to_message is not None:
            await self.staff.on_note(message)
