"""Busy and congestion tones the gateway plays to the browser when the far end refuses a
call without any audio of its own, in the tones of `calls.tone_country` (ITU-T E.180)."""

import time

import numpy as np
import pytest

from analysis import dominant_frequency, read_wav
from contract import SIDE_REMOTE, assert_end
from test_sip_scenarios import RtpSink, dial, final_status_scenario

FRAME_S = 0.1


def tone_frames(path, frequencies: set[float], tolerance_hz: float = 10,
                min_dbfs: float = -40.0) -> tuple[int, int]:
    """How many 100 ms frames of the recording are dominated by one of `frequencies`, of all."""
    samples, rate = read_wav(path)
    size = int(FRAME_S * rate)
    hits = total = 0
    for start in range(0, len(samples) - size + 1, size):
        frame = samples[start: start + size]
        total += 1
        rms = float(np.sqrt(np.mean(frame ** 2)))
        if rms <= 0 or 20 * np.log10(rms) < min_dbfs:
            continue
        frequency, _ = dominant_frequency(frame, rate)
        hits += any(abs(frequency - f) <= tolerance_hz for f in frequencies)
    return hits, total


@pytest.mark.parametrize("country,status,phrase,cause,tone,frequencies", [
    ("GB", 486, "Busy Here", "user_busy", "busy", {400}),
    ("US", 486, "Busy Here", "user_busy", "busy", {480, 620}),
    ("FR", 503, "Service Unavailable", "service_unavailable", "congestion", {440}),
])
def test_refusal_without_audio_plays_the_countrys_tone(make_sipp, start_gateway, make_web_client, tmp_path,
                                                       country, status, phrase, cause, tone, frequencies):
    xml = final_status_scenario(tmp_path, status, phrase, None)
    carrier = make_sipp(xml.stem, xml=xml)
    gateway = start_gateway(carrier.address, calls_extra=[f"tone_country: {country}"])
    call = dial(gateway, make_web_client, tmp_path)
    end_state = "rejected" if status == 486 else "hung_up"
    end = call.wait_state(end_state, timeout=10)
    assert_end(end, end_state, cause, SIDE_REMOTE, status)
    assert end.get("tone") == tone and end.get("toneMs") == 3000, end
    time.sleep(3.5)
    hits, total = tone_frames(call.stop_media(), frequencies)
    # 3 s of tone at half duty cycle or more, recorded from the browser's side: at least 1 s.
    assert hits >= 10, f"{hits} of {total} frames at {frequencies} Hz"



def test_a_silent_hold_gets_the_hold_tone(make_sipp, start_gateway, make_web_client, tmp_path):
    """The carrier holds the call for 4 s (a=sendonly) and sends no audio: the browser hears
    the soft 425 Hz hold tone (0.2 s every 4 s) for as long as the hold lasts."""
    sink = RtpSink()
    try:
        carrier = make_sipp("uas_reinvite_hold", args=["-key", "rtp_sink_port", str(sink.port)])
        gateway = start_gateway(carrier.address)
        call = dial(gateway, make_web_client, tmp_path)
        call.wait_state("connected", timeout=15)
        time.sleep(8)                    # hold at 3 s, resumed at 7 s
        call.hangup()
        call.wait_state("closed")
        samples_path = call.stop_media()
    finally:
        sink.close()
    hits, total = tone_frames(samples_path, {425}, min_dbfs=-60.0)
    assert hits >= 1, f"no 425 Hz frame among {total}"
    # The carrier sends nothing itself, so everything the browser received is the hold
    # tone's stream: it lasted about as long as the hold (4 s), not the whole call.
    assert 30 <= total <= 55, f"{total} frames of audio for a 4 s hold"
