"""A gateway killed outright (SIGKILL, as a crash or the OOM killer would) in the middle of a
call: the next start finds the store intact, closes the record of the call that was open
with cause `gateway_restart`, and takes calls again."""

import signal
import sqlite3
import time

from analysis import assert_tone
from tones import tone48k

PHONE = "5551001"


def test_kill_9_during_a_call_then_restart(make_phone, start_gateway, make_web_client, tmp_path):
    phone = make_phone(PHONE, 440)
    gateway = start_gateway(phone.address)
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call(PHONE, tone48k(1000), tmp_path / "before.wav")
    call.wait_state("connected", timeout=20)
    open_record = gateway.calls(limit=1)[0]
    assert open_record.get("endedAt") is None, open_record

    gateway._proc.send_signal(signal.SIGKILL)
    gateway._proc.wait(5)
    gateway.started = False
    call.stop_media()
    phone.wait_event("CALL_CLOSED", timeout=30)     # baresip's RTP timeout ends its side

    store = gateway.dir / "gateway.sqlite"
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

    gateway.start()
    assert "closed call records left open by an earlier run" in gateway.log_text()
    closed = next(r for r in gateway.calls() if r["id"] == open_record["id"])
    assert closed["cause"] == "gateway_restart" and closed["hangupSide"] == "gateway", closed
    assert closed.get("endedAt") is not None, closed

    # And it takes calls again.
    again = make_web_client(gateway.ws_url("alice")).call(PHONE, tone48k(1000), tmp_path / "after.wav")
    again.wait_state("connected", timeout=20)
    time.sleep(3)
    again.hangup()
    again.wait_state("closed")
    assert_tone(again.stop_media(), 440, min_seconds=1.5)
