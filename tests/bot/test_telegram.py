"""Telegram end to end: python-telegram-bot against a local fake Bot API server, over real HTTP."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from fake_telegram import SECRET, TOKEN, FakeTelegram, callback, private_message, running_fake, webhook_env
from samples import EXE, JPEG

from bot.channels.telegram import TelegramBot, TelegramSender
from bot.settings import Settings
from casework.decisions import Decisions, VisitDecision
from casework.drawing import CardDrawer
from handlers.events import Reply
from handlers.visits import VisitKind, VisitPress, VisitVerb
from handlers.workdays import WorkCalendar
from models.case import Case, CaseEvent, CaseItem, CaseVisit
from models.outbox import Outbox
from models.staff import StaffCard, StaffMember
from workers.actors import cases  # first: declares every actor on the one broker
from workers.staffboards import StaffBoards

RESIDENT, CLERK, POWER_GROUP = 555001, 777001, -100200


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeTelegram, str]]:
    async with running_fake() as server_and_base:
        yield server_and_base


@pytest.fixture
async def telegram(fake, dialogs, files, catalog, local_services) -> AsyncIterator[tuple[TelegramBot, TestClient]]:  # type: ignore[no-untyped-def]
    _, base = fake
    settings = Settings.from_env(webhook_env(base))
    bot = TelegramBot(settings, dialogs, files, catalog, {"power": POWER_GROUP})
    worker = CardWorker(bot)
    # Only this test's cards: earlier tests leave post_card jobs in the shared test database's outbox.
    worker.seen = max(await Outbox.filter(actor="post_card").values_list("id", flat=True), default=0)
    # Runs after what the bot wired (the relay's kick), so a test of that wiring sees it missing.
    bot.staff.decisions.after_commit = worker.after(bot.staff.decisions.after_commit)
    await bot.start()
    local_services.channels.add(bot.sender)
    local_services.boards = StaffBoards([bot.sender])
    app = web.Application()
    app.add_routes(bot.routes())
    async with TestClient(TestServer(app)) as client:
        yield bot, client
    await worker.close()  # no job of this test runs on after its bot has stopped
    await bot.stop()


class CardWorker:
    """Stands in for the worker process: after a decision, runs the post_card jobs it queued, as the actor would."""

    def __init__(self, bot: TelegramBot) -> None:
        self.bot, self.seen, self.lock = bot, 0, asyncio.Lock()
        self.running: set[asyncio.Task[None]] = set()

    def after(self, wired: Callable[[], None] | None) -> Callable[[], None]:
        """The bot's own after-commit callback (None: it wired none), then the queued post_card jobs."""

        def after_decision() -> None:
            if wired is not None:
                wired()
            task = asyncio.get_running_loop().create_task(self.run_queued())
            self.running.add(task)
            task.add_done_callback(self.running.discard)

        return after_decision

    async def close(self) -> None:
        """Lets the jobs still running finish (cancelled, one could leave the database's lock held)."""
        if self.running:
            await asyncio.wait(self.running, timeout=30)

    async def run_queued(self) -> None:
        async with self.lock:
            for row in await Outbox.filter(actor="post_card", id__gt=self.seen).order_by("id"):
                self.seen = row.id
                await post_at_turn(row.payload)


async def post_at_turn(payload: dict[str, Any]) -> None:
    """post_card as the worker runs it: a post the group has no turn for yet comes back at its turn."""
    while True:
        try:
            await cases.post_card.fn.__wrapped__(**payload)
            return
        except cases.AtTurn as turn:
            await asyncio.sleep((turn.delay or 0) / 1000)


