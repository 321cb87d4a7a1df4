"""The live page (人工客服) in a real browser: a resident asks for a person in the web chat, a clerk takes
it on /staff/live, replies with a 常用语, and hands back; the resident sees the reply and the rating."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.app_process import running_demo
from browser.chat_page import last_reply, open_chat, say
from browser.conftest import SCREENSHOTS
from browser.test_staff_signin import accounts, sign_in
from playwright.sync_api import Browser, ConsoleMessage, Page, expect


@pytest.fixture(scope="module")
def live_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The live demo's data directory (its demo.log has the staff accounts' passwords)."""
    return tmp_path_factory.mktemp("live")


@pytest.fixture(scope="module")
def live_demo(chromium: str, live_dir: Path) -> Iterator[str]:
    """The demo with staff on duty around the clock, so the test does not depend on the hour it runs at."""
    with running_demo(live_dir, {"YJS_LIVE_HOURS": "daily 00:00-24:00"}) as url:
        yield url


def opened(browser: Browser, url: str, width: int, errors: list[str]) -> Page:
    context = browser.new_context(base_url=url, viewport={"width": width, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.on("console", lambda m: _error(m, errors))
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    return page


def _error(message: ConsoleMessage, errors: list[str]) -> None:
    if message.type == "error":
        errors.append(message.text)


@pytest.mark.parametrize("width", [360, 1280])
def test_a_clerk_takes_replies_with_a_canned_phrase_and_hands_back(
    browser: Browser, live_demo: str, live_dir: Path, width: int
) -> None:
    errors: list[str] = []
    resident, clerk = opened(browser, live_demo, width, errors), opened(browser, live_demo, 1280, errors)
    open_chat(resident)
    say(resident, f"我的电话13800138000，想问充电桩 {width}")
    say(resident, "转人工")
    expect(last_reply(resident)).to_contain_text("前面还有")
    # Signed out, the live page sends the clerk to the staff page to sign in (one cookie session for both)
    clerk.goto("/staff/live#department=approval")
    expect(clerk).to_have_url(re.compile(r"/staff(#.*)?$"))
    sign_in(clerk, "approval", accounts(live_dir)["approval"])
    expect(clerk.locator("#signin")).to_be_hidden()
    clerk.goto("/staff/live#department=approval")
    expect(clerk.locator("#dept option")).to_have_count(1)  # a clerk works their own department's queue
    card = clerk.locator("section.chat", has_text=f"想问充电桩 {width}")
    expect(card).to_contain_text("138****8000", timeout=20_000)
    expect(card).not_to_contain_text("13800138000")
    card.get_by_role("button", name="接入").click()
    expect(resident.locator(".msg.bot").last).to_contain_text("已接入", timeout=20_000)
    resident.locator("#input").fill("请问要带什么材料？")
    resident.locator("#send").click()
    expect(card).to_contain_text("请问要带什么材料？", timeout=20_000)
    card.get_by_label("常用语").select_option(label="请稍等，我帮您查询一下。")
    card.get_by_role("button", name="发送").click()
    expect(resident.locator(".msg.bot").last).to_contain_text("请稍等，我帮您查询一下。", timeout=20_000)
    card.get_by_role("button", name="结束并交回智能助手").click()
    expect(resident.locator(".msg.bot").last).to_contain_text("请您为这次服务评价", timeout=20_000)
    expect(clerk.locator("#chats")).not_to_contain_text(f"想问充电桩 {width}", timeout=20_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    clerk.screenshot(path=SCREENSHOTS / f"live-clerk-{width}.png")
    resident.screenshot(path=SCREENSHOTS / f"live-resident-{width}.png")
    assert not errors, "console errors:\n" + "\n".join(errors)


def test_a_supervisor_reads_any_departments_queue(browser: Browser, live_demo: str, live_dir: Path) -> None:
    errors: list[str] = []
    supervisor = opened(browser, live_demo, 1280, errors)
    supervisor.goto("/staff")
    sign_in(supervisor, "supervisor", accounts(live_dir)["supervisor"])
    expect(supervisor.locator("#signin")).to_be_hidden()
    supervisor.goto("/staff/live#department=fire")
    expect(supervisor.locator("#dept")).to_have_value("fire")
    expect(supervisor.locator("#chats")).to_contain_text("暂无")
    assert supervisor.locator("#dept option").count() > 5
    expect(supervisor.locator("#status")).not_to_have_class("error")
    assert not errors, "console errors:\n" + "\n".join(errors)
