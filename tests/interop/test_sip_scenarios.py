"""SIP trunk behaviour of the gateway, proven against a scripted carrier: an aiortc web user
calls through the running gateway to SIPp acting as the carrier (UAS), and each test reads
what the gateway put on the wire from SIPp's message log, what the web user was told from
its `state` messages, and what was kept from `/api/calls`.

Covered: a 200 OK crossing our CANCEL; INVITE and ACK lost on the way (iptables); hold and
resume by re-INVITE with the RTP that stops and starts again; RFC 4028 session timers in both
refresher roles; early media in an unreliable 183; a forked INVITE answered twice; every SIP
status of the hangup-cause table and a BYE with a Q.850 Reason."""

import re
import socket
import subprocess
import threading
import time
from datetime import datetime, timedelta

import pytest

from contract import (Q850, RECORD_SIDE_GATEWAY, RECORD_SIDE_SIP, RECORD_SIDE_WEB, SIDE_GATEWAY,
                      SIDE_LOCAL, SIDE_REMOTE, assert_end, assert_state_order)
from packet_filter import dropping
from ports import HOST
from sip_log import read_log, requests, responses, sdp_direction
from sipp import SCENARIOS
from tones import tone, tone48k

NUMBER = "5553000"
# The scripted carrier sends no audio; calls that last a minute must not meet the trunk's
# rtp_timeout_s (60 s by default) before the session timer does.
NO_RTP_TIMEOUT = {"rtp_timeout_s": 0}


def dial(gateway, make_web_client, tmp_path, long_tone: bool = False):
    """The web user `alice` calls NUMBER through `gateway`, sending 1 kHz (2 min of it
    with `long_tone`, for calls that outlast the usual 60 s tone)."""
    web = make_web_client(gateway.ws_url("alice"))
    sound = tone(1000, 48000, duration_s=150) if long_tone else tone48k(1000)
    return web.call(NUMBER, sound, tmp_path / "web-heard.wav")


