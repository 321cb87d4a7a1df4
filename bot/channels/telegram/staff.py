"""Department groups on Telegram: a clerk's press on a card, or their reply to a note prompt, into one decision.

Only translation lives here: platform input into a ``CardPress`` and a note, the outcome
into text. Deciding, and redrawing the card, are ``casework.decisions`` and the post_card actor.
"""

from __future__ import annotations

from typing import Any

from telegram import CallbackQuery, ForceReply, Message
from telegram.ext import ExtBot

from bot.channels.telegram.sender import CHANNEL
from casework.decisions import Decision, Decisions, Refusal
from handlers.cards import STAFF_LOCALE, CardPress, refusal_text
from handlers.catalog import Catalog
from handlers.lifecycle import NEEDS_NOTE
from locales import translate
from models.staff import StaffMember

#: Marks the card button a note prompt is for; the clerk's reply is matched back through it.
NOTE_TAG = "#"


class StaffGroups:
    """Card presses and note replies from department group chats."""

    def __init__(self, bot: ExtBot[Any], decisions: Decisions, catalog: Catalog) -> None:
        self.bot, self.decisions, self.catalog = bot, decisions, catalog

    async def on_press(self, query: CallbackQuery) -> None:
        """A staff member's tap on a case card in a department group."""
        press = CardPress.unpack(query.data or "")
        member = await _member(query.from_user.id)
        if press is None or member is None:
            await query.answer(translate(STAFF_LOCALE, "telegram.not_staff"), show_alert=True)
            return
        if press.action in NEEDS_NOTE:
            await self.ask_for_note(query, press, member)
            return
        outcome = await self.decisions.decide(member, press)
        await query.answer(self.told(outcome), show_alert=isinstance(outcome, Refusal))

    async def ask_for_note(self, query: CallbackQuery, press: CardPress, member: StaffMember) -> None:
        """A rejection or a supplement needs words: ask for them as a reply, carrying the button in the prompt."""
        await query.answer()
        if query.message is None:
            return
        tag = NOTE_TAG + press.pack()
        prompt = translate(STAFF_LOCALE, f"telegram.note_prompt.{press.action}", name=member.name, tag=tag)
        await self.bot.send_message(query.message.chat.id, prompt, reply_markup=ForceReply(selective=True))

    async def on_note(self, message: Message) -> None:
        """A clerk's reply to a note prompt: the prompt says which card, item and action it is for."""
        asked = message.reply_to_message
        tag = (asked.text or "").rsplit(NOTE_TAG, 1) if asked and asked.from_user and asked.from_user.is_bot else []
        if len(tag) != 2 or message.from_user is None or not message.text:
            return
        member = await _member(message.from_user.id)
        if member is None:
            return
        press = CardPress.unpack(tag[1].strip())
        if press is None:
            await message.reply_text(translate(STAFF_LOCALE, "staff.unknown_card"))
            return
        await message.reply_text(self.told(await self.decisions.decide(member, press, message.text)))

    def told(self, outcome: Decision | Refusal) -> str:
        """What the clerk reads about their press: done, or the polite refusal."""
        if isinstance(outcome, Refusal):
            return refusal_text(outcome.key, outcome.params, self.catalog, translate)
        return translate(STAFF_LOCALE, f"staff.done.{outcome.action}")


async def _member(telegram_user_id: int) -> StaffMember | None:
    return await StaffMember.get_or_none(channel=CHANNEL, external_id=str(telegram_user_id), active=True)
