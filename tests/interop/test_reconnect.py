"""aiortc -> gateway -> baresip with the browser dropping off: the web client goes away
(WebSocket and peer connection closed, as when its process dies); baresip stays in the call
and hears the hold tone; a new client resumes with the token and a new peer connection;
audio crosses both ways again; baresip saw no re-INVITE and no BYE. Without a resume the
phone gets BYE when the disconnect interval runs out, with the documented cause."""

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import requests

from analysis import assert_tone, dominant_frequency, read_wav
from baresip_phone import BYE_RECEIVED
from packet_filter import blocking
from tones import tone48k

PHONE = "5551001"
INTERVAL_S = 10
WEB_HZ, PHONE_HZ, HOLD_HZ = 1000, 440, 425


def start_call(make_phone, start_gateway, make_web_client, tmp_path, identity="alice", interval=INTERVAL_S):
    phone = make_phone(PHONE, PHONE_HZ)
    gateway = start_gateway(phone.address, calls_extra=[f"disconnect_interval: {interval}"],
                            webrtc_extra=["consent_timeout_s: 6"])
    web = make_web_client(gateway.ws_url(identity))
    call = web.call(PHONE, tone48k(WEB_HZ), tmp_path / "before.wav")
    call.wait_state("connected", timeout=20)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    token = web.wait_message(lambda m: m.get("type") == "resume_token")
    assert token["callId"] == call.call_id and token["disconnectInterval"] == interval, token
    return phone, gateway, web, call, token["token"]


def sdp_events(phone) -> list[dict]:
    return [e for e in phone.events if e.get("type") in ("CALL_REMOTE_SDP", "CALL_UPDATE")]


