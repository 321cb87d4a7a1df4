"""The privacy notice's promise kept: closed cases erased after the retention period, unused files removed."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from samples import PNG
from scenario_walk import Chat, at_first_material
from staff_desk import filed_case

from casework.retention import erase_expired, files_in_use
from handlers.lifecycle import CaseStatus
from handlers.request_lifecycle import RequestKind
from models import db
from models.case import Case, CaseEvent, CaseItem
from models.material import Material
from models.requests import Request
from models.staff import StaffCard
from models.user import user_for

pytestmark = pytest.mark.usefixtures("local_services")

RETENTION = dt.timedelta(days=1095)


async def test_a_closed_case_past_the_retention_period_loses_its_personal_data(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    # Given two cases with documents, one closed and one still open, both untouched for four years
    closed, still_open = await filed_case(dialogs, files, catalog), await filed_case(dialogs, files, catalog)
    await CaseEvent.filter(case=closed).update(note="车位不在本人名下 张三")
    long_ago = db.now() - dt.timedelta(days=4 * 365)
    await Case.filter(id=closed.id).update(status=CaseStatus.REJECTED, updated_at=long_ago)
    await Case.filter(id=still_open.id).update(updated_at=long_ago)
    # And a closed case that closed recently
    recent = await filed_case(dialogs, files, catalog)
    await Case.filter(id=recent.id).update(status=CaseStatus.DONE)
    assert await Material.filter(case=closed).exists()
    # When the retention sweep runs
    assert await erase_expired(RETENTION) == [closed.number]
    # Then the closed case keeps its number, scenario, status and dates, and nothing personal
    erased = await Case.get(id=closed.id)
    assert erased.number == closed.number and erased.status == CaseStatus.REJECTED and erased.erased_at
    assert erased.answers == {} and erased.proxy_phone is None
    assert not await Material.filter(case=closed).exists()
    assert not await StaffCard.filter(case=closed).exists()
    assert all(e.note == "" for e in await CaseEvent.filter(case=closed))
    assert await CaseItem.filter(case=closed).count() == 1  # statistics still count its item
    # And the open case and the recent one are untouched
    for kept in (still_open, recent):
        assert (await Case.get(id=kept.id)).answers and await Material.filter(case=kept).exists()
    # And a second sweep erases nothing more
    assert await erase_expired(RETENTION) == []


async def test_files_nobody_refers_to_are_removed_once_old_enough(dialogs, files, catalog) -> None:  # type: ignore[no-untyped-def]
    # Given a filed case's documents, a draft holding an uploaded photo, and a file nobody refers to
    case = await filed_case(dialogs, files, catalog)
    own = "cd" + "1" * 62  # this case's own document, shared with no other case of the module
    files.path_of(own).parent.mkdir(parents=True, exist_ok=True)
    files.path_of(own).write_bytes(b"this case's document")
    await Material.filter(case=case).update(sha256=own)
    draft = Chat(dialogs, files, channel="web")
    await at_first_material(draft)
    await draft.upload("front.png", PNG)
    in_use = await files_in_use()
    case_files = set(await Material.filter(case=case).values_list("sha256", flat=True))
    draft_files = {f["sha256"] for fs in (await draft.state()).partial.values() for f in fs} | {
        f["sha256"] for fs in (await draft.state()).materials.values() for f in fs
    }
    assert draft_files and case_files <= in_use and draft_files <= in_use and not case_files & draft_files
    orphan = "ab" + "0" * 62
    path = files.path_of(orphan)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"left behind by a deleted draft")
    # A photo sent with a 留言 is in use as long as the request is kept
    writer = await user_for("web", "retention-writer", "zh_CN")
    photo = "ef" + "2" * 62
    files.path_of(photo).parent.mkdir(parents=True, exist_ok=True)
    files.path_of(photo).write_bytes(b"a photo of the broken street lamp")
    await Request.create(
        number="LY20261203-9999", kind=RequestKind.MESSAGE, subkind="complaint", user=writer, department="approval",
        status="open", text="路灯坏了", payload={"photos": [{"sha256": photo, "name": "lamp.jpg"}]},
    )  # fmt: skip
    assert photo in await files_in_use()
    # A fresh orphan is kept (a step may be about to refer to it)
    assert files.sweep_unused(await files_in_use()) == 0 and path.exists()
    # Once old, it is removed, and nothing in use is
    old = time.time() - 2 * 86_400
    for sha in [orphan, photo, *case_files, *draft_files]:
        os.utime(files.path_of(sha), (old, old))
    assert files.sweep_unused(await files_in_use()) == 1
    assert not path.exists()
    assert all(files.path_of(sha).exists() for sha in case_files | draft_files | {photo})
    # And an erased case's files go with the next sweep
    await Case.filter(id=case.id).update(status=CaseStatus.DONE, updated_at=db.now() - dt.timedelta(days=2000))
    assert case.number in await erase_expired(RETENTION)
    assert files.sweep_unused(await files_in_use()) == len(case_files)
    assert not any(files.path_of(sha).exists() for sha in case_files)
    assert all(files.path_of(sha).exists() for sha in draft_files)
