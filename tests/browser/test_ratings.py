"""好差评 on the staff side in a real browser, signed in at the desk (a cookie session, the CSRF token the page
is handed): a department sees a resident's 不满意 rating with its follow-up and asks for a review (申诉复核) of
it; the supervisor, who reads every department's ratings, decides it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from browser.test_staff_signin import accounts
from playwright.sync_api import APIRequestContext, Page, expect
from samples import JPEG
from webchat_client import button

ANSWERS = ["1", "是", "张三", "371302198506120027", "13800138000", "临港区滨海路8号阳光小区3号楼", "1"]


class Resident:
    """The web chat's JSON API, called as the page calls it."""

    def __init__(self, api: APIRequestContext) -> None:
        self.api = api
        token = api.post("api/session", data={"lang": "zh_CN"}).json()["token"]
        self.auth = {"Authorization": f"Bearer {token}"}

    def send(self, **event: str) -> list[dict[str, Any]]:
        return list(self.api.post("api/events", data=event, headers=self.auth).json()["messages"])

    def tap(self, messages: list[dict[str, Any]], action: str) -> list[dict[str, Any]]:
        return self.send(type="button", data=button(messages, action))

    def photo(self) -> list[dict[str, Any]]:
        upload = {"file": {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": JPEG}}
        return list(self.api.post("api/files", multipart=upload, headers=self.auth).json()["messages"])


@pytest.fixture(scope="session")
def passwords(demo_url: str, demo_dir: Path) -> dict[str, str]:
    """The demo accounts' passwords, as `yijianshi run` printed them once at start."""
    return accounts(demo_dir)


def sign_in(page: Page, login: str, passwords: dict[str, str]) -> None:
    """Signs in on the desk's form, as a clerk does."""
    page.goto("desk")
    page.fill("#signin-login", login)
    page.fill("#signin-password", passwords[login])
    page.click("#signin-go")
    expect(page.locator("#list-panel")).to_be_visible()


def file_and_rate(api: APIRequestContext, password: str) -> str:
    """A resident files the EV charger case, the power department approves it, the resident rates it 不满意."""
    resident = Resident(api)
    resident.send(type="command", text="/start")
    notice = resident.send(type="button", data="*|sc:ev-charger-home")
    replies = resident.tap(resident.tap(notice, "start"), "privacy:yes")
    for answer in ANSWERS:
        replies = resident.send(type="text", text=answer)
    for _ in range(12):  # each document: a photo, "传好了" where it takes pages, "稍后补交" where offered
        actions = [b["data"].split("|", 1)[1] for m in replies for b in m["buttons"]]
        if any(a.startswith("submit") for a in actions):
            break
        replies = resident.tap(replies, "pages_done") if "pages_done" in actions else resident.photo()
    receipt = resident.tap(replies, "submit")
    number = re.findall(r"LG\d{8}-\d{4}", " ".join(m["text"] for m in receipt))[0]
    signed = api.post("api/staff/signin", data={"login": "power", "password": password})
    assert signed.ok, signed.text()
    staff = {"X-CSRF-Token": signed.json()["csrf"]}  # the session cookie is kept by the request context
    for action in ("accept", "approve"):
        cards = api.get("api/staff/cards?department=power").json()["cards"]
        card = next(c for c in cards if c["number"] == number)
        data = next(b["data"] for b in card["buttons"] if f":{action}:" in b["data"])
        assert api.post("api/staff/actions", data={"data": data}, headers=staff).ok
    item = f"*|rate:{number}:charger_application"
    resident.send(type="button", data=f"{item}:l:4")
    resident.send(type="button", data=f"{item}:r:1")
    resident.send(type="button", data=f"{item}:d")
    resident.send(type="text", text="前后跑了三趟")
    assert api.post("api/staff/signout", headers=staff).ok
    return number


def test_a_department_sees_a_low_rating_with_its_follow_up_and_the_supervisor_decides_its_review(
    page: Page, passwords: dict[str, str]
) -> None:
    number = file_and_rate(page.request, passwords["power"])
    # Signed out, the page sends the clerk to the desk's sign-in
    page.goto("staff/ratings")
    expect(page.locator("#banner")).to_contain_text("请先在工作台登录")
    expect(page.get_by_role("link", name="去工作台登录")).to_have_attribute("href", "../desk")
    sign_in(page, "power", passwords)
    page.goto("staff")
    page.get_by_role("link", name="好差评").click()  # from the staff page's header
    expect(page).to_have_url(re.compile(r"/staff/ratings$"))
    expect(page.locator("#dept")).to_have_value("power")
    expect(page.locator("#dept option")).to_have_count(1)  # a clerk lists their own department only
    row = page.locator(f'tr[data-number="{number}"]')
    expect(row).to_contain_text("不满意")
    expect(row).to_contain_text("时间长")
    expect(row).to_contain_text("前后跑了三趟")
    expect(row).to_contain_text("HF")  # the follow-up the rating opened
    expect(row.get_by_role("button", name="评价作废")).to_have_count(0)
    row.get_by_label("申请复核的理由").fill("申请人反映的情况与记录不符")
    row.get_by_role("button", name="申请复核").click()
    expect(page.locator("#banner")).to_contain_text("已提交复核申请")
    expect(row).to_contain_text("复核中：申请人反映的情况与记录不符")
    # The supervisor picks the department and voids the rating
    page.goto("desk")
    page.click("#signout")
    expect(page.locator("#signin")).to_be_visible()
    sign_in(page, "supervisor", passwords)
    page.goto("staff/ratings")
    expect(page.locator("#dept option")).not_to_have_count(1)
    page.locator("#dept").select_option("power")
    row = page.locator(f'tr[data-number="{number}"]')
    expect(row.get_by_role("button", name="申请复核")).to_have_count(0)
    row.get_by_role("button", name="评价作废").click()
    expect(page.locator("#banner")).to_contain_text("该评价作废")
    expect(row).to_contain_text("已作废")
    # and reads 好差评 on the statistics page: the five levels and the satisfaction per group, each with its chart
    page.goto("stats")
    levels = page.locator("[data-table=levels]")
    expect(levels.locator("svg[role=img] title")).to_have_count(1)
    expect(levels.locator("tbody tr")).to_have_count(5)
    expect(levels.locator("tbody tr").first).to_contain_text("非常满意")
    satisfaction = page.locator("[data-table=satisfaction]")
    expect(satisfaction.locator("thead")).to_contain_text("满意率")
    expect(satisfaction.get_by_role("button", name=re.compile("导出 CSV"))).to_be_visible()
