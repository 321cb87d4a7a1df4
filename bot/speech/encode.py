"""WAV from a speech engine to the formats messengers play, in-process with PyAV.

PyAV's wheels bundle FFmpeg with libopus, libmp3lame and libopencore-amrnb, so no ffmpeg
binary is needed. Telegram voice messages and browsers take Ogg/Opus; WeChat voice
messages take AMR or MP3. A build without an encoder raises EncoderMissing, which callers
treat like speech not being installed for that channel.

All functions are CPU-bound and synchronous: call them through asyncio.to_thread.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import av
import av.audio.stream

#: Opus runs at 48 kHz inside whatever it is fed; Telegram shows the waveform of such files.
OPUS_RATE = 48000
#: Speech at 24 kbit/s Opus is clear; a minute of it is 180 KB.
OPUS_BITRATE = 24000


class EncoderMissing(RuntimeError):
    """The bundled FFmpeg has no encoder for this format."""


@dataclass(frozen=True)
class Target:
    """One output format: container, encoder (first available of `codecs`), sample rate, bitrate."""

    container: str
    codecs: tuple[str, ...]
    rate: int
    bit_rate: int
    options: tuple[tuple[str, str], ...] = ()


OGG_OPUS = Target("ogg", ("libopus", "opus"), OPUS_RATE, OPUS_BITRATE, (("application", "voip"),))
MP3 = Target("mp3", ("libmp3lame", "mp3"), 22050, 32000)
#: AMR-NB is 8 kHz, 12.2 kbit/s at best: telephone quality, what WeChat itself records.
AMR = Target("amr", ("libopencore_amrnb", "amr_nb"), 8000, 12200)


def encoder_for(target: Target) -> str | None:
    """The first of the target's encoders this FFmpeg build has, or None."""
    for name in target.codecs:
        if name not in av.codecs_available:
            continue
        try:
            av.Codec(name, "w")
        except Exception:  # a decoder only: PyAV raises UnknownCodecError, not always the same class
            continue
        return name
    return None


def wav_to_ogg_opus(wav: bytes) -> bytes:
    """48 kHz mono Opus in Ogg: what Telegram voice messages and browsers' <audio> play."""
    return transcode(wav, OGG_OPUS)


def wav_to_mp3(wav: bytes) -> bytes:
    """Mono MP3 at 22.05 kHz, for WeChat voice messages; EncoderMissing without libmp3lame."""
    return transcode(wav, MP3)


def wav_to_amr(wav: bytes) -> bytes:
    """AMR-NB at 8 kHz, WeChat's own voice format; EncoderMissing without libopencore-amrnb."""
    return transcode(wav, AMR)


def ogg_to_mp3(ogg: bytes) -> bytes:
    """A cached Ogg/Opus voice file as MP3, for channels that take no Opus (WeChat)."""
    return transcode(ogg, MP3, source_format="ogg")


def transcode(wav: bytes, target: Target, source_format: str = "wav") -> bytes:
    """`wav` (any PCM WAV, or audio in `source_format`) re-encoded as mono `target`."""
    codec = encoder_for(target)
    if codec is None:
        raise EncoderMissing(f"this FFmpeg build has none of the {target.container} encoders {target.codecs}")
    out = io.BytesIO()
    with (
        av.open(io.BytesIO(wav), "r", format=source_format) as source,
        av.open(out, "w", format=target.container) as sink,
    ):
        stream = sink.add_stream(codec, rate=target.rate, layout="mono")
        assert isinstance(stream, av.audio.stream.AudioStream)
        stream.bit_rate = target.bit_rate
        stream.options = dict(target.options)
        # The encoder's own sample format: libopus takes s16 or flt, lame s16p/fltp, amrnb s16 only.
        formats = stream.codec_context.codec.audio_formats or ()
        sample_format = formats[0].name if formats else "s16"
        resampler = av.AudioResampler(format=sample_format, layout="mono", rate=target.rate)
        for frame in source.decode(audio=0):
            frame.pts = None  # the encoder's own timeline, counted in samples at the new rate
            for resampled in resampler.resample(frame):
                sink.mux(stream.encode(resampled))
        for resampled in resampler.resample(None):
            sink.mux(stream.encode(resampled))
        sink.mux(stream.encode(None))
    return out.getvalue()


def duration_seconds(audio: bytes) -> float:
    """How long `audio` (Ogg/Opus, MP3, AMR, WAV) plays, counted from its decoded samples."""
    samples = 0
    rate = 0
    with av.open(io.BytesIO(audio), "r") as container:
        for frame in container.decode(audio=0):
            samples += frame.samples
            rate = frame.sample_rate
    return samples / rate if rate else 0.0
