"""The tone analysis itself, on sox-made files: it must find what is there and reject what is not."""

import subprocess

import pytest

from analysis import assert_tone, measure
from tones import tone


def sox(tmp_path, name, *effect, rate=8000):
    path = tmp_path / name
    subprocess.run(["sox", "-n", "-r", str(rate), "-c", "1", "-b", "16", str(path), *effect],
                   check=True, capture_output=True)
    return path


@pytest.mark.parametrize("hz,rate", [(1000, 8000), (440, 8000), (1000, 48000), (440, 48000)])
def test_finds_generated_tones(tmp_path, hz, rate):
    path = tone(hz, rate, duration_s=4, out_dir=tmp_path)
    m = assert_tone(path, hz)
    assert abs(m.frequency_hz - hz) < 0.002 * hz          # interpolation beats the bin width
    assert -10.0 < m.dbfs < -8.0                          # 0.5 amplitude sine: -9.03 dBFS


def test_rejects_wrong_frequency(tmp_path):
    path = tone(1100, 8000, duration_s=4, out_dir=tmp_path)
    with pytest.raises(AssertionError, match="not 1000 Hz"):
        assert_tone(path, 1000)


def test_rejects_silence(tmp_path):
    path = sox(tmp_path, "quiet.wav", "synth", "4", "sine", "1000", "vol", "0.001")
    with pytest.raises(AssertionError, match="below -40"):
        assert_tone(path, 1000)


def test_rejects_noise(tmp_path):
    path = sox(tmp_path, "noise.wav", "synth", "4", "whitenoise", "vol", "0.5")
    with pytest.raises(AssertionError, match="near the peak"):
        assert_tone(path, 1000, tolerance=10.0)


def test_rejects_short_recording(tmp_path):
    path = tone(1000, 8000, duration_s=2, out_dir=tmp_path)
    with pytest.raises(AssertionError, match="only 1.00 s"):
        assert_tone(path, 1000)


def test_stereo_and_late_start(tmp_path):
    # Half a second of silence, then the tone, on the right channel of a stereo file.
    mono = sox(tmp_path, "late.wav", "synth", "5", "sine", "440", "vol", "0.5", "pad", "0.5")
    stereo = tmp_path / "stereo.wav"
    subprocess.run(["sox", "-M", str(sox(tmp_path, "zero.wav", "synth", "5.5", "sine", "0", "vol", "0")),
                    str(mono), str(stereo)], check=True, capture_output=True)
    m = measure(stereo)
    assert abs(m.frequency_hz - 440) < 2 and m.dbfs > -10
