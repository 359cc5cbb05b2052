"""The echo test number: what the web user sends comes back to it."""

import time

from analysis import assert_tone
from contract import SIDE_LOCAL, assert_end, assert_state_order
from gateway import ECHO_NUMBER
from ports import HOST, closed_udp_port
from tones import tone48k


def test_echo_returns_the_web_users_tone(start_gateway, make_web_client, tmp_path):
    gateway = start_gateway(f"{HOST}:{closed_udp_port()}")   # no trunk is involved
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call(ECHO_NUMBER, tone48k(1000), tmp_path / "echo-heard.wav")
    call.wait_state("connected", timeout=15)
    time.sleep(5)

    call.hangup()
    assert_end(call.wait_state("hung_up"), "hung_up", "normal_clearing", SIDE_LOCAL)
    call.wait_state("closed")
    assert_state_order(call.state_names())
    assert_tone(call.stop_media(), 1000, min_seconds=3)
