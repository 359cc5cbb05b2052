"""Chromium on the gateway's own dialer page keeps a call to a baresip phone when the page
is reloaded or its WebSocket drops: the page resumes the call by itself (the resume token
kept in sessionStorage, a new WebSocket, a new peer connection), the phone never notices (no
BYE, no re-INVITE) and the tones cross both ways again. When the call cannot be taken back
(the gateway stays out of reach past calls.disconnect_interval, or refuses the token), the
page shows it as failed. An ICE restart of the page's peer connection (`_restartIce()`, as
when the network under a call changes while the WebSocket stays up) is taken by the gateway
on the same port, DTLS and SRTP. Driven through the page contract `window.gatewayDialer`
(README.md)."""

import json
import time

import requests

from analysis import assert_tone, dominant_frequency, read_wav
from baresip_phone import BYE_RECEIVED
from chromium import DialerPage

PHONE = "5551001"
INTERVAL_S = 10
WEB_HZ, PHONE_HZ = 1000, 440
TALK_S = 5
STORAGE_KEY = "gateway.resumableCalls"


def wait_until(condition, timeout: float, what: str, page: DialerPage):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {timeout} s; state {page.state!r}, states {states(page)}, "
                                 f"cause {page.last_cause}\n{page.console()}")
        time.sleep(0.1)


def states(page: DialerPage) -> list[str]:
    return page.driver.execute_script("return window.gatewayDialer ? window.gatewayDialer.states.slice() : null")


def call_id(page: DialerPage) -> str:
    return page.driver.execute_script("return window.gatewayDialer.callId")


def saved_calls(page: DialerPage) -> dict:
    text = page.driver.execute_script(f"return sessionStorage.getItem('{STORAGE_KEY}')")
    return json.loads(text) if text else {}


def connected_call(browser, make_phone, start_gateway):
    phone = make_phone(PHONE, PHONE_HZ)
    gateway = start_gateway(phone.address, calls_extra=[f"disconnect_interval: {INTERVAL_S}"])
    page = DialerPage(browser, gateway.http_url + "/")
    page.call(PHONE)
    page.wait_state("connected", timeout=20)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    saved = wait_until(lambda: saved_calls(page), 5, "no resume token saved in sessionStorage", page)
    record = saved.get(call_id(page))
    assert record and record["token"] and record["disconnectInterval"] == INTERVAL_S, saved
    assert record["number"] == PHONE, record
    return phone, gateway, page, record


def hang_up_and_check_audio(page: DialerPage, phone, tmp_path, name: str) -> None:
    """Records what the page hears, hangs up from the page, and checks both directions."""
    page.start_recording()
    time.sleep(TALK_S)
    heard = page.stop_recording(tmp_path / f"{name}.wav")
    assert not phone.has_event("CALL_CLOSED"), "the phone was hung up during the resume"
    page.hangup()
    page.wait_state("closed", timeout=10)
    assert page.last_cause == "normal_clearing"
    assert phone.wait_event("CALL_CLOSED", timeout=10)["param"] == BYE_RECEIVED
    assert "got re-INVITE" not in phone.log_text(), "the resume leaked to the phone as a re-INVITE"
    assert saved_calls(page) == {}, "the ended call is still in sessionStorage"

    assert_tone(heard, PHONE_HZ, skip_s=0.5, min_seconds=TALK_S - 2)      # phone -> page, after the resume
    samples, rate = read_wav(phone.recording())
    total = len(samples) / rate
    tail = samples[int((total - 3.5) * rate): int((total - 0.5) * rate)]  # page -> phone, after the resume
    frequency = dominant_frequency(tail, rate)[0]
    assert abs(frequency - WEB_HZ) < 0.02 * WEB_HZ, f"the phone heard {frequency:.0f} Hz at the end, not {WEB_HZ} Hz"


