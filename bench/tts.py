"""Read-aloud speed: seconds of speech made per CPU second, cold and cached, and the delay from a
reply's text to its voice file being ready, for typical replies; beside the bare espeak-ng
subprocess on the same texts measured in the same run (the floor of synthesis alone).

    python bench/tts.py
"""

from __future__ import annotations

import asyncio
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.settings import SpeechSettings
from bot.speech.cache import SpeechCache
from bot.speech.encode import duration_seconds
from bot.speech.tts import make_tts, rate_for

REPLIES = [
    ("zh_CN", "提交成功！办件编号：LG20261126-0001。承诺 5 个工作日内办结，办理进度会在这里通知您。"),
    ("zh_CN", "第 3/11 步。联系电话（手机）。请输入11位手机号或带区号的固定电话。"),
    (
        "zh_CN",
        "办件 LG20261126-0001（居民充电桩报装）：临港供电中心已受理“居民充电桩报装申请”。预计 2026-12-03 前办结。",
    ),
    ("en", "Submitted! Application number: LG20261126-0001. Promised within 5 working days."),
    ("en", "Step 3 of 11. Mobile phone number. Please type an 11-digit mobile number."),
]


def cpu() -> float:
    usage, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime


async def main() -> None:
    tts = make_tts(SpeechSettings())
    if tts is None:
        raise SystemExit("no speech engine: install espeak-ng (make test does)")
    with tempfile.TemporaryDirectory() as folder:
        cache = SpeechCache(Path(folder), tts)
        start_cpu, delays, speech = cpu(), [], 0.0
        for locale, text in REPLIES:
            began = time.perf_counter()
            path = await cache.voice_for(text, locale, elder=True)
            delays.append(time.perf_counter() - began)
            speech += duration_seconds(path.read_bytes())
        cold_cpu = cpu() - start_cpu
        start_cpu = cpu()
        for _ in range(20):
            for locale, text in REPLIES:
                await cache.voice_for(text, locale, elder=True)
        cached_cpu = (cpu() - start_cpu) / 20
        start_cpu = cpu()
        for locale, text in REPLIES:  # the very text the cache spoke
            await tts.synthesize(cache.said(text, locale, elder=True), locale, rate_for(locale, elder=True))
        bare_cpu = cpu() - start_cpu
    print(f"speech made, cold (synthesis + Ogg/Opus)  : {speech / cold_cpu:8.1f} s of speech per CPU s")
    print(f"speech served, cached                    : {speech / max(cached_cpu, 1e-9):8.0f} s of speech per CPU s")
    print(f"baseline bare espeak-ng (WAV only)       : {speech / bare_cpu:8.1f} s of speech per CPU s")
    print(f"ratio cold / bare espeak-ng              : {bare_cpu / cold_cpu:8.2f}")
    print(
        f"text -> voice ready, cold: median {statistics.median(delays) * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    asyncio.run(main())
