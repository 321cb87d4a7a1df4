"""The staff page's 留言与申请: a department signs in on the staff page, opens a complaint and answers it."""

from __future__ import annotations

import itertools
import json
import re
import urllib.request
from pathlib import Path

from browser.test_staff_signin import accounts, sign_in
from playwright.sync_api import Page, expect

_texts = itertools.count(1)


def _post(url: str, body: dict[str, object], token: str = "") -> dict[str, object]:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return dict(json.loads(answer.read()))


def file_complaint(demo_url: str) -> tuple[str, str]:
    """A resident files a complaint through the web chat's API; its number and text."""
    token = str(_post(demo_url + "api/session", {"lang": "zh_CN"})["token"])
    text = f"三号窗口中午提前下班，第{next(_texts)}次了"
    messages = [_post(demo_url + "api/events", {"type": "text", "text": "我要投诉"}, token)]
    messages.append(_post(demo_url + "api/events", {"type": "text", "text": text}, token))
    for action in ("message:dept:-", "message:publish:no", "message:submit"):
        buttons = [b["data"] for m in messages[-1]["messages"] for b in m["buttons"]]  # type: ignore[union-attr]
        data = next((b for b in buttons if b.split("|", 1)[1].startswith(action)), None)
        if data is not None:
            messages.append(_post(demo_url + "api/events", {"type": "button", "data": data}, token))
    filed = " ".join(str(m["text"]) for m in messages[-1]["messages"])  # type: ignore[union-attr]
    found = re.search(r"LY\d{8}-\d{4}", filed)
    assert found, filed
    return found.group(), text


def test_a_department_answers_a_complaint(page: Page, demo_url: str, demo_dir: Path) -> None:
    number, text = file_complaint(demo_url)
    page.goto("staff/requests")
    # Signed out: sent to the staff page, whose sign-in (a cookie session) the requests page shares
    expect(page).to_have_url(re.compile(r"/staff(#.*)?$"))
    sign_in(page, "approval", accounts(demo_dir)["approval"])
    expect(page.locator("#signin")).to_be_hidden()
    page.goto("staff/requests")
    # The complaint is in the department's queue, with its due date
    row = page.locator("tr.row", has_text=number)
    expect(row).to_contain_text("投诉")
    expect(row.locator("td.due")).to_have_text(re.compile(r"\d{4}-\d{2}-\d{2}"))
    row.click()
    expect(page.locator("#d-text")).to_have_text(text)
    page.fill("#a-text", "已核实，已调整三号窗口午间值班。")
    page.click("#a-answer")
    expect(page.locator("#banner")).to_contain_text("已答复")
    expect(page.locator("#d-title")).to_contain_text("已答复")
    expect(page.locator("#d-timeline")).to_contain_text("已核实，已调整三号窗口午间值班。")


def test_the_staff_page_links_here_and_its_header_still_fits(page: Page, width: int, demo_dir: Path) -> None:
    page.goto("staff")
    sign_in(page, "approval", accounts(demo_dir)["approval"])  # the header's buttons show once signed in
    expect(page.locator("#signin")).to_be_hidden()
    link = page.locator("#requests-link")
    expect(link).to_have_text("留言与申请")
    title = page.locator(".titles h1")
    lines = title.evaluate("e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)")
    assert round(lines) == 1
    for button in ("#refresh", "#requests-link", "#live-link", "#ratings-link", "#signout"):
        box = page.locator(button).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
    link.click()
    expect(page.locator("#title")).to_have_text("留言与申请")
