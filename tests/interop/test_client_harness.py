"""The aiortc web client against a stand-in gateway (fake_gateway.py): proves the protocol
handling, the loopback ICE patch, sending a tone and recording through Opus, before the
real gateway exists."""

import time

import pytest

from analysis import assert_tone
from tones import tone48k


@pytest.fixture
def client(fake_gateway, make_web_client):
    return make_web_client(fake_gateway.ws_url("alice"))


def test_hello_and_ping(client):
    assert client.hello["identity"] == "alice" and client.hello["iceServers"] == []
    assert client.ping("x1")["id"] == "x1"


def test_echo_through_opus(client, tmp_path):
    call = client.call("*43", tone48k(1000), tmp_path / "heard.wav")
    call.wait_state("connected", timeout=15)
    time.sleep(5)
    call.hangup()
    end = call.wait_state("hung_up")
    assert end["side"] == "local" and end["cause"] == "normal_clearing"
    call.wait_state("closed")
    assert call.state_names() == ["new", "calling", "connecting", "connected", "hung_up", "closed"]
    assert_tone(call.stop_media(), 1000, min_seconds=3)


def test_rejected_call_states(client, tmp_path):
    call = client.call("5551000", tone48k(1000), tmp_path / "heard.wav")
    end = call.wait_state("rejected")
    assert end["cause"] == "unallocated_number" and end["sipStatus"] == 404
    call.wait_state("closed")
    with pytest.raises(AssertionError, match="no state 'connected'"):
        call.wait_state("connected", timeout=0.5)
