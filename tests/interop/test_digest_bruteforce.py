"""A digest brute force against the SIP port, run by SIPp from an address that is not a
trunk: every wrong guess, whatever the user name, gets the same 401 then the same 403 (apart
from tags, branches and the nonce), the source is banned after `sip.ban_after_failures`
refusals and then gets no answer at all, even for the right password, and the trunk, by its
address or by its credentials from another address, still gets its calls through."""

import re
import subprocess
import time

import requests

from ports import free_port
from sip_log import LoggedMessage, read_log
from sip_probe import SipProbe
from sipp import SCENARIOS

ATTACKER = "127.0.0.2"      # a loopback address that is not the trunk's (127.0.0.1)
OTHER_SITE = "127.0.0.3"    # where the real trunk calls from with its credentials
DID = "5550100"
USER, PASSWORD = "trunk-a", "s3cret"
BAN_AFTER = 3
# In the order SIPp tries them (SEQUENTIAL): the trunk's user with a wrong password, an unknown
# user with the right password, an unknown user and password; then, once banned, the right
# credentials and one more guess, which must get no answer at all.
GUESSES = [(USER, "guess1"), ("nobody", PASSWORD), ("admin", "admin"), (USER, PASSWORD), (DID, "1234")]
# Headers that echo the guesser's own request (RFC 3261 §8.2.6.2) and so differ per guess.
ECHOED = {"via", "from", "call-id"}