def wait_for(predicate, timeout: float, what: str):
    """Polls `predicate` until it returns something truthy; fails naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not seen within {timeout} s")
        time.sleep(0.1)


def states_after(call, name: str) -> list[str]:
    names = call.state_names()
    return names[names.index(name) + 1:]


def q850_of(message) -> int | None:
    match = re.search(r"Q\.850\s*;\s*cause\s*=\s*(\d+)", message.header("Reason"), re.IGNORECASE)
    return int(match.group(1)) if match else None


def assert_record(gateway, cause: str, side: str, sip_status: int | None = None, answered: bool | None = None):
    record = gateway.wait_record(NUMBER)
    where = f"call record {record}"
    assert record["cause"] == cause, where
    assert record["q850"] == Q850[cause], where
    assert record["hangupSide"] == side, where
    assert record.get("sipStatus") == sip_status, where
    assert record["trunk"] == "phone" and record["direction"] == "outbound", where
    if answered is not None:
        assert bool(record.get("answeredAt")) == answered, where
    return record


# --- 1. CANCEL crossed by 200 OK ------------------------------------------------------------

def test_200_crossing_cancel_is_acked_and_ended_with_bye(make_sipp, start_gateway, make_web_client, tmp_path):
    carrier = make_sipp("uas_cancel_crosses_200")
    gateway = start_gateway(carrier.address)
    call = dial(gateway, make_web_client, tmp_path)
    call.wait_state("ringing", timeout=10)
    call.hangup()
    assert_end(call.wait_state("hung_up", timeout=10), "hung_up", "originator_cancel", SIDE_LOCAL)
    call.wait_state("closed")
    assert_state_order(call.state_names())
    assert "connected" not in call.state_names() and "connecting" not in call.state_names(), call.states
    assert carrier.wait(15) == 0, f"SIPp did not get CANCEL, ACK and BYE\n{carrier.output_tail()}"

    log = read_log(carrier.message_log)
    invite, = requests(log, "INVITE")
    cancel, = requests(log, "CANCEL")
    assert cancel.header("Via") == invite.header("Via") and cancel.cseq == (invite.cseq[0], "CANCEL")
    ok = responses(log, 200, "INVITE")[0]
    acks, byes = requests(log, "ACK"), requests(log, "BYE")
    assert len(byes) == 1, f"expected one BYE: {[m.start_line for m in log]}"
    assert acks and acks[0].at <= byes[0].at, "the 200 OK must be ACKed before the BYE"
    # RFC 3261 §13.2.2.4: the ACK for a 2xx is in the dialog the 2xx made, with the INVITE's CSeq.
    assert acks[0].cseq == (invite.cseq[0], "ACK") and acks[0].to_tag() == ok.to_tag(), acks[0].text
    assert acks[0].header("Via") != invite.header("Via"), "a 2xx ACK is a transaction of its own"
    bye = byes[0]
    assert bye.to_tag() == ok.to_tag() and bye.cseq[0] > invite.cseq[0], bye.text
    assert q850_of(bye) == 16, f"BYE should say why (RFC 3326): {bye.text}"
    assert_record(gateway, "originator_cancel", RECORD_SIDE_WEB, answered=False)


# --- 2. Retransmissions over a lossy path ---------------------------------------------------

def test_lost_invite_is_retransmitted(make_sipp, start_gateway, make_web_client, tmp_path):
    carrier = make_sipp("uas_answer")
    with dropping(carrier.port, "INVITE sip:") as rule:
        gateway = start_gateway(carrier.address)
        call = dial(gateway, make_web_client, tmp_path)
        call.wait_state("connected", timeout=15)
        assert rule.dropped() == 1, "the first INVITE should have been dropped"
    time.sleep(0.5)
    call.hangup()
    call.wait_state("closed")
    assert carrier.wait(10) == 0, carrier.output_tail()
    log = read_log(carrier.message_log)
    # Only Timer A's retransmission got through (RFC 3261 §17.1.1.2), and it was answered.
    assert len(requests(log, "INVITE")) == 1, [m.start_line for m in log]
    assert len(requests(log, "BYE")) == 1
    assert call.state_names().count("connected") == 1
    assert_record(gateway, "normal_clearing", RECORD_SIDE_WEB, answered=True)
    assert len(gateway.calls()) == 1


def test_lost_ack_is_sent_again_for_the_retransmitted_200(make_sipp, start_gateway, make_web_client, tmp_path):
    carrier = make_sipp("uas_answer", start=False)
    carrier.args += ["-trace_screen", "-screen_file", str(carrier.dir / "screen.log")]
    carrier.start()
    with dropping(carrier.port, "ACK sip:") as rule:
        gateway = start_gateway(carrier.address)
        call = dial(gateway, make_web_client, tmp_path)
        call.wait_state("connected", timeout=15)
        wait_for(lambda: requests(read_log(carrier.message_log), "ACK"), 10, "an ACK reaching SIPp")
        assert rule.dropped() == 1, "the first ACK should have been dropped"
    time.sleep(1.5)                      # room for any further (wrong) retransmission or ACK
    log = read_log(carrier.message_log)
    oks = responses(log, 200, "INVITE")
    # SIPp sent the 200 again (500 ms later) because no ACK came (RFC 3261 §13.3.1.4), and
    # the gateway answered the retransmission with the ACK (§13.2.2.4).
    assert len(oks) >= 2, f"the 200 OK was not retransmitted: {[m.start_line for m in log]}"
    acks = requests(log, "ACK")
    assert len(acks) == 1 and acks[0].at > oks[1].at, [f"{m.at} {m.start_line}" for m in log]
    assert acks[0].to_tag() == oks[0].to_tag()
    assert len(requests(log, "INVITE")) == 1 and not requests(log, "BYE")
    assert call.state_names()[-1] == "connected" and call.state_names().count("connected") == 1
    call.hangup()
    call.wait_state("closed")
    assert carrier.wait(10) == 0, carrier.output_tail()
    # SIPp's own count agrees: its 200 line reads "<---------- 200  <sent> <retransmitted> ...".
    screen = (carrier.dir / "screen.log").read_text(errors="replace")
    counts = re.search(r"<-+ 200\s+(\d+)\s+(\d+)", screen)
    assert counts and int(counts.group(1)) == 1 and int(counts.group(2)) >= 1, screen
    assert len(gateway.calls()) == 1
    assert_record(gateway, "normal_clearing", RECORD_SIDE_WEB, answered=True)


# --- 3. Hold and resume by the carrier ------------------------------------------------------

class RtpSink:
    """A UDP port standing in for the carrier's media: keeps the arrival time of each RTP
    packet the gateway sends there."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((HOST, 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.arrivals: list[datetime] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                data = self.sock.recv(2048)
            except socket.timeout:
                continue
            except OSError:
                return
            if len(data) >= 12 and data[0] >> 6 == 2 and (data[1] & 0x7F) in (0, 101):
                self.arrivals.append(datetime.now())

    def count(self, start: datetime, end: datetime) -> int:
        return sum(1 for at in self.arrivals if start <= at < end)

    def close(self):
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


