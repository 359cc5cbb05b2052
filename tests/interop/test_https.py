"""HTTPS and WSS (docs/configuration.md `http.tls_certificate`, `http.tls_self_signed`):
the web UI and the signaling WebSocket are served over TLS only, with an operator's
certificate (checked here against it as the trust anchor, as a browser would against its
CA) or with a self-signed one the gateway makes once, names its addresses in, and keeps."""

import json
import socket
import ssl
import subprocess

import pytest
import requests
import urllib3
import websockets.sync.client

from ports import HOST

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


def verified_context(cafile) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(cafile))
    context.check_hostname = True
    return context


def hello_over_wss(gateway, context: ssl.SSLContext, server_hostname: str) -> dict:
    url = f"wss://{HOST}:{gateway.http_port}/ws?identity=alice"
    with websockets.sync.client.connect(url, ssl=context, server_hostname=server_hostname, open_timeout=5) as ws:
        return json.loads(ws.recv(timeout=5))


def served_certificate(gateway) -> dict:
    """The certificate the gateway presents, decoded by Python's ssl (verified against itself)."""
    pem = ssl.get_server_certificate((HOST, gateway.http_port))
    context = ssl.create_default_context(cadata=pem)
    context.check_hostname = False
    with socket.create_connection((HOST, gateway.http_port), timeout=5) as raw:
        with context.wrap_socket(raw) as tls:
            return tls.getpeercert()


def plain_http_refused(gateway) -> bool:
    try:
        requests.get(f"http://{HOST}:{gateway.http_port}/health", timeout=3)
    except requests.RequestException:
        return True
    return False


def test_self_signed_https_and_wss(start_gateway, tmp_path):
    gateway = start_gateway(f"{HOST}:9", http_extra=["tls_self_signed: true"])
    assert requests.get(f"{gateway.http_url}/health", timeout=5, verify=False).text == "ok\n"
    assert plain_http_refused(gateway), "plain HTTP was answered on the HTTPS port"
    names = served_certificate(gateway)["subjectAltName"]
    assert ("DNS", "localhost") in names and ("IP Address", "127.0.0.1") in names, names

    kept = gateway.dir / "https-self-signed.crt"
    assert kept.exists() and (gateway.dir / "https-self-signed.key").stat().st_mode & 0o077 == 0
    # The kept certificate is the one served: it verifies the connection for "localhost".
    assert hello_over_wss(gateway, verified_context(kept), "localhost")["type"] == "hello"
    assert requests.get(f"https://localhost:{gateway.http_port}/", timeout=5, verify=str(kept)).ok

    # After a restart the same certificate is served: browsers do not warn again.
    before = kept.read_bytes()
    gateway.stop()
    gateway.start()
    assert kept.read_bytes() == before
    assert hello_over_wss(gateway, verified_context(kept), "localhost")["identity"] == "alice"


def test_operator_certificate(start_gateway, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=gw.test",
                    "-addext", "subjectAltName=DNS:gw.test"], check=True, capture_output=True)
    gateway = start_gateway(f"{HOST}:9", http_extra=[f'tls_certificate: "{cert}"', f'tls_private_key: "{key}"'])
    assert hello_over_wss(gateway, verified_context(cert), "gw.test")["type"] == "hello"
    assert served_certificate(gateway)["subject"] == ((("commonName", "gw.test"),),)
    assert plain_http_refused(gateway)
    # A client that checks the name against another host refuses it: the name is the operator's.
    with pytest.raises(ssl.SSLCertVerificationError):
        hello_over_wss(gateway, verified_context(cert), "localhost")


def test_unreadable_certificate_stops_start_up(start_gateway, tmp_path):
    with pytest.raises(RuntimeError) as failed:
        start_gateway(f"{HOST}:9", http_extra=[f'tls_certificate: "{tmp_path}/missing.pem"',
                                                f'tls_private_key: "{tmp_path}/missing.key"'])
    assert "cannot read http.tls_certificate" in str(failed.value)