async def deliver(client: TestClient, update: dict[str, Any], secret: str = SECRET) -> int:
    response = await client.post("/telegram/webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret})
    return response.status


async def replies_to(server: FakeTelegram, chat_id: int, count: int) -> list[dict[str, Any]]:
    """Wait until the bot has sent at least count messages to the chat."""
    for _ in range(250):
        sent = server.sent("sendMessage", chat_id)
        if len(sent) >= count:
            await asyncio.sleep(0.15)  # a step may answer with several messages: let them all arrive
            if len(server.sent("sendMessage", chat_id)) == len(sent):
                return sent
            continue
        await asyncio.sleep(0.02)
    raise AssertionError(f"only {len(server.sent('sendMessage', chat_id))} messages to {chat_id}")


def button(message: dict[str, Any], action: str) -> str:
    rows = message["reply_markup"]["inline_keyboard"]
    datas = [b["callback_data"] for row in rows for b in row]
    # dialog buttons are "<step token>|<action>:…", card buttons "card:<id>:<version>:<action>:<item>"
    return next(d for d in datas if d.split("|", 1)[-1].startswith(action) or f":{action}:" in d)


async def test_start_registers_commands_and_webhook(fake, telegram) -> None:  # type: ignore[no-untyped-def]
    server, _ = fake
    assert [p["language_code"] for p in server.sent("setMyCommands")] == ["zh", "en"]
    assert server.sent("setWebhook")[0]["secret_token"] == SECRET


async def test_a_forged_webhook_is_refused_and_changes_nothing(fake, telegram) -> None:  # type: ignore[no-untyped-def]
    server, _ = fake
    _, client = telegram
    update = server.update(message=private_message(RESIDENT, 1, text="/start", entities=[_command(6)]))
    assert await deliver(client, update, secret="wrong") == 403
    assert (await client.post("/telegram/webhook", json=update)).status == 403  # no secret header at all
    assert (await client.post("/telegram/webhook", data=b"{not json")).status in (400, 403)
    await asyncio.sleep(0.1)
    assert server.sent("sendMessage") == []


async def test_the_ev_charger_through_telegram_with_a_photo_and_a_staff_approval(fake, telegram, catalog) -> None:  # type: ignore[no-untyped-def]
    server, _ = fake
    _, client = telegram
    seen = 0

    async def send(**message: Any) -> dict[str, Any]:
        nonlocal seen
        update = server.update(message=private_message(RESIDENT, len(server.updates) + 10, **message))
        assert await deliver(client, update) == 200
        sent = await replies_to(server, RESIDENT, seen + 1)
        seen = len(sent)
        return sent[-1]

    async def tap(data: str) -> dict[str, Any]:
        nonlocal seen
        assert await deliver(client, server.update(callback_query=callback(RESIDENT, RESIDENT, data))) == 200
        sent = await replies_to(server, RESIDENT, seen + 1)
        seen = len(sent)
        return sent[-1]

    # Given a resident who writes /start, and delivers it twice (Telegram re-sends)
    first = server.update(message=private_message(RESIDENT, 1, text="/start", entities=[_command(6)]))
    await deliver(client, first)
    await deliver(client, first)
    await replies_to(server, RESIDENT, 1)
    await asyncio.sleep(0.2)
    assert len(server.sent("sendMessage", RESIDENT)) == 1  # handled once
    seen = 1
    # When they walk the errand with buttons and text
    notice = await tap("*|sc:ev-charger-home")
    current = await tap(button(await tap(button(notice, "start")), "privacy:yes"))
    for _ in range(2):  # the parking space and the property's consent decide the documents: asked first
        current = await tap(button(current, "answer:1"))
    for answer in ["张三", "371302198506120027", "13800138000", "临港区滨海路8号阳光小区3号楼"]:
        current = await send(text=answer)
    current = await tap(button(current, "answer:1"))
    # And send an .exe as a photo, which is refused politely, then real photos
    server.add_file("bad", EXE)
    refused = await send(
        document={"file_id": "bad", "file_unique_id": "bad", "file_name": "id.jpg", "file_size": len(EXE)}
    )
    assert "不是可接受的格式" in (server.sent("sendMessage", RESIDENT)[-2]["text"] + refused["text"])
    server.add_file("photo1", JPEG)
    photo = [{"file_id": "photo1", "file_unique_id": "p1", "width": 800, "height": 600, "file_size": len(JPEG)}]
    # the ID card's front, then its back, each asked for; a title of one page, then "传好了"
    assert "请再拍背面" in (await send(photo=photo))["text"]
    current = await send(photo=photo)
    current = await tap(button(await send(photo=photo), "pages_done"))
    current = await tap(button(current, "later"))
    current = await tap(button(await send(photo=photo), "pages_done"))
    receipt = await tap(button(current, "submit"))
    assert "提交成功" in receipt["text"]
    case = await Case.filter(user__channel="telegram", user__external_id=str(RESIDENT)).order_by("-id").first()
    assert case is not None

    # Then the power department's group gets the card, with buttons
    await cases.route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    card = await StaffCard.get(case=case, department="power")
    await post_at_turn({"card_id": card.id, "key": f"card:{card.id}:v0"})
    posted = server.sent("sendMessage", POWER_GROUP)[-1]
    assert "371*************27" in posted["text"] and "371302198506120027" not in posted["text"]
    assert "申请人身份证（正反面）（正面、背面）" in posted["text"]  # staff see both sides

    # When someone who is not staff taps a button, they are refused and nothing changes
    accept = button(posted, "accept")
    answered = len(server.sent("answerCallbackQuery"))
    await deliver(client, server.update(callback_query=callback(999, POWER_GROUP, accept)))
    await _until(lambda: len(server.sent("answerCallbackQuery")) > answered)
    assert server.sent("answerCallbackQuery")[-1].get("show_alert") in (True, "true", "True")
    assert (await CaseItem.get(case=case, department="power")).status == "pending"

    # When a clerk of the power department accepts, then approves
    await StaffMember.create(name="王芳", department="power", channel="telegram", external_id=str(CLERK))
    await deliver(client, server.update(callback_query=callback(CLERK, POWER_GROUP, accept)))
    await _until(lambda: server.sent("editMessageText"))
    edited = server.sent("editMessageText")[-1]
    assert int(edited["chat_id"]) == POWER_GROUP and "已受理" in edited["text"]
    approve = button(edited, "approve")
    await deliver(client, server.update(callback_query=callback(CLERK, POWER_GROUP, approve)))
    await _until(lambda: len(server.sent("editMessageText")) >= 2)
    item = await CaseItem.get(case=case, department="power")
    assert item.status == "approved" and item.decided_by and "王芳" in item.decided_by

    # Then the resident is told, in their own chat
    for event in await CaseEvent.filter(case=case, item_id__isnull=False).order_by("id"):
        await cases.push_status.fn.__wrapped__(event.id, f"push:{event.id}")
    told = [m["text"] for m in server.sent("sendMessage", RESIDENT)]
    assert any("临港供电中心已受理" in t for t in told) and any("已通过" in t for t in told)


async def test_polling_delivers_updates(fake, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    server, base = fake
    settings = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": f"{base}/bot",
            "TELEGRAM_API_FILE_URL": f"{base}/file/bot",
        }
    )
    bot = TelegramBot(settings, dialogs, files, catalog, {})
    server.update(message=private_message(RESIDENT + 1, 1, text="/start", entities=[_command(6)], language="en"))
    await bot.start()
    try:
        sent = await replies_to(server, RESIDENT + 1, 1)
        assert "Hello" in sent[0]["text"]  # the language came from Telegram
        assert server.sent("deleteWebhook")
    finally:
        await bot.stop()


