"""Stopping the gateway without losing calls: on SIGTERM new calls are refused and
/ready says so, the calls in progress go on until they end or `calls.drain_timeout_s` runs
out (then the gateway ends them itself, `temporary_failure`), and the process exits."""

import signal
import time

import requests

from analysis import assert_tone
from contract import SIDE_GATEWAY, assert_end
from tones import tone48k
from webrtc_client import make_offer_sdp

PHONE = "5551001"


def connected_call(tmp_path, make_phone, start_gateway, make_web_client, drain_s: int):
    phone = make_phone(PHONE, 440)
    gateway = start_gateway(phone.address, calls_extra=[f"drain_timeout_s: {drain_s}"])
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call(PHONE, tone48k(1000), tmp_path / "web-heard.wav")
    call.wait_state("connected", timeout=20)
    return phone, gateway, web, call


def test_a_call_in_progress_finishes_after_sigterm(make_phone, start_gateway, make_web_client, tmp_path):
    phone, gateway, web, call = connected_call(tmp_path, make_phone, start_gateway, make_web_client, drain_s=60)
    assert requests.get(f"{gateway.http_url}/ready", timeout=2).status_code == 200
    gateway._proc.send_signal(signal.SIGTERM)
    time.sleep(1)
    assert gateway.exited() is None, "the gateway stopped with a call in progress"
    ready = requests.get(f"{gateway.http_url}/ready", timeout=2)
    assert ready.status_code == 503 and ready.text.strip() == "draining", ready.text
    # A new call is refused with a reason; the one in progress is untouched.
    web.send({"type": "call", "callId": "late", "to": PHONE, "sdp": make_offer_sdp()})
    error = web.wait_message(lambda m: m.get("type") == "error" and m.get("callId") == "late", timeout=5)
    assert error["code"] == "unavailable", error
    time.sleep(3)
    assert "hung_up" not in call.state_names(), call.states
    call.hangup()
    call.wait_state("closed", timeout=10)
    deadline = time.monotonic() + 10
    while gateway.exited() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert gateway.exited() == 0, gateway.log_tail()
    gateway.started = False
    assert_tone(call.stop_media(), 440, min_seconds=2.5)    # the phone was heard throughout
    assert "shutting down" in gateway.log_text()


def test_the_drain_timeout_ends_the_rest(make_phone, start_gateway, make_web_client, tmp_path):
    phone, gateway, web, call = connected_call(tmp_path, make_phone, start_gateway, make_web_client, drain_s=2)
    started = time.monotonic()
    gateway._proc.send_signal(signal.SIGTERM)
    end = call.wait_state("hung_up", timeout=10)
    elapsed = time.monotonic() - started
    assert_end(end, "hung_up", "temporary_failure", SIDE_GATEWAY)
    assert 1.5 <= elapsed <= 6, f"ended {elapsed:.1f} s after SIGTERM, drain_timeout_s is 2"
    phone.wait_event("CALL_CLOSED", timeout=10)          # the phone got a BYE
    deadline = time.monotonic() + 10
    while gateway.exited() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert gateway.exited() == 0, gateway.log_tail()
    gateway.started = False