def test_carrier_hold_and_resume(make_sipp, start_gateway, make_web_client, tmp_path):
    sink = RtpSink()
    try:
        carrier = make_sipp("uas_reinvite_hold", args=["-key", "rtp_sink_port", str(sink.port)])
        gateway = start_gateway(carrier.address)
        call = dial(gateway, make_web_client, tmp_path)
        call.wait_state("connected", timeout=15)

        def resumed():
            log = read_log(carrier.message_log)
            return [m for m in responses(log, 200, "INVITE", direction="received") if m.cseq[0] == 11]
        wait_for(resumed, 20, "the 200 OK for the resuming re-INVITE")
        time.sleep(2.5)                  # RTP flowing again after the resume
        assert states_after(call, "connected") == [], f"hold changed the web call: {call.states}"
        call.hangup()
        call.wait_state("closed")
        assert carrier.wait(10) == 0, carrier.output_tail()
    finally:
        sink.close()

    log = read_log(carrier.message_log)
    reinvites = requests(log, "INVITE", direction="sent")
    answers = responses(log, 200, "INVITE", direction="received")
    hold, resume = reinvites
    hold_ok, resume_ok = [m for m in answers if m.cseq[0] == 10], [m for m in answers if m.cseq[0] == 11]
    assert len(hold_ok) >= 1 and len(resume_ok) >= 1, [m.start_line for m in log]
    hold_ok, resume_ok = hold_ok[0], resume_ok[0]
    # RFC 3264 §6.1, §8.4: the answer mirrors the offer: sendonly -> recvonly, sendrecv -> sendrecv,
    # with the gateway's own media address and a new o= version each time.
    assert sdp_direction(hold_ok) == "recvonly", hold_ok.text
    assert sdp_direction(resume_ok) == "sendrecv", resume_ok.text
    versions = [int(m.body.split("o=", 1)[1].split()[2]) for m in (hold_ok, resume_ok)]
    assert versions[1] > versions[0], versions
    assert "m=audio 0 " not in hold_ok.body and "m=audio 0 " not in resume_ok.body

    first_ack = requests(log, "ACK")[0].at
    margin = timedelta(milliseconds=300)
    before = sink.count(first_ack + margin, hold.at)
    during = sink.count(hold_ok.at + margin, resume.at)
    after = sink.count(resume_ok.at + margin, resume_ok.at + margin + timedelta(seconds=2))
    timing = (f"RTP packets: {before} in the {(hold.at - first_ack).total_seconds():.1f} s before hold, "
              f"{during} in the {(resume.at - hold_ok.at).total_seconds():.1f} s held, {after} in 2 s after resume")
    print(timing)
    # 20 ms packets: 50 per second while the carrier wants audio, none while it holds.
    assert before >= 80, timing
    assert during == 0, timing
    assert after >= 60, timing
    assert_record(gateway, "normal_clearing", RECORD_SIDE_WEB, answered=True)


def test_answer_in_the_ack_of_an_offerless_reinvite_moves_the_audio(make_sipp, start_gateway,
                                                                     make_web_client, tmp_path):
    sink = RtpSink()
    try:
        carrier = make_sipp("uas_reinvite_no_offer", args=["-key", "rtp_sink_port", str(sink.port)])
        gateway = start_gateway(carrier.address)
        call = dial(gateway, make_web_client, tmp_path)
        call.wait_state("connected", timeout=15)
        ack = wait_for(lambda: requests(read_log(carrier.message_log), "ACK", direction="sent"), 15,
                       "the ACK carrying the answer")[0]
        time.sleep(2.5)
        assert states_after(call, "connected") == [], call.states
        call.hangup()
        call.wait_state("closed")
        assert carrier.wait(10) == 0, carrier.output_tail()
    finally:
        sink.close()
    log = read_log(carrier.message_log)
    offer = [m for m in responses(log, 200, "INVITE", direction="received") if m.cseq[0] == 10][0]
    # RFC 3261 §14.2: a re-INVITE without a body is answered with an offer of everything usable.
    assert re.search(r"^m=audio \d+ RTP/AVP 0 8 101 13\s*$", offer.body, re.MULTILINE), offer.text
    assert sdp_direction(offer) == "sendrecv", offer.text
    before = sink.count(datetime.min, ack.at)
    after = sink.count(ack.at + timedelta(milliseconds=300), ack.at + timedelta(seconds=2.3))
    # The audio went to SIPp's media port until the ACK's answer named the sink's port.
    assert before == 0 and after >= 60, f"RTP at the new port: {before} before the ACK, {after} in 2 s after"