async def test_in_polling_mode_there_is_no_webhook_to_forge(fake, dialogs, files, catalog, local_services) -> None:  # type: ignore[no-untyped-def]
    from scenario_walk import Chat, walk

    server, base = fake
    settings = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": f"{base}/bot",
            "TELEGRAM_API_FILE_URL": f"{base}/file/bot",
        }
    )
    bot = TelegramBot(settings, dialogs, files, catalog, {"power": POWER_GROUP})
    await bot.start()
    local_services.channels.add(bot.sender)
    local_services.boards = StaffBoards([bot.sender])
    # Given a polling bot whose routes are mounted the way serve_web mounts them, and a card in the group
    case = await Case.get(
        number=await walk(Chat(dialogs, files, channel="telegram", user="555444"), catalog.get("ev-charger-home"))
    )
    await cases.route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    card = await StaffCard.get(case=case, department="power")
    await post_at_turn({"card_id": card.id, "key": f"card:{card.id}:v0", "version": card.version})
    await StaffMember.create(name="孙丽", department="power", channel="telegram", external_id=str(CLERK + 4))
    accept = button(server.sent("sendMessage", POWER_GROUP)[-1], "accept")
    app = web.Application()
    app.add_routes(bot.routes())
    try:
        async with TestClient(TestServer(app)) as client:
            # When someone posts the clerk's press to the webhook path
            forged = server_update_not_queued(callback(CLERK + 4, POWER_GROUP, accept))
            status = await deliver(client, forged, secret="")
            await asyncio.sleep(0.3)
    finally:
        await bot.stop()
    # Then there is no such route, and nothing was decided or recorded in the clerk's name
    assert (await CaseItem.get(case=case, department="power")).status == "pending"
    assert not await CaseEvent.filter(case=case, actor__contains="孙丽").exists()
    assert status == 404


