"""Calls at once per trunk and per call link (docs/configuration.md `trunks[].max_calls`,
docs/dialplans.md "Call link limits"): the call over the limit is refused with
`limit_exceeded` (browser) or 503 with Retry-After (a trunk's INVITE), the call within it
goes on undisturbed, and room comes back when it ends."""

import requests

from sip_probe import SipProbe
from tones import tone48k
from webrtc_client import make_offer_sdp

PCMU_OFFER = ("v=0\r\no=probe 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
              "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")

LINKS = """
entry:
  web:
    default: web
    call_links:
      hotline: {context: web, number: "+12125550150", max_calls: 1}
contexts:
  web:
    country: US
    kind: web
    rules:
      - match: {exact: "*43"}
        steps: [{answer: {}}, {echo: {}}]
      - match: {pattern: "+1NXXNXXXXXX"}
        dial: {trunks: [phone]}
      - match: {pattern: "!"}
        hangup: call_rejected
"""


def over_limit(web, call_id: str, **fields) -> dict:
    start = len(web.messages)
    web.send({"type": "call", "callId": call_id, "sdp": make_offer_sdp(), **fields})
    error = web.next_error(start)
    assert error["code"] == "limit_exceeded" and error.get("callId") == call_id, error
    return error


def test_trunk_max_calls_both_directions(make_sipp, start_gateway, make_web_client, tmp_path):
    sipp = make_sipp("uas_answer")
    gateway = start_gateway(sipp.address, trunk_options={"max_calls": 1})
    first_web = make_web_client(gateway.ws_url("alice"))
    first = first_web.call("5551000", tone48k(1000), tmp_path / "first.wav")
    first.wait_state("connected", timeout=15)

    # A second web user's call to the full trunk.
    other = make_web_client(gateway.ws_url("bob"))
    error = over_limit(other, "c2", to="5551001")
    assert "trunk phone already has 1 call (limit 1)" in error["message"], error
    # The trunk's own INVITE (from its address) while it is full: 503 and when to retry.
    probe = SipProbe(gateway.sip_address)
    try:
        probe.request("INVITE", user="+12125550100")
        busy = probe.wait_for(503, "INVITE")
        assert busy.header("Retry-After") == "30", busy.raw
        probe.ack(busy)
    finally:
        probe.close()
    assert first.state_names()[-1] == "connected", "the call within the limit was disturbed"
    metrics = requests.get(f"{gateway.http_url}/metrics", timeout=5).text
    assert 'gateway_calls_over_limit_total{scope="trunk"} 2' in metrics

    first.hangup()
    first.wait_state("closed", timeout=10)
    # Room again: the trunk's next INVITE is answered (by the echo test).
    probe = SipProbe(gateway.sip_address)
    try:
        probe.request("INVITE", user="+12125550100", extra=("Content-Type: application/sdp",), body=PCMU_OFFER)
        answered = probe.wait_for(200, "INVITE", timeout=10)
        to_tag = answered.header("To").split("tag=")[-1]
        probe.branch = "z9hG4bK" + "ack2xx"
        probe.send_raw(probe.build("ACK", probe.ruri, probe.cseq, to_tag=to_tag))
        probe.branch = "z9hG4bK" + "bye"
        probe.send_raw(probe.build("BYE", probe.ruri, probe.cseq + 1, to_tag=to_tag))
        probe.wait_for(200, "BYE")
    finally:
        probe.close()


def test_call_link_max_calls(make_sipp, start_gateway, make_web_client, tmp_path):
    sipp = make_sipp("uas_answer")
    gateway = start_gateway(sipp.address, dialplans={"web.yaml": LINKS})
    first = make_web_client(gateway.ws_url("visitor1")).call(None, tone48k(1000), tmp_path / "first.wav",
                                                            link="hotline")
    first.wait_state("connected", timeout=15)
    second_web = make_web_client(gateway.ws_url("visitor2"))
    error = over_limit(second_web, "c2", link="hotline")
    assert "call link hotline" in error["message"], error
    # The same visitor may still call directly: only the link is full.
    direct = second_web.call("*43", tone48k(1000), tmp_path / "direct.wav")
    direct.wait_state("connected", timeout=15)
    direct.hangup()
    first.hangup()
