"""好差评 on the staff side in a real browser: a department sees a resident's 不满意 rating with its
follow-up, and asks for a review (申诉复核) of it."""

from __future__ import annotations

import re
from typing import Any

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


def file_and_rate(api: APIRequestContext) -> str:
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
    staff = {"Authorization": "Bearer " + api.post("api/staff/session", data={"department": "power"}).json()["token"]}
    for action in ("accept", "approve"):
        cards = api.get("api/staff/cards?department=power", headers=staff).json()["cards"]
        card = next(c for c in cards if c["number"] == number)
        data = next(b["data"] for b in card["buttons"] if f":{action}:" in b["data"])
        assert api.post("api/staff/actions", data={"data": data}, headers=staff).ok
    item = f"*|rate:{number}:charger_application"
    resident.send(type="button", data=f"{item}:l:4")
    resident.send(type="button", data=f"{item}:r:1")
    resident.send(type="button", data=f"{item}:d")
    resident.send(type="text", text="前后跑了三趟")
    return number


def test_a_department_sees_a_low_rating_with_its_follow_up_and_asks_for_a_review(page: Page) -> None:
    number = file_and_rate(page.request)
    page.goto("staff")
    page.get_by_role("link", name="好差评").click()  # from the staff page's header
    expect(page).to_have_url(re.compile(r"/staff/ratings$"))
    page.locator("#dept").select_option("power")
    page.get_by_role("button", name="以该部门演示身份登录").click()
    row = page.locator(f'tr[data-number="{number}"]')
    expect(row).to_contain_text("不满意")
    expect(row).to_contain_text("时间长")
    expect(row).to_contain_text("前后跑了三趟")
    expect(row).to_contain_text("HF")  # the follow-up the rating opened
    row.get_by_label("申请复核的理由").fill("申请人反映的情况与记录不符")
    row.get_by_role("button", name="申请复核").click()
    expect(page.locator("#banner")).to_contain_text("已提交复核申请")
    expect(row).to_contain_text("复核中：申请人反映的情况与记录不符")
