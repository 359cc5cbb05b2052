"""The gateway against Kamailio as registrar and authenticating proxy (RFC 3261 §10, §22):
it registers its trunk account with digest auth (MD5 and SHA-256), honours the lifetime
Kamailio grants and refreshes before it runs out, answers 423 with Min-Expires, backs off
after refused credentials, removes its binding when stopped, and places a call that
Kamailio challenges with 407 to a baresip phone registered there, with tones both ways."""

import re
import time
from datetime import datetime, timezone

import pytest
import requests

from analysis import assert_tone
from contract import SIDE_LOCAL, assert_end
from kamailio import Kamailio
from tones import tone48k

ACCOUNT, PASSWORD = "gw100", "gw-secret"
PHONE, PHONE_PASSWORD = "5551001", "phone-secret"
TALK_S = 6


@pytest.fixture
def make_kamailio(tmp_path, request):
    """make_kamailio(users, **options) starts Kamailio with `users` {name: password}."""
    from conftest import failed
    started = []

    def make(users: dict[str, str], **options) -> Kamailio:
        kamailio = Kamailio(tmp_path / f"kamailio-{len(started)}", users, **options)
        started.append(kamailio)
        return kamailio.start()

    yield make
    for kamailio in started:
        kamailio.stop()
        if failed(request):
            print(f"\n--- kamailio log ({kamailio.log_path}) ---\n{kamailio.log_tail(80)}")


def registering_gateway(start_gateway, kamailio: Kamailio, password: str = PASSWORD, expires: int = 60):
    return start_gateway(kamailio.address, trunk_options={
        "username": ACCOUNT, "password": password, "register": True, "register_expires_s": expires})


def trunk_registration(gateway) -> dict:
    response = requests.get(f"{gateway.http_url}/api/trunks", timeout=5, headers=gateway.admin)
    response.raise_for_status()
    trunks = response.json()
    assert [t["name"] for t in trunks] == ["phone"], trunks
    assert trunks[0]["address"] and trunks[0]["transport"] == "udp", trunks
    return trunks[0]["registration"]