# --- 4. Session timers (RFC 4028) -----------------------------------------------------------

@pytest.mark.slow
def test_session_refreshed_by_the_gateway_with_update(make_sipp, start_gateway, make_web_client, tmp_path):
    carrier = make_sipp("uas_session_timer_refresh", timeout_s=120)
    gateway = start_gateway(carrier.address, trunk_options=NO_RTP_TIMEOUT)
    call = dial(gateway, make_web_client, tmp_path, long_tone=True)
    call.wait_state("connected", timeout=15)
    update = wait_for(lambda: requests(read_log(carrier.message_log), "UPDATE"), 55, "the gateway's UPDATE")[0]
    log = read_log(carrier.message_log)
    answered = requests(log, "ACK")[0].at
    elapsed = (update.at - answered).total_seconds()
    # §10: the refresher sends its refresh at half the interval (45 s of 90).
    assert 43.0 <= elapsed <= 48.0, f"UPDATE {elapsed:.1f} s after the answer; expected about 45 s"
    assert update.header("Session-Expires").replace(" ", "") == "90;refresher=uac", update.text
    assert "timer" in update.header("Supported"), update.text
    invite = requests(log, "INVITE")[0]
    assert update.cseq == (invite.cseq[0] + 1, "UPDATE") and update.to_tag(), update.text
    assert update.header("Contact"), f"UPDATE is a target refresh (RFC 3311 §5.1): {update.text}"
    time.sleep(1)
    assert states_after(call, "connected") == [], call.states
    call.hangup()
    call.wait_state("closed")
    assert carrier.wait(10) == 0, carrier.output_tail()
    assert not requests(read_log(carrier.message_log), "INVITE")[1:], "no re-INVITE was due"
    assert_record(gateway, "normal_clearing", RECORD_SIDE_WEB, answered=True)


@pytest.mark.slow
def test_session_expiry_ends_the_call_when_the_carrier_never_refreshes(make_sipp, start_gateway,
                                                                       make_web_client, tmp_path):
    carrier = make_sipp("uas_session_timer_expiry", timeout_s=120)
    gateway = start_gateway(carrier.address, trunk_options=NO_RTP_TIMEOUT)
    call = dial(gateway, make_web_client, tmp_path, long_tone=True)
    call.wait_state("connected", timeout=15)
    end = call.wait_state("hung_up", timeout=75)
    assert_end(end, "hung_up", "recovery_on_timer_expiry", SIDE_GATEWAY)
    call.wait_state("closed")
    assert carrier.wait(10) == 0, f"SIPp saw something else than one BYE\n{carrier.output_tail()}"
    log = read_log(carrier.message_log)
    bye, = requests(log, "BYE")
    elapsed = (bye.at - requests(log, "ACK")[0].at).total_seconds()
    # §10: BYE before the interval ends, min(32 s, 90/3) ahead of it: 60 s after the answer.
    assert 58.0 <= elapsed <= 63.0, f"BYE {elapsed:.1f} s after the answer; expected about 60 s"
    assert q850_of(bye) == 102, f"BYE should give Q.850 cause 102 (RFC 3326): {bye.text}"
    assert_record(gateway, "recovery_on_timer_expiry", RECORD_SIDE_GATEWAY, answered=True)


# --- 5. Early media without PRACK -----------------------------------------------------------

