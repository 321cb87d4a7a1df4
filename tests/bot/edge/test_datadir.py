"""Issue 11 item 16: the data directory, the SQLite file and the session key are private to their owner."""

from __future__ import annotations

import concurrent.futures
import os
import stat
from pathlib import Path

import pytest

from bot.datadir import make_private
from bot.settings import Settings
from bot.signing import load_secret


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_data_dir_and_the_sqlite_file_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)  # a usual umask: files 0644, directories 0755
    try:
        data = tmp_path / "data"
        make_private(data, f"sqlite://{data / 'yijianshi.db'}")
        assert mode(data) == 0o700 and mode(data / "yijianshi.db") == 0o600
        (data / "yijianshi.db").chmod(0o644)  # made by an older version
        make_private(data, f"sqlite://{data / 'yijianshi.db'}")
        assert mode(data / "yijianshi.db") == 0o600
    finally:
        os.umask(old)


def test_the_secret_is_created_private(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    made: list[int] = []
    real_open = os.open

    def watching(path, flags, mode=0o777, **kw):  # type: ignore[no-untyped-def]
        made.append(mode)
        return real_open(path, flags, mode, **kw)

    old = os.umask(0o022)
    monkeypatch.setattr(os, "open", watching)
    try:
        settings = Settings.from_env({"YJS_DATA_DIR": str(tmp_path / "d")})
        key = load_secret(settings)
    finally:
        os.umask(old)
    assert len(key) == 64 and mode(tmp_path / "d" / "secret") == 0o600
    assert made == [0o600]  # never written with a wider mode first
    assert load_secret(settings) == key


def test_an_empty_key_file_is_never_used_to_sign(tmp_path: Path) -> None:
    # Given a key file left empty (the old start, killed between creating it and writing the key)
    settings = Settings.from_env({"YJS_DATA_DIR": str(tmp_path)})
    (tmp_path / "secret").write_text("")
    # Then no process signs with an empty key, which anyone could forge tokens with
    with pytest.raises(RuntimeError, match="no usable key"):
        load_secret(settings)


def test_processes_starting_at_once_share_one_whole_key(tmp_path: Path) -> None:
    settings = Settings.from_env({"YJS_DATA_DIR": str(tmp_path / "d")})
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: load_secret(settings), range(32)))
    assert len(keys) == 1 and len(keys.pop()) == 64
    assert [p.name for p in (tmp_path / "d").iterdir()] == ["secret"]  # nothing left aside
