"""The periodic sweep of handovers to a person (人工客服) that nobody took in time: a 留言 offered instead,
pushed to the resident in their channel."""

from __future__ import annotations

from scenario_walk import Chat

from models.live import OPEN_LIVE, LiveChat, LiveStatus
from models.outbox import Outbox
from models.user import User
from models.webchat import WebchatMessage
from workers.actors import live


async def test_the_sweep_ends_what_waited_too_long_and_the_push_reaches_the_web_chat(
    dialogs, files, clock, local_services
) -> None:  # type: ignore[no-untyped-def]
    await LiveChat.filter(status__in=list(OPEN_LIVE)).update(status=LiveStatus.ENDED)
    resident = Chat(dialogs, files, channel="web")
    await resident.say("转人工")
    user = await User.get(channel="web", external_id=resident.user)
    clock.advance(minutes=4)
    await live.check_live_waits.fn.__wrapped__(wait_minutes=5)
    assert (await LiveChat.get(user=user)).status == LiveStatus.WAITING  # within its wait
    await live.check_live_waits.fn.__wrapped__(wait_minutes=3)
    chat = await LiveChat.get(user=user)
    assert chat.status == LiveStatus.ENDED and chat.ended_by == "timeout"
    row = await Outbox.get(key=f"live:{chat.id}:timeout")
    await live.push_live.fn.__wrapped__(**row.payload)
    shown = await _latest(user.id)
    assert "没能及时接入" in shown and "我要留言" in shown


async def _latest(user_id: int) -> str:
    row = await WebchatMessage.filter(user_id=user_id, sender="bot").order_by("-id").first()
    assert row is not None
    return f"{row.payload['text']} {[b['label'] for b in row.payload['buttons']]}"


async def test_in_elder_mode_what_staff_say_is_also_read_aloud(dialogs, files, local_services) -> None:  # type: ignore[no-untyped-def]
    await LiveChat.filter(status__in=list(OPEN_LIVE)).update(status=LiveStatus.ENDED)
    resident = Chat(dialogs, files, channel="web")
    await resident.say("转人工")
    user = await User.get(channel="web", external_id=resident.user)
    await User.filter(id=user.id).update(elder_mode=True)
    chat = await LiveChat.get(user=user)
    await live.push_live.fn.__wrapped__(chat.id, f"live:{chat.id}:msg:test", {"text": "您好，请讲。", "buttons": []})
    spoken = await Outbox.get(key=f"speak:{user.id}:live:{chat.id}:msg:test")
    assert spoken.actor == "speak" and spoken.payload["texts"] == ["您好，请讲。"]
