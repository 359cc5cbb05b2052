"""Two baresip phones call each other over PCMU on loopback, with no gateway in between:
proves the phone fixture (config, auto-answer, ctrl_tcp, recordings) and the tone analysis."""

import time

from analysis import assert_tone
from baresip_phone import BYE_RECEIVED, LOCAL_HANGUP

TALK_S = 6


def test_two_phones_hear_each_other(make_phone):
    caller = make_phone("alice", 1000)
    callee = make_phone("5551001", 440)

    caller.dial(callee.uri)
    caller.wait_event("CALL_ESTABLISHED", timeout=10)
    callee.wait_event("CALL_ESTABLISHED", timeout=10)
    assert "ESTABLISHED" in caller.listcalls()
    time.sleep(TALK_S)

    caller.hangup()
    assert caller.wait_event("CALL_CLOSED")["param"] == LOCAL_HANGUP
    assert callee.wait_event("CALL_CLOSED")["param"] == BYE_RECEIVED
    assert "Active calls (0)" in callee.listcalls()

    heard_by_callee = assert_tone(callee.recording(), 1000, min_seconds=TALK_S - 2)
    heard_by_caller = assert_tone(caller.recording(), 440, min_seconds=TALK_S - 2)
    # G.711 carries a -9 dBFS tone with little loss.
    assert heard_by_callee.dbfs > -12 and heard_by_caller.dbfs > -12


def test_phone_refuses_other_users(make_phone):
    """baresip answers only its own user: the gateway must put the dialed number in the
    Request-URI user, and the tests name each phone after the number they dial."""
    caller = make_phone("alice", 1000)
    callee = make_phone("5551001", 440)
    caller.dial(f"sip:5559999@{callee.address}")
    assert caller.wait_event("CALL_CLOSED")["param"].startswith("404")
    assert not callee.has_event("CALL_ESTABLISHED")


def test_callee_hangs_up(make_phone):
    """The events the gateway tests rely on when the phone ends the call."""
    caller = make_phone("alice", 1000)
    callee = make_phone("5551001", 440)
    caller.dial(callee.uri)
    callee.wait_event("CALL_ESTABLISHED", timeout=10)
    caller.wait_event("CALL_ESTABLISHED", timeout=10)
    callee.hangup()
    assert callee.wait_event("CALL_CLOSED")["param"] == LOCAL_HANGUP
    assert caller.wait_event("CALL_CLOSED")["param"] == BYE_RECEIVED
