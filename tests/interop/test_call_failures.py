"""Calls that do not connect: each ends with the documented state, cause, Q.850 value,
SIP status and a reason a person can read, then `closed`."""

import time

import pytest

from contract import SIDE_GATEWAY, SIDE_REMOTE, assert_end, assert_state_order
from ports import HOST, closed_udp_port
from tones import tone48k

NUMBER = "5551000"


def dial(start_gateway, make_web_client, tmp_path, trunk_address, number=NUMBER):
    gateway = start_gateway(trunk_address)
    web = make_web_client(gateway.ws_url("alice"))
    return web.call(number, tone48k(1000), tmp_path / "heard.wav")


@pytest.mark.parametrize("scenario,status,cause", [
    ("uas_486_busy", 486, "user_busy"),
    ("uas_404_not_found", 404, "unallocated_number"),
])
def test_rejected(make_sipp, start_gateway, make_web_client, tmp_path, scenario, status, cause):
    sipp = make_sipp(scenario)
    call = dial(start_gateway, make_web_client, tmp_path, sipp.address)
    assert_end(call.wait_state("rejected", timeout=10), "rejected", cause, SIDE_REMOTE, status)
    call.wait_state("closed")
    assert_state_order(call.state_names())
    assert sipp.wait(10) == 0, f"SIPp scenario did not complete (no ACK?)\n{sipp.output_tail()}"


def test_not_answered_is_cancelled(make_sipp, start_gateway, make_web_client, tmp_path):
    sipp = make_sipp("uas_ring_no_answer")
    started = time.monotonic()
    call = dial(start_gateway, make_web_client, tmp_path, sipp.address)    # answer_timeout_s: 8
    call.wait_state("ringing", timeout=10)
    end = call.wait_state("not_answered", timeout=15)
    elapsed = time.monotonic() - started
    assert_end(end, "not_answered", "no_answer", SIDE_GATEWAY)
    assert 7.0 <= elapsed <= 12.0, f"not_answered after {elapsed:.1f} s, answer timeout is 8 s"
    call.wait_state("closed")
    assert_state_order(call.state_names())
    assert sipp.wait(10) == 0, f"SIPp did not get CANCEL and ACK\n{sipp.output_tail()}"
    assert sipp.received("CANCEL")


def test_trunk_unreachable(start_gateway, make_web_client, tmp_path):
    # Nothing listens there: ICMP port unreachable, or at worst Timer B (64*T1 = 6.4 s).
    call = dial(start_gateway, make_web_client, tmp_path, f"{HOST}:{closed_udp_port()}")
    assert_end(call.wait_state("hung_up", timeout=15), "hung_up", "network_out_of_order",
               SIDE_GATEWAY)
    call.wait_state("closed")
    assert_state_order(call.state_names())


@pytest.mark.parametrize("number", ["abc", "+", ""])
def test_bad_destination(start_gateway, make_web_client, tmp_path, number):
    gateway = start_gateway(f"{HOST}:{closed_udp_port()}")
    web = make_web_client(gateway.ws_url("alice"))
    start = len(web.messages)
    call = web.call(number, tone48k(1000), tmp_path / "heard.wav", call_id="bad1")
    error = web.next_error(start)
    assert error["code"] == "bad_destination" and error.get("callId") == "bad1", error
    assert error.get("message", "").strip(), error
    web.ping()
    assert call.states == [], f"a refused call must get no state messages: {call.states}"
