"""The web app as `build_web` assembles it (middlewares, web chat, staff page, health), on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from edge_app import edge_app

from bot.settings.web import EdgeSettings


@pytest.fixture
def make_client(dialogs, files, local_services):  # type: ignore[no-untyped-def]
    """A client of an app with these edge settings: `async with make_client(edge) as client`."""
    import contextlib

    @contextlib.asynccontextmanager
    async def make(edge: EdgeSettings | None = None) -> AsyncIterator[TestClient]:
        app = edge_app(dialogs, files, local_services, edge or EdgeSettings())
        async with TestClient(TestServer(app)) as client:
            yield client

    return make


@pytest.fixture
async def client(make_client) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    async with make_client() as test_client:
        yield test_client


@pytest.fixture
async def whole_app(dialogs, files, channels, catalog, local_services) -> AsyncIterator[TestClient]:  # type: ignore[no-untyped-def]
    """A client of the web app exactly as `build_web` assembles it for serve and the demo: every route."""
    from bot.app import App
    from bot.channels.webchat import WebchatInbox
    from bot.settings import Settings
    from bot.web import build_web
    from handlers.workdays import default_calendar
    from workers.broker import installed
    from workers.relay import Relay
    from workers.staffboards import StaffBoards

    channels.add(WebchatInbox())
    settings = Settings.from_env({"YJS_DATA_DIR": str(files.root.parent), "YJS_SECRET": "edge-test-secret-0123456789"})
    app = App(settings, catalog, default_calendar(), dialogs, files, channels, StaffBoards(), Relay(installed()))
    async with TestClient(TestServer(build_web(app))) as test_client:
        yield test_client
