"""Read-aloud audio (bot/speech): real espeak-ng, real encoding, decoded back with PyAV."""

from __future__ import annotations

import asyncio
import io
import os
import re
import shutil
import stat
import wave
from pathlib import Path

import av
import pytest

from bot.settings import SpeechSettings
from bot.speech import (
    ELDER_RATE,
    NORMAL_RATE,
    EspeakTTS,
    PiperTTS,
    SpeechCache,
    SpeechUnavailable,
    duration_seconds,
    make_tts,
    rate_for,
    wav_to_amr,
    wav_to_mp3,
    wav_to_ogg_opus,
)
from bot.speech.encode import AMR, MP3, encoder_for

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")

ZH_SHORT = "您好，请问您要办理什么事项？"
ZH_LONG = (
    "您好，这里是临港经济开发区高效办成一件事掌上办事。请点选下面的常办事项，或直接输入您要办的事，例如充电桩或退休。"
)
EN_SHORT = "Hello, what would you like to do?"
EN_LONG = (
    "Hello, this is the one-stop service of the Lingang development zone. "
    "Choose a service below, or type what you need."
)


def probe(audio: bytes) -> tuple[str, int, int]:
    """Codec, sample rate and channels of the first audio stream, as a player would see them."""
    with av.open(io.BytesIO(audio), "r") as container:
        context = container.streams.audio[0].codec_context
        return context.name, context.sample_rate, context.channels


@needs_espeak
@pytest.mark.parametrize(("locale", "short", "long"), [("zh_CN", ZH_SHORT, ZH_LONG), ("en", EN_SHORT, EN_LONG)])
async def test_synthesize_and_encode(locale: str, short: str, long: str) -> None:
    tts = EspeakTTS()
    wav = await tts.synthesize(short, locale, rate_for(locale, elder=False))
    ogg = wav_to_ogg_opus(wav)
    assert ogg[:4] == b"OggS"
    assert probe(ogg) == ("opus", 48000, 1)
    short_seconds = duration_seconds(ogg)
    assert 1.0 < short_seconds < 10.0
    assert duration_seconds(ogg) == pytest.approx(duration_seconds(wav), abs=0.05)

    long_seconds = duration_seconds(wav_to_ogg_opus(await tts.synthesize(long, locale, rate_for(locale, False))))
    assert long_seconds > short_seconds * 2


@needs_espeak
async def test_elder_rate_is_slower() -> None:
    tts = EspeakTTS()
    normal = duration_seconds(await tts.synthesize(ZH_LONG, "zh_CN", NORMAL_RATE["zh"]))
    elder = duration_seconds(await tts.synthesize(ZH_LONG, "zh_CN", ELDER_RATE["zh"]))
    assert elder > normal * 1.1
    assert rate_for("zh_CN", True) == ELDER_RATE["zh"] < NORMAL_RATE["zh"] == rate_for("zh_CN", False)
    assert rate_for("en", True) == ELDER_RATE["en"] < NORMAL_RATE["en"] == rate_for("en", False)


@needs_espeak
async def test_wav_from_a_pipe_has_its_true_sizes() -> None:
    """espeak-ng writes 2 GB as the size when it cannot seek; the bytes we hand on say what came."""
    wav = await EspeakTTS().synthesize(EN_SHORT, "en", 160)
    with wave.open(io.BytesIO(wav)) as w:
        assert w.getnchannels() == 1
        assert 44 + w.getnframes() * w.getsampwidth() == len(wav)


@needs_espeak
@pytest.mark.skipif(encoder_for(MP3) is None, reason="this FFmpeg build has no MP3 encoder")
async def test_mp3_for_wechat() -> None:
    wav = await EspeakTTS().synthesize(ZH_SHORT, "zh_CN", 175)
    mp3 = wav_to_mp3(wav)
    assert probe(mp3)[0].startswith("mp3") and probe(mp3)[2] == 1
    assert duration_seconds(mp3) == pytest.approx(duration_seconds(wav), abs=0.1)


@needs_espeak
@pytest.mark.skipif(encoder_for(AMR) is None, reason="this FFmpeg build has no AMR-NB encoder")
async def test_amr_for_wechat() -> None:
    wav = await EspeakTTS().synthesize(ZH_SHORT, "zh_CN", 175)
    amr = wav_to_amr(wav)
    assert amr.startswith(b"#!AMR\n")
    assert probe(amr) == ("amrnb", 8000, 1)
    assert duration_seconds(amr) == pytest.approx(duration_seconds(wav), abs=0.1)


async def test_speech_unavailable_without_the_binary(tmp_path: Path) -> None:
    tts = EspeakTTS(binary=str(tmp_path / "no-such-espeak-ng"))
    with pytest.raises(SpeechUnavailable, match="no-such-espeak-ng"):
        await tts.synthesize(ZH_SHORT, "zh_CN", 175)


@needs_espeak
async def test_speech_unavailable_without_the_voice() -> None:
    tts = EspeakTTS(voices={"zh": "missingvoice", "en": "en"})
    with pytest.raises(SpeechUnavailable, match="missingvoice"):
        await tts.synthesize(ZH_SHORT, "zh_CN", 175)


