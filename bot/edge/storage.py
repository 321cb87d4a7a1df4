"""A full disk told apart from other failures, so that ``bot.edge.errors`` answers it 503 "try again later".

The material store says so itself for uploads; but once the disk is quite full the database
cannot write either (SQLite: "database or disk is full"; PostgreSQL: SQLSTATE 53100), and then
every step, a new session and even the upload's own polite reply failed with a bare 500. A
failed write is rolled back, so what was saved before stays; the person only has to send again.
"""

from __future__ import annotations

import errno

from bot.files import StorageFull

#: When to try again after a full disk (seconds): enough for an operator's alert to be seen.
RETRY_AFTER = 60
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
#: PostgreSQL's disk_full condition.
_DISK_FULL_SQLSTATE = "53100"


def is_storage_full(error: BaseException) -> bool:
    """Whether the error, or one it was raised from or wraps, says that the disk is full."""
    seen: set[int] = set()
    todo: list[BaseException] = [error]
    while todo:
        exc = todo.pop()
        if id(exc) in seen:
            continue
        seen.add(id(exc))
        if isinstance(exc, StorageFull) or (isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS):
            return True
        if getattr(exc, "sqlstate", None) == _DISK_FULL_SQLSTATE or "database or disk is full" in str(exc):
            return True
        todo += [e for e in (exc.__cause__, exc.__context__, *exc.args) if isinstance(e, BaseException)]
    return False
