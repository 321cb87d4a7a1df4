"""The terminal chat as a newcomer runs it from the README: the real command, scripts piped in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def chat(script: str, data_dir: Path, *args: str) -> str:
    env = {**os.environ, "YJS_DATA_DIR": str(data_dir)}
    env.pop("YJS_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "chat", *args],
        input=script,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("example", ["ev-charger", "retirement"])
def test_the_readme_scripts_file_a_case(example: str, tmp_path: Path) -> None:
    out = chat((ROOT / "examples" / f"{example}.txt").read_text(), tmp_path)
    assert "提交成功！办件编号：LG" in out


def test_a_conversation_survives_a_restart_of_the_process(tmp_path: Path) -> None:
    lines = (ROOT / "examples" / "ev-charger.txt").read_text().splitlines()
    first = chat("\n".join(lines[:9]) + "\n", tmp_path)
    assert "13800138000" in first
    second = chat("/help\n" + "\n".join(lines[9:]) + "\n", tmp_path)
    assert "我们继续办理“居民充电桩报装”" in second
    assert "提交成功！办件编号：LG" in second


def test_english_and_scenarios_json(tmp_path: Path) -> None:
    out = chat("EV charger\n", tmp_path, "--lang", "en")
    assert "Home EV charger installation" in out
    listing = subprocess.run(
        [sys.executable, "-m", "bot", "scenarios", "--json"], capture_output=True, text=True, cwd=ROOT, check=True
    )
    import json

    catalog = json.loads(listing.stdout)
    assert len(catalog) == 34
    assert {"id", "name", "batch", "lead_department", "items", "fields", "materials", "promise"} <= set(catalog[0])
    by_id = {s["id"]: s for s in catalog}
    # Per item: its department from the registry, and its limit with the source, or "unknown" and why
    store = {i["key"]: i for i in by_id["convenience-store"]["items"]}
    licence = store["business_licence"]
    assert (licence["department"], licence["department_name"]) == ("approval", "区行政审批服务局")
    assert licence["limit"]["days"] == 3 and licence["limit"]["basis"] == "legal_maximum"
    assert "市场主体登记管理条例" in licence["limit"]["source"] and "第十九条" in licence["limit"]["source"]
    assert licence["routing_reason"]
    assert by_id["convenience-store"]["promise"]["days"] == 20
    water = {i["key"]: i for i in by_id["bathhouse"]["items"]}["water_permit"]
    assert water["limit"] == "unknown" and water["limit_unknown_because"]
    assert water["department_to_confirm"] is True
    assert by_id["bathhouse"]["promise"] == "unknown"
    charger = by_id["ev-charger-home"]
    assert [i["key"] for i in charger["items"] if i["internal"]] == ["online_channel"]
    assert "normal_below_statutory_age" in [r["key"] for r in by_id["retirement"]["rules"]]
