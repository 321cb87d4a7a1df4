"""Issue 15: the staff desk's sign-in in a real browser: a password, a wrong one, the lockout message, sign-out."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect


def accounts(demo_dir: Path) -> dict[str, str]:
    """login -> password, as the demo printed them once at start."""
    log = (demo_dir / "demo.log").read_text(errors="replace")
    found = re.findall(r"^  (\S+)\s+(\S{12})\s+演示·", log, flags=re.M)
    assert found, log
    return dict(found)


@pytest.fixture
def fresh_failures(demo_dir: Path) -> Iterator[None]:
    """Failed sign-ins of this test are forgotten after it, so the address is not left locked for others."""
    yield
    with sqlite3.connect(demo_dir / "yijianshi.db") as db:
        db.execute("DELETE FROM staff_sign_in_failures")


def open_desk(page: Page) -> None:
    page.goto("staff")
    expect(page.locator("#signin-form")).to_be_visible()


def sign_in(page: Page, login: str, password: str) -> None:
    page.fill("#login", login)
    page.fill("#password", password)
    page.click("#signin-submit")


def fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_sign_in_with_a_password_then_sign_out(page: Page, width: int, demo_dir: Path) -> None:
    open_desk(page)
    fits(page, width)
    sign_in(page, "power", accounts(demo_dir)["power"])
    expect(page.locator("#who")).to_contain_text("演示·供电经办人")
    expect(page.locator("#who")).to_contain_text("经办人")
    expect(page.locator("#signin")).to_be_hidden()
    # a clerk lists their own department only
    expect(page.locator("#dept-list button.dept")).to_have_count(1)
    expect(page.locator("#board-title")).not_to_be_empty()
    fits(page, width)
    # the page's own POSTs carry the CSRF token: a code to link the clerk's Telegram account
    page.click("#chat-link-btn")
    expect(page.locator("#chat-code")).to_contain_text(re.compile(r"/desk [A-Z2-9]{8}"))
    fits(page, width)
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["yjs_staff"]["httpOnly"] and cookies["yjs_staff"]["sameSite"] == "Strict"
    assert page.evaluate("document.cookie").find("yjs_staff") < 0
    page.click("#signout")
    expect(page.locator("#signin-form")).to_be_visible()
    expect(page.locator("#signin-error")).to_contain_text("已退出登录")
    page.reload()
    expect(page.locator("#signin-form")).to_be_visible()
    expect(page.locator("#signout")).to_be_hidden()


def test_a_supervisor_sees_every_departments_queue(page: Page, demo_dir: Path) -> None:
    open_desk(page)
    sign_in(page, "supervisor", accounts(demo_dir)["supervisor"])
    expect(page.locator("#who")).to_contain_text("督查")
    expect(page.locator("#dept-list button.dept").nth(5)).to_be_visible()


@pytest.mark.refusals
def test_a_wrong_password_is_refused_politely(page: Page, width: int, demo_dir: Path, fresh_failures: None) -> None:
    open_desk(page)
    sign_in(page, "approval", "not-the-password")
    expect(page.locator("#signin-error")).to_have_text("账号或密码不正确。")
    expect(page.locator("#signin-form")).to_be_visible()
    assert page.input_value("#password") == "" and page.input_value("#login") == "approval"
    fits(page, width)


@pytest.mark.refusals
def test_repeated_failures_lock_the_account_and_say_until_when(
    page: Page, width: int, demo_dir: Path, fresh_failures: None
) -> None:
    login = f"locked-{width}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("YJS_")}
    env["YJS_DATA_DIR"] = str(demo_dir)
    add = ["staff", "add", "--name", login, "--login", login, "--department", "fire", "--password-stdin"]
    subprocess.run(
        [sys.executable, "-m", "bot", *add],
        env=env,
        input="the-real-password\n",
        text=True,
        check=True,
        capture_output=True,
    )
    open_desk(page)
    for _ in range(4):
        sign_in(page, login, "wrong-wrong")
        expect(page.locator("#signin-error")).to_have_text("账号或密码不正确。")
        page.evaluate("document.getElementById('signin-error').textContent = ''")
    sign_in(page, login, "wrong-wrong")
    expect(page.locator("#signin-error")).to_contain_text("暂时锁定")
    expect(page.locator("#signin-error")).to_contain_text(re.compile(r"\d\d:\d\d（北京时间）"))
    sign_in(page, login, "the-real-password")  # locked: even the right password waits
    expect(page.locator("#signin-error")).to_contain_text("暂时锁定")
    fits(page, width)
