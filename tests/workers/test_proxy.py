"""帮办代办: staff file for a resident who agreed; the resident hears of it once they link their own chat."""

from __future__ import annotations

import re

from scenario_walk import Chat, walk
from staff_desk import decide_and_push

from bot.channels.webchat import WebchatInbox
from handlers.events import Reply
from models.case import Case, CaseEvent
from models.linking import LinkAttempt
from models.staff import StaffMember
from models.user import User
from models.webchat import WebchatMessage


class Recorder:
    name = "test"

    def __init__(self) -> None:
        self.pushed: list[tuple[str, str]] = []

    async def push(self, user_ref: str, replies: list[Reply], delivery: str | None = None) -> None:
        self.pushed += [(user_ref, r.text) for r in replies]


async def file_for_a_resident(clerk: Chat, catalog, name: str = "窗口·赵敏") -> tuple[Case, str]:  # type: ignore[no-untyped-def]
    """A clerk files the retirement errand for a consenting resident; the case and the link code on the receipt."""
    await StaffMember.create(name=name, department="approval", channel="test", external_id=clerk.user)
    await clerk.send("command", "/proxy")
    await clerk.say("138-0013-8000")
    assert "138****8000" in clerk.text and "同意" in clerk.text
    await clerk.tap("consent:yes")
    assert "已记录申请人" in clerk.text
    number = await walk(clerk, catalog.get("retirement"))
    code = re.search(r"关联码：([A-Z2-9]{8})", clerk.text)
    assert code is not None and "申请人尚未关联，通知只发给代办人" in clerk.text
    return await Case.get(number=number), code.group(1)


