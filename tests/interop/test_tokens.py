"""Signed tokens (docs/tokens.md): web users connect with a token minted by PyJWT, as a
customer's backend would, and the token's grants and limits decide what they may dial.

Forged, expired, wrongly signed and unsigned tokens are refused with a clear code and the
WebSocket is closed; a token's `numbers` grant and the dialplan's premium-rate rule keep a
web user away from numbers outside them (nothing reaches the trunk); `classes` open the
dialplan's international context; `max_calls` and `calls_per_minute` refuse the call over
the limit with `limit_exceeded` while the others go on."""

import json
import time
from pathlib import Path

import jwt
import pytest
import requests
import websockets.sync.client
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from contract import SIDE_GATEWAY, assert_end
from gateway import ECHO_NUMBER
from tones import tone48k
from webrtc_client import make_offer_sdp

SECRET = "interop-token-secret-0123456789abcdef"
ISSUER = "https://backend.example.test"

DIALPLAN = """
entry:
  web:
    default: web-local
    classes: {international: web-world}
contexts:
  web-local:
    country: US
    kind: web
    rules:
      - match: {exact: "*43"}
        steps: [{answer: {}}, {echo: {}}]
      - match: {pattern: "+1NXXNXXXXXX"}
        dial: {trunks: [phone]}
      - match: {pattern: "!"}
        hangup: call_rejected
  web-world:
    country: US
    kind: web
    rules:
      - match: {pattern: "+!"}
        allow: [international]
        dial: {trunks: [phone]}
      - match: {pattern: "!"}
        hangup: call_rejected
"""


def mint(claims: dict, key=SECRET, algorithm: str = "HS256", kid: str | None = "2026-11",
         lifetime: int = 600) -> str:
    now = int(time.time())
    payload = {"sub": "alice", "aud": "webrtc-gateway", "iss": ISSUER, "iat": now, "exp": now + lifetime}
    payload.update(claims)
    return jwt.encode(payload, key, algorithm=algorithm, headers={"kid": kid} if kid else None)


