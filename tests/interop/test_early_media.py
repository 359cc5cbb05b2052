"""Before the far end answers, the web user hears something: the far end's early media
(a reliable 183 with SDP, acknowledged with PRACK, RFC 3262) or, when the trunk only
rings (180 without SDP), the gateway's own ringback (440 + 480 Hz)."""

import subprocess
import time

from analysis import assert_tone
from tones import tone48k

DIALED = "5552000"


def test_early_media_after_prack_reaches_the_browser(make_sipp, start_gateway, make_web_client, tmp_path):
    carrier = make_sipp("uas_early_media_prack", start=False)
    subprocess.run(["sox", "-n", "-r", "8000", "-c", "1", "-e", "u-law", str(carrier.dir / "early700.wav"),
                    "synth", "30", "sine", "700"], check=True)
    carrier.start()
    gateway = start_gateway(carrier.address)
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call(DIALED, tone48k(1000), tmp_path / "web-heard.wav")
    call.wait_state("ringing", timeout=10)
    call.wait_state("connected", timeout=15)
    time.sleep(1)
    call.hangup()
    call.wait_state("closed")
    assert carrier.wait(timeout=10) == 0, carrier.output_tail()
    messages = carrier.message_log.read_text(errors="replace")
    assert "PRACK sip:" in messages and "RAck: 1 1 INVITE" in messages, messages[-2000:]
    assert "CSeq: 3 BYE" in messages, messages[-2000:]     # after INVITE 1 and PRACK 2
    # The 700 Hz announcement was heard during the 4 s of early media and after the answer.
    assert_tone(call.stop_media(), 700, min_seconds=3)


def test_ringing_without_media_plays_the_gateways_ringback(make_sipp, start_gateway, make_web_client, tmp_path):
    carrier = make_sipp("uas_ring_no_answer")
    gateway = start_gateway(carrier.address, answer_timeout_s=8)
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call(DIALED, tone48k(1000), tmp_path / "web-heard.wav")
    call.wait_state("ringing", timeout=10)
    time.sleep(2.2)                      # the first "on" part of the 2 s on / 4 s off cadence
    call.hangup()
    call.wait_state("closed")
    # North American ringback: 440 Hz + 480 Hz, so the peak is one of the two and holds
    # about half of the energy.
    assert_tone(call.stop_media(), 460, tolerance=0.06, min_seconds=1.0, skip_s=0.5, min_purity=0.3)
