"""The data directory and the SQLite file, readable by their owner only.

Both hold personal data (answers, ID numbers); on a shared host the defaults (0755, 0644 under a
usual umask) would let any local account read them. The file is created private before SQLite
opens it, and SQLite gives its journal files the same mode as the database.
"""

from __future__ import annotations

import os
from pathlib import Path

#: rwx for the owner only.
PRIVATE_DIR = 0o700
#: rw for the owner only.
PRIVATE_FILE = 0o600


def make_private(data_dir: Path, database_url: str) -> None:
    data_dir.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    data_dir.chmod(PRIVATE_DIR)  # mkdir leaves an existing directory's mode alone
    if database := sqlite_path(database_url):
        database.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
        os.close(os.open(database, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE))
        database.chmod(PRIVATE_FILE)  # a file made by an older version may be 0644


def sqlite_path(database_url: str) -> Path | None:
    """The file of a `sqlite://path` URL; None for other databases and for `:memory:`."""
    if not database_url.startswith("sqlite://"):
        return None
    path = database_url.removeprefix("sqlite://").split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None
