"""aiortc -> gateway -> baresip: a web user calls a real SIP phone (auto-answer, PCMU).
Audio must cross both ways (Opus/SRTP <-> G.711/RTP) and either side may hang up."""

import time

from analysis import assert_tone
from baresip_phone import BYE_RECEIVED, LOCAL_HANGUP
from contract import (RECORD_SIDE_SIP, RECORD_SIDE_WEB, SIDE_LOCAL, SIDE_REMOTE, assert_end,
                      assert_state_order)
from tones import tone48k

PHONE = "5551001"      # baresip answers only this Request-URI user
TALK_S = 6


def connect(make_phone, start_gateway, make_web_client, tmp_path):
    phone = make_phone(PHONE, 440)
    gateway = start_gateway(phone.address)
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call(PHONE, tone48k(1000), tmp_path / "web-heard.wav")
    call.wait_state("connected", timeout=20)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    assert call.answer_sdp and "a=ice-lite" in call.answer_sdp, call.answer_sdp
    assert not call.errors, call.errors
    return phone, gateway, call


def test_tones_both_ways_then_web_hangs_up(make_phone, start_gateway, make_web_client, tmp_path):
    phone, gateway, call = connect(make_phone, start_gateway, make_web_client, tmp_path)
    time.sleep(TALK_S)

    call.hangup()
    assert_end(call.wait_state("hung_up"), "hung_up", "normal_clearing", SIDE_LOCAL)
    call.wait_state("closed")
    assert_state_order(call.state_names())
    assert phone.wait_event("CALL_CLOSED", timeout=10)["param"] == BYE_RECEIVED

    assert_tone(phone.recording(), 1000, min_seconds=TALK_S - 2)        # web -> phone
    assert_tone(call.stop_media(), 440, min_seconds=TALK_S - 2)         # phone -> web

    record = gateway.wait_record(PHONE)
    assert record["hangupSide"] == RECORD_SIDE_WEB, record
    assert record["cause"] == "normal_clearing" and record["q850"] == 16, record
    assert record["webIdentity"] == "alice" and record["direction"] == "outbound", record
    assert record["trunk"] == "phone" and record["answeredAt"] and record["sipCallId"], record


def test_phone_hangs_up(make_phone, start_gateway, make_web_client, tmp_path):
    phone, gateway, call = connect(make_phone, start_gateway, make_web_client, tmp_path)
    time.sleep(2)

    phone.hangup()
    assert phone.wait_event("CALL_CLOSED")["param"] == LOCAL_HANGUP
    assert_end(call.wait_state("hung_up"), "hung_up", "normal_clearing", SIDE_REMOTE)
    call.wait_state("closed")
    assert_state_order(call.state_names())

    record = gateway.wait_record(PHONE)
    assert record["hangupSide"] == RECORD_SIDE_SIP, record
    assert record["cause"] == "normal_clearing", record
