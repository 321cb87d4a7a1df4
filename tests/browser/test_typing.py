"""Issue 12, item 16: a message longer than the server takes stays in the box, with a counter and the limit."""

from __future__ import annotations

from browser.chat_page import open_chat, say
from playwright.sync_api import Page, Request, expect


def test_a_too_long_answer_stays_in_the_box_and_is_not_sent(page: Page) -> None:
    open_chat(page)
    limit = page.evaluate("fetch('api/config').then(r => r.json()).then(c => c.max_text)")
    sent: list[Request] = []
    page.on("request", lambda r: sent.append(r) if "api/events" in r.url else None)
    # When the resident pastes a 5,000-character answer
    answer = "我家车位在地下二层" * (5000 // 9 + 1)
    page.locator("#input").fill(answer)
    # Then the counter shows how much is typed against the limit the server takes
    expect(page.locator("#count")).to_have_text(f"{len(answer)} / {limit}")
    expect(page.locator("#count")).to_have_class("count over")
    # And sending is refused in the page: nothing goes out, the text stays, the reason is shown
    page.locator("#send").click()
    expect(page.locator(".msg.local")).to_contain_text(str(limit))
    assert page.locator("#input").input_value() == answer
    assert sent == []
    # And once shortened it goes
    page.locator("#input").fill(answer[:limit])
    expect(page.locator("#count")).to_have_class("count")
    say(page, answer[:200])
    assert len(sent) == 1 and page.locator("#input").input_value() == ""