async def test_nothing_to_say() -> None:
    with pytest.raises(ValueError, match="empty"):
        await EspeakTTS().synthesize("  ", "en", 160)


class CountingTTS(EspeakTTS):
    """The real engine, counting how often it is asked to synthesize."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    async def synthesize(self, text: str, locale: str, rate: int) -> bytes:
        self.calls.append(text)
        return await super().synthesize(text, locale, rate)


@needs_espeak
async def test_cache_synthesizes_once(tmp_path: Path) -> None:
    tts = CountingTTS()
    cache = SpeechCache(tmp_path / "voices", tts)

    first = await cache.voice_for(ZH_SHORT, "zh_CN", elder=True)
    again = await cache.voice_for(ZH_SHORT, "zh_CN", elder=True)
    assert first == again and len(tts.calls) == 1
    # Flat <sha256>.ogg files: the web chat serves exactly these names from this folder.
    assert first.parent == tmp_path / "voices" and re.fullmatch(r"[0-9a-f]{64}\.ogg", first.name)
    assert probe(first.read_bytes()) == ("opus", 48000, 1)
    assert stat.S_IMODE(os.stat(first).st_mode) == 0o644

    # Text that differs only in what is not said (an emoji, a line break) is the same audio.
    assert await cache.voice_for(ZH_SHORT + " 👍", "zh_CN", elder=True) == first
    assert len(tts.calls) == 1
    # Another rate is another file.
    normal = await cache.voice_for(ZH_SHORT, "zh_CN", elder=False)
    assert normal != first and len(tts.calls) == 2
    assert duration_seconds(normal.read_bytes()) < duration_seconds(first.read_bytes())


@needs_espeak
async def test_cache_synthesizes_once_for_concurrent_requests(tmp_path: Path) -> None:
    tts = CountingTTS()
    cache = SpeechCache(tmp_path, tts)
    paths = await asyncio.gather(*(cache.voice_for(EN_LONG, "en", elder=True) for _ in range(4)))
    assert len(set(paths)) == 1 and len(tts.calls) == 1
    assert [p.name for p in tmp_path.iterdir()] == [paths[0].name]  # no temporary file left behind
    assert cache._locks._waiting == {}  # no lock kept once nobody wants it


@needs_espeak
async def test_cache_speaks_the_speakable_text(tmp_path: Path) -> None:
    tts = CountingTTS()
    cache = SpeechCache(tmp_path, tts)
    await cache.voice_for("办件编号 LG20261126-0001\n身份证号：371*************27", "zh_CN", elder=True)
    assert tts.calls == ["办件编号 L G 2 0 2 6 1 1 2 6，0 0 0 1。身份证号已隐去。"]


@needs_espeak
async def test_elder_mode_reads_up_to_the_first_question(tmp_path: Path) -> None:
    tts = CountingTTS()
    cache = SpeechCache(tmp_path, tts)
    await cache.voice_for("第 2/5 步\n您的出生日期是？\n请输入日期，例如 2024-10-24。", "zh_CN", elder=True)
    assert tts.calls == ["第2步，共5步。您的出生日期是？"]


async def test_cache_refuses_text_with_nothing_to_say(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="nothing to say"):
        await SpeechCache(tmp_path, EspeakTTS()).voice_for("👍 https://example.org", "zh_CN", elder=True)


def test_make_tts(tmp_path: Path) -> None:
    assert make_tts(SpeechSettings.from_env({"YJS_TTS": "off"})) is None
    assert make_tts(SpeechSettings(espeak_bin=str(tmp_path / "missing"))) is None
    if shutil.which("espeak-ng"):
        tts = make_tts(SpeechSettings())
        assert isinstance(tts, EspeakTTS)
        assert tts.voice_for("zh_CN") == "cmn-latn-pinyin" and tts.voice_for("en") == "en"


def test_piper_is_offered_only_with_its_binary_and_model(tmp_path: Path) -> None:
    model = tmp_path / "zh_CN-test-medium.onnx"
    model.write_bytes(b"")
    model.with_name(model.name + ".json").write_text('{"language": {"code": "zh_CN"}}')
    env = {"YJS_PIPER_MODEL": str(model), "YJS_PIPER_BIN": str(tmp_path / "no-piper")}
    assert not isinstance(make_tts(SpeechSettings.from_env(env)), PiperTTS)

    # Any executable stands in for the binary here: this checks the choice, not Piper's audio.
    offered = make_tts(SpeechSettings.from_env({**env, "YJS_PIPER_BIN": shutil.which("true") or "/bin/true"}))
    assert isinstance(offered, PiperTTS)
    assert offered.voice_for("zh_CN") == "zh_CN-test-medium"
    if shutil.which("espeak-ng"):
        assert offered.voice_for("en") == "espeak-ng:en"

    # A model without its .onnx.json is no voice Piper can load.
    model.with_name(model.name + ".json").unlink()
    assert not isinstance(make_tts(SpeechSettings.from_env({**env, "YJS_PIPER_BIN": "true"})), PiperTTS)
