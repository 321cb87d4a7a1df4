"""The staff desk in a real browser: sign in, the worklist, search, assignment, acting on a case, the timeline,
statistics with their charts, tables and CSV, sign-out; at 360 and 1280 px, with an axe-core check of every
staff page (axe.min.js as axe-playwright-python ships it, injected from this machine: no CDN)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser.test_staff_signin import accounts
from playwright.sync_api import Browser, Locator, Page, expect

#: Where the README's pictures of the desk come from (artifacts/ is not committed; CI keeps it).
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
#: Impacts that fail the accessibility check.
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="session")
def passwords(demo_url: str, demo_dir: Path) -> dict[str, str]:
    """The demo accounts' passwords, as `yijianshi run` printed them once at start."""
    return accounts(demo_dir)


def sign_in(page: Page, login: str, passwords: dict[str, str]) -> None:
    page.goto("desk")
    page.fill("#signin-login", login)
    page.fill("#signin-password", passwords[login])
    page.click("#signin-go")
    expect(page.locator("#list-panel")).to_be_visible()
    expect(page.locator("#list > li").first).to_be_visible()


def cases(page: Page) -> Locator:
    """The worklist's entries for case items (requests are handled on their own page)."""
    return page.locator("#list > li", has=page.get_by_role("button", name="打开办件"))


def fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def accessible(page: Page) -> None:
    found = Axe().run(page).response["violations"]
    blocking = [(v["id"], v["impact"], v["help"]) for v in found if v["impact"] in BLOCKING]
    assert not blocking, blocking


def open_first(page: Page, status: str = "") -> str:
    """Opens the first case of the worklist (of items with this status); its number."""
    page.click("#case-back") if page.locator("#case").is_visible() else None
    page.select_option("#f-status", status)
    page.click("#filter-go")
    expect(page.locator("#status")).to_have_text("")
    entry = cases(page).first
    number = entry.get_attribute("data-number") or ""
    entry.get_by_role("button", name="打开办件").click()
    expect(page.locator("#case")).to_be_visible()
    expect(page.locator("#case-title")).to_contain_text(number)
    return number


def test_a_clerk_works_a_case_from_the_worklist(page: Page, passwords: dict[str, str], width: int) -> None:
    sign_in(page, "approval", passwords)
    fits(page, width)
    accessible(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"desk-worklist-{width}.png")
    # overdue and due-tomorrow entries are marked; the list runs soonest due first
    first = cases(page).first
    expect(first).to_contain_text("到期")
    # search by case number
    number = first.get_attribute("data-number") or ""
    page.fill("#q", number)
    page.click("#search-go")
    expect(page.locator("#found > li").first).to_have_attribute("data-number", number)
    # accept, then approve after a confirmation
    open_first(page, "pending")
    accessible(page)
    fits(page, width)
    page.locator("#case-items button[data-action=accept]").first.click()
    expect(page.locator("#status")).to_contain_text("受理")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#case-items button[data-action=approve]").first.click()
    expect(page.locator("#case-timeline li").last).to_contain_text("通过「")
    # a supplement with a ticked document and a 常用语 note
    open_first(page, "pending")
    page.locator("#case-items button[data-action=supplement]").first.click()
    form = page.locator("form.decide")
    document = form.locator("fieldset label").first.inner_text().strip()
    form.locator("fieldset input").first.check()
    form.locator("select").select_option(index=1)
    form.get_by_role("button", name="提交").click()
    expect(page.locator("#case-timeline li").last).to_contain_text("要求补正「")
    expect(page.locator("#case-timeline li").last).to_contain_text(document)
    # a rejection with a template, after a confirmation
    open_first(page, "pending")
    page.locator("#case-items button[data-action=reject]").first.click()
    form = page.locator("form.decide")
    form.locator("select").select_option(index=1)
    template = form.locator("select").input_value()
    page.once("dialog", lambda dialog: dialog.accept())
    form.get_by_role("button", name="提交").click()
    last = page.locator("#case-timeline li").last
    expect(last).to_contain_text("不予通过「")
    expect(last).to_contain_text(template)
    expect(last.locator("time")).to_have_text(re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d$"))
    page.screenshot(path=SCREENSHOTS / f"desk-case-{width}.png", full_page=True)


def test_a_head_assigns_and_reads_the_statistics(page: Page, passwords: dict[str, str], width: int) -> None:
    sign_in(page, "power-head", passwords)
    entry = cases(page).first
    number = entry.get_attribute("data-number") or ""
    entry.get_by_role("button", name="分配").click()
    form = entry.locator("form.assign")
    expect(form.locator("select option")).not_to_have_count(0)
    form.locator("select").select_option(label="王明")
    form.locator("input").fill("按片区分工")
    form.get_by_role("button", name="提交").click()
    expect(page.locator(f"#list > li[data-number='{number}']").first).to_contain_text("经办人 王明")
    page.goto("stats")
    groups = page.locator("[data-table=groups]")
    expect(groups.locator("svg[role=img] title")).to_have_count(1)
    expect(groups.locator("tbody tr").first).to_be_visible()
    fits(page, width)
    accessible(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"desk-statistics-{width}.png", full_page=True)
    with page.expect_download() as download:
        groups.get_by_role("button", name=re.compile("导出 CSV")).click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("\ufeff名称,收件") and len(text.splitlines()) == groups.locator("tbody tr").count() + 1
    page.goto("desk")
    page.click("#signout")
    expect(page.locator("#signin")).to_be_visible()


def test_the_staff_page_fits_a_phone_and_passes_the_accessibility_check(
    browser: Browser, demo_url: str, width: int
) -> None:
    """The cards page (its own tests check its console): no wider than the window, no serious violations."""
    context = browser.new_context(base_url=demo_url, viewport={"width": width, "height": 740}, is_mobile=width < 400)
    page = context.new_page()
    page.goto("staff")
    page.wait_for_load_state("networkidle")
    fits(page, width)
    accessible(page)
    context.close()
