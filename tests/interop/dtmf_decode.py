"""Reading DTMF keys out of a recording, offline: a Goertzel filter at each of the eight
DTMF frequencies over short overlapping frames, then the keys strung together in time.

Independent of the gateway's detector (spandsp) on purpose: a recording the gateway made
tones for is judged by different code. A frame holds a key when one row and one column
frequency stand out (each 6 dB above the others of its group), carry most of the frame's
energy, are loud enough, and are within the twist a receiver allows (ITU-T Q.24: about
8 dB either way). A key is reported once it lasts `min_tone_s`; it ends when the frames
stop holding it for `min_gap_s`."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analysis import read_wav
from tones import DTMF_COLUMNS_HZ, DTMF_KEYPAD, DTMF_ROWS_HZ

FRAME_S = 0.025        # 200 samples at 8 kHz: the row frequencies lie ~2 bins apart
HOP_S = 0.005
MIN_LEVEL_DBFS = -45.0  # each of the two tones, as a sine's power
MAX_TWIST_DB = 8.0
GROUP_MARGIN_DB = 6.0   # the chosen frequency over the next one of its group
MIN_SHARE = 0.7         # of the frame's energy in the two tones


@dataclass(frozen=True)
class Key:
    key: str
    start_s: float
    duration_s: float

    def __str__(self) -> str:
        return f"{self.key}@{self.start_s:.3f}s/{self.duration_s * 1000:.0f}ms"


def goertzel_powers(frames: np.ndarray, rate: int, frequencies: tuple[int, ...]) -> np.ndarray:
    """Power of each frequency in each frame (rows of `frames`), by the Goertzel recursion
    s[n] = x[n] + 2cos(w)s[n-1] - s[n-2] run over all frames and frequencies at once, at the
    exact frequencies (no bin rounding). As a sine's mean power: amplitude A gives A²/2."""
    omega = 2.0 * np.pi * np.asarray(frequencies, dtype=np.float64) / rate
    coefficient = 2.0 * np.cos(omega)                      # one per frequency
    count, size = frames.shape
    s_prev = np.zeros((count, len(frequencies)))
    s_prev2 = np.zeros((count, len(frequencies)))
    for n in range(size):
        s = frames[:, n:n + 1] + coefficient * s_prev - s_prev2
        s_prev2, s_prev = s_prev, s
    magnitude_squared = s_prev ** 2 + s_prev2 ** 2 - coefficient * s_prev * s_prev2
    return 2.0 * magnitude_squared / size ** 2


def frame_keys(samples: np.ndarray, rate: int) -> list[str | None]:
    """The key each frame holds, or None; frames of FRAME_S every HOP_S."""
    size, hop = int(FRAME_S * rate), max(1, int(HOP_S * rate))
    if len(samples) < size:
        return []
    starts = np.arange(0, len(samples) - size + 1, hop)
    frames = samples[starts[:, None] + np.arange(size)[None, :]]
    rows = goertzel_powers(frames, rate, DTMF_ROWS_HZ)
    columns = goertzel_powers(frames, rate, DTMF_COLUMNS_HZ)
    totals = np.mean(frames ** 2, axis=1)
    return [frame_key(rows[i], columns[i], totals[i]) for i in range(len(starts))]


def frame_key(rows: np.ndarray, columns: np.ndarray, total: float) -> str | None:
    """The key of one frame from its row and column powers and its mean power, or None."""
    floor = 10 ** (MIN_LEVEL_DBFS / 10) / 2      # a full-scale sine has power 1/2

    def strongest(powers: np.ndarray) -> int | None:
        order = np.argsort(powers)[::-1]
        best, second = powers[order[0]], powers[order[1]]
        if best < floor or best < second * 10 ** (GROUP_MARGIN_DB / 10):
            return None
        return int(order[0])

    row, column = strongest(rows), strongest(columns)
    if row is None or column is None or total <= 0.0:
        return None
    twist_db = 10 * np.log10(rows[row] / columns[column])
    if abs(twist_db) > MAX_TWIST_DB or rows[row] + columns[column] < MIN_SHARE * total:
        return None
    return DTMF_KEYPAD[row][column]


def decode_keys(samples: np.ndarray, rate: int, min_tone_s: float = 0.04,
                min_gap_s: float = 0.02) -> list[Key]:
    """Every key in the samples, in order, with when it started and how long it lasted
    (a frame counts only when the tone fills most of it, so a tone reads ~10 ms short)."""
    hop = max(1, int(HOP_S * rate)) / rate
    keys: list[Key] = []
    current, start, last_seen = None, 0, 0

    def close():
        if current is not None and (last_seen - start + 1) * hop >= min_tone_s:
            keys.append(Key(current, start * hop, (last_seen - start + 1) * hop))

    for index, key in enumerate(frame_keys(samples, rate)):
        if current is not None and key == current:
            last_seen = index
        elif current is not None and (index - last_seen) * hop < min_gap_s and key is None:
            continue                      # a dropout inside a tone, not a gap yet
        else:
            close()
            current, start, last_seen = key, index, index
    close()
    return keys


def decode_file(path: str | Path, **options) -> list[Key]:
    samples, rate = read_wav(path)
    return decode_keys(samples, rate, **options)


def keys_text(keys: list[Key]) -> str:
    return "".join(k.key for k in keys)
