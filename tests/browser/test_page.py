"""The page itself in a real browser: it loads under its CSP and greets."""

from __future__ import annotations

from browser.chat_page import last_reply, open_chat, say
from playwright.sync_api import Page, expect


def test_the_page_greets_and_answers_without_a_console_error(page: Page) -> None:
    open_chat(page)
    say(page, "充电桩")
    expect(last_reply(page)).to_be_visible()
