"""`yijianshi search`: the bot's search from the command line, as text and as JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from handlers.intents import is_question

ROOT = Path(__file__).resolve().parents[2]


def search(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "search", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_json_lists_ranked_results_with_kind_id_title_score_and_source() -> None:
    body = json.loads(search("--json", "营页执照"))
    assert body["understood"]["corrected"] == "营业执照" and body["found"]
    first = body["results"][0]
    assert set(first) == {"kind", "id", "title", "score", "source"}
    assert first["kind"] == "scenario" and first["id"] == "open-company"
    scores = [r["score"] for r in body["results"] if r["kind"] == first["kind"]]
    assert scores == sorted(scores, reverse=True)


def test_text_output_shows_the_reading_and_policy_sources() -> None:
    out = search("biaozhundi")
    assert "understood as: 标准地" in out
    assert "policy" in out and "standard-land." in out and "《" in out


def test_no_match_prints_suggestions() -> None:
    out = search("zzzzqqqq")
    assert "did you mean" in out and "scenario" in out


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("退休要带什么？", True),
        ("社保卡丢了怎么办", True),
        ("能不能网上办", True),
        ("how long does it take", True),
        ("张三", False),
        ("临港区滨海路8号阳光小区3号楼", False),
        ("13800138000", False),
        ("是", False),
    ],
)
def test_questions_are_told_from_answers(text: str, asked: bool) -> None:
    assert is_question(text) is asked
