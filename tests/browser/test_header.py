"""Issue 12, item 21: the header's title and subtitle each keep to one line, and its buttons fit."""

from __future__ import annotations

import itertools

from browser.chat_page import elder_on, open_chat
from playwright.sync_api import Page


def lines(page: Page, selector: str) -> float:
    """How many lines an element's text takes."""
    return page.locator(selector).evaluate(
        "e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)"
    )


def test_the_title_and_subtitle_keep_to_one_line_and_the_buttons_fit(page: Page, width: int) -> None:
    open_chat(page)
    for mode in ("plain", "elder"):
        if mode == "elder":
            elder_on(page)
        assert round(lines(page, "#title")) == 1, mode
        assert round(lines(page, "#subtitle")) == 1, mode
        header = page.locator(".top").bounding_box()
        boxes = [page.locator(f"#{b}").bounding_box() for b in ("elder", "lang", "end")]
        assert header and header["width"] <= width
        for box in boxes:
            assert box and header["x"] <= box["x"] and box["x"] + box["width"] <= header["x"] + header["width"]
        for left, right in itertools.pairwise(boxes):
            assert left and right and left["x"] + left["width"] <= right["x"], "header buttons overlap"