@pytest.fixture
def ec_key(tmp_path):
    private = ec.generate_private_key(ec.SECP256R1())
    public_path = tmp_path / "token-key.pem"
    public_path.write_bytes(private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return private, public_path


@pytest.fixture
def token_gateway(start_gateway, make_sipp, ec_key):
    def start(**options):
        sipp = make_sipp("uas_answer")
        gateway = start_gateway(sipp.address, dialplans={"web.yaml": DIALPLAN}, web_auth={
            "mode": "token", "issuer": ISSUER, "max_token_lifetime_s": 3600,
            "keys": [{"id": "2026-11", "secret": SECRET}, {"id": "ec", "public_key_file": str(ec_key[1])}],
        }, **options)
        return gateway, sipp
    return start


def refusal(url: str) -> tuple[dict, int]:
    """The error a refused connection gets, and the WebSocket close code that follows."""
    with websockets.sync.client.connect(url, open_timeout=5) as ws:
        message = json.loads(ws.recv(timeout=5))
        with pytest.raises(websockets.ConnectionClosed) as closed:
            ws.recv(timeout=5)
    return message, closed.value.rcvd.code


def test_bad_tokens_are_refused_and_counted(token_gateway):
    gateway, _ = token_gateway()
    base = f"ws://{gateway.http_url.removeprefix('http://')}/ws"
    now = int(time.time())
    other_key = ec.generate_private_key(ec.SECP256R1())
    unsigned = jwt.encode({"sub": "mallory", "aud": "webrtc-gateway", "iss": ISSUER, "exp": now + 600},
                          None, algorithm="none", headers={"kid": "2026-11"})
    cases = {
        "no token": (base, "token_required"),
        "identity instead of a token": (gateway.ws_url("alice"), "token_required"),
        "wrong secret": (gateway.token_url(mint({}, key="not-the-secret-not-the-secret-00")), "token_invalid"),
        "expired": (gateway.token_url(mint({"exp": now - 120})), "token_expired"),
        "not yet valid": (gateway.token_url(mint({"nbf": now + 600})), "token_not_yet_valid"),
        "wrong issuer": (gateway.token_url(mint({"iss": "https://elsewhere.test"})), "token_invalid"),
        "wrong audience": (gateway.token_url(mint({"aud": "another-service"})), "token_invalid"),
        "lives too long": (gateway.token_url(mint({}, lifetime=86400)), "token_invalid"),
        "alg none": (gateway.token_url(unsigned), "token_invalid"),
        "unknown kid": (gateway.token_url(mint({}, kid="2025-01")), "token_invalid"),
        "other EC key": (gateway.token_url(mint({}, key=other_key, algorithm="ES256", kid="ec")), "token_invalid"),
        "garbage": (gateway.token_url("not.a.token"), "token_invalid"),
    }
    for name, (url, code) in cases.items():
        message, close_code = refusal(url)
        assert message.get("type") == "error" and message.get("code") == code, f"{name}: {message}"
        assert close_code == 4401, f"{name}: closed with {close_code}"
    metrics = requests.get(f"{gateway.http_url}/metrics", timeout=5).text
    counts = {line.split("reason=\"")[1].split("\"")[0]: float(line.split()[-1])
              for line in metrics.splitlines() if line.startswith("gateway_web_connections_refused_total{")}
    assert counts["token_required"] == 2 and counts["token_expired"] == 1 and counts["token_not_yet_valid"] == 1
    assert counts["token_invalid"] == 8, counts
    # What was wrong is in the gateway's log, not on the wire.
    log = gateway.log_text()
    assert "signature does not verify" in log and "algorithm 'none'" in log and "no key with id '2025-01'" in log


def test_good_tokens_connect_with_their_identity(token_gateway, make_web_client, ec_key):
    gateway, _ = token_gateway()
    web = make_web_client(gateway.token_url(mint({"sub": "alice@example.com"})))
    assert web.hello["identity"] == "alice@example.com"
    ec_web = make_web_client(gateway.token_url(mint({"sub": "bob"}, key=ec_key[0], algorithm="ES256", kid="ec")))
    assert ec_web.hello["identity"] == "bob"


def test_numbers_grant_and_premium_numbers_are_refused(token_gateway, make_web_client, tmp_path):
    gateway, sipp = token_gateway()
    tone = tone48k(1000)
    web = make_web_client(gateway.token_url(mint({"numbers": ["+1212"], "classes": ["international"]})))
    for number in ["+1 310 555 0100", "+44 20 7946 0018", "+1 900 555 0100"]:
        call = web.call(number, tone, tmp_path / f"{number.replace(' ', '')}.wav")
        assert_end(call.wait_state("rejected", timeout=10), "rejected", "call_rejected", SIDE_GATEWAY)
        call.wait_state("closed")
    # Premium stays refused for a token without a numbers grant, even in the international context.
    open_web = make_web_client(gateway.token_url(mint({"sub": "carol", "classes": ["international"]})))
    premium = open_web.call("+19005550100", tone, tmp_path / "premium.wav")
    assert_end(premium.wait_state("rejected", timeout=10), "rejected", "call_rejected", SIDE_GATEWAY)
    time.sleep(0.5)
    assert not sipp.received("INVITE"), "a refused number reached the trunk"
    # Within the grant, the call goes through to the phone.
    allowed = web.call("+1 212 555 0100", tone, tmp_path / "allowed.wav")
    allowed.wait_state("connected", timeout=15)
    assert sipp.received("INVITE")
    allowed.hangup()
    allowed.wait_state("closed", timeout=10)
    log = gateway.log_text()
    assert "outside the token's numbers grant" in log


def test_classes_open_the_international_context(token_gateway, make_web_client, tmp_path):
    gateway, sipp = token_gateway()
    tone = tone48k(1000)
    local = make_web_client(gateway.token_url(mint({"sub": "dave"})))
    refused = local.call("+44 20 7946 0018", tone, tmp_path / "refused.wav")
    assert_end(refused.wait_state("rejected", timeout=10), "rejected", "call_rejected", SIDE_GATEWAY)
    world = make_web_client(gateway.token_url(mint({"sub": "erin", "classes": ["international"]})))
    call = world.call("+44 20 7946 0018", tone, tmp_path / "world.wav")
    call.wait_state("connected", timeout=15)
    assert sipp.received("INVITE")
    call.hangup()


def test_identity_limits(token_gateway, make_web_client, tmp_path):
    gateway, _ = token_gateway()
    tone = tone48k(1000)
    web = make_web_client(gateway.token_url(mint({"max_calls": 1, "calls_per_minute": 2})))
    first = web.call(ECHO_NUMBER, tone, tmp_path / "first.wav")
    first.wait_state("connected", timeout=15)
    offer = make_offer_sdp()
    start = len(web.messages)
    web.send({"type": "call", "callId": "second", "to": ECHO_NUMBER, "sdp": offer})
    error = web.next_error(start)
    assert error["code"] == "limit_exceeded" and error.get("callId") == "second", error
    assert "identity alice" in error["message"]
    assert first.state_names()[-1] == "connected", "the call within the limit was disturbed"
    first.hangup()
    first.wait_state("closed", timeout=10)
    # The second start of the minute is allowed, the third is not.
    second = web.call(ECHO_NUMBER, tone, tmp_path / "second.wav")
    second.wait_state("connected", timeout=15)
    second.hangup()
    second.wait_state("closed", timeout=10)
    start = len(web.messages)
    web.send({"type": "call", "callId": "third", "to": ECHO_NUMBER, "sdp": offer})
    error = web.next_error(start)
    assert error["code"] == "limit_exceeded" and "last minute" in error["message"], error
    # Another identity is not held back by alice's limits.
    other = make_web_client(gateway.token_url(mint({"sub": "frank"})))
    other_call = other.call(ECHO_NUMBER, tone, tmp_path / "other.wav")
    other_call.wait_state("connected", timeout=15)
    metrics = requests.get(f"{gateway.http_url}/metrics", timeout=5).text
    assert 'gateway_calls_over_limit_total{scope="identity"} 2' in metrics
