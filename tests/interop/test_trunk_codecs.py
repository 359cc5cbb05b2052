"""The trunk side's other codecs, with real phones: G.722 (wideband: a 5 kHz tone, which
G.711 cannot carry, crosses both ways) and Opus (relayed without transcoding)."""

import subprocess
import time

from analysis import assert_tone
from baresip_phone import BaresipPhone
from tones import tone, tone48k

PHONE = "5551001"
TALK_S = 6


def call_phone(phone, start_gateway, make_web_client, tmp_path, codecs, web_hz):
    gateway = start_gateway(phone.address, trunk_options={"codecs": codecs})
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call(PHONE, tone48k(web_hz), tmp_path / "web-heard.wav")
    call.wait_state("connected", timeout=20)
    time.sleep(TALK_S)
    call.hangup()
    call.wait_state("closed")
    return call


def test_g722_carries_a_5khz_tone_both_ways(start_gateway, make_web_client, tmp_path):
    phone = BaresipPhone(tmp_path / "phone", PHONE, tone(5000, 16000), codecs="g722").start()
    try:
        call = call_phone(phone, start_gateway, make_web_client, tmp_path, ["g722", "pcmu"], 5000)
        assert "G722" in phone.log_text(), phone.log_tail()
        assert_tone(phone.recording(), 5000, min_seconds=TALK_S - 2)     # web -> phone
        assert_tone(call.stop_media(), 5000, min_seconds=TALK_S - 2)     # phone -> web
    finally:
        phone.stop()


def stereo_tone(hz: int, path) -> str:
    """baresip's Opus source wants a two-channel 48 kHz file."""
    subprocess.run(["sox", "-n", "-r", "48000", "-c", "2", "-b", "16", str(path), "synth", "60", "sine", str(hz),
                    "vol", "0.5"], check=True, capture_output=True)
    return path


def test_opus_trunk_is_relayed_both_ways(start_gateway, make_web_client, tmp_path):
    source = stereo_tone(440, tmp_path / "sine440_stereo.wav")
    phone = BaresipPhone(tmp_path / "phone", PHONE, source, codecs="opus/48000/2").start()
    try:
        call = call_phone(phone, start_gateway, make_web_client, tmp_path, ["opus", "pcmu"], 1000)
        assert_tone(phone.recording(), 1000, min_seconds=TALK_S - 2)     # web -> phone
        assert_tone(call.stop_media(), 440, min_seconds=TALK_S - 2)      # phone -> web
    finally:
        phone.stop()
