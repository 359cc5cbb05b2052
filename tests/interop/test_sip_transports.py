"""SIP over TCP and TLS (RFC 3261 §18, §26.2.1) and over IPv6: aiortc calls baresip through
the gateway on each transport and a tone is measured in each direction; a TLS trunk whose
certificate does not verify, and a TCP trunk that refuses connections, fail the call at once."""

import socket
import subprocess
import time
from pathlib import Path

import aioice.ice

from analysis import assert_tone
from baresip_phone import BYE_RECEIVED, LOCAL_HANGUP
from contract import SIDE_GATEWAY, SIDE_LOCAL, SIDE_REMOTE, assert_end, assert_state_order
from ports import HOST, HOST6, free_port
from tones import tone48k

PHONE = "5551201"      # baresip answers only this Request-URI user
TALK_S = 5


def make_certificate(folder: Path, name: str) -> tuple[Path, Path, Path]:
    """A self-signed P-256 certificate for 127.0.0.1, ::1 and localhost: (certificate, key,
    both in one file as baresip wants them)."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key, both = folder / f"{name}.crt", folder / f"{name}.key", folder / f"{name}.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", f"/CN={name}",
         "-addext", "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost"],
        check=True, capture_output=True)
    both.write_bytes(cert.read_bytes() + key.read_bytes())
    return cert, key, both


def talk(phone, gateway, make_web_client, tmp_path, hangup_by: str):
    """A call from the web to the phone: connected, tones both ways, then one side hangs up."""
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call(PHONE, tone48k(1000), tmp_path / "web-heard.wav")
    call.wait_state("connected", timeout=20)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    assert not call.errors, call.errors
    time.sleep(TALK_S)
    if hangup_by == "web":
        call.hangup()
        assert_end(call.wait_state("hung_up"), "hung_up", "normal_clearing", SIDE_LOCAL)
        assert phone.wait_event("CALL_CLOSED", timeout=10)["param"] == BYE_RECEIVED
    else:
        phone.hangup()
        assert phone.wait_event("CALL_CLOSED")["param"] == LOCAL_HANGUP
        assert_end(call.wait_state("hung_up"), "hung_up", "normal_clearing", SIDE_REMOTE)
    call.wait_state("closed")
    assert_state_order(call.state_names())
    assert_tone(phone.recording(), 1000, min_seconds=TALK_S - 2)        # web -> phone
    assert_tone(call.stop_media(), 440, min_seconds=TALK_S - 2)         # phone -> web
    return call


def test_tcp_call_tones_both_ways(make_phone, start_gateway, make_web_client, tmp_path):
    phone = make_phone(PHONE, 440, transport="tcp")
    gateway = start_gateway(phone.address, transport="tcp")
    talk(phone, gateway, make_web_client, tmp_path, hangup_by="web")
    log = gateway.log_text()
    # The INVITE, ACK and BYE went over one TCP connection the gateway opened to the phone.
    assert log.count(f"opening SIP connection") == 1, log
    assert f"tcp:{phone.address}" in log, log
    record = gateway.wait_record(PHONE)
    assert record["cause"] == "normal_clearing" and record["answeredAt"], record


def test_tls_call_tones_both_ways_and_the_phone_hangs_up(make_phone, start_gateway, make_web_client,
                                                         tmp_path):
    gateway_cert, gateway_key, _ = make_certificate(tmp_path / "pki", "gateway")
    phone_cert, _, phone_pem = make_certificate(tmp_path / "pki", "phone")
    phone = make_phone(PHONE, 440, transport="tls", certificate=phone_pem, cafile=gateway_cert)
    gateway = start_gateway(phone.address, transport="tls", tls_certificate=gateway_cert,
                            tls_private_key=gateway_key,
                            trunk_options={"tls_verify": True, "tls_ca_file": phone_cert})
    # The phone's BYE comes to the gateway's TLS listener (its Contact says transport=tls).
    talk(phone, gateway, make_web_client, tmp_path, hangup_by="phone")
    log = gateway.log_text()
    assert f"tls:{phone.address}" in log, log
    assert log.count("TLS handshake done") >= 2, log        # our connection and the phone's
    assert "TLS handshake failed" not in log, log


def test_tls_trunk_with_the_wrong_ca_fails_the_call(make_phone, start_gateway, make_web_client,
                                                    tmp_path):
    _, _, phone_pem = make_certificate(tmp_path / "pki", "phone")
    other_ca, _, _ = make_certificate(tmp_path / "pki", "stranger")
    gateway_cert, gateway_key, _ = make_certificate(tmp_path / "pki", "gateway")
    phone = make_phone(PHONE, 440, transport="tls", certificate=phone_pem)
    gateway = start_gateway(phone.address, transport="tls", tls_certificate=gateway_cert,
                            tls_private_key=gateway_key,
                            trunk_options={"tls_verify": True, "tls_ca_file": other_ca})
    web = make_web_client(gateway.ws_url("alice"))
    started = time.monotonic()
    call = web.call(PHONE, tone48k(1000), tmp_path / "heard.wav")
    # The handshake fails at once: no waiting for Timer B (64*T1 = 6.4 s here).
    assert_end(call.wait_state("hung_up", timeout=10), "hung_up", "network_out_of_order", SIDE_GATEWAY)
    assert time.monotonic() - started < 5
    call.wait_state("closed")
    assert_state_order(call.state_names())
    log = gateway.log_text()
    failure = next((line for line in log.splitlines() if "TLS handshake failed" in line), "")
    assert phone.address in failure and "CERTIFICATE_VERIFY_FAILED" in failure, log
    assert not phone.has_event("CALL_INCOMING"), phone.events
    record = gateway.wait_record(PHONE)
    assert record["cause"] == "network_out_of_order" and record["hangupSide"] == "gateway", record


def test_tcp_trunk_that_refuses_connections_fails_at_once(start_gateway, make_web_client, tmp_path):
    closed = free_port(socket.SOCK_STREAM)        # nothing listens there
    gateway = start_gateway(f"{HOST}:{closed}", transport="tcp")
    web = make_web_client(gateway.ws_url("alice"))
    started = time.monotonic()
    call = web.call(PHONE, tone48k(1000), tmp_path / "heard.wav")
    assert_end(call.wait_state("hung_up", timeout=10), "hung_up", "network_out_of_order", SIDE_GATEWAY)
    assert time.monotonic() - started < 5
    assert "Connection refused" in gateway.log_text() or "connection refused" in gateway.log_text().lower()


def test_ipv6_udp_call_tones_both_ways(make_phone, start_gateway, make_web_client, tmp_path,
                                       monkeypatch):
    # The web client's ICE candidate is ::1 too, so every hop of the call is IPv6.
    monkeypatch.setattr(aioice.ice, "get_host_addresses", lambda use_ipv4, use_ipv6: [HOST6])
    phone = make_phone(PHONE, 440, host=HOST6)
    gateway = start_gateway(phone.address, sip_host=HOST6)
    call = talk(phone, gateway, make_web_client, tmp_path, hangup_by="web")
    # RFC 8866 §5.7: the gateway's offer to the phone is `c=IN IP6`, and its RTP came from ::1.
    phone.wait_log(r"using AF from sdp offer: af=AF_INET6", timeout=1)
    phone.wait_log(r"receiving from \[::1\]:\d+", timeout=1)
    candidates = [line for line in call.answer_sdp.splitlines() if line.startswith("a=candidate:")]
    assert candidates and all(" ::1 " in line for line in candidates), call.answer_sdp
    assert f"udp:[::1]:{gateway.sip_port}" in gateway.log_text(), gateway.log_tail()


def options(via_transport: str, port: int, branch: str, target: str, body_length: int | None = None) -> bytes:
    return "\r\n".join([
        f"OPTIONS sip:{target} SIP/2.0",
        f"Via: SIP/2.0/{via_transport} {HOST}:{port};branch=z9hG4bK{branch};rport",
        "Max-Forwards: 70",
        f"From: <sip:probe@{HOST}>;tag=p1",
        f"To: <sip:{target}>",
        f"Call-ID: {branch}@probe",
        "CSeq: 1 OPTIONS",
        f"Content-Length: {0 if body_length is None else body_length}",
        "", ""]).encode()


def read_until(sock: socket.socket, marker: bytes, timeout: float = 3.0) -> bytes:
    sock.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    while marker not in data and time.monotonic() < deadline:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def test_tcp_listener_frames_pings_and_closes_only_a_bad_connection(start_gateway):
    gateway = start_gateway(f"{HOST}:{free_port()}", transport="tcp")
    target = gateway.sip_address
    with socket.create_connection((HOST, gateway.sip_port), timeout=3) as conn:
        port = conn.getsockname()[1]
        # RFC 5626 §4.4.1: a double-CRLF ping gets a single-CRLF pong.
        conn.sendall(b"\r\n\r\n")
        assert read_until(conn, b"\r\n") == b"\r\n"
        # Two requests in one segment, the second split: both answered on this connection.
        both = options("TCP", port, "a1", target) + options("TCP", port, "a2", target)
        conn.sendall(both[:-30])
        time.sleep(0.2)
        conn.sendall(both[-30:])
        replies = read_until(conn, b"z9hG4bKa2")
        assert replies.count(b"SIP/2.0 200 OK") == 2, replies
        assert b"branch=z9hG4bKa1" in replies and b"branch=z9hG4bKa2" in replies, replies

    # A message without Content-Length cannot be framed on a stream: that connection closes.
    with socket.create_connection((HOST, gateway.sip_port), timeout=3) as bad:
        bad.sendall(b"OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bKb\r\n\r\n")
        assert read_until(bad, b"never") == b""
    # So does a message announcing more than the 64 KiB limit.
    with socket.create_connection((HOST, gateway.sip_port), timeout=3) as big:
        big.sendall(options("TCP", 1, "c1", target, body_length=10_000_000))
        assert read_until(big, b"never") == b""

    # The listener and the UDP socket still answer.
    with socket.create_connection((HOST, gateway.sip_port), timeout=3) as again:
        again.sendall(options("TCP", again.getsockname()[1], "d1", target))
        assert b"SIP/2.0 200 OK" in read_until(again, b"\r\n\r\n")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.bind((HOST, 0))
        udp.settimeout(3)
        udp.sendto(options("UDP", udp.getsockname()[1], "e1", target), (HOST, gateway.sip_port))
        reply = udp.recv(65536)
        # RFC 3581: the response went to the source port, named in rport.
        assert reply.startswith(b"SIP/2.0 200 OK") and f"rport={udp.getsockname()[1]}".encode() in reply, reply
    log = gateway.log_text()
    assert "Content-Length is required on streams" in log and "Invalid Content-Length '10000000'" in log, log
