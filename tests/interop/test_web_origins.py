"""Which web pages may use the gateway (http.allowed_origins, docs/configuration.md): its
own pages always, other sites only when listed. A page of another origin cannot open the
signaling WebSocket, and gets no Access-Control-Allow-Origin for the SDK, unless listed;
programs that send no Origin are judged by their token or link alone. The admin API never
answers another origin's page."""

import asyncio

import requests
import websockets

SITE = "https://shop.example.com"


def handshake(url: str, origin: str | None) -> int | None:
    """None when the WebSocket opened, else the HTTP status that refused it."""
    async def run():
        try:
            async with websockets.connect(url, origin=origin, open_timeout=5):
                return None
        except websockets.InvalidStatus as refused:
            return refused.response.status_code
    return asyncio.run(run())


def test_other_sites_are_refused_unless_listed(start_gateway):
    gateway = start_gateway("127.0.0.1:9")
    own = gateway.http_url
    assert handshake(gateway.ws_url("alice"), None) is None
    assert handshake(gateway.ws_url("alice"), own) is None
    assert handshake(gateway.ws_url("alice"), SITE) == 400
    sdk = requests.get(own + "/gateway.js", headers={"Origin": SITE}, timeout=5)
    assert sdk.status_code == 200 and "Access-Control-Allow-Origin" not in sdk.headers, sdk.headers
    metrics = requests.get(own + "/metrics", headers=gateway.admin, timeout=5).text
    assert 'reason="bad_origin"} 1' in metrics, [line for line in metrics.splitlines() if "refused" in line]


def test_a_listed_site_may_import_the_sdk_and_connect(start_gateway):
    gateway = start_gateway("127.0.0.1:9", http_extra=[f'allowed_origins: ["{SITE}"]'])
    assert handshake(gateway.ws_url("alice"), SITE) is None
    assert handshake(gateway.ws_url("alice"), "https://other.example.com") == 400
    sdk = requests.get(gateway.http_url + "/gateway.js", headers={"Origin": SITE}, timeout=5)
    assert sdk.headers.get("Access-Control-Allow-Origin") == SITE and sdk.headers.get("Vary") == "Origin", sdk.headers
    api = requests.get(gateway.http_url + "/api/calls", headers={"Origin": SITE, **gateway.admin}, timeout=5)
    assert api.status_code == 200 and "Access-Control-Allow-Origin" not in api.headers, api.headers


def test_a_bad_origin_in_the_configuration_stops_start_up(tmp_path):
    """`gatewayd check-config` names the entry and says how to write it."""
    import subprocess
    from gateway import GATEWAYD
    config = tmp_path / "gateway.yaml"
    config.write_text('http: {listen: "127.0.0.1:8080", allowed_origins: ["shop.example.com/page"]}\n'
                      'sip: {listen: "127.0.0.1:5060"}\n')
    result = subprocess.run([str(GATEWAYD), "check-config", "--config", str(config)], capture_output=True, text=True)
    assert result.returncode != 0, result
    assert "http.allowed_origins[0]" in result.stderr + result.stdout and "https://www.example.com" in result.stderr + result.stdout, result
