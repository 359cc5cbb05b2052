"""Media security of the browser leg, shown with real packets against a running gateway:
offers without DTLS-SRTP are refused, the ICE-lite agent answers only authenticated
connectivity checks (and never with more bytes than it was sent), and DTLS from an
address ICE did not validate gets nothing, while the call in progress keeps working.

The STUN messages are built by `stun_probe.py` (its encoder and parser are checked here
against the RFC 5769 test vectors first, so a silent gateway is not a broken probe)."""

import base64
import os
import re
import shutil
import socket
import subprocess
import time

import pytest

import stun_probe as stun
from analysis import assert_tone
from contract import SIDE_LOCAL, assert_end
from gateway import ECHO_NUMBER
from ports import HOST, closed_udp_port, free_port
from tones import tone48k
from webrtc_client import make_offer_sdp

NO_REPLY_WAIT_S = 1.5        # how long an unanswered STUN probe is listened for
DTLS_NO_REPLY_WAIT_S = 2.0   # the same for the DTLS ClientHello
OPUS_PACKETS_PER_S = 50      # 20 ms frames


@pytest.fixture
def gateway(start_gateway):
    return start_gateway(f"{HOST}:{closed_udp_port()}")   # only echo calls: no trunk is used


@pytest.fixture(scope="module")
def offer() -> str:
    return make_offer_sdp()


# --- SDP editing and reading ---------------------------------------------------------------

def without_lines(sdp: str, pattern: str) -> str:
    return "".join(line for line in sdp.splitlines(keepends=True) if not re.match(pattern, line))


def sdes_offer(sdp: str) -> str:
    """The offer turned into RFC 4568 SDES-SRTP: `RTP/SAVP`, a key in the SDP (`a=crypto`,
    inline: base64 of a 16-byte master key and a 14-byte salt, 40 characters), no DTLS."""
    assert sdp.count("m=") == 1, "the offer should have one media section"
    sdp = without_lines(sdp, r"a=(fingerprint|setup):")
    sdp = sdp.replace("UDP/TLS/RTP/SAVPF", "RTP/SAVP")
    key = base64.b64encode(os.urandom(30)).decode()
    assert len(key) == 40
    return sdp.rstrip("\r\n") + f"\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{key}\r\n"


def plain_rtp_offer(sdp: str) -> str:
    """The offer turned into unencrypted RTP (`RTP/AVP`), no DTLS."""
    sdp = without_lines(sdp, r"a=(fingerprint|setup):")
    return sdp.replace("UDP/TLS/RTP/SAVPF", "RTP/AVP")


def sdp_attribute(sdp: str, name: str) -> str:
    match = re.search(rf"^a={name}:(\S+)", sdp, flags=re.M)
    assert match, f"no a={name} in SDP:\n{sdp}"
    return match.group(1)


def media_address(answer: str) -> tuple[str, int]:
    """The gateway's (only) UDP host candidate, which must be the m= line's port."""
    match = re.search(r"^a=candidate:\S+ 1 udp \d+ (\S+) (\d+) typ host", answer, flags=re.M | re.I)
    assert match, f"no UDP host candidate in the answer:\n{answer}"
    port = int(match.group(2))
    assert re.search(rf"^m=audio {port} ", answer, flags=re.M), f"candidate port is not m= port:\n{answer}"
    return match.group(1), port


# --- a live echo call ------------------------------------------------------------------------

def echo_call(gateway, make_web_client, tmp_path, name: str):
    """An aiortc web user on `*43`, connected; its own 1 kHz tone comes back to it."""
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call(ECHO_NUMBER, tone48k(1000), tmp_path / f"{name}.wav")
    call.wait_state("connected", timeout=15)
    assert call.answer_sdp and "a=ice-lite" in call.answer_sdp, call.answer_sdp
    return web, call


def packets_received(web, call) -> int:
    """RTP packets aiortc has received on the call (its inbound-rtp stats)."""
    report = web.run(call.pc.getStats(), 10)
    return sum(s.packetsReceived for s in report.values() if s.type == "inbound-rtp")


def assert_call_alive(call) -> None:
    names = call.state_names()
    assert names[-1] == "connected", f"the call should still be connected: {names}"
    assert call.ice_state() in ("connected", "completed"), f"aiortc's ICE is {call.ice_state()}"


def udp_socket(host: str = HOST) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((host, 0))
    return sock


