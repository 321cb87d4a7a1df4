"""`yijianshi demo-data`: sample cases through the real filing and decision paths, topped up, never doubled."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from bot.demodata import seed
from handlers.workdays import default_calendar
from models.case import Case, CaseEvent
from models.db import now
from models.outbox import Outbox


async def test_samples_are_filed_decided_dated_back_and_topped_up(db, catalog) -> None:  # type: ignore[no-untyped-def]
    outbox = await Outbox.all().count()
    first = await seed(catalog, default_calendar(), "http://test", count=12)
    assert (first.filed, first.existing) == (12, 0)
    cases = await Case.filter(draft_id__startswith="demo-")
    assert len(cases) == 12 and len({c.scenario_id for c in cases}) > 3
    today = db_now_date()
    assert all(today - dt.timedelta(days=28) < c.created_at.date() <= today for c in cases)
    actions = set(await CaseEvent.filter(case_id__in=[c.id for c in cases]).values_list("action", flat=True))
    assert {"submit", "accept"} <= actions and actions & {"approve", "reject", "supplement"}
    staff = await CaseEvent.filter(case_id__in=[c.id for c in cases], actor__startswith="staff:").first()
    assert staff is not None and "演示" in staff.actor
    assert await Outbox.all().count() == outbox  # no sample's notice waits to go out
    again = await seed(catalog, default_calendar(), "http://test", count=14)
    assert (again.filed, again.existing) == (2, 12)
    assert await Case.filter(draft_id__startswith="demo-").count() == 14


def db_now_date() -> dt.date:
    return now().date()


def test_the_command_seeds_once_and_then_says_there_is_nothing_to_do(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("YJS_")}
    env["YJS_DATA_DIR"] = str(tmp_path)
    command = [
        sys.executable,
        "-c",
        "import sys; from bot.cli import main; sys.exit(main())",
        "demo-data",
        "--count",
        "3",
    ]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0 and "3 sample cases filed" in first.stdout, first.stderr
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0 and "nothing to do" in second.stdout
