"""The shipped aerich migrations build the same schema on PostgreSQL as the models describe."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import asyncpg
import pytest
from conftest import BACKEND, POSTGRES_URL

from models.db import tortoise_config

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(BACKEND != "postgres", reason="migrations target PostgreSQL")


async def tables_and_columns(url: str) -> set[tuple[str, str]]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
        )
    finally:
        await conn.close()
    return {(r["table_name"], r["column_name"]) for r in rows}


async def test_upgrade_from_empty_matches_the_models(db) -> None:
    assert POSTGRES_URL
    name = f"yjs_migrate_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(POSTGRES_URL)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
        env = {**os.environ, "YJS_DATABASE_URL": url}
        done = subprocess.run(
            [sys.executable, "-m", "aerich", "upgrade"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
        migrated = await tables_and_columns(url)
        # the test database was built by the models themselves (generate_schemas)
        modelled = await tables_and_columns(POSTGRES_URL)
        assert {t for t in modelled if t[0] != "aerich"} <= migrated
        assert tortoise_config(url)["apps"]["models"]["models"]
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
