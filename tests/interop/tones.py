"""Test signals made with sox: long sine tones at the rates each peer needs."""

import os
import subprocess
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent / "out" / "tones"

# 60 s: baresip ends a call when its aufile source runs out.
DURATION_S = 60
# -6 dBFS peak: loud enough to stand far above codec noise, with headroom for Opus.
AMPLITUDE = 0.5


def tone(hz: int, rate: int, duration_s: int = DURATION_S, out_dir: Path = OUT_DIR) -> Path:
    """Path of a mono 16-bit WAV holding a sine of `hz` at `rate`; made once, then reused."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"sine{hz}_{rate // 1000}k_{duration_s}s.wav"
    if not path.exists():
        # Test workers run in parallel and may make the same tone at once: each writes its
        # own file and moves it into place atomically, the last move winning.
        tmp = path.with_suffix(f".{os.getpid()}.tmp.wav")
        subprocess.run(
            ["sox", "-n", "-r", str(rate), "-c", "1", "-b", "16", str(tmp),
             "synth", str(duration_s), "sine", str(hz), "vol", str(AMPLITUDE)],
            check=True, capture_output=True)
        os.replace(tmp, path)
    return path


def tone8k(hz: int) -> Path:
    """For baresip (PCMU/PCMA run at 8 kHz and its aufile must match the codec rate)."""
    return tone(hz, 8000)


def tone48k(hz: int) -> Path:
    """For aiortc's MediaPlayer and Chromium's fake microphone."""
    return tone(hz, 48000)


# RFC 4733 §3.2 / ITU-T Q.23: each key is one row frequency plus one column frequency.
DTMF_ROWS_HZ = (697, 770, 852, 941)
DTMF_COLUMNS_HZ = (1209, 1336, 1477, 1633)
DTMF_KEYPAD = ("123A", "456B", "789C", "*0#D")


def dtmf_frequencies(key: str) -> tuple[int, int]:
    """The (row, column) frequencies of a key `0`-`9`, `*`, `#`, `A`-`D`."""
    for row, keys in enumerate(DTMF_KEYPAD):
        if key.upper() in keys:
            return DTMF_ROWS_HZ[row], DTMF_COLUMNS_HZ[keys.index(key.upper())]
    raise ValueError(f"not a DTMF key: {key!r}")


def dtmf_tones(keys: str | list[tuple[str, float, float]], out_dir: Path, rate: int = 8000,
               lead_s: float = 1.5, tone_s: float = 0.15, gap_s: float = 0.15,
               tail_s: float = 20.0, name: str = "dtmf") -> Path:
    """A mono 16-bit WAV made with sox: `lead_s` of silence, then each key's two tones (each
    at -12 dBFS peak) followed by silence, then `tail_s` of silence (baresip ends a call when
    its audio file runs out). `keys` is a string (each key `tone_s` long, `gap_s` after it)
    or a list of (key, tone seconds, gap seconds)."""
    presses = [(key, tone_s, gap_s) for key in keys] if isinstance(keys, str) else list(keys)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}_{rate // 1000}k.wav"
    parts: list[Path] = []

    def sox(*effect: str) -> None:
        part = out_dir / f"{name}_part{len(parts)}.wav"
        subprocess.run(["sox", "-n", "-r", str(rate), "-c", "1", "-b", "16", str(part), *effect],
                       check=True, capture_output=True)
        parts.append(part)

    sox("trim", "0", str(lead_s))
    for key, seconds, gap in presses:
        row, column = dtmf_frequencies(key)
        # Two channels of one sine each, averaged into one: each tone at half of `vol`.
        sox("synth", str(seconds), "sine", str(row), "sine", str(column), "channels", "1", "vol", "0.5")
        sox("trim", "0", str(gap))
    sox("trim", "0", str(tail_s))
    subprocess.run(["sox", *map(str, parts), str(path)], check=True, capture_output=True)
    for part in parts:
        part.unlink()
    return path
