"""Builds the pieces one process runs from the settings."""

from __future__ import annotations

from dataclasses import dataclass

from bot.channels.base import Channels
from bot.dialogs import Dialogs
from bot.files import FileStore
from bot.settings import Settings
from handlers.catalog import Catalog, load_catalog
from handlers.finder import KeywordFinder
from models.db import close_db, open_db


@dataclass
class App:
    settings: Settings
    catalog: Catalog
    dialogs: Dialogs
    files: FileStore
    channels: Channels

    async def close(self) -> None:
        await close_db()


async def build_app(settings: Settings) -> App:
    catalog = load_catalog(settings.scenario_dir)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await open_db(settings.database_url)
    channels = Channels()
    dialogs = Dialogs(catalog, KeywordFinder(catalog), channels)
    files = FileStore(settings.material_dir, settings.max_upload_mb * 1024 * 1024)
    return App(settings, catalog, dialogs, files, channels)