def heard_hold_tone(path, start_s: float, end_s: float) -> bool:
    samples, rate = read_wav(path)
    part = samples[int(start_s * rate): int(end_s * rate)]
    frame = rate // 10
    for begin in range(0, len(part) - frame, frame // 2):
        chunk = part[begin: begin + frame]
        if np.sqrt(np.mean(chunk ** 2)) > 0.005 and abs(dominant_frequency(chunk, rate)[0] - HOLD_HZ) < 15:
            return True
    return False


def test_dropped_browser_resumes_and_the_phone_never_notices(make_phone, start_gateway, make_web_client, tmp_path):
    phone, gateway, web, call, token = start_call(make_phone, start_gateway, make_web_client, tmp_path)
    time.sleep(2)
    sdp_before = len(sdp_events(phone))
    web.close()                                   # the page is gone: WebSocket and media
    time.sleep(5)                                 # within the 10 s interval
    assert not phone.has_event("CALL_CLOSED"), "the phone was hung up during the window"
    record = gateway.calls()[0]
    assert record.get("endedAt") is None, record
    active = requests.get(f"{gateway.http_url}/api/active-calls", timeout=2, headers=gateway.admin).json()
    assert [(c["kind"], c["reconnecting"], c["state"]) for c in active] == [("outbound", True, "reconnecting")], active
    assert "gateway_calls_reconnecting 1\n" in requests.get(f"{gateway.http_url}/metrics", timeout=2).text

    again = make_web_client(gateway.ws_url("alice"))
    resumed = again.resume(call.call_id, token, tone48k(WEB_HZ), tmp_path / "after.wav")
    resumed.wait_state("connected", timeout=15)
    assert [s["state"] for s in resumed.states][:1] == ["reconnected"], resumed.states
    fresh = again.wait_message(lambda m: m.get("type") == "resume_token")
    assert fresh["token"] != token
    metrics = requests.get(f"{gateway.http_url}/metrics", timeout=2).text
    assert 'gateway_browser_reconnects_total{event="dropped"} 1\n' in metrics
    assert 'gateway_browser_reconnects_total{event="resumed"} 1\n' in metrics
    time.sleep(5)
    resumed.hangup()
    resumed.wait_state("closed")
    assert phone.wait_event("CALL_CLOSED", timeout=10)["param"] == BYE_RECEIVED
    assert len(sdp_events(phone)) == sdp_before, f"the phone saw new SDP: {sdp_events(phone)}"
    assert "got re-INVITE" not in phone.log_text(), "the resume leaked to the phone as a re-INVITE"

    assert_tone(resumed.stop_media(), PHONE_HZ, min_seconds=3)      # phone -> web after the resume
    heard = phone.recording()
    samples, rate = read_wav(heard)
    total = len(samples) / rate
    assert heard_hold_tone(heard, 2.5, 8.0), "the phone did not hear the hold tone while the browser was away"
    tail = samples[int((total - 3.5) * rate): int((total - 0.5) * rate)]
    assert abs(dominant_frequency(tail, rate)[0] - WEB_HZ) < 0.02 * WEB_HZ, "web audio did not reach the phone again"
    record = gateway.wait_record(PHONE)
    assert record["cause"] == "normal_clearing" and record["hangupSide"] == "web", record
    events = requests.get(f"{gateway.http_url}/api/calls/{record['id']}", timeout=2, headers=gateway.admin).json()["events"]
    events = [e for e in events if e["kind"] != "quality"]      # the legs' RTCP summaries
    # Whichever the client closed first (its DTLS close_notify, or its WebSocket) is the drop.
    assert [e["kind"] for e in events] == ["browser_dropped", "browser_resumed"], events
    assert events[0]["detail"] in ("signaling closed", "DTLS closed") and events[1]["detail"] == "new peer connection"


def test_the_window_running_out_hangs_up_with_the_documented_cause(make_phone, start_gateway, make_web_client, tmp_path):
    phone, gateway, web, call, token = start_call(make_phone, start_gateway, make_web_client, tmp_path)
    dropped = time.monotonic()
    web.close()
    closed = phone.wait_event("CALL_CLOSED", timeout=INTERVAL_S + 5)
    waited = time.monotonic() - dropped
    assert closed["param"] == BYE_RECEIVED, closed
    assert INTERVAL_S - 1 <= waited <= INTERVAL_S + 1.5, f"BYE after {waited:.1f} s, not {INTERVAL_S} s"
    record = gateway.wait_record(PHONE)
    assert record["cause"] == "temporary_failure" and record["q850"] == 41, record
    events = requests.get(f"{gateway.http_url}/api/calls/{record['id']}", timeout=2, headers=gateway.admin).json()["events"]
    events = [e for e in events if e["kind"] != "quality"]      # the legs' RTCP summaries
    assert [e["kind"] for e in events] == ["browser_dropped"], events

    # The call is over: its token is refused.
    late = make_web_client(gateway.ws_url("alice"))
    late.send({"type": "resume", "callId": call.call_id, "token": token, "sdp": "v=0\r\n"})
    assert late.next_error(0)["code"] == "bad_token"


def test_a_token_works_once_and_only_for_its_identity(make_phone, start_gateway, make_web_client, tmp_path):
    phone, gateway, web, call, token = start_call(make_phone, start_gateway, make_web_client, tmp_path)
    web.close()
    time.sleep(1)
    stranger = make_web_client(gateway.ws_url("mallory"))
    stolen = stranger.resume(call.call_id, token, tone48k(WEB_HZ), tmp_path / "stolen.wav")
    assert stranger.next_error(0)["code"] == "bad_token"
    assert not stolen.states

    owner = make_web_client(gateway.ws_url("alice"))
    owner.resume(call.call_id, token, tone48k(WEB_HZ), tmp_path / "owner.wav").wait_state("connected", timeout=15)
    replay = make_web_client(gateway.ws_url("alice"))
    replay.resume(call.call_id, token, tone48k(WEB_HZ), tmp_path / "replay.wav")
    assert replay.next_error(0)["code"] == "bad_token"
    assert not phone.has_event("CALL_CLOSED")


def test_a_blocked_browser_path_that_comes_back_needs_no_resume(make_phone, start_gateway, make_web_client, tmp_path):
    phone, gateway, web, call, token = start_call(make_phone, start_gateway, make_web_client, tmp_path, interval=30)
    port = int(re.search(r"^m=audio (\d+)", call.answer_sdp, re.MULTILINE).group(1))
    time.sleep(2)
    with blocking(port):                          # the browser's packets no longer arrive
        time.sleep(10)                            # consent is lost after 6 s
        assert "ICE consent lost" in gateway.log_text(), gateway.log_tail()
    time.sleep(7)                                 # the next consent checks get through
    assert "browser path came back" in gateway.log_text(), gateway.log_tail()
    assert not phone.has_event("CALL_CLOSED")
    call.hangup()
    call.wait_state("closed")
    assert phone.wait_event("CALL_CLOSED", timeout=10)["param"] == BYE_RECEIVED
    heard = phone.recording()
    samples, rate = read_wav(heard)
    total = len(samples) / rate
    # The phone records packets as they come: the seconds before the drop was noticed (no
    # packets at all) do not appear, so the hold tone is looked for over the whole middle.
    assert heard_hold_tone(heard, 1.0, total - 3.0), "no hold tone while the path was blocked"
    tail = samples[int((total - 3.5) * rate): int((total - 0.5) * rate)]
    assert abs(dominant_frequency(tail, rate)[0] - WEB_HZ) < 0.02 * WEB_HZ, "web audio did not come back"
    assert "got re-INVITE" not in phone.log_text()


def test_a_killed_web_process_is_resumed_by_a_new_one(make_phone, start_gateway, make_web_client, tmp_path):
    """The proof as an operator would see it: the browser's process dies (SIGKILL: nothing
    is said to the gateway), another process resumes the call with the token."""
    phone = make_phone(PHONE, PHONE_HZ)
    gateway = start_gateway(phone.address, calls_extra=[f"disconnect_interval: {INTERVAL_S}"],
                            webrtc_extra=["consent_timeout_s: 6"])
    caller = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("web_caller_process.py")), gateway.ws_url("alice"), PHONE,
         str(tone48k(WEB_HZ)), str(tmp_path / "killed.wav")],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parent)
    lines = [json.loads(caller.stdout.readline() or "{}") for _ in range(2)]
    assert [line["event"] for line in lines] == ["connected", "resume_token"], lines
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    time.sleep(2)
    caller.send_signal(signal.SIGKILL)
    caller.wait(5)
    time.sleep(3)
    assert not phone.has_event("CALL_CLOSED")

    again = make_web_client(gateway.ws_url("alice"))
    resumed = again.resume(lines[1]["callId"], lines[1]["token"], tone48k(WEB_HZ), tmp_path / "after-kill.wav")
    resumed.wait_state("connected", timeout=15)
    time.sleep(4)
    resumed.hangup()
    resumed.wait_state("closed")
    assert phone.wait_event("CALL_CLOSED", timeout=10)["param"] == BYE_RECEIVED
    assert "got re-INVITE" not in phone.log_text()
    assert_tone(resumed.stop_media(), PHONE_HZ, min_seconds=2)
    samples, rate = read_wav(phone.recording())
    total = len(samples) / rate
    tail = samples[int((total - 3.0) * rate): int((total - 0.5) * rate)]
    assert abs(dominant_frequency(tail, rate)[0] - WEB_HZ) < 0.02 * WEB_HZ
