"""What a person does on the web chat page, in Playwright terms."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

#: From the EV charger's first question to its first document (the ID card photo).
TO_FIRST_DOCUMENT = ["1", "是", "张三", "371302198506120027", "13800138000", "临港区滨海路8号阳光小区3号楼", "1"]


def open_chat(page: Page) -> None:
    """Opens the page and waits for the greeting."""
    page.goto("/")
    expect(page.locator(".msg.bot").first).to_be_visible(timeout=20_000)
    expect(page.locator("#send")).to_be_enabled()


def say(page: Page, text: str) -> None:
    """Types and sends; waits until the reply is drawn."""
    replies = page.locator(".msg.bot:not(.local)").count()
    page.locator("#input").fill(text)
    page.locator("#send").click()
    expect(page.locator(".msg.bot:not(.local)")).not_to_have_count(replies, timeout=20_000)
    expect(page.locator("#send")).to_be_enabled()


def tap(page: Page, label: str) -> None:
    """Taps the newest option with this label; waits until the reply is drawn."""
    replies = page.locator(".msg.bot").count()
    page.locator("button.choice", has_text=label).last.click()
    expect(page.locator(".msg.bot")).not_to_have_count(replies, timeout=20_000)
    expect(page.locator("#send")).to_be_enabled()


def last_reply(page: Page) -> Locator:
    return page.locator(".msg.bot:not(.local)").last


def to_first_document(page: Page) -> None:
    """Starts the EV charger and answers up to its first document."""
    open_chat(page)
    say(page, "充电桩")
    tap(page, "居民充电桩报装")
    tap(page, "开始办理")
    expect(last_reply(page)).to_contain_text("个人信息告知")
    tap(page, "同意并继续")
    for answer in TO_FIRST_DOCUMENT:
        say(page, answer)
    expect(last_reply(page)).to_contain_text("请上传")


def elder_on(page: Page) -> None:
    """The 长辈版 switch in the header."""
    page.locator("#elder").click()
    expect(page.locator("body")).to_have_class("elder", timeout=20_000)
    expect(page.locator("#elder")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#send")).to_be_enabled()