def drain(sock: socket.socket) -> list[bytes]:
    """Every datagram waiting on `sock`, without blocking."""
    sock.setblocking(False)
    datagrams = []
    while True:
        try:
            datagrams.append(sock.recv(65535))
        except BlockingIOError:
            return datagrams


def receive(sock: socket.socket, timeout: float) -> bytes | None:
    sock.settimeout(timeout)
    try:
        return sock.recv(65535)
    except socket.timeout:
        return None


# --- 1. offers without DTLS-SRTP ---------------------------------------------------------------

@pytest.mark.parametrize("name,rewrite,proto,says", [
    ("SDES", sdes_offer, "RTP/SAVP", "sdes"),
    ("plain RTP", plain_rtp_offer, "RTP/AVP", "plain rtp"),
], ids=["sdes", "plain-rtp"])
def test_offer_without_dtls_srtp_is_refused(gateway, make_web_client, offer, name, rewrite, proto, says):
    web = make_web_client(gateway.ws_url("alice"))
    sdp = rewrite(offer)
    assert re.search(rf"^m=audio \d+ {re.escape(proto)} ", sdp, flags=re.M), sdp
    assert "a=fingerprint" not in sdp and "a=ice-ufrag" in sdp and "opus/48000" in sdp, sdp
    start = len(web.messages)
    web.send({"type": "call", "callId": "refused", "to": ECHO_NUMBER, "sdp": sdp})
    error = web.next_error(start)
    assert error["code"] == "bad_offer", f"{name}: {error}"
    assert error.get("callId") == "refused", f"{name}: {error}"
    # docs/signaling.md: `message` says which requirement the offer missed.
    assert says in error.get("message", "").lower(), f"{name}: the message should say why: {error}"
    web.ping("after")   # the WebSocket is ordered: anything sent for the call came before this
    sent = [m for m in web.messages if m.get("callId") == "refused" and m.get("type") in ("answer", "state")]
    assert not sent, f"{name}: a refused offer must get no answer or state: {sent}"

    # Control: the unedited offer, on the same connection, is answered.
    start = len(web.messages)
    web.send({"type": "call", "callId": "control", "to": ECHO_NUMBER, "sdp": offer})
    web.wait_message(lambda m: m.get("type") == "answer" and m.get("callId") == "control", 10, start)
    web.send({"type": "hangup", "callId": "control"})


# --- 2. STUN: only authenticated checks are answered -------------------------------------------

def test_stun_probe_encodes_like_rfc5769():
    """Harness self-test (no gateway): the probe's MESSAGE-INTEGRITY, FINGERPRINT and
    XOR-MAPPED-ADDRESS code reproduces RFC 5769's sample request byte for byte and
    verifies its IPv4 sample response."""
    password = stun.short_term_key("VOkJxbRl1RmTxUk/WvJxBt")
    request = bytes.fromhex(
        "000100582112a442b7e7a701bc34d686fa87dfae"       # header, transaction ID
        "802200105354554e207465737420636c69656e74"       # SOFTWARE "STUN test client"
        "002400046e0001ff"                               # PRIORITY
        "80290008932ff9b151263b36"                       # ICE-CONTROLLED
        "000600096576746a3a68367659202020"               # USERNAME "evtj:h6vY", space padded
        "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
        "80280004e57a3bcf")
    rebuilt = stun.binding_request([request[20:76]], integrity_key=password, tid=request[8:20])
    assert rebuilt == request
    parsed = stun.parse(request)
    assert parsed.integrity_valid(password) and parsed.fingerprint_valid()
    assert not parsed.integrity_valid(b"wrong")
    response = stun.parse(bytes.fromhex(
        "0101003c2112a442b7e7a701bc34d686fa87dfae"
        "8022000b7465737420766563746f7220"               # SOFTWARE "test vector"
        "002000080001a147e112a643"                       # XOR-MAPPED-ADDRESS
        "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7"
        "80280004c07d4c96"))
    assert response.kind == stun.BINDING_SUCCESS
    assert response.xor_mapped_address() == ("192.0.2.1", 32853)
    assert response.integrity_valid(password) and response.fingerprint_valid()


