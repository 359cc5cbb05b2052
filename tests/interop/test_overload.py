"""Overload protection (docs/configuration.md `calls.overload_queue_delay_ms`): when the
gateway cannot keep up, new calls are refused at once (503 with Retry-After to a trunk,
`unavailable` to a browser) instead of queued, the call in progress goes on, and new calls are taken again once the
gateway keeps up.

The overload is real: gatewayd's threads are moved to one CPU under the SCHED_IDLE policy
while a busy loop holds that CPU, so the gateway gets a sliver of it and work queues up in
its engine, as on a machine past its capacity, while INVITEs keep arriving."""

import contextlib
import multiprocessing
import os
import secrets
import threading
import time

import requests

from analysis import assert_tone
from sip_probe import SipProbe
from tones import tone48k
from webrtc_client import make_offer_sdp

PHONE = "5551001"
PCMU_OFFER = ("v=0\r\no=probe 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
              "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")


def spin() -> None:
    while True:
        pass


def threads_of(pid: int) -> list[int]:
    return [int(tid) for tid in os.listdir(f"/proc/{pid}/task")]


@contextlib.contextmanager
def starved(pid: int):
    """gatewayd's threads on one CPU at idle priority, with a busy loop on that CPU."""
    cpus = os.sched_getaffinity(0)
    cpu = max(cpus)
    hog = multiprocessing.Process(target=spin, daemon=True)
    hog.start()
    os.sched_setaffinity(hog.pid, {cpu})
    stop = threading.Event()

    def hold_down() -> None:
        # Threads the runtime starts later get the same treatment.
        while not stop.is_set():
            for tid in threads_of(pid):
                with contextlib.suppress(OSError):
                    os.sched_setaffinity(tid, {cpu})
                    os.sched_setscheduler(tid, os.SCHED_IDLE, os.sched_param(0))
            stop.wait(0.2)

    holder = threading.Thread(target=hold_down, daemon=True)
    holder.start()
    try:
        yield
    finally:
        stop.set()
        holder.join()
        hog.kill()
        hog.join()
        for tid in threads_of(pid):
            with contextlib.suppress(OSError):
                os.sched_setscheduler(tid, os.SCHED_OTHER, os.sched_param(0))
                os.sched_setaffinity(tid, cpus)


def metric(gateway, line_start: str) -> float | None:
    for line in requests.get(f"{gateway.http_url}/metrics", timeout=10).text.splitlines():
        if line.startswith(line_start + " "):
            return float(line.split()[-1])
    return None


def flood(target: str, per_second: int, seconds: float, halfway=None):
    """New INVITEs from a trunk's address, each its own call, at `per_second` for
    `seconds`, calling `halfway` once half-way through. Returns the list the final responses are collected into, the event that
    stops collecting, the collecting thread and the probe."""
    probe = SipProbe(target)
    finals = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            response = probe.receive(0.2)
            if response is None or response.cseq_method != "INVITE" or response.status < 200:
                continue
            finals.append(response)
            if response.status >= 300:
                # RFC 3261 §17.1.1.3: the ACK stops the final response's retransmissions.
                call_id = response.header("Call-ID")
                to = response.header("To")
                tag = to.split("tag=")[-1] if "tag=" in to else ""
                branch = response.header("Via").split("branch=")[-1].split(";")[0]
                probe.send_raw("\r\n".join([
                    f"ACK sip:+12125550100@{target} SIP/2.0",
                    f"Via: SIP/2.0/UDP {probe.host}:{probe.port};branch={branch};rport",
                    "Max-Forwards: 70", f"From: <sip:probe@{probe.host}:{probe.port}>;tag={probe.from_tag}",
                    f"To: <sip:+12125550100@{target}>;tag={tag}", f"Call-ID: {call_id}",
                    f"CSeq: {response.header('CSeq').split()[0]} ACK", "Content-Length: 0", "", ""]).encode())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    end = time.monotonic() + seconds
    midpoint = end - seconds / 2
    while time.monotonic() < end:
        if halfway is not None and time.monotonic() >= midpoint:
            halfway()
            halfway = None
        probe.call_id = secrets.token_hex(8) + "@flood"
        probe.request("INVITE", user="+12125550100", extra=("Content-Type: application/sdp",), body=PCMU_OFFER)
        time.sleep(1 / per_second)
    return finals, done, reader, probe


def test_new_calls_are_refused_while_overloaded_and_taken_again(make_phone, start_gateway, make_web_client,
                                                                 tmp_path):
    phone = make_phone(PHONE, 440)
    gateway = start_gateway(phone.address, calls_extra=["overload_queue_delay_ms: 100"])
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call(PHONE, tone48k(1000), tmp_path / "web-heard.wav")
    call.wait_state("connected", timeout=20)
    assert metric(gateway, "gateway_overloaded") == 0

    offer = make_offer_sdp()

    def web_call() -> None:
        web.send({"type": "call", "callId": "during", "to": PHONE, "sdp": offer})

    with starved(gateway._proc.pid):
        finals, done, reader, probe = flood(gateway.sip_address, per_second=25, seconds=8, halfway=web_call)
    # What the gateway still owed is answered once it has its CPU back.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(r.status == 503 for r in finals):
        time.sleep(0.5)
    time.sleep(3)
    done.set()
    reader.join()
    probe.close()

    # Refused for load: 503 with the overload's Retry-After. (Calls taken before the queue
    # built up may also have found the test's small RTP port range full: 503 without it.)
    refused = [r for r in finals if r.status == 503 and r.header("Retry-After") == "5"]
    assert refused, f"no INVITE was refused for load; final responses: {sorted({r.status for r in finals})}"
    # A 503 is resent until its ACK arrives (RFC 3261 §17.2.1): count calls, not responses.
    refused_calls = {r.header("Call-ID") for r in refused}
    assert metric(gateway, 'gateway_calls_refused_overload_total{side="trunk"}') >= len(refused_calls)
    assert "the gateway is overloaded: new calls are refused" in gateway.log_text()
    # The browser that called meanwhile was told so at once.
    error = web.wait_message(lambda m: m.get("type") == "error" and m.get("callId") == "during", timeout=30)
    assert error["code"] == "unavailable" and "overloaded" in error["message"], error
    assert metric(gateway, 'gateway_calls_refused_overload_total{side="web"}') == 1

    # The queue drains: new calls are taken again.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and metric(gateway, "gateway_overloaded") != 0:
        time.sleep(0.5)
    assert metric(gateway, "gateway_overloaded") == 0
    second = web.call("*43", tone48k(1000), tmp_path / "echo-heard.wav", call_id="after")
    second.wait_state("connected", timeout=20)
    second.hangup()
    second.wait_state("closed", timeout=10)
    assert "the gateway keeps up again: new calls are taken" in gateway.log_text()

    # The call in progress was carried through it: still up, and the phone heard after.
    assert call.state_names()[-1] == "connected", call.states
    time.sleep(3)
    call.hangup()
    call.wait_state("closed", timeout=10)
    assert_tone(call.stop_media(), 440, min_seconds=2.5)
