"""What actors need from the app (catalog, calendar, channels), installed once per process.

Actors take ids and reload from the database; what is not in the database (the
catalog, the chat adapters) they find here, never in import-time globals of their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from casework.ports import Channels, VoiceMaker
from handlers.catalog import Catalog
from handlers.workdays import WorkCalendar

if TYPE_CHECKING:
    from workers.relay import Relay
    from workers.staffboards import StaffBoards


@dataclass
class Services:
    catalog: Catalog
    calendar: WorkCalendar
    #: Resident channels for status pushes.
    channels: Channels
    #: Department chats for staff cards and reminders.
    boards: StaffBoards
    relay: Relay
    #: Base URL of the staff page, for the links on cards.
    public_url: str
    now: Callable[[], dt.datetime]
    #: Read-aloud audio, or None where no speech engine is installed.
    voices: VoiceMaker | None = None
    #: The department told, besides the request's own, when a request (留言, 依申请公开) is overdue.
    request_supervisor: str | None = None


_installed: Services | None = None


def install(services: Services) -> None:
    global _installed
    _installed = services


def current() -> Services:
    if _installed is None:
        raise RuntimeError("workers.services.install() was not called in this process")
    return _installed
