"""The dialog tested straight through engine.step, on the in-memory repository."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from engine_chat import EngineChat
from memory_repo import MemoryRepository

from bot.files import FileStore
from handlers.catalog import Catalog
from handlers.search import searcher_for


@pytest.fixture
def repo() -> MemoryRepository:
    return MemoryRepository()


@pytest.fixture
def new_chat(
    catalog: Catalog, files: FileStore, clock: Callable[[], dt.datetime], repo: MemoryRepository
) -> Callable[[], EngineChat]:
    """Another resident's chat, on the same repository."""
    return lambda: EngineChat(catalog, searcher_for(catalog), files, clock, repo)


@pytest.fixture
def chat(new_chat: Callable[[], EngineChat]) -> EngineChat:
    return new_chat()
