"""帮办代办 on the engine alone: only staff may file for someone, and only with their consent."""

from __future__ import annotations


async def test_someone_not_staff_cannot_file_for_others(chat) -> None:
    await chat.send("command", "/proxy")
    assert (await chat.state()).proxy is None and (await chat.state()).step == "menu"


async def test_staff_file_for_a_resident_who_agreed(chat, repo) -> None:
    # Given a chat user who is a staff member
    repo.staff[chat.user_id] = "staff-1"
    await chat.send("command", "/proxy")
    assert (await chat.state()).step == "proxy_phone"
    # When they give the resident's mobile and record the resident's consent
    await chat.say("13800138000")
    await chat.tap("consent:yes")
    # Then the filing that follows is on the resident's behalf
    proxy = (await chat.state()).proxy
    assert proxy is not None and proxy["phone"] == "13800138000" and proxy["staff"] == "staff-1"


async def test_without_consent_nothing_is_kept(chat, repo) -> None:
    repo.staff[chat.user_id] = "staff-1"
    await chat.send("command", "/proxy")
    await chat.say("13800138000")
    await chat.tap("consent:no")
    assert (await chat.state()).proxy is None
