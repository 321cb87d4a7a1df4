"""依申请公开 requests as tests need them: filed as the dialog files them, their pushes run as a worker runs them."""

from __future__ import annotations

from casework.requests import RequestDesk
from handlers.events import Reply
from handlers.request_lifecycle import RequestAction, RequestKind
from models.outbox import Outbox
from models.requests import Request, RequestEvent
from models.user import User
from workers.requests import push_request

DESCRIPTION = "2025年临港区XX路拓宽工程的建设工程规划许可证及附图"
#: A citizen's answers, as the form keeps them (the description becomes the request's text).
ANSWERS = {"applicant_type": "person", "name": "张三", "id_card": "371302198506120027", "phone": "13800138000",
           "purpose": "", "form": "electronic", "delivery": "email", "email": "zhang.san@example.cn"}  # fmt: skip


async def file_disclosure(desk: RequestDesk, user: User, department: str = "", locale: str = "zh_CN") -> Request:
    """As the dialog's FileRequest files it: the day received in the payload; "" for the routing department."""
    payload = {**ANSWERS, "received": desk.clock().date().isoformat()}
    return await desk.open(user.id, RequestKind.DISCLOSURE, DESCRIPTION, subkind="person",
                           department=department or None, locale=locale, payload=payload)  # fmt: skip


async def run_pushes(number: str) -> None:
    """Runs every push queued for the request, in order, as the worker's actor would."""
    events = await RequestEvent.filter(request__number=number).exclude(action=RequestAction.OPEN).order_by("id")
    for event in events:
        queued = await Outbox.get_or_none(key=f"request-push:{event.id}")
        if queued is not None:
            await push_request.fn.__wrapped__(**queued.payload)


class Recorder:
    """A chat platform (as Telegram is) that records what it was asked to push."""

    name = "telegram"

    def __init__(self) -> None:
        self.replies: list[Reply] = []

    async def push(self, user_ref: str, replies: list[Reply], delivery: str | None = None) -> None:
        self.replies += replies
