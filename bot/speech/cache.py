"""Read-aloud audio kept on disk, so each distinct reply is synthesized once.

Most of what elder mode reads is the same for everybody (the welcome, each question, each
hint), so after a day nearly every voice message is a file that already exists. The file is
named by the sha256 of everything that shapes the sound (engine, voice, rate and the
speakable text), which also makes its name unguessable for the web chat's /api/voice/.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

from bot.locks import KeyedLocks
from bot.speech.encode import ogg_to_mp3, wav_to_ogg_opus
from bot.speech.speakable import ELDER_LIMIT, lang_of, short_for_speech, speakable
from bot.speech.tts import TTS, rate_for

SUFFIX = ".ogg"


class SpeechCache:
    """Ogg/Opus voice files under `root`, one per (engine, voice, rate, speakable text)."""

    def __init__(self, root: Path, tts: TTS) -> None:
        self.root = Path(root)
        self.tts = tts
        self._locks = KeyedLocks()

    def said(self, text: str, locale: str, elder: bool) -> str:
        """What is actually read for `text`: speakable, and in elder mode only its first sentences."""
        said = speakable(text, locale)
        return short_for_speech(said, ELDER_LIMIT[lang_of(locale)]) if elder else said

    def key(self, said: str, locale: str, elder: bool) -> str:
        """The sha256 (hex) naming the file for already-speakable `said`."""
        parts = [self.tts.engine_id, self.tts.voice_for(locale), rate_for(locale, elder), said]
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()

    def path(self, key: str) -> Path:
        # Flat, as <sha256>.ogg: the web chat serves these names from this folder as they are.
        return self.root / f"{key}{SUFFIX}"

    async def voice_for(self, text: str, locale: str, elder: bool) -> Path:
        """The cached voice file for `text`, synthesized and encoded first if it is not there yet.

        Raises ValueError when nothing in `text` can be said (only emoji or markup), and the
        engine's SpeechError when synthesis fails.
        """
        said = self.said(text, locale, elder)
        if not said:
            raise ValueError("nothing to say: the text has no words once made speakable")
        key = self.key(said, locale, elder)
        path = self.path(key)
        if path.exists():
            return path
        async with self._locks.hold(key):
            # Whoever held the lock before us may have just made it.
            if not path.exists():
                wav = await self.tts.synthesize(said, locale, rate_for(locale, elder))
                ogg = await asyncio.to_thread(wav_to_ogg_opus, wav)
                await asyncio.to_thread(_write_atomically, path, ogg)
        return path


async def mp3_beside(ogg: Path) -> Path:
    """The MP3 copy of a cached voice (made once, kept beside it), for browsers without Ogg/Opus (Safari on iOS).

    Raises EncoderMissing when this FFmpeg build has no MP3 encoder.
    """
    mp3 = ogg.with_suffix(".mp3")
    if not mp3.exists():
        audio = await asyncio.to_thread(ogg_to_mp3, ogg.read_bytes())
        await asyncio.to_thread(_write_atomically, mp3, audio)
    return mp3


def _write_atomically(path: Path, data: bytes) -> None:
    """Readers see the whole file or none: written aside, then renamed over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the web server may run as another user
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