def wait_registration(gateway, state: str, timeout: float = 10.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        registration = trunk_registration(gateway)
        if registration and registration["state"] == state:
            return registration
        if time.monotonic() > deadline:
            raise AssertionError(f"registration not {state!r} within {timeout} s: {registration}\n"
                                 f"{gateway.log_tail()}")
        time.sleep(0.1)


def seconds_from_now(timestamp: str) -> float:
    moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    return (moment - datetime.now(timezone.utc)).total_seconds()


def gateway_contact(gateway) -> str:
    return f"sip:{ACCOUNT}@{gateway.sip_address}"


@pytest.mark.parametrize("algorithm", ["MD5", "SHA-256"])
def test_registers_refreshes_before_expiry_and_unregisters(make_kamailio, start_gateway, algorithm):
    # Kamailio grants at most 10 s of the 60 asked for: the gateway must refresh at 5 s.
    kamailio = make_kamailio({ACCOUNT: PASSWORD}, min_expires=5, max_expires=10, algorithm=algorithm)
    gateway = registering_gateway(start_gateway, kamailio)

    binding = kamailio.wait_contact(ACCOUNT)
    assert binding["Address"] == gateway_contact(gateway), binding
    assert binding["User-Agent"] and int(binding["Expires"]) <= 10, binding
    registration = wait_registration(gateway, "registered")
    assert registration["lastError"] is None and registration["retryAt"] is None, registration
    assert 5 < seconds_from_now(registration["expiresAt"]) <= 11, registration
    assert registration["registrar"] == kamailio.address, registration
    assert "trunk registered" in gateway.log_text()
    # The same state as a Prometheus gauge.
    assert 'gateway_trunk_registered{trunk="phone"} 1' in requests.get(f"{gateway.http_url}/metrics").text

    # Every REGISTER was challenged once with the chosen algorithm and answered (401, then 200).
    first = kamailio.wait_log(rf"SAVED user={ACCOUNT} callid=(\S+) cseq=(\d+)")[0]
    answered = kamailio.matches(rf"REGISTER user={ACCOUNT} .* auth={ACCOUNT} \[Digest (.*)\]")
    assert answered and all(f"algorithm={algorithm}," in m.group(1) and "qop=auth" in m.group(1)
                            for m in answered), [m.group(0) for m in answered]

    # Past the first lifetime the binding is still there: refreshed twice, same Call-ID,
    # rising CSeq (RFC 3261 §10.2.4).
    saved = kamailio.wait_log(rf"SAVED user={ACCOUNT} callid=(\S+) cseq=(\d+)", count=3, timeout=14)
    assert {m.group(1) for m in saved} == {first.group(1)}, [m.group(0) for m in saved]
    cseqs = [int(m.group(2)) for m in saved]
    assert cseqs == sorted(cseqs) and len(set(cseqs)) == len(cseqs), cseqs
    refreshed = kamailio.wait_contact(ACCOUNT)
    assert int(refreshed["CSeq"]) >= cseqs[-1], refreshed
    assert wait_registration(gateway, "registered")["lastError"] is None
    assert "trunk registration failed" not in gateway.log_text()

    # Stopping the gateway removes the binding (expires=0) instead of letting it lapse.
    assert gateway.stop() == 0
    kamailio.wait_log(rf"REGISTER user={ACCOUNT} callid=\S+ cseq=\d+ expires=0 auth={ACCOUNT}")
    assert kamailio.contacts(ACCOUNT) == [], kamailio.contacts(ACCOUNT)
    assert "trunk unregistered" in gateway.log_text()


def test_interval_too_brief_is_answered_with_min_expires(make_kamailio, start_gateway):
    kamailio = make_kamailio({ACCOUNT: PASSWORD}, min_expires=120, max_expires=3600, reply_423=True)
    gateway = registering_gateway(start_gateway, kamailio, expires=60)

    binding = kamailio.wait_contact(ACCOUNT)
    assert 100 < int(binding["Expires"]) <= 120, binding
    kamailio.wait_log(rf"REGISTER user={ACCOUNT} callid=\S+ cseq=\d+ expires=60 auth={ACCOUNT}")
    kamailio.wait_log(rf"REGISTER user={ACCOUNT} callid=\S+ cseq=\d+ expires=120 auth=")
    registration = wait_registration(gateway, "registered")
    assert 100 < seconds_from_now(registration["expiresAt"]) <= 121, registration
    assert registration["lastError"] is None, registration


def test_wrong_password_fails_with_a_reason_and_backs_off(make_kamailio, start_gateway):
    kamailio = make_kamailio({ACCOUNT: PASSWORD}, min_expires=5, max_expires=3600)
    gateway = registering_gateway(start_gateway, kamailio, password="not-the-password")

    registration = wait_registration(gateway, "failed")
    failed_at = time.monotonic()
    assert "refused the credentials" in registration["lastError"] and ACCOUNT in registration["lastError"], \
        registration
    assert registration["expiresAt"] is None, registration
    # First retry after 5 s less up to 20 % jitter.
    assert 3.5 <= seconds_from_now(registration["retryAt"]) <= 5.1, registration
    assert kamailio.contacts(ACCOUNT) == []

    # The retry comes at retryAt and fails again; the next delay has doubled (8–10 s).
    failures = wait_log_count(gateway, r"trunk registration failed", 2, timeout=8)
    waited = time.monotonic() - failed_at
    assert 3.5 <= waited <= 6.5, waited
    delays = [int(m) for m in re.findall(r"retry_in_s=(\d+)", gateway.log_text())]
    assert delays[:2] and 4 <= delays[0] <= 5 and 7 <= delays[1] <= 10, delays
    assert all("reason=" in line for line in failures), failures
    second = trunk_registration(gateway)
    assert second["state"] == "failed" and 7 <= seconds_from_now(second["retryAt"]) <= 10.1, second
    # Each attempt is one challenge answered once: two REGISTERs per attempt, no loop.
    registers = kamailio.matches(rf"REGISTER user={ACCOUNT} ")
    assert len(registers) == 4, [m.group(0) for m in registers]


def wait_log_count(gateway, pattern: str, count: int, timeout: float) -> list[str]:
    deadline = time.monotonic() + timeout
    while True:
        lines = [line for line in gateway.log_text().splitlines() if re.search(pattern, line)]
        if len(lines) >= count:
            return lines
        if time.monotonic() > deadline:
            raise AssertionError(f"gatewayd: {pattern!r} logged {len(lines)} times, not {count}\n"
                                 f"{gateway.log_tail()}")
        time.sleep(0.1)


def test_authenticated_call_through_kamailio_to_a_registered_phone(
        make_kamailio, make_phone, start_gateway, make_web_client, tmp_path):
    kamailio = make_kamailio({ACCOUNT: PASSWORD, PHONE: PHONE_PASSWORD}, min_expires=5, max_expires=3600)
    phone = make_phone(PHONE, 440, registrar=kamailio.address, auth_pass=PHONE_PASSWORD)
    phone.wait_log(rf"{PHONE}@127\.0\.0\.1: .* 200 OK .*\[1 binding\]", timeout=10)
    kamailio.wait_contact(PHONE)
    gateway = registering_gateway(start_gateway, kamailio)
    wait_registration(gateway, "registered")

    web = make_web_client(gateway.ws_url("alice"))
    call = web.call(PHONE, tone48k(1000), tmp_path / "web-heard.wav")
    call.wait_state("connected", timeout=20)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    assert not call.errors, call.errors
    # Kamailio challenged the INVITE with 407 and let the retry through (RFC 3261 §22.3).
    kamailio.wait_log(rf"INVITE challenged ruri=sip:{PHONE}@")
    kamailio.wait_log(rf"INVITE authenticated user={ACCOUNT} ruri=sip:{PHONE}@")
    time.sleep(TALK_S)

    call.hangup()
    assert_end(call.wait_state("hung_up"), "hung_up", "normal_clearing", SIDE_LOCAL)
    phone.wait_event("CALL_CLOSED", timeout=10)
    assert_tone(phone.recording(), 1000, min_seconds=TALK_S - 2)        # web -> phone
    assert_tone(call.stop_media(), 440, min_seconds=TALK_S - 2)         # phone -> web

    record = gateway.wait_record(PHONE)
    assert record["answeredAt"] and record["cause"] == "normal_clearing", record


def test_call_to_the_gateways_account_reaches_it_through_kamailio(
        make_kamailio, make_phone, start_gateway, tmp_path):
    """The other way: a registered phone dials the gateway's account; Kamailio challenges
    the phone, finds the gateway's registered Contact and forwards the INVITE, which the
    gateway takes as its trunk's and answers with the echo test."""
    kamailio = make_kamailio({ACCOUNT: PASSWORD, PHONE: PHONE_PASSWORD}, min_expires=5, max_expires=3600)
    phone = make_phone(PHONE, 440, registrar=kamailio.address, auth_pass=PHONE_PASSWORD)
    phone.wait_log(rf"{PHONE}@127\.0\.0\.1: .* 200 OK .*\[1 binding\]", timeout=10)
    gateway = registering_gateway(start_gateway, kamailio)
    wait_registration(gateway, "registered")
    kamailio.wait_contact(ACCOUNT)

    phone.dial(f"sip:{ACCOUNT}@{kamailio.address}")
    phone.wait_event("CALL_ESTABLISHED", timeout=10)
    kamailio.wait_log(rf"INVITE authenticated user={PHONE} ruri=sip:{ACCOUNT}@")
    time.sleep(TALK_S)
    phone.hangup()
    phone.wait_event("CALL_CLOSED", timeout=10)
    assert_tone(phone.recording(), 440, min_seconds=TALK_S - 2)         # its own tone, echoed
    record = gateway.wait_record(ACCOUNT)
    assert record["direction"] == "inbound" and record["answeredAt"], record


def test_killed_gateway_registers_again_on_restart(make_kamailio, start_gateway):
    """kill -9 leaves Kamailio holding the old binding; the restarted gateway registers again
    at once (a new Call-ID, as a fresh registration must) instead of waiting for it to lapse."""
    kamailio = make_kamailio({ACCOUNT: PASSWORD}, min_expires=5, max_expires=60)
    gateway = registering_gateway(start_gateway, kamailio)
    wait_registration(gateway, "registered")
    before = kamailio.wait_log(rf"SAVED user={ACCOUNT} callid=(\S+) cseq=(\d+)")[0]

    gateway._proc.kill()                         # SIGKILL: no unREGISTER is sent
    gateway._proc.wait(5)
    gateway.started = False
    assert not kamailio.matches(rf"REGISTER user={ACCOUNT} callid=\S+ cseq=\d+ expires=0")

    gateway.start()
    assert wait_registration(gateway, "registered")["lastError"] is None
    saved = kamailio.wait_log(rf"SAVED user={ACCOUNT} callid=(\S+) cseq=(\d+)", count=2)
    assert saved[-1].group(1) != before.group(1), [m.group(0) for m in saved]
    assert kamailio.wait_contact(ACCOUNT)["Address"] == gateway_contact(gateway)