def test_reload_mid_call_resumes_by_itself(browser, make_phone, start_gateway, tmp_path):
    phone, gateway, page, record = connected_call(browser, make_phone, start_gateway)
    time.sleep(2)

    browser.refresh()
    reloaded = time.monotonic()
    wait_until(lambda: browser.execute_script("return !!window.gatewayDialer"), 10, "the reloaded page has no contract", page)
    page.wait_state("connected", timeout=10)
    took = time.monotonic() - reloaded
    seen = states(page)
    assert seen[:1] == ["reconnecting"] and "reconnected" in seen, seen
    assert seen.index("reconnected") < len(seen) - 1 - seen[::-1].index("connected"), seen
    assert call_id(page) == record["callId"], "the page resumed another call"
    assert took < 10, f"the resumed call was connected {took:.1f} s after the reload"
    fresh = wait_until(lambda: saved_calls(page).get(record["callId"]), 5, "no record after the resume", page)
    assert fresh["token"] != record["token"], "the resume token was not renewed"

    hang_up_and_check_audio(page, phone, tmp_path, "after-reload")
    call = gateway.wait_record(PHONE)
    assert call["cause"] == "normal_clearing" and call["hangupSide"] == "web", call


def test_dropped_websocket_is_recovered_without_a_reload(browser, make_phone, start_gateway, tmp_path):
    phone, gateway, page, record = connected_call(browser, make_phone, start_gateway)
    time.sleep(1)

    browser.execute_script("window.gatewayDialer._dropSignaling()")
    wait_until(lambda: "reconnected" in states(page), 10, "the call was not resumed", page)
    page.wait_state("connected", timeout=10)
    seen = states(page)
    assert seen[-3:] == ["reconnecting", "reconnected", "connected"], seen
    assert call_id(page) == record["callId"]
    fresh = saved_calls(page).get(record["callId"])
    assert fresh and fresh["token"] != record["token"], saved_calls(page)

    hang_up_and_check_audio(page, phone, tmp_path, "after-drop")


def test_gateway_out_of_reach_past_the_interval_fails_the_call(browser, make_phone, start_gateway, tmp_path):
    phone, gateway, page, record = connected_call(browser, make_phone, start_gateway)

    # The network is gone: every new WebSocket fails, then the current one drops.
    browser.execute_script("""
        window.WebSocket = class { constructor() { throw new DOMException('offline', 'NetworkError'); } };
        window.gatewayDialer._dropSignaling();""")
    dropped = time.monotonic()
    wait_until(lambda: page.state == "reconnecting", 5, "the page never showed reconnecting", page)
    status = browser.execute_script("return document.getElementById('status').textContent")
    assert "reconnecting" in status.lower(), status
    page.wait_state("failed", timeout=INTERVAL_S + 5)
    waited = time.monotonic() - dropped
    assert INTERVAL_S - 1.5 <= waited <= INTERVAL_S + 1.5, f"failed after {waited:.1f} s, not {INTERVAL_S} s"
    assert page.last_cause == "temporary_failure"
    assert states(page)[-3:] == ["reconnecting", "failed", "closed"], states(page)
    status = browser.execute_script("return document.getElementById('status').textContent")
    assert status.startswith("Call lost:"), status
    assert saved_calls(page) == {}
    # The gateway gave up too: the phone got BYE with the documented cause.
    assert phone.wait_event("CALL_CLOSED", timeout=5)["param"] == BYE_RECEIVED
    call = gateway.wait_record(PHONE)
    assert call["cause"] == "temporary_failure", call


def test_refused_token_after_a_reload_fails_the_call(browser, make_phone, start_gateway, tmp_path):
    phone, gateway, page, record = connected_call(browser, make_phone, start_gateway)
    browser.execute_script(f"""
        const saved = JSON.parse(sessionStorage.getItem('{STORAGE_KEY}'));
        saved[arguments[0]].token = 'not-the-token';
        sessionStorage.setItem('{STORAGE_KEY}', JSON.stringify(saved));""", record["callId"])

    browser.refresh()
    wait_until(lambda: browser.execute_script("return !!window.gatewayDialer"), 10, "the reloaded page has no contract", page)
    page.wait_state("failed", timeout=10)
    assert page.last_cause == "temporary_failure"
    assert states(page) == ["reconnecting", "failed", "closed"], states(page)
    reason = browser.execute_script("return window.gatewayDialer.lastReason")
    assert "no longer has it" in reason, reason
    assert saved_calls(page) == {}
    # The page cannot hang up a call it could not take back: the gateway ends it at the interval.
    assert phone.wait_event("CALL_CLOSED", timeout=INTERVAL_S + 5)["param"] == BYE_RECEIVED


