"""Telegram, through python-telegram-bot: residents in private chats, staff in department groups.

- ``inbound``: the bot (polling or webhook), each update handled once
- ``resident``: private chats into the engine
- ``staff``: card presses and note replies from department groups
- ``sender``: sending, usable in any process (workers show cards and push through it)
"""

from bot.channels.telegram.inbound import TelegramBot
from bot.channels.telegram.sender import TelegramSender, chunks, keyboard, make_bot, make_staff_bot

__all__ = ["TelegramBot", "TelegramSender", "chunks", "keyboard", "make_bot", "make_staff_bot"]
