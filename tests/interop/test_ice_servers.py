"""ICE servers set in the admin API (docs/operations.md, "ICE servers"): handed to every new
signaling connection in `hello`, TURN credentials made per identity from a shared secret
(coturn's use-auth-secret, checked here with Python's hmac), secrets never served back and
kept when an edit does not repeat them, kept across a restart, and back to
`webrtc.ice_servers` on reset; a bad list is refused naming its field."""

import base64
import hashlib
import hmac
import time

import requests

SECRET = "coturn-shared-secret"


def hello_servers(make_web_client, gateway, identity: str) -> list[dict]:
    return make_web_client(gateway.ws_url(identity)).hello["iceServers"]


def test_servers_set_by_an_operator_reach_browsers(start_gateway, make_web_client):
    gateway = start_gateway("127.0.0.1:9", webrtc_extra=['ice_servers: [{urls: ["stun:configured.example.org:3478"]}]'])
    api = gateway.http_url + "/api/ice-servers"
    assert requests.get(api, headers=gateway.admin, timeout=5).json() == {
        "source": "configuration", "servers": [{"urls": ["stun:configured.example.org:3478"], "hasCredential": False, "hasSecret": False}]}
    assert hello_servers(make_web_client, gateway, "alice") == [{"urls": ["stun:configured.example.org:3478"]}]

    wanted = {"servers": [{"urls": ["stun:stun.example.org:3478"]},
                          {"urls": ["turn:turn.example.org:3478?transport=udp"], "secret": SECRET, "credentialTtlS": 3600}]}
    changed = requests.put(api, headers=gateway.admin, json=wanted, timeout=5)
    assert changed.status_code == 200, changed.text
    listing = changed.json()
    assert listing["source"] == "console" and listing["updatedBy"] == "admin token", listing
    assert SECRET not in changed.text and listing["servers"][1] == {
        "urls": ["turn:turn.example.org:3478?transport=udp"], "hasCredential": False, "hasSecret": True, "credentialTtlS": 3600}

    before = int(time.time())
    stun, turn = hello_servers(make_web_client, gateway, "alice")
    assert stun == {"urls": ["stun:stun.example.org:3478"]}, stun
    expiry, identity = turn["username"].split(":")
    assert identity == "alice" and before + 3600 <= int(expiry) <= int(time.time()) + 3600, turn
    expected = base64.b64encode(hmac.new(SECRET.encode(), turn["username"].encode(), hashlib.sha1).digest()).decode()
    assert turn["credential"] == expected, turn

    # An edit that does not repeat the secret keeps it; a restart keeps the list.
    kept = requests.put(api, headers=gateway.admin, json={"servers": [{"urls": ["turn:turn.example.org:3478?transport=udp"]}]},
                        timeout=5)
    assert kept.status_code == 200 and kept.json()["servers"][0]["hasSecret"], kept.text
    gateway.stop()
    gateway.start()
    (turn,) = hello_servers(make_web_client, gateway, "bob")
    assert turn["username"].endswith(":bob") and turn["credential"] == base64.b64encode(
        hmac.new(SECRET.encode(), turn["username"].encode(), hashlib.sha1).digest()).decode(), turn

    reset = requests.delete(api, headers=gateway.admin, timeout=5)
    assert reset.status_code == 200 and reset.json()["source"] == "configuration", reset.text
    assert hello_servers(make_web_client, gateway, "carol") == [{"urls": ["stun:configured.example.org:3478"]}]


def test_a_bad_list_is_refused_and_changes_nothing(start_gateway):
    gateway = start_gateway("127.0.0.1:9")
    api = gateway.http_url + "/api/ice-servers"
    for body, field in [({"servers": [{"urls": "http://stun.example.org"}]}, "servers[0].urls[0]"),
                        ({"servers": [{"urls": "turn:turn.example.org"}]}, "servers[0].username"),
                        ({"servers": [{"urls": "turn:t", "username": "u", "credential": "p", "secret": "s"}]}, "servers[0].secret"),
                        ({"servers": "stun:x"}, "servers")]:
        refused = requests.put(api, headers=gateway.admin, json=body, timeout=5)
        assert refused.status_code == 400 and refused.json()["field"] == field, (body, refused.text)
    assert requests.get(api, headers=gateway.admin, timeout=5).json()["source"] == "configuration"
    assert requests.put(api, json={"servers": []}, timeout=5).status_code == 401
