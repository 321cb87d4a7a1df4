"""常用语 from phrases.yaml: a department's own first, then the defaults; a malformed file is refused at load."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.staff.phrases import Phrases
from handlers.catalog import CatalogError


def test_a_departments_own_phrases_come_before_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "phrases.yaml").write_text(
        "default:\n  reject: [不符合条件]\ndepartments:\n  fire:\n    reject: [消防不合格]\n", encoding="utf-8"
    )
    phrases = Phrases.load(tmp_path)
    assert phrases.of("fire") == {"supplement": [], "reject": ["消防不合格", "不符合条件"]}
    assert phrases.of("tax") == {"supplement": [], "reject": ["不符合条件"]}


def test_the_shipped_file_loads_and_a_broken_one_is_refused(tmp_path: Path) -> None:
    assert Phrases.load().of("fire")["supplement"]
    (tmp_path / "phrases.yaml").write_text("default:\n  approve: [好]\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="default"):
        Phrases.load(tmp_path)
