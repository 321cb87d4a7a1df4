"""Speech engines: text in, WAV bytes out, offline.

espeak-ng is the default: a Debian package, small, fast on one core and with a Mandarin and
an English voice. Piper sounds far better but needs a voice model per language; it is used
only where an operator has put a model on the machine (YJS_PIPER_MODEL) and the `piper`
binary is installed. Nothing is downloaded here, ever.

Engines run as subprocesses with the text on stdin: no shell, so no reply text is ever
parsed as a command line.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import struct
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol, runtime_checkable

from bot.settings import SpeechSettings
from bot.speech.speakable import lang_of

#: Words per minute. espeak-ng's Mandarin sounds hurried at the English rate, so it gets its own.
NORMAL_RATE = {"zh": 175, "en": 160}
#: Elder mode: slower, so that a number can be written down as it is heard.
ELDER_RATE = {"zh": 140, "en": 130}

#: Longest text one call will synthesize; replies are trimmed well before this (short_for_speech).
MAX_CHARS = 4000
#: A synthesis that takes longer than this has hung: espeak-ng makes a minute of speech in ~1 s.
TIMEOUT_SECONDS = 60.0


def rate_for(locale: str, elder: bool) -> int:
    """Words per minute for `locale`, slower in elder mode."""
    return (ELDER_RATE if elder else NORMAL_RATE)[lang_of(locale)]


class SpeechError(RuntimeError):
    """A synthesis that failed: the engine ran but gave no audio."""


class SpeechUnavailable(SpeechError):
    """The speech engine (or its voice) is not installed here; the message says what is missing."""


@runtime_checkable
class TTS(Protocol):
    """A speech engine: speakable text in one locale to WAV bytes."""

    #: Names the engine in cache keys: audio from another engine is another file.
    engine_id: str

    def voice_for(self, locale: str) -> str:
        """The voice this engine reads `locale` with."""
        ...

    async def synthesize(self, text: str, locale: str, rate: int) -> bytes:
        """`text` read aloud at `rate` words per minute, as a WAV file."""
        ...


class EspeakTTS:
    """espeak-ng in a subprocess: `espeak-ng -v VOICE -s RATE --stdout`, the text on stdin."""

    engine_id = "espeak-ng"

    #: espeak-ng 1.51's `cmn` voice reads most hanzi as pinyin spelled out in English ("hao two");
    #: `cmn-latn-pinyin` has the same Mandarin dictionary without that fault.
    VOICES: Mapping[str, str] = {"zh": "cmn-latn-pinyin", "en": "en"}

    def __init__(self, binary: str = "espeak-ng", voices: Mapping[str, str] | None = None) -> None:
        self.binary = binary
        self.voices = dict(voices or self.VOICES)
        # Two cores on the production machine: more parallel syntheses only queue on the CPU.
        self._slots = asyncio.Semaphore(os.cpu_count() or 1)

    def voice_for(self, locale: str) -> str:
        return self.voices[lang_of(locale)]

    async def synthesize(self, text: str, locale: str, rate: int) -> bytes:
        text = _checked(text)
        # -b 1: the text is UTF-8 whatever the process locale (CI runs with LANG=C).
        command = [self.binary, "-b", "1", "-v", self.voice_for(locale), "-s", str(rate), "--stdout"]
        async with self._slots:
            wav, error = await _run(command, text.encode())
        if not wav.startswith(b"RIFF"):
            message = error.decode(errors="replace").strip()
            if "voice does not exist" in message:
                raise SpeechUnavailable(f"espeak-ng has no voice {self.voice_for(locale)!r}: {message}")
            raise SpeechError(f"espeak-ng gave no audio: {message or 'no message'}")
        return fix_wav_sizes(wav)


class PiperTTS:
    """Piper with operator-supplied voice models, one per language; other languages go to `fallback`."""

    engine_id = "piper"

    def __init__(self, models: Mapping[str, Path], binary: str = "piper", fallback: TTS | None = None) -> None:
        self.models = {lang_of(locale): Path(path) for locale, path in models.items()}
        self.binary = binary
        self.fallback = fallback
        self._slots = asyncio.Semaphore(1)  # one model load at a time: each takes a core and ~100 MB

    def voice_for(self, locale: str) -> str:
        model = self.models.get(lang_of(locale))
        if model is not None:
            return model.stem
        if self.fallback is None:
            raise SpeechUnavailable(f"no Piper voice model for {locale} and no other engine")
        return f"{self.fallback.engine_id}:{self.fallback.voice_for(locale)}"

    async def synthesize(self, text: str, locale: str, rate: int) -> bytes:
        lang = lang_of(locale)
        model = self.models.get(lang)
        if model is None:
            if self.fallback is None:
                raise SpeechUnavailable(f"no Piper voice model for {locale} and no other engine")
            return await self.fallback.synthesize(text, locale, rate)
        text = _checked(text)
        # Piper speaks at its own pace; length_scale stretches it as the rate slows.
        scale = NORMAL_RATE[lang] / rate
        # Each line is a separate utterance to Piper: one line keeps the prosody of one reply.
        line = " ".join(text.split()) + "\n"
        with tempfile.TemporaryDirectory(prefix="yjs-piper-") as tmp:
            out = Path(tmp) / "out.wav"
            command = [self.binary, "--model", str(model), "--output_file", str(out), "--length_scale", f"{scale:.3f}"]
            async with self._slots:
                _, error = await _run(command, line.encode())
            wav = out.read_bytes() if out.exists() else b""
        if not wav.startswith(b"RIFF"):
            raise SpeechError(f"piper gave no audio: {error.decode(errors='replace').strip() or 'no message'}")
        return wav


def make_tts(speech: SpeechSettings) -> TTS | None:
    """The engine these settings ask for and this machine has, or None where there is none.

    YJS_TTS=off turns speech off. YJS_ESPEAK_BIN names the espeak-ng binary (default: on PATH).
    YJS_PIPER_MODEL is a Piper .onnx voice (its language read from the .onnx.json beside it) or
    `zh_CN=/path/a.onnx,en=/path/b.onnx`; it is used only if the `piper` binary (YJS_PIPER_BIN)
    exists, with espeak-ng for the languages it has no model for.
    """
    if not speech.tts:
        return None
    espeak_bin = shutil.which(speech.espeak_bin)
    espeak = EspeakTTS(espeak_bin) if espeak_bin else None
    piper_bin = shutil.which(speech.piper_bin)
    models = piper_models(speech.piper_model)
    if piper_bin and models:
        return PiperTTS(models, piper_bin, fallback=espeak)
    return espeak


def piper_models(setting: str) -> dict[str, Path]:
    """Locale to model path from YJS_PIPER_MODEL, keeping only models that are on disk with their config."""
    models: dict[str, Path] = {}
    for part in filter(None, (p.strip() for p in setting.split(","))):
        locale, _, path = part.rpartition("=")
        model = Path(path).expanduser()
        config = model.with_name(model.name + ".json")
        if not (model.is_file() and config.is_file()):
            continue
        locale = locale.strip() or _model_locale(config)
        if locale:
            models[locale] = model
    return models


def _model_locale(config: Path) -> str:
    try:
        code = json.loads(config.read_text(encoding="utf-8"))["language"]["code"]
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    return code if isinstance(code, str) else ""


def fix_wav_sizes(wav: bytes) -> bytes:
    """A WAV written to a pipe, with its RIFF and data sizes set to what actually came.

    espeak-ng cannot seek back on stdout, so it writes 0x7ffff024 as both sizes; some readers
    then wait for two gigabytes of samples, or refuse the file.
    """
    if len(wav) < 12 or wav[:4] != b"RIFF" or wav[8:12] != b"WAVE":
        return wav
    fixed = bytearray(wav)
    struct.pack_into("<I", fixed, 4, len(wav) - 8)
    offset = 12
    while offset + 8 <= len(wav):
        chunk, size = wav[offset : offset + 4], struct.unpack_from("<I", wav, offset + 4)[0]
        if chunk == b"data":
            struct.pack_into("<I", fixed, offset + 4, len(wav) - offset - 8)
            break
        offset += 8 + size + (size & 1)
    return bytes(fixed)


def _checked(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValueError("nothing to say: the text is empty")
    if len(text) > MAX_CHARS:
        raise ValueError(f"{len(text)} characters is too long to read aloud (at most {MAX_CHARS})")
    return text


async def _run(command: list[str], stdin: bytes) -> tuple[bytes, bytes]:
    """stdout and stderr of `command` fed `stdin`; SpeechUnavailable where the binary is missing."""
    try:
        process = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
    except (FileNotFoundError, PermissionError, NotADirectoryError) as e:
        raise SpeechUnavailable(f"{command[0]} cannot be run ({e.strerror or e}); is it installed?") from e
    try:
        out, err = await asyncio.wait_for(process.communicate(stdin), TIMEOUT_SECONDS)
    except TimeoutError as e:
        await _kill(process)
        raise SpeechError(f"{command[0]} took more than {TIMEOUT_SECONDS:.0f} s") from e
    except BaseException:
        # Cancelled: leave no engine running behind the caller.
        await _kill(process)
        raise
    return out, err


async def _kill(process: asyncio.subprocess.Process) -> None:
    with contextlib.suppress(ProcessLookupError):
        process.kill()
    await process.wait()
