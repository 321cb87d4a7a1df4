"""The requests page's app for its API tests: the desk on the shipped calendar, the staff sign-in, and the view."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.edge.headers import security_headers
from bot.staff.requests import RequestsView
from bot.staff.view import StaffView
from casework.request_rules import RequestDays
from casework.requests import RequestDesk
from handlers.workdays import default_calendar


@pytest.fixture
def requests_desk(local_services, db) -> RequestDesk:  # type: ignore[no-untyped-def]
    catalog = local_services.catalog
    return RequestDesk(default_calendar(), list(catalog.departments), "approval", RequestDays())


@pytest.fixture
async def requests_client(local_services, files, requests_desk) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    staff = StaffView(local_services.catalog, files, local_services.relay.kick, b"secret", "http://test", True)
    app = web.Application(middlewares=[security_headers])
    app.add_routes(staff.routes())
    app.add_routes(RequestsView(local_services.catalog, requests_desk, staff.sessions, files).routes())
    async with TestClient(TestServer(app)) as test_client:
        yield test_client
