"""Measure a recorded tone: dominant frequency (FFT, interpolated) and level in dBFS."""

import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FRAME_S = 0.1          # level is measured per 100 ms frame
LOWEST_HZ = 50.0       # ignore DC and rumble when looking for the peak


@dataclass(frozen=True)
class Measurement:
    path: str
    rate: int
    seconds: float        # length of the analysed part (after the warm-up)
    frequency_hz: float   # dominant frequency
    dbfs: float           # median level of the 100 ms frames (0 dBFS = full-scale square)
    purity: float         # share of the energy within a few percent of the peak

    def __str__(self) -> str:
        return (f"{self.frequency_hz:.1f} Hz at {self.dbfs:.1f} dBFS, purity {self.purity:.2f}, "
                f"{self.seconds:.1f} s analysed at {self.rate} Hz")


def read_wav(path: str | Path) -> tuple[np.ndarray, int]:
    """Samples as float64 in [-1, 1] (loudest channel of a multi-channel file) and the rate."""
    with wave.open(str(path), "rb") as wav:
        channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
        raw = wav.readframes(wav.getnframes())
    if width == 1:
        data = (np.frombuffer(raw, dtype=np.uint8).astype(np.float64) - 128.0) / 128.0
    elif width == 2:
        data = np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768.0
    elif width == 3:
        bytes3 = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        ints = bytes3[:, 0] | (bytes3[:, 1] << 8) | (bytes3[:, 2] << 16)
        data = np.where(ints >= 1 << 23, ints - (1 << 24), ints).astype(np.float64) / float(1 << 23)
    elif width == 4:
        data = np.frombuffer(raw, dtype="<i4").astype(np.float64) / float(1 << 31)
    else:
        raise ValueError(f"{path}: unsupported sample width {width}")
    usable = len(data) - len(data) % channels
    frames = data[:usable].reshape(-1, channels)
    loudest = int(np.argmax(np.sum(frames ** 2, axis=0))) if len(frames) else 0
    return frames[:, loudest], rate


def dominant_frequency(samples: np.ndarray, rate: int) -> tuple[float, float]:
    """Peak of a Hann-windowed spectrum, refined by a parabola through the log magnitudes
    of the peak bin and its neighbours; also the share of energy near that peak."""
    size = 1 << int(np.ceil(np.log2(max(len(samples), 2))))
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples)), n=size))
    spectrum[: int(LOWEST_HZ * size / rate) + 1] = 0.0
    peak = int(np.argmax(spectrum))
    if 0 < peak < len(spectrum) - 1:
        a, b, c = np.log(spectrum[peak - 1: peak + 2] + 1e-12)
        shift = 0.5 * (a - c) / (a - 2 * b + c) if (a - 2 * b + c) != 0 else 0.0
    else:
        shift = 0.0
    frequency = (peak + shift) * rate / size
    power = spectrum ** 2
    band = max(0.03 * frequency, 20.0) * size / rate
    near = power[max(0, int(peak - band)): int(peak + band) + 1].sum()
    total = power.sum()
    return float(frequency), float(near / total) if total > 0 else 0.0


def level_dbfs(samples: np.ndarray, rate: int) -> float:
    """Median RMS level of 100 ms frames, so a short gap or a late start does not hide a
    steady tone, while a recording that is mostly silence still reads as silence."""
    frame = max(1, int(FRAME_S * rate))
    count = len(samples) // frame
    if count == 0:
        return float("-inf")
    rms = np.sqrt(np.mean(samples[: count * frame].reshape(count, frame) ** 2, axis=1))
    return float(20 * np.log10(max(float(np.median(rms)), 1e-10)))


def measure(path: str | Path, skip_s: float = 1.0) -> Measurement:
    samples, rate = read_wav(path)
    part = samples[int(skip_s * rate):]
    if len(part) < rate // 10:
        return Measurement(str(path), rate, len(part) / rate, 0.0, float("-inf"), 0.0)
    frequency, purity = dominant_frequency(part, rate)
    return Measurement(str(path), rate, len(part) / rate, frequency, level_dbfs(part, rate), purity)


def assert_tone(path: str | Path, hz: float, tolerance: float = 0.02, min_dbfs: float = -40.0,
                skip_s: float = 1.0, min_seconds: float = 2.0, min_purity: float = 0.5) -> Measurement:
    """Fail unless the recording holds a steady tone of `hz` (± tolerance) above `min_dbfs`."""
    m = measure(path, skip_s)
    problems = []
    if m.seconds < min_seconds:
        problems.append(f"only {m.seconds:.2f} s of audio after the {skip_s} s warm-up "
                        f"(need {min_seconds} s)")
    if m.dbfs < min_dbfs:
        problems.append(f"level {m.dbfs:.1f} dBFS is below {min_dbfs} dBFS (silence?)")
    if abs(m.frequency_hz - hz) > tolerance * hz:
        problems.append(f"dominant frequency {m.frequency_hz:.1f} Hz is not {hz} Hz "
                        f"± {tolerance * 100:.0f} %")
    if m.purity < min_purity:
        problems.append(f"only {m.purity:.0%} of the energy is near the peak (noise or distortion)")
    if problems:
        raise AssertionError(f"expected a {hz} Hz tone in {path}: " + "; ".join(problems)
                             + f" [measured: {m}]")
    return m
