"""What a person does on the web chat page, in Playwright terms."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect


def open_chat(page: Page) -> None:
    """Opens the page and waits for the greeting."""
    page.goto("/")
    expect(page.locator(".msg.bot").first).to_be_visible(timeout=20_000)
    expect(page.locator("#send")).to_be_enabled()


def say(page: Page, text: str) -> None:
    """Types and sends; waits until the reply is drawn."""
    replies = page.locator(".msg.bot").count()
    page.locator("#input").fill(text)
    page.locator("#send").click()
    expect(page.locator(".msg.bot")).not_to_have_count(replies, timeout=20_000)
    expect(page.locator("#send")).to_be_enabled()


def last_reply(page: Page) -> Locator:
    return page.locator(".msg.bot").last
