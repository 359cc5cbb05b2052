"""Test signals made with sox: long sine tones at the rates each peer needs."""

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
        tmp = path.with_suffix(".tmp.wav")
        subprocess.run(
            ["sox", "-n", "-r", str(rate), "-c", "1", "-b", "16", str(tmp),
             "synth", str(duration_s), "sine", str(hz), "vol", str(AMPLITUDE)],
            check=True, capture_output=True)
        tmp.rename(path)
    return path


def tone8k(hz: int) -> Path:
    """For baresip (PCMU/PCMA run at 8 kHz and its aufile must match the codec rate)."""
    return tone(hz, 8000)


def tone48k(hz: int) -> Path:
    """For aiortc's MediaPlayer and Chromium's fake microphone."""
    return tone(hz, 48000)
