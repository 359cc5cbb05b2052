"""SIP from addresses that are not trunks: an extension scan gets the same 403 for every
number and is banned after `sip.ban_after_failures` refusals (then nothing at all is
answered), a flood is cut to `sip.requests_per_second_per_source`, and the trunk itself
is never limited."""

import re
import time

import requests

from sip_probe import SipProbe
from tones import tone48k

SCANNER = "127.0.0.2"       # a loopback address that is not the trunk's (127.0.0.1)
FLOODER = "127.0.0.3"


def metric(gateway, name: str) -> float:
    text = requests.get(f"{gateway.http_url}/metrics", timeout=5).text
    found = re.search(rf"^{re.escape(name)} (\S+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def shape(response) -> tuple:
    """What a scanner could compare between answers: status, reason and the header names
    and values that do not echo its own request or carry a fresh tag."""
    skip = {"via", "from", "to", "call-id", "cseq", "content-length"}
    return (response.status, response.reason,
            tuple(sorted((k, tuple(v)) for k, v in response.headers.items() if k not in skip)))


def test_an_extension_scan_learns_nothing_and_is_banned(make_phone, start_gateway, make_web_client, tmp_path):
    phone = make_phone("5551001", 440)
    gateway = start_gateway(phone.address, sip_extra=["ban_after_failures: 3", "ban_s: 60"])
    probe = SipProbe(gateway.sip_address, bind_host=SCANNER)
    try:
        answers = []
        for user in ["100", "101", "admin", "5551001"]:
            probe.request("INVITE", user=user)
            # Only this INVITE's final answer (an earlier 403 may still be retransmitted).
            response = probe.receive(2.0)
            while response is not None and (response.status < 200
                                            or response.header("CSeq") != f"{probe.cseq} INVITE"):
                response = probe.receive(2.0)
            answers.append(response)
            if response is not None:
                probe.ack(response)
        first_three = answers[:3]
        assert all(a is not None and a.status == 403 for a in first_three), [a and a.status for a in answers]
        assert len({shape(a) for a in first_three}) == 1, [shape(a) for a in first_three]
        assert answers[3] is None, f"banned scanner answered: {answers[3].raw}"
        # Banned: even OPTIONS goes unanswered now.
        probe.request("OPTIONS")
        assert probe.receive(1.0) is None
        assert metric(gateway, "gateway_sip_sources_banned") == 1
        assert metric(gateway, 'gateway_sip_dropped_total{reason="banned"}') >= 2
        assert "SIP source banned" in gateway.log_text()
    finally:
        probe.close()
    # The trunk and the web users are untouched.
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call("5551001", tone48k(1000), tmp_path / "heard.wav")
    call.wait_state("connected", timeout=20)
    call.hangup()
    call.wait_state("closed")


def test_a_flood_is_cut_to_the_rate_limit(start_gateway):
    gateway = start_gateway("127.0.0.1:9", sip_extra=["requests_per_second_per_source: 10"])
    probe = SipProbe(gateway.sip_address, bind_host=FLOODER)
    try:
        for _ in range(100):
            probe.request("OPTIONS")
        answered = 0
        while probe.receive(1.0) is not None:
            answered += 1
        # A burst of twice the rate, plus what refills while the datagrams arrive.
        assert 20 <= answered <= 30, f"{answered} of 100 OPTIONS answered"
        assert metric(gateway, 'gateway_sip_dropped_total{reason="rate_limited"}') >= 70
        time.sleep(1.0)
        probe.request("OPTIONS")
        assert probe.wait_for(200, "OPTIONS", timeout=2).status == 200    # it refills
    finally:
        probe.close()