def test_early_media_in_unreliable_183_reaches_the_browser(make_sipp, start_gateway, make_web_client, tmp_path):
    from analysis import assert_tone
    carrier = make_sipp("uas_early_media_183", start=False)
    subprocess.run(["sox", "-n", "-r", "8000", "-c", "1", "-e", "u-law", str(carrier.dir / "early700.wav"),
                    "synth", "30", "sine", "700"], check=True)
    carrier.start()
    gateway = start_gateway(carrier.address, answer_timeout_s=20)
    call = dial(gateway, make_web_client, tmp_path)
    call.wait_state("ringing", timeout=10)
    time.sleep(5)                        # the announcement plays; nobody ever answers
    assert states_after(call, "ringing") == [], call.states
    call.hangup()
    assert_end(call.wait_state("hung_up", timeout=10), "hung_up", "originator_cancel", SIDE_LOCAL)
    call.wait_state("closed")
    assert carrier.wait(10) == 0, f"SIPp saw a PRACK or no CANCEL\n{carrier.output_tail()}"
    log = read_log(carrier.message_log)
    assert not requests(log, "PRACK"), "an unreliable 183 must not be PRACKed (RFC 3262 §4)"
    # Everything recorded is from before any answer: the early 700 Hz reached the browser.
    assert_tone(call.stop_media(), 700, min_seconds=3)


# --- 6. A forked INVITE answered by two branches --------------------------------------------

def test_second_2xx_of_a_fork_is_acked_and_released(make_sipp, start_gateway, make_web_client, tmp_path):
    carrier = make_sipp("uas_forked_200")
    gateway = start_gateway(carrier.address)
    call = dial(gateway, make_web_client, tmp_path)
    call.wait_state("connected", timeout=15)
    log = wait_for(lambda: (lambda lg: lg if requests(lg, "BYE") else None)(read_log(carrier.message_log)),
                   10, "the BYE for the second branch")
    time.sleep(2)
    assert states_after(call, "connected") == [], f"the call must stay up on the first branch: {call.states}"
    tag_a, tag_b = [m.to_tag() for m in responses(log, 200, "INVITE")][:2]
    assert "SIPpTagA" in tag_a and "SIPpTagB" in tag_b, (tag_a, tag_b)
    acked = {m.to_tag() for m in requests(log, "ACK")}
    assert acked == {tag_a, tag_b}, f"both 2xx must be ACKed (RFC 3261 §13.2.2.4): {acked}"
    bye, = requests(log, "BYE")
    assert bye.to_tag() == tag_b, f"the BYE must end the second branch: {bye.text}"
    call.hangup()
    call.wait_state("closed")
    assert carrier.wait(10) == 0, carrier.output_tail()
    byes = requests(read_log(carrier.message_log), "BYE")
    assert [m.to_tag() for m in byes] == [tag_b, tag_a], [m.text for m in byes]
    assert len(gateway.calls()) == 1
    assert_record(gateway, "normal_clearing", RECORD_SIDE_WEB, answered=True)


def test_bye_from_the_released_fork_leaves_the_call_up(make_sipp, start_gateway, make_web_client, tmp_path):
    """The second branch hangs up too, after the gateway released it: that late BYE names
    dialog B (its From tag), so it must not end the call kept on A (RFC 3261 §12.2.2)."""
    carrier = make_sipp("uas_forked_200_bye")
    gateway = start_gateway(carrier.address)
    call = dial(gateway, make_web_client, tmp_path)
    call.wait_state("connected", timeout=15)
    wait_for(lambda: [m for m in read_log(carrier.message_log)
                      if m.direction == "received" and m.status and m.cseq[1] == "BYE"],
             10, "the gateway's answer to the BYE of branch B")
    time.sleep(2)
    assert states_after(call, "connected") == [], f"a BYE for branch B ended the call on A: {call.states}"
    log = read_log(carrier.message_log)
    answer, = [m for m in log if m.direction == "received" and m.status and m.cseq[1] == "BYE"]
    assert answer.status in (200, 481), answer.text
    tag_a = responses(log, 200, "INVITE")[0].to_tag()
    call.hangup()
    call.wait_state("closed")
    assert carrier.wait(10) == 0, carrier.output_tail()
    last_bye = requests(read_log(carrier.message_log), "BYE")[-1]
    assert last_bye.to_tag() == tag_a, last_bye.text
    assert_record(gateway, "normal_clearing", RECORD_SIDE_WEB, answered=True)


# --- 7. The hangup-cause table, end to end --------------------------------------------------

