"""An agent's console drops off mid-call (docs/signaling.md, "Reconnecting"): the phone stays
in the call and hears the hold tone; the agent's new console resumes with the call's token
and a new peer connection, and tones cross again, with no re-INVITE to the phone. An agent
who does not come back within the disconnect interval ends the call with
`temporary_failure`, and their next console finds them wrapping up."""

import time

import requests

from analysis import assert_tone
from baresip_phone import BYE_RECEIVED
from test_agents import ALICE_HZ, DIALPLAN, NOBODY_HZ, PHONE_HZ, WELCOME_HZ, agents_section, dial, \
    ended_inbound_records, sign_in
from test_reconnect import heard_hold_tone
from tones import tone, tone48k

INTERVAL_S = 10


def start(start_gateway, phone, tmp_path):
    return start_gateway(phone.address, dialplans={"agents.yaml": DIALPLAN},
                         prompts={"welcome": tone(WELCOME_HZ, 8000, 3, tmp_path).read_bytes(),
                                  "nobody": tone(NOBODY_HZ, 8000, 2, tmp_path).read_bytes(),
                                  "hold": tone(NOBODY_HZ, 8000, 1, tmp_path).read_bytes()},
                         agents=agents_section("ring_all", members=("alice",), wrap_up_s=10),
                         calls_extra=[f"disconnect_interval: {INTERVAL_S}"], webrtc_extra=["consent_timeout_s: 6"])


def answered_call(make_phone, make_agent, start_gateway, tmp_path, number):
    phone = make_phone(number, PHONE_HZ)
    gateway = start(start_gateway, phone, tmp_path)
    alice = sign_in(make_agent, gateway, "alice")
    dial(phone, gateway)
    call = alice.accept(alice.wait_incoming(), tone48k(ALICE_HZ), tmp_path / "alice-before.wav")
    call.wait_state("connected", timeout=15)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    token = alice.wait_message(lambda m: m.get("type") == "resume_token")
    assert token["callId"] == call.call_id and token["disconnectInterval"] == INTERVAL_S, token
    return phone, gateway, alice, call, token["token"]


def test_agent_console_dropping_mid_call_is_resumed(make_phone, make_agent, start_gateway, tmp_path):
    phone, gateway, alice, call, token = answered_call(make_phone, make_agent, start_gateway, tmp_path, "5551012")
    time.sleep(2)
    alice.close()                                   # the console is gone: WebSocket and media
    time.sleep(4)
    assert not phone.has_event("CALL_CLOSED"), "the phone was hung up during the window"
    active = requests.get(f"{gateway.http_url}/api/active-calls", timeout=2, headers=gateway.admin).json()
    assert [(c["kind"], c["reconnecting"]) for c in active] == [("inbound", True)], active

    again = make_agent(gateway.ws_url("alice"))
    presence = again.wait_message(lambda m: m.get("type") == "presence")
    assert presence["activity"] == "talking", presence   # still on the call while away
    resumed = again.resume(call.call_id, token, tone48k(ALICE_HZ), tmp_path / "alice-after.wav")
    resumed.wait_state("connected", timeout=15)
    assert resumed.state_names()[:1] == ["reconnected"], resumed.states
    time.sleep(5)
    resumed.hangup()
    resumed.wait_state("closed")
    assert phone.wait_event("CALL_CLOSED", timeout=10)["param"] == BYE_RECEIVED
    assert "got re-INVITE" not in phone.log_text(), "the resume leaked to the phone as a re-INVITE"

    assert_tone(resumed.stop_media(), PHONE_HZ, min_seconds=3)          # phone -> agent after the resume
    heard = phone.recording()
    assert heard_hold_tone(heard, 0.5, 9.0), "the phone did not hear the hold tone while the agent was away"
    (record,) = ended_inbound_records(gateway)
    assert record["cause"] == "normal_clearing" and record["hangupSide"] == "web", record
    # Each leg's `quality` summary is written as the media closes, after everything else.
    kinds = [e["kind"] for e in record["events"] if e["kind"] != "quality"]
    assert kinds[-2:] == ["browser_dropped", "browser_resumed"], record["events"]


def test_agent_who_does_not_come_back_ends_the_call_after_the_window(make_phone, make_agent, start_gateway, tmp_path):
    phone, gateway, alice, call, token = answered_call(make_phone, make_agent, start_gateway, tmp_path, "5551013")
    dropped = time.monotonic()
    alice.close()
    closed = phone.wait_event("CALL_CLOSED", timeout=INTERVAL_S + 5)
    waited = time.monotonic() - dropped
    assert closed["param"] == BYE_RECEIVED, closed
    assert INTERVAL_S - 1 <= waited <= INTERVAL_S + 1.5, f"BYE after {waited:.1f} s, not {INTERVAL_S} s"
    (record,) = ended_inbound_records(gateway)
    assert record["cause"] == "temporary_failure" and record["q850"] == 41, record

    # Back on a new console: the presence chosen last, wrapping up after the call.
    again = make_agent(gateway.ws_url("alice"))
    presence = again.wait_message(lambda m: m.get("type") == "presence")
    assert presence["state"] == "available" and presence["activity"] == "wrap_up", presence
    assert 0 < presence["wrapUpUntil"] - time.time() * 1000 <= 10_000, presence
    again.send({"type": "resume", "callId": call.call_id, "token": token, "sdp": "v=0\r\n"})
    assert again.next_error(0)["code"] == "bad_token"