def server_update_not_queued(query: dict[str, Any]) -> dict[str, Any]:
    """An update the attacker made up: not in the fake server's getUpdates queue, so polling never sees it."""
    return {"update_id": 10**9 + len(query["id"]), "callback_query": query}


def test_a_sender_splits_long_text() -> None:
    from bot.channels.telegram import chunks

    parts = chunks("一行字\n" * 2000)
    assert len(parts) > 1 and all(len(p) <= 4096 for p in parts) and "".join(parts) == "一行字\n" * 2000
    assert TelegramSender.name == "telegram"


def _command(length: int) -> dict[str, Any]:
    return {"type": "bot_command", "offset": 0, "length": length}


async def _until(check, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    """Wait for what the bot or a worker does next: a bound for a loaded CI machine, not a timing check
    (the worker may first send jobs an earlier test left in the shared test database's outbox)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        if check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")


async def test_a_rejection_from_the_group_asks_for_the_reason_as_a_reply(
    fake, telegram, dialogs, files, catalog
) -> None:  # type: ignore[no-untyped-def]
    from scenario_walk import Chat, walk

    server, _ = fake
    _, client = telegram
    # Given a filed case whose card is in the power group, and a registered clerk
    chat = Chat(dialogs, files, channel="telegram", user="555777")
    case = await Case.get(number=await walk(chat, catalog.get("ev-charger-home")))
    await cases.route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    card = await StaffCard.get(case=case, department="power")
    await post_at_turn({"card_id": card.id, "key": f"card:{card.id}:v0"})
    await StaffMember.get_or_create(
        channel="telegram", external_id=str(CLERK + 1), defaults={"name": "李强", "department": "power"}
    )
    posted = server.sent("sendMessage", POWER_GROUP)[-1]
    # When the clerk taps 不予通过, the bot asks for the reason as a reply
    before = len(server.sent("sendMessage", POWER_GROUP))
    await deliver(client, server.update(callback_query=callback(CLERK + 1, POWER_GROUP, button(posted, "reject"))))
    await _until(lambda: len(server.sent("sendMessage", POWER_GROUP)) > before)
    prompt = server.sent("sendMessage", POWER_GROUP)[-1]
    assert "原因" in prompt["text"] and prompt["reply_markup"]["force_reply"]
    assert (await CaseItem.get(case=case, department="power")).status == "pending"
    # And the clerk's reply carries it out, with the reason recorded and shown on the card
    asked = {"message_id": 900, "date": 1, "chat": {"id": POWER_GROUP, "type": "supergroup", "title": "dept"}}
    asked |= {"from": {"id": 4242, "is_bot": True, "first_name": "bot"}, "text": prompt["text"]}
    clerk = {"id": CLERK + 1, "is_bot": False, "first_name": "李强"}
    reply = {"message_id": 901, "date": 2, "chat": asked["chat"], "from": clerk, "text": "车位不在本人名下"}
    await deliver(client, server.update(message={**reply, "reply_to_message": asked}))
    await _until(
        lambda: any("不予通过" in p.get("text", "") for p in server.sent("sendMessage", POWER_GROUP)[before + 1 :])
    )
    item = await CaseItem.get(case=case, department="power")
    assert item.status == "rejected" and item.note == "车位不在本人名下"
    # the post_card actor redraws the card beside the reply, not before it
    edits = lambda: server.sent("editMessageText")  # noqa: E731
    await _until(lambda: bool(edits()) and "车位不在本人名下" in edits()[-1]["text"])


@pytest.mark.skipif(__import__("shutil").which("espeak-ng") is None, reason="make test installs espeak-ng")
async def test_a_read_aloud_reply_is_a_telegram_voice_message(fake, telegram, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.settings import SpeechSettings
    from bot.speech.cache import SpeechCache
    from bot.speech.tts import make_tts

    server, _ = fake
    bot, _ = telegram
    tts = make_tts(SpeechSettings())
    assert tts is not None
    audio = await SpeechCache(tmp_path, tts).voice_for("提交成功，办件编号 LG20261126-0001。", "zh_CN", elder=True)
    await bot.sender.push_voice(str(RESIDENT), audio)
    assert [int(p["chat_id"]) for p in server.sent("sendVoice")] == [RESIDENT]


async def test_a_voice_message_is_heard_through_a_configured_recogniser(fake, telegram) -> None:  # type: ignore[no-untyped-def]
    server, _ = fake
    bot, client = telegram

    class Transcript:
        """Stands in for an operator's offline model: it reads what the audio file says."""

        async def transcribe(self, audio: bytes, locale: str) -> str | None:
            return audio.decode()

    voice = {"file_id": "voice1", "file_unique_id": "v1", "duration": 2, "file_size": 9}
    server.add_file("voice1", "充电桩".encode())
    # Without a recogniser: a polite reply
    update = server.update(message=private_message(RESIDENT + 5, 1, voice=voice))
    await deliver(client, update)
    sent = await replies_to(server, RESIDENT + 5, 1)
    assert "听不懂语音" in sent[0]["text"]
    # With one: the words are read as typed text
    bot.recognizer = Transcript()
    await deliver(client, server.update(message=private_message(RESIDENT + 5, 2, voice=voice)))
    sent = await replies_to(server, RESIDENT + 5, len(sent) + 1)
    assert any("居民充电桩报装" in str(m.get("reply_markup")) for m in sent[1:])


async def test_a_staff_press_in_the_group_kicks_the_relay(fake, telegram, dialogs, files, catalog, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from scenario_walk import Chat, walk

    from workers import relay as relay_module
    from workers.broker import installed

    server, _ = fake
    _, client = telegram
    # Given a relay that, left alone, would not look at the outbox for an hour
    monkeypatch.setattr(relay_module, "POLL_SECONDS", 3600.0)
    relay = relay_module.Relay(installed())
    dialogs.after_commit = relay.kick
    chat = Chat(dialogs, files, channel="telegram", user="555888")
    case = await Case.get(number=await walk(chat, catalog.get("ev-charger-home")))
    await cases.route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    card = await StaffCard.get(case=case, department="power")
    await post_at_turn({"card_id": card.id, "key": f"card:{card.id}:v0", "version": card.version})
    await StaffMember.get_or_create(
        channel="telegram", external_id=str(CLERK + 2), defaults={"name": "赵敏", "department": "power"}
    )
    await Outbox.filter(sent_at=None).update(sent_at=case.created_at)  # what came before is not this test's
    relay.start()
    await asyncio.sleep(0.1)  # the relay's first look at the (empty) outbox
    try:
        # When a clerk accepts the item from the group
        posted = server.sent("sendMessage", POWER_GROUP)[-1]
        await deliver(client, server.update(callback_query=callback(CLERK + 2, POWER_GROUP, button(posted, "accept"))))
        # Then the resident's notice leaves the outbox at once, not at the next poll
        await _until(lambda: server.sent("editMessageText"))

        sent = Outbox.filter(actor="push_status").exclude(sent_at=None).exclude(sent_at=case.created_at)
        for _ in range(100):
            if await sent.exists():
                break
            await asyncio.sleep(0.02)
        else:
            raise AssertionError("the push waited for the relay's poll")
    finally:
        await relay.stop()


async def test_a_press_in_the_group_is_decided_by_the_one_decisions_service(
    fake, telegram, dialogs, files, catalog, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from scenario_walk import Chat, walk

    from casework.decisions import Decisions

    server, _ = fake
    _, client = telegram
    decided = []
    original = Decisions.decide

    async def spy(self, member, press, note="", asked=None):  # type: ignore[no-untyped-def]
        decided.append((member.department, press.action))
        return await original(self, member, press, note, asked)

    monkeypatch.setattr(Decisions, "decide", spy)
    case = await Case.get(
        number=await walk(Chat(dialogs, files, channel="telegram", user="555999"), catalog.get("ev-charger-home"))
    )
    await cases.route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    card = await StaffCard.get(case=case, department="power")
    await post_at_turn({"card_id": card.id, "key": f"card:{card.id}:v0", "version": card.version})
    await StaffMember.get_or_create(
        channel="telegram", external_id=str(CLERK + 3), defaults={"name": "钱多", "department": "power"}
    )
    posted = server.sent("sendMessage", POWER_GROUP)[-1]
    await deliver(client, server.update(callback_query=callback(CLERK + 3, POWER_GROUP, button(posted, "accept"))))
    await _until(lambda: decided == [("power", "accept")])
    await _until(lambda: any("已受理" in e["text"] for e in server.sent("editMessageText")))


async def test_a_supplement_from_the_group_names_what_it_asks_for(fake, telegram, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    from scenario_walk import Chat, walk

    server, _ = fake
    _, client = telegram
    # Given a filed case whose card is in the power group, and a registered clerk
    case = await Case.get(
        number=await walk(Chat(dialogs, files, channel="telegram", user="555666"), catalog.get("ev-charger-home"))
    )
    await cases.route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    card = await StaffCard.get(case=case, department="power")
    await post_at_turn({"card_id": card.id, "key": f"card:{card.id}:v0", "version": card.version})
    await StaffMember.get_or_create(
        channel="telegram", external_id=str(CLERK + 4), defaults={"name": "孙丽", "department": "power"}
    )
    posted = server.sent("sendMessage", POWER_GROUP)[-1]
    id_card = catalog.get("ev-charger-home").material("id_card").name.get("zh_CN")
    # When the clerk taps 补正, the bot lists the answers and documents to tick
    before = len(server.sent("sendMessage", POWER_GROUP))
    await deliver(client, server.update(callback_query=callback(CLERK + 4, POWER_GROUP, button(posted, "supplement"))))
    await _until(lambda: len(server.sent("sendMessage", POWER_GROUP)) > before)
    picker = server.sent("sendMessage", POWER_GROUP)[-1]
    labels = {b["text"]: b["callback_data"] for row in picker["reply_markup"]["inline_keyboard"] for b in row}
    assert f"☐ {id_card}" in labels and "☐ 联系电话（手机）" in labels
    # And ticks the ID card (the message redraws with it ticked), then sends
    await deliver(client, server.update(callback_query=callback(CLERK + 4, POWER_GROUP, labels[f"☐ {id_card}"])))
    await _until(lambda: any(f"☑ {id_card}" in str(e.get("reply_markup")) for e in server.sent("editMessageText")))
    ticked = next(e for e in server.sent("editMessageText") if f"☑ {id_card}" in str(e.get("reply_markup")))
    send = next(
        b["callback_data"] for row in ticked["reply_markup"]["inline_keyboard"] for b in row if b["text"] == "发送补正"
    )
    await deliver(client, server.update(callback_query=callback(CLERK + 4, POWER_GROUP, send)))
    # Then the supplement is recorded through the one decision path, naming the ID card
    item = await CaseItem.get(case=case, department="power")
    for _ in range(250):
        if item.status == "supplement_requested":
            break
        await asyncio.sleep(0.02)
        item = await CaseItem.get(case=case, department="power")
    assert item.status == "supplement_requested" and item.supplement == {"fields": [], "materials": ["id_card"]}


async def test_a_joint_visit_is_confirmed_or_declined_from_the_group(fake, telegram, dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    from scenario_walk import Chat, walk

    server, _ = fake
    _, client = telegram
    # Given a joint connection case whose survey time the lead has proposed, and the power card in its group
    chat = Chat(dialogs, files, channel="telegram", user="555778")
    case = await Case.get(number=await walk(chat, catalog.get("utilities-connection")))
    await cases.route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    lead = await StaffCard.get(case=case, department="approval")
    officer, _ = await StaffMember.get_or_create(
        channel="test", external_id="lead-officer", defaults={"name": "王", "department": "approval"}
    )
    plain = WorkCalendar(holidays={}, workdays={}, years=frozenset())
    day = dt.date.today() + dt.timedelta(days=3)
    day += dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)
    propose = VisitPress(lead.id, lead.version, VisitKind.SURVEY, VisitVerb.PROPOSE)
    decisions = Decisions(CardDrawer(catalog, "http://test"), calendar=plain)
    assert isinstance(await decisions.visit(officer, propose, f"{day} 09:30"), VisitDecision)
    card = await StaffCard.get(case=case, department="power")
    await post_at_turn({"card_id": card.id, "key": f"card:{card.id}:v{card.version}"})
    await StaffMember.get_or_create(
        channel="telegram", external_id=str(CLERK + 7), defaults={"name": "赵", "department": "power"}
    )
    posted = server.sent("sendMessage", POWER_GROUP)[-1]
    assert f"拟定 {day} 09:30" in posted["text"]
    # When the clerk taps 无法按时参加, the bot asks for the reason as a reply
    before = len(server.sent("sendMessage", POWER_GROUP))
    decline = next(b["callback_data"] for row in posted["reply_markup"]["inline_keyboard"] for b in row
                   if b["callback_data"].endswith(":survey:decline"))  # fmt: skip
    await deliver(client, server.update(callback_query=callback(CLERK + 7, POWER_GROUP, decline)))
    await _until(lambda: len(server.sent("sendMessage", POWER_GROUP)) > before)
    prompt = server.sent("sendMessage", POWER_GROUP)[-1]
    assert "无法按时参加联合现场勘验的原因" in prompt["text"] and prompt["reply_markup"]["force_reply"]
    # And the reply records it for the lead
    asked = {"message_id": 910, "date": 1, "chat": {"id": POWER_GROUP, "type": "supergroup", "title": "dept"}}
    asked |= {"from": {"id": 4242, "is_bot": True, "first_name": "bot"}, "text": prompt["text"]}
    clerk = {"id": CLERK + 7, "is_bot": False, "first_name": "赵"}
    reply = {"message_id": 911, "date": 2, "chat": asked["chat"], "from": clerk, "text": "当天停电检修"}
    await deliver(client, server.update(message={**reply, "reply_to_message": asked}))
    await _until(lambda: any("已告知牵头部门" in p.get("text", "") for p in server.sent("sendMessage", POWER_GROUP)))
    assert (await CaseVisit.get(case=case, kind="survey")).declined == {"power": "当天停电检修"}
    # When the clerk then taps 确认 on the redrawn card, it is confirmed at once
    card = await StaffCard.get(case=case, department="power")
    confirm = VisitPress(card.id, card.version, VisitKind.SURVEY, VisitVerb.CONFIRM).pack()
    await deliver(client, server.update(callback_query=callback(CLERK + 7, POWER_GROUP, confirm)))
    await _until(
        lambda: (
            bool(server.sent("answerCallbackQuery"))
            and "已确认" in server.sent("answerCallbackQuery")[-1].get("text", "")
        )
    )
    visit = await CaseVisit.get(case=case, kind="survey")
    assert "power" in visit.confirmed and visit.declined == {}


def group_message(user_id: int, chat_id: int, message_id: int, text: str) -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": "科员", "language_code": "zh-hans"}
    chat = {"id": chat_id, "type": "supergroup", "title": "dept"}
    entities = [_command(len(text.split()[0]))]
    return {
        "message_id": message_id,
        "date": 1_900_000_000,
        "chat": chat,
        "from": user,
        "text": text,
        "entities": entities,
    }


async def test_a_clerk_links_their_telegram_account_to_the_desk_by_a_code(  # type: ignore[no-untyped-def]
    telegram, fake, dialogs, files, catalog, local_services
) -> None:
    from scenario_walk import Chat, walk
    from staff_desk import SECRET, member, sign_in

    from bot.staff.view import StaffView
    from models.staff import Role, StaffChatAccount

    _, client = telegram
    server, _ = fake
    view = StaffView(catalog, files, local_services.relay.kick, SECRET, "http://test", False)
    desk_app = web.Application()
    desk_app.add_routes(view.routes())
    clerk = await member(Role.CLERK, "power", name="周敏")
    async with TestClient(TestServer(desk_app)) as desk:
        headers = await sign_in(desk, clerk)
        assert (await desk.post("/api/staff/chat-code", json={}, headers={"Cookie": headers["Cookie"]})).status == 403
        shown = await (await desk.post("/api/staff/chat-code", json={}, headers=headers)).json()
    code, phone = shown["code"], CLERK + 9
    assert f"/desk {code}" in shown["how"]
    # a wrong code links nothing; the right one, sent in the department's group, links this account
    # (each step waits for its own reply: the fake server keeps what earlier tests sent to this group)
    said = lambda: server.sent("sendMessage", POWER_GROUP)  # noqa: E731
    before = len(said())
    await deliver(client, server.update(message=group_message(phone, POWER_GROUP, 1, "/desk AAAAAAAA")))
    await _until(lambda: len(said()) > before)
    assert "不正确" in said()[-1]["text"]
    await deliver(client, server.update(message=group_message(phone, POWER_GROUP, 2, f"/desk@yjs_bot {code.lower()}")))
    await _until(lambda: len(said()) > before + 1)
    assert "周敏" in said()[-1]["text"]
    assert (await StaffChatAccount.get(channel="telegram", external_id=str(phone))).member_id == clerk.id  # type: ignore[attr-defined]
    # the code works once: another account sending it gets nowhere
    await deliver(client, server.update(message=group_message(phone + 1, POWER_GROUP, 3, f"/desk {code}")))
    await _until(lambda: len(said()) > before + 2)
    assert not await StaffChatAccount.filter(external_id=str(phone + 1)).exists()
    # and a press on a card from the linked account is the desk member's
    case = await Case.get(
        number=await walk(Chat(dialogs, files, channel="telegram", user="555777"), catalog.get("ev-charger-home"))
    )
    await cases.route_case.fn.__wrapped__(case.id, f"route:{case.id}")
    card = await StaffCard.get(case=case, department="power")
    await post_at_turn({"card_id": card.id, "key": f"card:{card.id}:v0", "version": card.version})
    accept = button(said()[-1], "accept")
    edits = len(server.sent("editMessageText"))
    await deliver(client, server.update(callback_query=callback(phone, POWER_GROUP, accept)))
    await _until(lambda: len(server.sent("editMessageText")) > edits)
    item = await CaseItem.get(case=case, department="power")
    assert item.status == "accepted" and item.decided_by and "周敏" in item.decided_by


async def test_a_chat_that_sends_too_fast_is_told_once_and_its_extra_messages_are_not_steps(  # type: ignore[no-untyped-def]
    fake, dialogs, files, catalog, local_services
) -> None:
    """The web chat's messages-per-person limit holds in a Telegram chat too: a chat sending faster than its
    steps are answered queued step after step behind its own lock (the load test's runaway chats)."""
    server, base = fake
    settings = Settings.from_env({**webhook_env(base), "YJS_RATE_MESSAGES": "3/minute"})
    bot = TelegramBot(settings, dialogs, files, catalog, {})
    await bot.start()
    app = web.Application()
    app.add_routes(bot.routes())
    chat = RESIDENT + 7
    try:
        async with TestClient(TestServer(app)) as client:
            answered = 0
            for n, text in enumerate(["/start", "充电桩", "你好"], start=1):
                update = server.update(message=private_message(chat, n, text=text))
                assert await deliver(client, update) == 200
                answered = len(await replies_to(server, chat, answered + 1))
            steps = (await dialogs.repo.load((await dialogs.user("telegram", str(chat), None)).id)).version
            # Two more at once: neither is a step; the chat hears once why, and that nothing is lost
            for n in (4, 5):
                assert await deliver(client, server.update(message=private_message(chat, n, text="再来"))) == 200
            told = (await replies_to(server, chat, answered + 1))[answered:]
            assert len(told) == 1 and "太快" in told[0]["text"] and "已保存" in told[0]["text"]
            await asyncio.sleep(0.3)
            assert len(server.sent("sendMessage", chat)) == answered + 1
            user = await dialogs.user("telegram", str(chat), None)
            assert (await dialogs.repo.load(user.id)).version == steps
    finally:
        await bot.stop()


async def test_a_card_in_a_group_shows_typed_addresses_as_text_and_previews_nothing(fake) -> None:  # type: ignore[no-untyped-def]
    server, base = fake
    from bot.channels.telegram import make_staff_bot

    settings = Settings.from_env(webhook_env(base))
    groups = make_staff_bot(settings)
    await groups.initialize()
    sender = TelegramSender(groups, {"power": POWER_GROUP}, groups, "https://yjs.example.gov.cn")
    typed = "地址：临港区 https://evil.example/login 8号\n说明：[点我](javascript:alert(1))"
    ours = "https://yjs.example.gov.cn/staff#department=power&case=LG1"
    try:
        where = await sender.show_card("power", None, Reply(f"【办件】LG1\n{typed}\n查看：{ours}", ()))
        await sender.show_card("power", where, Reply(f"【办件】LG1 已受理\n{typed}\n查看：{ours}", ()))
        await sender.notify("power", f"提醒：{typed}")
    finally:
        await groups.shutdown()
    calls = [*server.sent("sendMessage", POWER_GROUP), *server.sent("editMessageText", POWER_GROUP)]
    assert len(calls) == 3
    for call in calls:
        # The resident's address is no link; ours stays one; and Telegram fetches no preview of anything
        assert "https://evil" not in call["text"] and "https:\u200b//evil.example/login" in call["text"]
        assert call["link_preview_options"] == {"is_disabled": True}
    assert all(ours in c["text"] for c in calls if "LG1" in c["text"])