# (status, reason phrase, extra header, cause, browser end state): docs/hangup-causes.md.
FINAL_STATUSES = [
    (404, "Not Found", None, "unallocated_number", "rejected"),
    (410, "Gone", None, "number_changed", "rejected"),
    (480, "Temporarily Unavailable", None, "no_user_response", "not_answered"),
    (484, "Address Incomplete", None, "invalid_number_format", "rejected"),
    (486, "Busy Here", None, "user_busy", "rejected"),
    (488, "Not Acceptable Here", None, "incompatible_destination", "rejected"),
    (500, "Server Internal Error", None, "temporary_failure", "hung_up"),
    (502, "Bad Gateway", None, "destination_out_of_order", "hung_up"),
    (503, "Service Unavailable", None, "service_unavailable", "hung_up"),
    (504, "Server Time-out", None, "recovery_on_timer_expiry", "hung_up"),
    (600, "Busy Everywhere", None, "user_busy", "rejected"),
    (603, "Decline", None, "call_rejected", "rejected"),
    (604, "Does Not Exist Anywhere", None, "unallocated_number", "rejected"),
    (401, "Unauthorized", None, "call_rejected", "rejected"),
    (403, "Forbidden", None, "call_rejected", "rejected"),
    (408, "Request Timeout", None, "recovery_on_timer_expiry", "hung_up"),
    (414, "Request-URI Too Long", None, "invalid_number_format", "rejected"),
    (415, "Unsupported Media Type", None, "incompatible_destination", "rejected"),
    (485, "Ambiguous", None, "unallocated_number", "rejected"),
    (487, "Request Terminated", None, "originator_cancel", "hung_up"),
    (606, "Not Acceptable", None, "incompatible_destination", "rejected"),
    (420, "Bad Extension", None, "normal_unspecified", "hung_up"),          # other 4xx
    (505, "Version Not Supported", None, "temporary_failure", "hung_up"),   # other 5xx
    (607, "Unwanted", None, "call_rejected", "rejected"),                   # other 6xx
    (302, "Moved Temporarily", None, "interworking", "hung_up"),            # anything else
    # RFC 3326: the Q.850 cause in Reason wins over the status.
    (503, "Service Unavailable", "Reason: Q.850;cause=34;text=\"No circuit available\"",
     "no_circuit_available", "hung_up"),
    (486, "Busy Here", "Reason: Q.850;cause=21", "call_rejected", "rejected"),
]


def final_status_scenario(tmp_path, status: int, reason: str, header: str | None):
    """One scenario per status, written from sipp_scenarios/uas_final_status.xml.template."""
    text = (SCENARIOS / "uas_final_status.xml.template").read_text()
    text = text.replace("@HEADERS@\n", f"      {header}\n" if header else "")
    text = text.replace("@STATUS@", str(status)).replace("@REASON@", reason)
    path = tmp_path / f"uas_final_{status}{'_reason' if header else ''}.xml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("status,phrase,header,cause,end_state", FINAL_STATUSES,
                         ids=[f"{s}{'-' + h.split(';')[1] if h else ''}" for s, _, h, _, _ in FINAL_STATUSES])
def test_final_status_maps_to_cause(make_sipp, start_gateway, make_web_client, tmp_path,
                                    status, phrase, header, cause, end_state):
    xml = final_status_scenario(tmp_path, status, phrase, header)
    carrier = make_sipp(xml.stem, xml=xml)
    gateway = start_gateway(carrier.address)
    call = dial(gateway, make_web_client, tmp_path)
    assert_end(call.wait_state(end_state, timeout=10), end_state, cause, SIDE_REMOTE, status)
    call.wait_state("closed")
    assert_state_order(call.state_names())
    assert carrier.wait(10) == 0, f"SIPp did not get the ACK for {status}\n{carrier.output_tail()}"
    ack, = requests(read_log(carrier.message_log), "ACK")
    assert ack.cseq[1] == "ACK"
    assert_record(gateway, cause, RECORD_SIDE_SIP, sip_status=status, answered=False)


@pytest.mark.parametrize("q850,cause", [(16, "normal_clearing"), (31, "normal_unspecified")])
def test_bye_reason_from_the_carrier_is_the_cause(make_sipp, start_gateway, make_web_client, tmp_path,
                                                  q850, cause):
    carrier = make_sipp("uas_bye_with_reason", args=["-key", "q850", str(q850)])
    gateway = start_gateway(carrier.address)
    call = dial(gateway, make_web_client, tmp_path)
    call.wait_state("connected", timeout=15)
    assert_end(call.wait_state("hung_up", timeout=10), "hung_up", cause, SIDE_REMOTE)
    call.wait_state("closed")
    assert_state_order(call.state_names())
    assert carrier.wait(10) == 0, f"the carrier's BYE got no 200\n{carrier.output_tail()}"
    assert_record(gateway, cause, RECORD_SIDE_SIP, answered=True)
