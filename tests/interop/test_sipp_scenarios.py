"""The SIPp callee scenarios work against an independent caller (a raw-UDP probe), so a
failure in the gateway tests that use them points at the gateway, not at the scenario."""

import secrets
import subprocess
import time

import pytest

from sip_probe import SipProbe


@pytest.mark.parametrize("scenario,status", [("uas_486_busy", 486), ("uas_404_not_found", 404)])
def test_final_status_scenario(make_sipp, scenario, status):
    sipp = make_sipp(scenario)
    probe = SipProbe(sipp.address)
    try:
        probe.request("INVITE", "5551000")
        final = probe.wait_for(status, "INVITE")
        assert "tag=" in final.header("To")
        probe.ack(final)
        assert sipp.wait(10) == 0, sipp.output_tail()
        assert sipp.received("ACK")
    finally:
        probe.close()


def test_ring_no_answer_scenario_takes_cancel(make_sipp):
    sipp = make_sipp("uas_ring_no_answer")
    probe = SipProbe(sipp.address)
    try:
        probe.request("INVITE", "5551000")
        probe.wait_for(180, "INVITE")
        probe.cancel()
        probe.wait_for(200, "CANCEL")
        final = probe.wait_for(487, "INVITE")
        probe.ack(final)
        assert sipp.wait(10) == 0, sipp.output_tail()
        assert sipp.received("CANCEL") and sipp.received("ACK")
    finally:
        probe.close()


def test_ring_no_answer_scenario_fails_without_cancel(make_sipp):
    """The no-answer scenario must not pass on its own: without a CANCEL it times out."""
    sipp = make_sipp("uas_ring_no_answer", timeout_s=3)
    probe = SipProbe(sipp.address)
    try:
        probe.request("INVITE", "5551000")
        probe.wait_for(180, "INVITE")
        assert sipp.wait(15) != 0
        assert not sipp.received("CANCEL")
    finally:
        probe.close()


# --- The carrier scenarios of test_sip_scenarios.py that only answer ------------------------

def new_transaction(probe: SipProbe) -> None:
    probe.branch = "z9hG4bK" + secrets.token_hex(6)


def to_tag(response) -> str:
    return response.header("To").split("tag=")[-1] if "tag=" in response.header("To") else ""


def ack_2xx(probe: SipProbe, ok) -> None:
    """ACK for a 2xx: a transaction of its own, the INVITE's CSeq number (RFC 3261 §13.2.2.4)."""
    new_transaction(probe)
    probe.send_raw(probe.build("ACK", probe.ruri, probe.cseq, to_tag=to_tag(ok)))


def in_dialog(probe: SipProbe, method: str, ok, cseq: int) -> None:
    new_transaction(probe)
    probe.send_raw(probe.build(method, probe.ruri, cseq, to_tag=to_tag(ok)))


def test_answer_scenario_retransmits_its_200_until_the_ack(make_sipp):
    sipp = make_sipp("uas_answer")
    probe = SipProbe(sipp.address)
    try:
        probe.request("INVITE", "5553000")
        ok = probe.wait_for(200, "INVITE")
        again = probe.wait_for(200, "INVITE", timeout=2)       # no ACK yet: sent again
        assert to_tag(again) == to_tag(ok) and "m=audio" in ok.raw
        ack_2xx(probe, ok)
        in_dialog(probe, "BYE", ok, probe.cseq + 1)
        probe.wait_for(200, "BYE")
        assert sipp.wait(10) == 0, sipp.output_tail()
    finally:
        probe.close()


def test_final_status_template_sends_status_and_reason(make_sipp, tmp_path):
    from test_sip_scenarios import final_status_scenario
    xml = final_status_scenario(tmp_path, 503, "Service Unavailable", "Reason: Q.850;cause=34")
    sipp = make_sipp(xml.stem, xml=xml)
    probe = SipProbe(sipp.address)
    try:
        probe.request("INVITE", "5553000")
        final = probe.wait_for(503, "INVITE")
        assert final.header("Reason") == "Q.850;cause=34" and to_tag(final)
        probe.ack(final)
        assert sipp.wait(10) == 0, sipp.output_tail()
    finally:
        probe.close()


def test_cancel_crossed_by_200_scenario(make_sipp):
    sipp = make_sipp("uas_cancel_crosses_200")
    probe = SipProbe(sipp.address)
    try:
        probe.request("INVITE", "5553000")
        probe.wait_for(180, "INVITE")
        probe.cancel()
        probe.wait_for(200, "CANCEL")
        ok = probe.wait_for(200, "INVITE")                     # instead of 487
        ack_2xx(probe, ok)
        in_dialog(probe, "BYE", ok, probe.cseq + 1)
        probe.wait_for(200, "BYE")
        assert sipp.wait(10) == 0, sipp.output_tail()
    finally:
        probe.close()


def test_forked_scenario_answers_twice_with_two_tags(make_sipp):
    sipp = make_sipp("uas_forked_200")
    probe = SipProbe(sipp.address)
    try:
        probe.request("INVITE", "5553000")
        first = probe.wait_for(200, "INVITE")
        ack_2xx(probe, first)
        second = probe.wait_for(200, "INVITE")
        assert "SIPpTagA" in to_tag(first) and "SIPpTagB" in to_tag(second)
        ack_2xx(probe, second)
        in_dialog(probe, "BYE", second, probe.cseq + 1)
        probe.wait_for(200, "BYE")
        in_dialog(probe, "BYE", first, probe.cseq + 1)
        probe.wait_for(200, "BYE")
        assert sipp.wait(10) == 0, sipp.output_tail()
    finally:
        probe.close()


def test_unreliable_183_scenario_needs_no_prack(make_sipp):
    sipp = make_sipp("uas_early_media_183", start=False)
    subprocess.run(["sox", "-n", "-r", "8000", "-c", "1", "-e", "u-law", str(sipp.dir / "early700.wav"),
                    "synth", "5", "sine", "700"], check=True)
    sipp.start()
    probe = SipProbe(sipp.address)
    try:
        probe.request("INVITE", "5553000")
        early = probe.wait_for(183, "INVITE")
        assert "m=audio" in early.raw and not early.header("RSeq") and "100rel" not in early.header("Require")
        time.sleep(0.5)                  # SIPp takes a CANCEL only once it waits for one (after the nop)
        probe.cancel()
        probe.wait_for(200, "CANCEL")
        probe.ack(probe.wait_for(487, "INVITE"))
        assert sipp.wait(10) == 0, sipp.output_tail()
    finally:
        probe.close()


@pytest.mark.parametrize("scenario,refresher", [("uas_session_timer_refresh", "uac"),
                                                ("uas_session_timer_expiry", "uas")])
def test_session_timer_scenarios(make_sipp, scenario, refresher):
    sipp = make_sipp(scenario)
    probe = SipProbe(sipp.address)
    try:
        probe.request("INVITE", "5553000")
        ok = probe.wait_for(200, "INVITE")
        assert ok.header("Session-Expires") == f"90;refresher={refresher}" and ok.header("Require") == "timer"
        ack_2xx(probe, ok)
        cseq = probe.cseq
        if refresher == "uac":
            cseq += 1
            in_dialog(probe, "UPDATE", ok, cseq)
            assert probe.wait_for(200, "UPDATE").header("Session-Expires") == "90;refresher=uac"
        in_dialog(probe, "BYE", ok, cseq + 1)
        probe.wait_for(200, "BYE")
        assert sipp.wait(10) == 0, sipp.output_tail()
    finally:
        probe.close()