def test_hangup_while_reconnecting_releases_the_phone_once_back(browser, make_phone, start_gateway, tmp_path):
    phone, gateway, page, record = connected_call(browser, make_phone, start_gateway)
    browser.execute_script("""
        window.onlineWebSocket = window.WebSocket;
        window.WebSocket = class { constructor() { throw new DOMException('offline', 'NetworkError'); } };
        window.gatewayDialer._dropSignaling();""")
    dropped = time.monotonic()
    wait_until(lambda: page.state == "reconnecting", 5, "the page never showed reconnecting", page)

    page.hangup()                                   # ends on the page at once
    page.wait_state("closed", timeout=2)
    assert page.last_cause == "normal_clearing"
    assert saved_calls(page) == {}
    time.sleep(1)
    assert not phone.has_event("CALL_CLOSED")       # the gateway cannot know yet

    browser.execute_script("window.WebSocket = window.onlineWebSocket")   # the network is back
    assert phone.wait_event("CALL_CLOSED", timeout=INTERVAL_S)["param"] == BYE_RECEIVED
    released = time.monotonic() - dropped
    assert released < INTERVAL_S - 2, f"the phone was released only after {released:.1f} s (the interval's end)"
    call = gateway.wait_record(PHONE)
    assert call["cause"] == "normal_clearing" and call["hangupSide"] == "web", call


def test_ice_restart_keeps_the_peer_connection_and_the_phone(browser, make_phone, start_gateway, tmp_path):
    phone, gateway, page, record = connected_call(browser, make_phone, start_gateway)
    time.sleep(1)
    before = len(states(page))

    browser.execute_script("return window.gatewayDialer._restartIce()")
    wait_until(lambda: "reconnected" in states(page)[before:], 10, "the gateway never reported reconnected", page)
    page.wait_state("connected", timeout=10)
    seen = states(page)[before:]
    assert seen == ["reconnected", "connected"], seen
    assert call_id(page) == record["callId"]
    fresh = wait_until(lambda: (saved_calls(page).get(record["callId"]) or {}).get("token") != record["token"]
                       and saved_calls(page).get(record["callId"]), 5, "the resume token was not renewed", page)
    assert fresh["token"], fresh
    assert not phone.has_event("CALL_CLOSED"), "the phone was hung up during the ICE restart"

    hang_up_and_check_audio(page, phone, tmp_path, "after-ice-restart")
    call = gateway.wait_record(PHONE)
    events = requests.get(f"{gateway.http_url}/api/calls/{call['id']}", timeout=2, headers=gateway.admin).json()["events"]
    resumed = [event["detail"] for event in events if event["kind"] == "browser_resumed"]
    assert resumed == ["ICE restart"], events
    assert "browser_dropped" not in [event["kind"] for event in events], events


def test_dropped_websocket_while_ringing_is_taken_back_and_answered(browser, make_phone, start_gateway, tmp_path):
    """A drop before the phone answers: the gateway answers the resume with the state the call
    was in (`ringing`), which the page takes as the call being back; the phone then answers
    and both directions carry audio."""
    phone = make_phone(PHONE, PHONE_HZ, answermode="manual")
    gateway = start_gateway(phone.address, calls_extra=[f"disconnect_interval: {INTERVAL_S}"])
    page = DialerPage(browser, gateway.http_url + "/")
    page.call(PHONE)
    page.wait_state("ringing", timeout=20)
    phone.wait_event("CALL_INCOMING", timeout=5)
    wait_until(lambda: saved_calls(page), 5, "no resume token saved in sessionStorage", page)

    browser.execute_script("window.gatewayDialer._dropSignaling()")
    wait_until(lambda: "reconnecting" in states(page), 5, "the drop was not noticed", page)
    wait_until(lambda: states(page)[-1] == "ringing", 10, "the call did not come back ringing", page)
    phone.command("accept")
    page.wait_state("connected", timeout=10)
    seen = states(page)
    assert seen.index("reconnecting") < len(seen) - 1 - seen[::-1].index("ringing"), seen
    # Past the disconnect window the page must not think it is still waiting to be resumed.
    time.sleep(INTERVAL_S + 1)
    assert states(page)[-1] == "connected", states(page)
    hang_up_and_check_audio(page, phone, tmp_path, "after-ringing-drop")
