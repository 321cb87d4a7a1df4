"""Read-aloud for elder mode: speakable text to a cached Ogg/Opus voice file, all offline.

tts = make_tts(settings.speech)        # espeak-ng (or Piper where a model is configured), or None
voices = SpeechCache(data_dir / "voices", tts)
path = await voices.voice_for(reply.text, "zh_CN", elder=True)
"""

from __future__ import annotations

from bot.speech.cache import SpeechCache
from bot.speech.encode import EncoderMissing, duration_seconds, wav_to_amr, wav_to_mp3, wav_to_ogg_opus
from bot.speech.tts import (
    ELDER_RATE,
    NORMAL_RATE,
    TTS,
    EspeakTTS,
    PiperTTS,
    SpeechError,
    SpeechUnavailable,
    make_tts,
    rate_for,
)

__all__ = [
    "ELDER_RATE",
    "NORMAL_RATE",
    "TTS",
    "EncoderMissing",
    "EspeakTTS",
    "PiperTTS",
    "SpeechCache",
    "SpeechError",
    "SpeechUnavailable",
    "duration_seconds",
    "make_tts",
    "rate_for",
    "wav_to_amr",
    "wav_to_mp3",
    "wav_to_ogg_opus",
]