async def test_a_stranger_who_typed_the_same_mobile_hears_nothing(local_services, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    recorder = Recorder()
    local_services.channels.add(recorder)
    # Given someone who once typed 13800138000 into their own application
    stranger = Chat(dialogs, files)
    await walk(stranger, catalog.get("ev-charger-home"))
    # And someone who is not staff cannot file for others
    await stranger.send("command", "/proxy")
    assert "只有登记在册的工作人员" in stranger.text
    # When a clerk files for the resident whose mobile is 13800138000, and a department decides
    clerk = Chat(dialogs, files, user="window-clerk-1")
    case, _ = await file_for_a_resident(clerk, catalog)
    assert case.proxy_phone == "13800138000" and case.proxy_by and "赵敏" in case.proxy_by and case.consent_at
    submitted = await CaseEvent.get(case=case, action="submit")
    assert submitted.actor == case.proxy_by and "同意" in submitted.note
    card = await decide_and_push(case, catalog)
    # Then only the clerk is told, the stranger nothing, and the card says the resident has not linked
    assert any(user == clerk.user and case.number in text for user, text in recorder.pushed)
    assert not [text for user, text in recorder.pushed if user == stranger.user and case.number in text]
    assert "申请人尚未关联，通知只发给代办人" in card.body["text"]


async def test_the_resident_links_with_the_code_and_both_are_told(local_services, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    recorder = Recorder()
    local_services.channels.add(recorder)
    local_services.channels.add(WebchatInbox())
    clerk = Chat(dialogs, files, user="window-clerk-3")
    case, code = await file_for_a_resident(clerk, catalog, "窗口·孙琳")
    # When the resident sends the code from their own web chat, typed loosely
    resident = Chat(dialogs, files, channel="web")
    await resident.send("text", f"/link {code[:4].lower()}-{code[4:]}")
    assert f"已关联办件 {case.number}" in resident.text
    linked = await CaseEvent.get(case=case, action="link")
    assert linked.actor.startswith("user:")
    # Then a decision reaches the clerk and the resident alike, and the card says so
    card = await decide_and_push(case, catalog)
    assert any(user == clerk.user and case.number in text for user, text in recorder.pushed)
    told = await WebchatMessage.filter(user__external_id=resident.user, payload__not={}).order_by("-id").first()
    assert told is not None and case.number in told.payload["text"]
    assert "申请人已关联" in card.body["text"]


async def test_wrong_used_and_expired_codes_are_refused_politely(
    local_services, dialogs, files, catalog, clock
) -> None:  # type: ignore[no-untyped-def]
    clerk = Chat(dialogs, files, user="window-clerk-4")
    case, code = await file_for_a_resident(clerk, catalog, "窗口·周洁")
    someone = Chat(dialogs, files)
    # A code we never issued, and something that cannot be a code at all
    await someone.send("command", "/link ABCD2345")
    assert "关联码不正确" in someone.text
    await someone.send("command", "/link")
    assert "请输入" in someone.text and (await someone.state()).step == "link_code"
    await someone.say("hello")
    assert "关联码不正确" in someone.text and (await someone.state()).step == "menu"
    # A code used once is used up, for anyone
    resident = Chat(dialogs, files)
    await resident.send("command", "/link")
    await resident.say(code)
    assert "已关联办件" in resident.text
    await someone.send("command", f"/link {code}")
    assert "已经使用过" in someone.text
    assert await User.filter(resident_links__case_id=case.id).count() == 1
    # A code older than 30 days has expired
    _, late = await file_for_a_resident(Chat(dialogs, files, user="window-clerk-5"), catalog, "窗口·吴刚")
    clock.advance(days=31)
    latecomer = Chat(dialogs, files)
    await latecomer.send("command", f"/link {late}")
    assert "已过期" in latecomer.text
    assert await LinkAttempt.filter(user__external_id=latecomer.user).count() == 1  # counted as a miss


async def test_codes_cannot_be_guessed(local_services, dialogs, files, catalog, clock) -> None:  # type: ignore[no-untyped-def]
    clerk = Chat(dialogs, files, user="window-clerk-6")
    case, code = await file_for_a_resident(clerk, catalog, "窗口·郑好")
    guesser = Chat(dialogs, files)
    # Given five wrong guesses within the hour
    for guess in ["ABCD2345", "ABCD2346", "ABCD2347", "ABCD2348", "ABCD2349"]:
        await guesser.send("command", f"/link {guess}")
        assert "关联码不正确" in guesser.text
    # Then even the right code is not looked at
    await guesser.send("command", f"/link {code}")
    assert "尝试次数过多" in guesser.text
    assert not await User.filter(resident_links__case_id=case.id).exists()
    # And an hour later it is
    clock.advance(hours=1, minutes=1)
    await guesser.send("command", f"/link {code}")
    assert f"已关联办件 {case.number}" in guesser.text


async def test_codes_cannot_be_guessed_from_fresh_accounts_either(
    local_services, dialogs, files, catalog, clock, monkeypatch, caplog
) -> None:  # type: ignore[no-untyped-def]
    from casework import linking

    clerk = Chat(dialogs, files, user="window-clerk-7")
    case, code = await file_for_a_resident(clerk, catalog, "窗口·冯远")
    # Given a guesser who opens a fresh web chat session for every few guesses, under the limit per account
    earlier = await LinkAttempt.filter(at__gte=clock() - linking.TRY_WINDOW).count()  # other tests' misses
    monkeypatch.setattr(linking, "TRIES_EVERYWHERE", earlier + 6)
    for n in "XYZ":
        guesser = Chat(dialogs, files, channel="web")
        for guess in (f"ABCD23{n}4", f"ABCD23{n}5"):
            await guesser.send("command", f"/link {guess}")
            assert "关联码不正确" in guesser.text
    # Then no code is looked at for the rest of the hour, not even the right one from yet another account
    caplog.set_level("WARNING", logger="casework.linking")
    lucky = Chat(dialogs, files, channel="web")
    await lucky.send("command", f"/link {code}")
    assert "尝试次数过多" in lucky.text and "link codes refused for everyone" in caplog.text
    assert not await User.filter(resident_links__case_id=case.id).exists()
    # And an hour later the resident's own code links
    clock.advance(hours=1, minutes=1)
    resident = Chat(dialogs, files, channel="web")
    await resident.send("command", f"/link {code}")
    assert f"已关联办件 {case.number}" in resident.text


async def test_no_consent_no_proxy_filing(local_services, dialogs, files) -> None:  # type: ignore[no-untyped-def]
    clerk = Chat(dialogs, files, user="window-clerk-2")
    await StaffMember.create(name="窗口·钱明", department="approval", channel="test", external_id=clerk.user)
    await clerk.send("command", "/proxy")
    await clerk.say("12345")
    assert "电话号码不正确" in clerk.text and (await clerk.state()).step == "proxy_phone"
    await clerk.say("13900001111")
    await clerk.tap("consent:no")
    conv = await clerk.state()
    assert "未取得申请人同意" in clerk.text and conv.proxy is None
