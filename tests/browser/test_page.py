"""The page itself in a real browser: it loads under its CSP and greets."""

from __future__ import annotations

import pytest
from browser.chat_page import last_reply, open_chat, say
from playwright.sync_api import Page, Route, expect


def test_the_page_greets_and_answers_without_a_console_error(page: Page) -> None:
    open_chat(page)
    say(page, "充电桩")
    expect(last_reply(page)).to_be_visible()


@pytest.mark.refusals
def test_a_failed_send_says_whose_fault_it_was_and_keeps_the_text(page: Page) -> None:
    """A server fault is not blamed on the person's network; a dropped connection is. The text stays."""
    open_chat(page)
    failing = {"how": "server"}

    def fail(route: Route) -> None:
        if failing["how"] == "server":
            route.fulfill(status=500, content_type="text/plain", body="500 Internal Server Error")
        else:
            route.abort("failed")

    page.route("**/api/events", fail)
    page.locator("#input").fill("充电桩")
    page.locator("#send").click()
    expect(page.locator("#banner")).to_contain_text("服务暂时出了点问题")
    expect(page.locator("#input")).to_have_value("充电桩")
    failing["how"] = "network"
    page.locator("#send").click()
    expect(page.locator("#banner")).to_contain_text("请检查网络")
    expect(page.locator("#input")).to_have_value("充电桩")
    page.unroute("**/api/events")
    say(page, "充电桩")
    expect(last_reply(page)).to_be_visible()
    # the send went through: the failure word goes at once, not when its five seconds are up
    expect(page.locator("#banner")).to_be_empty(timeout=2000)
