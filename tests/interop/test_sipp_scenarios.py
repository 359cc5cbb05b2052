"""The SIPp callee scenarios work against an independent caller (a raw-UDP probe), so a
failure in the gateway tests that use them points at the gateway, not at the scenario."""

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
