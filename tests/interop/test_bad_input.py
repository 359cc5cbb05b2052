"""Malformed input never takes the gateway down: each bad WebSocket message gets an
`error` with the documented code and the connection goes on; bad SIP datagrams get 400
(when there is enough of a request to answer) and the SIP port keeps answering."""

import json
import os
import re

import pytest

from ports import HOST, closed_udp_port
from sip_probe import SipProbe
from webrtc_client import make_offer_sdp


@pytest.fixture
def gateway(start_gateway):
    return start_gateway(f"{HOST}:{closed_udp_port()}")


@pytest.fixture(scope="module")
def offer() -> str:
    return make_offer_sdp()


def without_lines(sdp: str, pattern: str) -> str:
    return "".join(l for l in sdp.splitlines(keepends=True) if not re.match(pattern, l))


def without_opus(sdp: str) -> str:
    pt = re.search(r"a=rtpmap:(\d+) opus/", sdp).group(1)
    sdp = without_lines(sdp, rf"a=(rtpmap|fmtp|rtcp-fb):{pt}\b")
    def drop_pt(m: re.Match) -> str:
        media, port, proto, *pts = m.group(0).split(" ")
        return " ".join([media, port, proto] + [p for p in pts if p != pt])
    return re.sub(r"^m=audio [^\r\n]*", drop_pt, sdp, flags=re.M)


def plain_rtp(sdp: str) -> str:
    sdp = without_lines(sdp, r"a=(fingerprint|setup):")
    return sdp.replace("UDP/TLS/RTP/SAVPF", "RTP/AVP")


def call(sdp: str | None, call_id: str = "c1") -> dict:
    message = {"type": "call", "callId": call_id, "to": "5551000"}
    if sdp is not None:
        message["sdp"] = sdp
    return message


CASES = [
    ("not json", "this is not json", "bad_message", None),
    ("not an object", "[1, 2, 3]", "bad_message", None),
    ("no type", {"callId": "c1"}, "bad_message", None),
    ("type of wrong type", {"type": 7}, "bad_message", None),
    ("unknown type", {"type": "frobnicate"}, "unknown_type", None),
    # Only one thing is wrong in each case; the rest is a usable call.
    ("call without callId", lambda o: {"type": "call", "to": "5551000", "sdp": o}, "bad_call_id", None),
    ("malformed callId", lambda o: call(o, "no spaces allowed"), "bad_call_id", None),
    ("hangup of unknown call", {"type": "hangup", "callId": "nope"}, "unknown_call", None),
    ("call without sdp", call(None), "bad_offer", None),
    ("sdp that does not parse", call("hello"), "bad_offer", None),
    ("offer without fingerprint", lambda o: call(without_lines(o, r"a=fingerprint:")), "bad_offer", "fingerprint"),
    ("offer without opus", lambda o: call(without_opus(o)), "bad_offer", "opus"),
    ("plain RTP/AVP offer", lambda o: call(plain_rtp(o)), "bad_offer", None),
]


@pytest.mark.parametrize("name,message,code,mentions", CASES, ids=[c[0] for c in CASES])
def test_bad_websocket_message(gateway, make_web_client, offer, name, message, code, mentions):
    web = make_web_client(gateway.ws_url("alice"))
    if callable(message):
        message = message(offer)
    start = len(web.messages)
    web.send(message)
    error = web.next_error(start)
    assert error["code"] == code, f"{name}: {error}"
    assert error.get("message", "").strip(), f"{name}: no message in {error}"
    if mentions:
        assert mentions in error["message"].lower(), f"{name}: message should say why: {error}"
    if isinstance(message, dict) and message.get("type") == "call" and "callId" in message \
            and code != "bad_call_id":
        assert error.get("callId") == message["callId"], error
    web.ping("after")
    states = [m for m in web.messages if m.get("type") in ("state", "answer")]
    assert not states, f"{name}: a refused call must not produce {states}"


def test_websocket_survives_a_burst_of_bad_messages(gateway, make_web_client):
    web = make_web_client(gateway.ws_url("alice"))
    junk = ["", "{", "null", "\"text\"", json.dumps({"type": None}), "\u0000\uffff", "x" * 4000]
    for text in junk:
        web.send(text)
    web.ping("still-here", timeout=10)
    assert len([m for m in web.messages if m.get("type") == "error"]) == len(junk)


def options_gets_200(probe: SipProbe) -> None:
    probe.request("OPTIONS")
    probe.wait_for(200, "OPTIONS")


def test_sip_garbage_then_options(gateway):
    probe = SipProbe(gateway.sip_address)
    try:
        options_gets_200(probe)
        for garbage in (os.urandom(300), b"\x00" * 10, b"SIP/2.0\r\n\r\n", b"INVITE\r\n\r\n"):
            probe.send_raw(garbage)
        options_gets_200(probe)
    finally:
        probe.close()


# Invalid requests that still carry a usable Via, Call-ID and CSeq number, so the gateway
# can answer them: RFC 4475 torture tests scalar02 (overlarge CSeq) and mismatch01 (start
# line and CSeq method differ) call for 400 Bad Request (§3.1.2); Max-Forwards is 1*DIGIT.
MALFORMED = {
    "overlarge CSeq": lambda data, cseq: data.replace(f"CSeq: {cseq} OPTIONS".encode(),
                                                      b"CSeq: 36893488147419103232 OPTIONS"),
    "CSeq method mismatch": lambda data, cseq: data.replace(f"CSeq: {cseq} OPTIONS".encode(),
                                                            f"CSeq: {cseq} INVITE".encode()),
    "negative Max-Forwards": lambda data, cseq: data.replace(b"Max-Forwards: 70", b"Max-Forwards: -1"),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_sip_request_gets_400(gateway, name):
    probe = SipProbe(gateway.sip_address)
    try:
        data = probe.prepare("OPTIONS")
        bad = MALFORMED[name](data, probe.cseq)
        assert bad != data
        probe.send_raw(bad)
        response = probe.wait_for(400, timeout=5)
        assert response.header("Call-ID") == probe.call_id, response.raw
        options_gets_200(probe)
    finally:
        probe.close()
