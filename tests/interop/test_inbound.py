"""baresip -> gateway: a phone calls in over a trunk and reaches the default destination,
the echo test. The phone must hear its own tone come back through the gateway's full
transcoding path (G.711 -> PCM -> Opus -> PCM -> G.711), and the call is recorded."""

import socket
import time

from analysis import assert_tone
from baresip_phone import LOCAL_HANGUP
from contract import RECORD_SIDE_SIP
from ports import HOST

DID = "5550100"
TALK_S = 6


def test_phone_calls_in_and_hears_the_echo(make_phone, start_gateway, tmp_path):
    phone = make_phone("5551001", 440)
    gateway = start_gateway(phone.address)          # the phone is the trunk: its address is trusted
    phone.dial(f"sip:{DID}@{gateway.sip_address}")
    phone.wait_event("CALL_ESTABLISHED", timeout=10)
    time.sleep(TALK_S)
    phone.hangup()
    assert phone.wait_event("CALL_CLOSED")["param"] == LOCAL_HANGUP

    assert_tone(phone.recording(), 440, min_seconds=TALK_S - 2)   # its own tone, echoed
    record = gateway.wait_record(DID)
    assert record["direction"] == "inbound" and record["trunk"] == "phone", record
    assert record["answeredAt"] and record["hangupSide"] == RECORD_SIDE_SIP, record
    assert record["cause"] == "normal_clearing", record


def test_invite_from_an_unknown_address_is_forbidden(start_gateway, tmp_path):
    gateway = start_gateway(f"{HOST}:9")            # the trunk lives elsewhere
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.2", 0))
        sock.settimeout(5)
        port = sock.getsockname()[1]
        invite = (
            f"INVITE sip:{DID}@{gateway.sip_address} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.2:{port};branch=z9hG4bK-stranger;rport\r\n"
            "Max-Forwards: 70\r\n"
            f"From: <sip:stranger@127.0.0.2>;tag=s1\r\n"
            f"To: <sip:{DID}@{gateway.sip_address}>\r\n"
            "Call-ID: stranger-1\r\nCSeq: 1 INVITE\r\n"
            f"Contact: <sip:stranger@127.0.0.2:{port}>\r\nContent-Length: 0\r\n\r\n"
        )
        host, sip_port = gateway.sip_address.rsplit(":", 1)
        sock.sendto(invite.encode(), (host, int(sip_port)))
        finals = []
        deadline = time.time() + 5
        while time.time() < deadline and not finals:
            status = int(sock.recv(65535).split(b" ", 2)[1])
            if status >= 200:
                finals.append(status)
    assert finals == [403], finals
    assert not [c for c in gateway.calls() if c.get("direction") == "inbound"]