def test_stun_is_answered_only_when_authenticated(gateway, make_web_client, tmp_path):
    web, call = echo_call(gateway, make_web_client, tmp_path, "stun")
    answer, offer = call.answer_sdp, call.pc.localDescription.sdp
    target = media_address(answer)
    gateway_ufrag, gateway_pwd = sdp_attribute(answer, "ice-ufrag"), sdp_attribute(answer, "ice-pwd")
    browser_ufrag = sdp_attribute(offer, "ice-ufrag")
    username = f"{gateway_ufrag}:{browser_ufrag}"   # RFC 8445 §7.2.2: "receiver:sender"
    wrong_pwd = "x" * len(gateway_pwd) if gateway_pwd != "x" * len(gateway_pwd) else "y" * 22

    # Each differs from the authenticated check of the control below in one respect; none
    # carries USE-CANDIDATE, so even an accepted one could not move the call's media.
    unauthenticated = {
        "(a) no attributes": stun.binding_request([], with_fingerprint=False),
        "(b) USERNAME and FINGERPRINT, no MESSAGE-INTEGRITY": stun.ice_check(username, None),
        "(c) MESSAGE-INTEGRITY with a wrong password": stun.ice_check(username, wrong_pwd),
        "(d) unknown username": stun.ice_check(f"{os.urandom(4).hex()}:{browser_ufrag}", gateway_pwd),
        "(d) username the wrong way round": stun.ice_check(f"{browser_ufrag}:{gateway_ufrag}", gateway_pwd),
        "(e) bad FINGERPRINT": stun.ice_check(username, gateway_pwd, bad_fingerprint=True),
        # An amplification attempt: big, cheap to send, unauthenticated.
        "(f) 1.2 kB padded with SOFTWARE and an unknown attribute, no MESSAGE-INTEGRITY":
            stun.ice_check(username, None, extra=[stun.attribute(stun.SOFTWARE, b"s" * 700),
                                                  stun.attribute(0xFEED, os.urandom(400))]),
    }
    assert len(unauthenticated["(f) 1.2 kB padded with SOFTWARE and an unknown attribute, "
                               "no MESSAGE-INTEGRITY"]) > 1100
    probes = {name: udp_socket() for name in unauthenticated}
    control = udp_socket()
    try:
        for name, request in unauthenticated.items():
            assert stun.parse(request) is not None, name   # well-formed STUN, just not authenticated
            probes[name].sendto(request, target)
            probes[name].sendto(request, target)           # and its retransmission

        # (g) Positive control: the authenticated check (USERNAME, PRIORITY, ICE-CONTROLLING
        # with a random tie-breaker, MESSAGE-INTEGRITY, FINGERPRINT) gets a signed answer.
        request = stun.ice_check(username, gateway_pwd)
        control.sendto(request, target)
        reply = receive(control, NO_REPLY_WAIT_S)
        assert reply is not None, f"the authenticated check to {target} got no answer"
        response = stun.parse(reply)
        assert response is not None, f"not STUN: {reply.hex()}"
        assert response.kind == stun.BINDING_SUCCESS, hex(response.kind)
        assert response.transaction_id == request[8:20]
        assert response.xor_mapped_address() == control.getsockname(), response.attributes
        assert response.integrity_valid(stun.short_term_key(gateway_pwd)), "MESSAGE-INTEGRITY does not verify"
        assert not response.integrity_valid(stun.short_term_key(wrong_pwd))
        assert response.fingerprint_valid(), "FINGERPRINT does not verify"
        assert len(reply) <= len(request), f"a {len(reply)}-byte answer to a {len(request)}-byte request"

        time.sleep(NO_REPLY_WAIT_S)
        answered = {name: [d.hex() for d in drain(sock)] for name, sock in probes.items()}
        answered = {name: replies for name, replies in answered.items() if replies}
        assert not answered, f"unauthenticated requests were answered: {answered}"
        assert drain(control) == [], "the control got more than one answer"
    finally:
        for sock in [*probes.values(), control]:
            sock.close()

    # The call went on through all of it: aiortc's own checks are still answered and audio
    # still arrives.
    before = packets_received(web, call)
    time.sleep(3)
    assert_call_alive(call)
    assert packets_received(web, call) - before >= OPUS_PACKETS_PER_S * 3 // 2
    call.hangup()
    assert_end(call.wait_state("hung_up"), "hung_up", "normal_clearing", SIDE_LOCAL)
    assert_tone(call.stop_media(), 1000, min_seconds=3)


# --- 3. DTLS only from the address ICE validated ---------------------------------------------------