def metric(gateway, name: str) -> float:
    text = requests.get(f"{gateway.http_url}/metrics", timeout=5).text
    found = re.search(rf"^{re.escape(name)} (\S+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def shape(response: LoggedMessage) -> tuple:
    """What a guesser could compare between answers: the whole response with the values that
    are fresh per transaction (To tag, nonce) masked and the echoed headers left out."""
    headers = tuple((name, tuple(re.sub(r'(tag=|nonce=")[^;>",\s]+', r"\1*", value) for value in values))
                    for name, values in response.headers.items() if name not in ECHOED)
    return response.start_line, headers, response.body


def run_guesses(gateway, tmp_path, guesses: list[tuple[str, str]]) -> tuple[subprocess.CompletedProcess, list]:
    """One SIPp run, one call per guess, one call at a time; a call that gets no answer gives
    up after 2 s. Returns SIPp's result and its message log."""
    inject = tmp_path / "guesses.csv"
    inject.write_text("SEQUENTIAL\n" + "".join(
        f"{user};[authentication username={user} password={password}]\n" for user, password in guesses))
    log = tmp_path / "guesses-messages.log"
    result = subprocess.run(
        ["sipp", gateway.sip_address, "-sf", str(SCENARIOS / "uac_digest_guess.xml"), "-inf", str(inject),
         "-s", DID, "-i", ATTACKER, "-p", str(free_port()), "-m", str(len(guesses)), "-l", "1",
         "-recv_timeout", "2000", "-nostdin", "-timeout", "40s",
         "-trace_msg", "-message_file", str(log), "-trace_err", "-error_file", str(tmp_path / "guesses-errors.log")],
        cwd=tmp_path, capture_output=True, text=True, timeout=60)
    return result, read_log(log)


def by_call(log: list[LoggedMessage]) -> list[list[LoggedMessage]]:
    """The messages of each call (Call-ID), calls in the order SIPp placed them."""
    calls: dict[str, list[LoggedMessage]] = {}
    for message in log:
        calls.setdefault(message.header("Call-ID"), []).append(message)
    return list(calls.values())


def test_a_digest_brute_force_learns_nothing_and_is_banned(start_gateway, tmp_path):
    gateway = start_gateway("127.0.0.1:9", sip_extra=["digest_algorithms: [md5]",
                                                      f"ban_after_failures: {BAN_AFTER}", "ban_s: 60"],
                            trunk_options={"inbound_username": USER, "inbound_password": PASSWORD})
    started = time.monotonic()
    result, log = run_guesses(gateway, tmp_path, GUESSES)
    took = time.monotonic() - started
    calls = by_call(log)
    assert len(calls) == len(GUESSES), f"{len(calls)} calls in SIPp's log\n{result.stdout[-2000:]}"

    # (1) Before the ban: each guess is challenged, signed, and refused, the same way.
    refused = calls[:BAN_AFTER]
    for (user, _), call in zip(GUESSES, refused):
        sent_invites = [m for m in call if m.direction == "sent" and m.method == "INVITE"]
        assert sent_invites[0].header("From").startswith(f"<sip:{user}@"), sent_invites[0].text
        assert f'username="{user}"' in sent_invites[-1].header("Authorization"), sent_invites[-1].text
        received = [m for m in call if m.direction == "received"]
        statuses = [(m.status, m.cseq) for m in received]
        assert statuses == [(401, (1, "INVITE")), (403, (2, "INVITE"))], (user, statuses)
        for answer in received:   # the echoed headers are the guesser's own
            sent = next(m for m in sent_invites if m.cseq == answer.cseq)
            assert answer.header("From") == sent.header("From") and answer.header("Call-ID") == sent.header("Call-ID")
    challenges = {shape(call_received[0]) for call_received in
                  ([m for m in call if m.direction == "received"] for call in refused)}
    refusals = {shape(call_received[1]) for call_received in
                ([m for m in call if m.direction == "received"] for call in refused)}
    assert len(challenges) == 1, challenges
    assert len(refusals) == 1, refusals
    assert next(iter(refusals))[0] == "SIP/2.0 403 Forbidden"

    # (2) Banned: the next guesses, the right credentials among them, get nothing at all.
    banned_calls = calls[BAN_AFTER:]
    for (user, password), call in zip(GUESSES[BAN_AFTER:], banned_calls):
        invites = [m for m in call if m.direction == "sent" and m.method == "INVITE"]
        assert len(invites) >= 2, f"{user}: INVITE not retransmitted: {[m.start_line for m in call]}"
        answers = [m.start_line for m in call if m.direction == "received"]
        assert answers == [], f"banned source answered for {user}/{password}: {answers}"
    probe = SipProbe(gateway.sip_address, bind_host=ATTACKER)
    try:
        probe.request("OPTIONS")
        late = probe.receive(1.0)
        assert late is None, f"banned source answered: {late.raw}"
    finally:
        probe.close()

    # (3) The gateway says so: metrics, and one log line naming the source.
    assert metric(gateway, "gateway_sip_sources_banned") == 1
    dropped = sum(1 for call in banned_calls for m in call if m.direction == "sent") + 1   # + the OPTIONS
    assert metric(gateway, 'gateway_sip_dropped_total{reason="banned"}') >= dropped
    text = gateway.log_text()
    bans = [line for line in text.splitlines() if "SIP source banned" in line]
    assert len(bans) == 1 and f"source={ATTACKER}" in bans[0] and f"failures={BAN_AFTER}" in bans[0], bans
    refusals_logged = [line for line in text.splitlines() if "INVITE refused" in line]
    assert len(refusals_logged) == BAN_AFTER, refusals_logged
    assert all("wrong user name or password" in line for line in refusals_logged), refusals_logged
    assert not [c for c in gateway.calls() if c.get("direction") == "inbound"]

    # (4) The trunk is untouched: a call from its own address (SIPp's built-in caller) and
    # one signed with its credentials from another address are both answered.
    by_address = subprocess.run(
        ["sipp", gateway.sip_address, "-sn", "uac", "-s", "5550101", "-i", "127.0.0.1", "-p", str(free_port()),
         "-m", "1", "-d", "500", "-nostdin", "-timeout", "20s", "-timeout_error"],
        cwd=tmp_path, capture_output=True, text=True, timeout=40)
    assert by_address.returncode == 0, by_address.stdout[-2000:]
    by_credentials = subprocess.run(
        ["sipp", gateway.sip_address, "-sf", str(SCENARIOS / "uac_digest_call.xml"), "-s", DID, "-i", OTHER_SITE,
         "-p", str(free_port()), "-m", "1", "-nostdin", "-timeout", "20s", "-timeout_error",
         "-au", USER, "-ap", PASSWORD],
        cwd=tmp_path, capture_output=True, text=True, timeout=40)
    assert by_credentials.returncode == 0, by_credentials.stdout[-2000:]
    for number in ("5550101", DID):
        record = gateway.wait_record(number)
        assert record["direction"] == "inbound" and record["trunk"] == "phone", record
    assert metric(gateway, "gateway_sip_sources_banned") == 1     # the attacker is still banned
    print(f"\nbrute force: {len(GUESSES)} guesses in {took:.1f} s; {dropped} datagrams sent while banned")
