"""Department groups on Telegram: a clerk's press on a card, or their reply to a note prompt, into one decision.

Only translation lives here: platform input into a ``CardPress`` and a note, the outcome
into text. Deciding, and redrawing the card, are ``casework.decisions`` and the post_card actor.
"""

from __future__ import annotations

from typing import Any

from telegram import CallbackQuery, ForceReply, Message
from telegram.ext import ExtBot

from bot.channels.telegram.sender import CHANNEL, keyboard
from casework.decisions import Decision, Decisions, Refusal, VisitDecision
from casework.staff_linking import link_chat
from handlers.cards import STAFF_LOCALE, CardPress, refusal_text
from handlers.catalog import Catalog
from handlers.catalog.schema import Scenario
from handlers.events import Reply
from handlers.lifecycle import NEEDS_NOTE, StaffAction
from handlers.supplement_pick import PICK_SEND, PICK_WITH_NOTE, SupplementPick, pick_reply
from handlers.visits import NEEDS_TEXT, VisitPress
from locales import translate
from models.staff import StaffCard, StaffMember, member_on

#: Marks the card button a note prompt is for; the clerk's reply is matched back through it.
NOTE_TAG = "#"


class StaffGroups:
    """Card presses and note replies from department group chats."""

    def __init__(self, bot: ExtBot[Any], decisions: Decisions, catalog: Catalog) -> None:
        self.bot, self.decisions, self.catalog = bot, decisions, catalog

    async def on_press(self, query: CallbackQuery) -> None:
        """A staff member's tap on a case card in a department group, or on the ticking message of a supplement."""
        data = query.data or ""
        press, pick, visit = CardPress.unpack(data), SupplementPick.unpack(data), VisitPress.unpack(data)
        member = await _member(query.from_user.id)
        if (press is None and pick is None and visit is None) or member is None:
            await query.answer(translate(STAFF_LOCALE, "telegram.not_staff"), show_alert=True)
            return
        if visit is not None:
            await self.on_visit(query, visit, member)
            return
        if pick is not None:
            await self.on_pick(query, pick, member)
            return
        assert press is not None
        if press.action == StaffAction.SUPPLEMENT:  # a supplement names what it asks for: tick it first
            await self.show_pick(query, SupplementPick(press.card_id, press.version, press.item_id, 0, ""))
            return
        if press.action in NEEDS_NOTE:
            await self.ask_for_note(query, press, member)
            return
        outcome = await self.decisions.decide(member, press)
        await query.answer(self.told(outcome), show_alert=isinstance(outcome, Refusal))

    async def ask_for_note(self, query: CallbackQuery, press: CardPress | SupplementPick, member: StaffMember) -> None:
        """A rejection (or a supplement, once ticked) needs words: ask for them as a reply, carrying the button."""
        await query.answer()
        if query.message is None:
            return
        tag = NOTE_TAG + press.pack()
        key = f"telegram.note_prompt.{press.action}" if isinstance(press, CardPress) else "telegram.pick_note"
        prompt = translate(STAFF_LOCALE, key, name=member.name, tag=tag)
        await self.bot.send_message(query.message.chat.id, prompt, reply_markup=ForceReply(selective=True))

    async def on_visit(self, query: CallbackQuery, press: VisitPress, member: StaffMember) -> None:
        """A joint-visit button: a confirmation at once; a time or a reason asked for as a reply."""
        if press.verb not in NEEDS_TEXT:
            outcome = await self.decisions.visit(member, press)
            await query.answer(self.told(outcome), show_alert=isinstance(outcome, Refusal))
            return
        await query.answer()
        if query.message is None:
            return
        kind = translate(STAFF_LOCALE, f"visit.kind.{press.kind}")
        tag = NOTE_TAG + press.pack()
        prompt = translate(STAFF_LOCALE, f"visit.prompt.{press.verb}", name=member.name, visit=kind, tag=tag)
        await self.bot.send_message(query.message.chat.id, prompt, reply_markup=ForceReply(selective=True))

    async def show_pick(self, query: CallbackQuery, pick: SupplementPick) -> None:
        """The ticking message for a supplement: its answers and documents as buttons, beside the card."""
        await query.answer()
        shown = await self._pick_reply(pick)
        if query.message is not None and shown is not None:
            await self.bot.send_message(query.message.chat.id, shown.text, reply_markup=keyboard(shown))

    async def on_pick(self, query: CallbackQuery, pick: SupplementPick, member: StaffMember) -> None:
        """A tick toggles in place; send decides through the one door, with what is ticked."""
        scenario = await _scenario_of(pick.card_id, self.catalog)
        if pick.tap not in (PICK_SEND, PICK_WITH_NOTE) or scenario is None:
            shown = await self._pick_reply(pick.toggled())
            await query.answer()
            if shown is not None:
                await query.edit_message_text(shown.text, reply_markup=keyboard(shown))
            return
        if not any(pick.asked(scenario).values()):
            await query.answer(translate(STAFF_LOCALE, "telegram.pick_none"), show_alert=True)
        elif pick.tap == PICK_WITH_NOTE:
            await self.ask_for_note(query, pick, member)
        else:
            outcome = await self.decisions.decide(member, pick.press, "", pick.asked(scenario))
            await query.answer(self.told(outcome), show_alert=isinstance(outcome, Refusal))

    async def _pick_reply(self, pick: SupplementPick) -> Reply | None:
        card = await StaffCard.get_or_none(id=pick.card_id).prefetch_related("case")
        scenario = self.catalog.get(card.case.scenario_id) if card else None
        if card is None or scenario is None:
            return None
        return pick_reply(scenario, set(card.case.answers), pick, translate)

    async def on_note(self, message: Message) -> None:
        """A clerk's reply to a note prompt: the prompt says which card, item and action it is for."""
        asked = message.reply_to_message
        tag = (asked.text or "").rsplit(NOTE_TAG, 1) if asked and asked.from_user and asked.from_user.is_bot else []
        if len(tag) != 2 or message.from_user is None or not message.text:
            return
        member = await _member(message.from_user.id)
        if member is None:
            return
        press, pick = CardPress.unpack(tag[1].strip()), SupplementPick.unpack(tag[1].strip())
        visit = VisitPress.unpack(tag[1].strip())
        scenario = await _scenario_of(pick.card_id, self.catalog) if pick else None
        outcome: Decision | VisitDecision | Refusal
        if visit is not None:
            outcome = await self.decisions.visit(member, visit, message.text)
        elif pick is not None and scenario is not None:
            outcome = await self.decisions.decide(member, pick.press, message.text, pick.asked(scenario))
        elif press is not None:  # a rejection, or a note-only supplement prompted before ticking existed
            outcome = await self.decisions.decide(member, press, message.text)
        else:
            await message.reply_text(translate(STAFF_LOCALE, "staff.unknown_card"))
            return
        await message.reply_text(self.told(outcome))

    async def on_desk_code(self, message: Message) -> None:
        """`/desk CODE`: this Telegram account becomes the desk member's who showed the code."""
        if message.from_user is None or message.from_user.is_bot:
            return
        code = (message.text or "").split(maxsplit=1)[1:] or [""]
        linked = await link_chat(CHANNEL, str(message.from_user.id), code[0])
        name = linked.member.name if linked.member else ""
        await message.reply_text(translate(STAFF_LOCALE, f"telegram.desk_{linked.outcome}", name=name))

    def told(self, outcome: Decision | VisitDecision | Refusal) -> str:
        """What the clerk reads about their press: done, or the polite refusal."""
        if isinstance(outcome, Refusal):
            return refusal_text(outcome.key, outcome.params, self.catalog, translate)
        if isinstance(outcome, VisitDecision):
            return translate(STAFF_LOCALE, f"visit.done.{'fixed' if outcome.fixed else outcome.verb}")
        return translate(STAFF_LOCALE, f"staff.done.{outcome.action}")


async def _scenario_of(card_id: int, catalog: Catalog) -> Scenario | None:
    card = await StaffCard.get_or_none(id=card_id).prefetch_related("case")
    return catalog.get(card.case.scenario_id) if card else None


async def _member(telegram_user_id: int) -> StaffMember | None:
    return await member_on(CHANNEL, str(telegram_user_id))
