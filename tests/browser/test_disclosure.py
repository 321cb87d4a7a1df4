"""依申请公开 in a real browser: filed in the web chat, answered by the office on requests.html's disclosure tab."""

from __future__ import annotations

import re
from pathlib import Path

from browser.chat_page import last_reply, open_chat, say, tap
from browser.test_staff_signin import accounts, sign_in
from playwright.sync_api import Page, expect


def file_request(page: Page) -> str:
    """Files a request from the chat page; returns its number."""
    open_chat(page)
    tap(page, "政府信息公开申请")
    tap(page, "同意并开始填写")
    tap(page, "公民")
    for answer in ("张三", "371302198506120027", "13800138000", "2025年临港区XX路拓宽工程的建设工程规划许可证及附图"):
        say(page, answer)
    tap(page, "跳过")
    tap(page, "电子")
    tap(page, "在线查看")
    tap(page, "不清楚，由受理部门转交")
    expect(last_reply(page)).to_contain_text("请核对")
    tap(page, "确认提交")
    filed = page.locator(".msg.bot", has_text="答复期限").last
    expect(filed).to_be_visible()
    found = re.search(r"GK\d{8}-\d{4}", filed.inner_text())
    assert found is not None
    return found.group()


def test_an_office_answers_a_request_on_the_disclosure_tab(page: Page, demo_dir: Path) -> None:
    number = file_request(page)
    # Given the receiving office signed in (the staff page's sign-in, a cookie session) on the requests page
    page.goto("/staff")
    sign_in(page, "approval", accounts(demo_dir)["approval"])
    expect(page.locator("#signin")).to_be_hidden()
    page.goto("/staff/requests")
    page.locator("button.tab[data-kind=disclosure]").click()
    page.locator("#rows tr", has_text=number).click()
    expect(page.locator("#gk-row")).to_be_visible()
    # When it withholds part, on Article 15 (the API test covers the refusal without a ground)
    page.locator("#gk-type").select_option("partial")
    page.locator("#gk-ground").select_option("art15")
    page.locator("#a-text").fill("许可证予以公开，附图涉及第三方商业秘密。")
    page.locator("#a-answer").click()
    expect(page.locator("#banner.ok")).to_be_visible()
    page.locator("#rows tr", has_text=number).click()
    expect(page.locator("#d-title")).to_contain_text("已答复")