@pytest.fixture(scope="module")
def client_hello() -> bytes:
    """A genuine DTLS 1.2 ClientHello: the first datagram `openssl s_client -dtls1_2` sends
    to a UDP socket of ours (nothing answers it; the client is stopped once it is read)."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    with udp_socket() as sink:
        client = subprocess.Popen(
            ["openssl", "s_client", "-dtls1_2", "-connect", f"{HOST}:{sink.getsockname()[1]}"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            hello = receive(sink, 10)
        finally:
            client.kill()
            client.wait(5)
    assert hello is not None, "openssl s_client sent nothing"
    # RFC 6347 §4.1: record content type 22 (handshake), epoch 0; §4.2.2: handshake type 1
    # (client_hello) at byte 13; its client_version {254, 253} (DTLS 1.2) at byte 25.
    assert hello[0] == 22 and hello[3:5] == b"\x00\x00" and hello[13] == 1, hello.hex()
    assert hello[25:27] == b"\xfe\xfd", hello.hex()
    return hello


def real_dtls_server_answers(hello: bytes, workdir) -> bytes | None:
    """What `openssl s_server -dtls1_2` (throwaway self-signed P-256 certificate) sends back
    to `hello`: a HelloVerifyRequest or ServerHello when the bytes are a valid ClientHello."""
    key, cert = workdir / "dtls-key.pem", workdir / "dtls-cert.pem"
    workdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-subj", "/CN=x", "-days", "1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=30)
    port = free_port()
    server = subprocess.Popen(
        ["openssl", "s_server", "-dtls1_2", "-accept", f"{HOST}:{port}", "-cert", str(cert), "-key", str(key)],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with udp_socket() as sock:
            # Resent until the server is up, as a DTLS client retransmits its flight.
            for _ in range(20):
                sock.sendto(hello, (HOST, port))
                reply = receive(sock, 0.25)
                if reply is not None:
                    return reply
        return None
    finally:
        server.kill()
        server.wait(5)


def test_dtls_from_an_address_ice_did_not_validate_gets_nothing(gateway, make_web_client, client_hello, tmp_path):
    # Control: the very bytes sent to the gateway below make a real DTLS server answer, so
    # the gateway's silence is its own choice (RFC 8842 §4: DTLS only on the pair ICE
    # validated), not the probe's fault. The gateway itself cannot serve as the control:
    # making it accept DTLS would need a second agent passing ICE from the probe's socket.
    reply = real_dtls_server_answers(client_hello, tmp_path / "dtls-control")
    assert reply is not None, "openssl s_server did not answer the captured ClientHello"
    assert reply[0] == 22 and reply[13] in (2, 3), f"not a ServerHello/HelloVerifyRequest: {reply[:32].hex()}"

    web, call = echo_call(gateway, make_web_client, tmp_path, "dtls")
    target = media_address(call.answer_sdp)
    time.sleep(1)
    before = packets_received(web, call)
    assert before > 0, "no audio came back before the probe"

    sources = [udp_socket()]          # 127.0.0.1, another port than aiortc's
    try:
        sources.append(udp_socket("127.0.0.2"))
    except OSError:
        pass                          # that loopback address cannot be bound here
    try:
        for sock in sources:
            sock.sendto(client_hello, target)
        time.sleep(1)
        for sock in sources:          # a DTLS client's retransmission of its first flight
            sock.sendto(client_hello, target)
        time.sleep(DTLS_NO_REPLY_WAIT_S)
        answered = {sock.getsockname(): [d[:32].hex() for d in drain(sock)] for sock in sources}
        answered = {source: replies for source, replies in answered.items() if replies}
        assert not answered, f"the gateway answered a ClientHello from an unvalidated address: {answered}"
    finally:
        for sock in sources:
            sock.close()

    # The call's own DTLS-SRTP session was not disturbed: still connected, audio still
    # arriving, and the echoed tone is in what was received after the probe.
    time.sleep(2)
    assert_call_alive(call)
    after = packets_received(web, call)
    elapsed = 1 + DTLS_NO_REPLY_WAIT_S + 2
    assert after - before >= OPUS_PACKETS_PER_S * elapsed // 2, f"{after - before} packets in {elapsed} s"
    call.hangup()
    assert_end(call.wait_state("hung_up"), "hung_up", "normal_clearing", SIDE_LOCAL)
    # Skip what had been received before the probe (one 20 ms frame per packet).
    assert_tone(call.stop_media(), 1000, skip_s=before / OPUS_PACKETS_PER_S, min_seconds=2)
