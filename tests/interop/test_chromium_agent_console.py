"""Chromium (a 1 kHz tone as microphone) on the gateway's agent console (agent.html), against
the stand-in gateway with the agent side of the protocol (fake_agent_gateway.py): the
console shows the presence the gateway reports, rings with the caller's details, accepts
with an offer and talks, clears a panel on `cancel`, declines, auto-answers from its query
parameters, and shows errors in words; an accepted call with a resume token survives a
dropped connection and a reload. A call that rings while the console's tab is in the
background shows a desktop notification naming the caller, closed once the call stops
ringing; the recent calls list (answered with duration, missed, declined) survives a reload
and Clear empties it. The test plays the gateway's caller side. Screenshots:
docs/screenshots/agent-recent-calls.png (1280x800) and agent-recent-calls-phone.png (390x844)."""

import re
import time
from pathlib import Path

import pytest
from selenium.common.exceptions import JavascriptException
from selenium.webdriver.common.by import By

from agent_page import AgentPage
from analysis import assert_tone

STORAGE_KEY = "gateway.resumableCalls"
INCOMING = {"type": "incoming", "callId": "in-3f2a9c", "from": "+15551230000", "fromName": "Bob",
            "to": "+15557650000", "group": "support", "keys": "2"}


def incoming(call_id: str, **fields) -> dict:
    return {**INCOMING, "callId": call_id, **fields}


@pytest.fixture
def agent_gateway():
    from fake_agent_gateway import FakeAgentGateway
    gateway = FakeAgentGateway().start()
    yield gateway
    gateway.stop()


def panels(page: AgentPage) -> list[dict]:
    return page.js("[...document.querySelectorAll('#incoming-list li')].map((li) => "
                   "({callId: li.dataset.callId, state: li.dataset.state, text: li.textContent}))")


def test_presence_incoming_accept_talk_and_caller_hangup(browser, agent_gateway, tmp_path):
    page = AgentPage(browser, agent_gateway.http_url, identity="alice", presence="available")
    assert agent_gateway.wait_message("alice", "presence")["state"] == "available"
    page.wait(lambda: (page.presence or {}).get("state") == "available", "presence 'available'")
    page.wait_state("idle")
    assert page.text("#presence-status") == "Available — idle"
    assert page.js("document.getElementById('presence').value") == "available"
    assert page.js("!!document.querySelector('a[href=\"./\"]')"), "no link back to the dialer"

    agent_gateway.push("alice", INCOMING)
    page.wait_state("ringing")
    [panel] = panels(page)
    assert panel["callId"] == "in-3f2a9c" and panel["state"] == "ringing", panel
    for shown in ("Bob", "+15551230000", "+15557650000", "support", "Keys pressed2"):
        assert shown in panel["text"], (shown, panel)
    assert "Incoming call from Bob" in page.text("#status")
    assert page.js("window.agentConsole.ringing"), "no ring while a call rings"

    assert page.accept("in-3f2a9c") == "in-3f2a9c"        # resolves once the gateway answered
    accept = agent_gateway.wait_message("alice", "accept")
    assert accept["callId"] == "in-3f2a9c", accept
    for line in ("m=audio", "a=fingerprint:", "a=ice-ufrag:", "a=candidate:", "opus/48000"):
        assert line in accept["sdp"], f"{line} missing from the accept's offer"
    call = page.wait_call_state("connected")
    assert call["states"][:2] == ["connecting", "connected"], call
    assert page.state == "connected" and panels(page) == [] and not page.js("window.agentConsole.ringing")
    assert page.text("#call-caller") == "Bob (+15551230000)"
    assert page.text("#call-state") == "Connected"

    mark = len(agent_gateway.inbox)                      # the keypad and the keyboard send DTMF
    browser.find_element(By.CSS_SELECTOR, '#call-view button[data-digit="5"]').click()
    browser.find_element(By.TAG_NAME, "body").send_keys("#")
    page.wait(lambda: [m.get("digits") for _, m in agent_gateway.inbox[mark:] if m.get("type") == "dtmf"] == ["5", "#"],
              "dtmf 5 then #")
    assert page.text("#sent-digits") == "Sent: 5#"

    time.sleep(1)
    page.start_recording()
    time.sleep(4)
    heard = page.stop_recording(tmp_path / "agent-heard.wav")
    assert_tone(heard, 1000, skip_s=0.5, min_seconds=3)    # the caller repeats the agent's tone

    agent_gateway.end_call("alice", "in-3f2a9c")
    call = page.wait_call_state("closed")
    assert call["cause"] == "normal_clearing" and call["side"] == "remote", call
    page.wait_state("idle")
    assert page.text("#call-state") == "Call ended: The caller hung up."
    assert page.js("document.getElementById('hangup-button').disabled")


def test_cancel_clears_the_panel_and_reject_sends_reject(browser, agent_gateway):
    page = AgentPage(browser, agent_gateway.http_url, identity="alice")
    page.wait(lambda: (page.presence or {}).get("state") == "away", "presence 'away'")
    assert page.text("#presence-status") == "Away — idle"

    agent_gateway.push("alice", incoming("in-1"))
    page.wait_state("ringing")
    agent_gateway.push("alice", {"type": "cancel", "callId": "in-1", "reason": "caller_hung_up"})
    page.wait_state("idle")
    [entry] = page.incoming
    assert entry["state"] == "cancelled" and entry["cancelReason"] == "caller_hung_up", entry
    [panel] = panels(page)
    assert panel["state"] == "cancelled" and "Caller hung up" in panel["text"], panel
    assert page.js("[...document.querySelectorAll('#incoming-list button')].every((b) => b.hidden)")
    page.wait(lambda: panels(page) == [], "the cancelled panel to go", timeout=8)

    for call_id, reason, words in (("in-2", "answered_elsewhere", "Answered elsewhere"), ("in-3", "timeout", "Timed out")):
        agent_gateway.push("alice", incoming(call_id))
        page.wait(lambda: any(p["callId"] == call_id for p in panels(page)), f"panel {call_id}")
        agent_gateway.push("alice", {"type": "cancel", "callId": call_id, "reason": reason})
        page.wait(lambda: any(p["callId"] == call_id and words in p["text"] for p in panels(page)), words)

    agent_gateway.push("alice", incoming("in-4", fromName=None, group=None, keys=None))
    page.wait(lambda: any(p["callId"] == "in-4" and p["state"] == "ringing" for p in panels(page)), "panel in-4")
    in4 = next(p for p in panels(page) if p["callId"] == "in-4")
    assert "Direct call" in in4["text"] and "Keys pressedNone" in in4["text"], in4
    page.reject("in-4")
    assert agent_gateway.wait_message("alice", "reject") == {"type": "reject", "callId": "in-4"}
    assert not any(p["callId"] == "in-4" for p in panels(page))
    assert next(e for e in page.incoming if e["callId"] == "in-4")["state"] == "rejected"
    with pytest.raises(JavascriptException, match="invalid_state: The call was declined already"):
        page.reject("in-4")


def test_errors_are_shown_in_words(browser, agent_gateway):
    page = AgentPage(browser, agent_gateway.http_url, identity="carol", presence="available")
    page.wait(lambda: any(e["code"] == "not_an_agent" for e in page.errors), "the not_an_agent error")
    assert page.text("#error") == "'carol' is not on the agent roster."
    assert page.presence is None

    page.js("window.agentConsole.signIn('alice')")
    page.wait(lambda: page.presence, "presence of alice")
    agent_gateway.push("alice", {"type": "error", "code": "rate_limited",
                                 "message": "More than 10 presence changes in 10 s; presence stays 'away'."})
    page.wait(lambda: "presence stays 'away'" in page.text("#error"), "the rate_limited error")

    agent_gateway.gone.add("in-9")
    agent_gateway.push("alice", incoming("in-9"))
    page.wait_state("ringing")
    with pytest.raises(JavascriptException, match="call_gone: The caller hung up"):
        page.accept("in-9")
    [entry] = [e for e in page.incoming if e["callId"] == "in-9"]
    assert entry["state"] == "cancelled" and entry["cancelReason"] == "call_gone", entry
    assert page.text("#error") == "The call could not be answered: The caller hung up."
    assert page.last_call["state"] == "failed" and page.last_call["cause"] == "call_gone"
    page.wait_state("idle")


def test_autoanswer_from_the_query_then_agent_hangup(browser, agent_gateway):
    page = AgentPage(browser, agent_gateway.http_url, identity="bob", presence="available",
                     autoanswer=1, autoanswer_ms=200)
    page.wait(lambda: (page.presence or {}).get("state") == "available", "presence 'available'")
    agent_gateway.push("bob", incoming("in-a"))
    assert agent_gateway.wait_message("bob", "accept", timeout=5)["callId"] == "in-a"
    page.wait_call_state("connected")

    mark = len(agent_gateway.inbox)
    page.hangup()
    assert agent_gateway.wait_message("bob", "hangup", after=mark)["callId"] == "in-a"
    call = page.wait_call_state("closed")
    assert call["side"] == "local" and call["cause"] == "normal_clearing", call

    agent_gateway.push("bob", incoming("in-b"))          # autoanswer=1: the first call only
    page.wait_state("ringing")
    time.sleep(1)
    assert page.state == "ringing"
    assert not [m for _, m in agent_gateway.inbox[mark:] if m.get("type") == "accept"]


def test_a_dropped_connection_is_opened_again(browser, agent_gateway):
    page = AgentPage(browser, agent_gateway.http_url, identity="alice", presence="busy")
    page.wait(lambda: (page.presence or {}).get("state") == "busy", "presence 'busy'")
    agent_gateway.push("alice", incoming("in-r"))
    page.wait_state("ringing")

    agent_gateway.drop("alice")
    page.wait_state("reconnecting", timeout=5)
    [entry] = page.incoming
    assert entry["state"] == "cancelled" and entry["cancelReason"] == "signaling_lost", entry
    assert "Connection to the gateway lost" in panels(page)[0]["text"]
    assert page.text("#status") == "Connection lost — reconnecting…"

    page.wait_state("idle", timeout=5)                   # the first retry comes after 1 s
    agent_gateway.wait_consoles("alice")
    page.wait(lambda: (page.presence or {}).get("state") == "busy", "presence 'busy' again")
    assert [m["state"] for _, m in agent_gateway.inbox if m.get("type") == "presence"] == ["busy"], \
        "the presence of the query is set once, not again on each connection"


OFFLINE = """
    window.onlineWebSocket = window.WebSocket;
    window.WebSocket = class { constructor() { throw new DOMException('offline', 'NetworkError'); } };"""


def answered_resumable(page: AgentPage, agent_gateway, call_id: str) -> str:
    """A call with a resume token, accepted and connected; returns the token."""
    agent_gateway.resumable.add(call_id)
    agent_gateway.push("alice", incoming(call_id))
    page.wait_state("ringing")
    page.accept(call_id)
    page.wait_call_state("connected")
    stored = page.wait(lambda: page.js(f"JSON.parse(sessionStorage.getItem('{STORAGE_KEY}') || '{{}}')")
                       .get(call_id), "the resume token in sessionStorage")
    assert stored["token"] == agent_gateway.tokens[call_id], stored
    assert stored["incoming"] == {"from": "+15551230000", "fromName": "Bob", "to": "+15557650000",
                                  "group": "support", "keys": "2"}, stored
    return stored["token"]


def test_a_dropped_connection_resumes_the_call_on_the_next_one(browser, agent_gateway, tmp_path):
    page = AgentPage(browser, agent_gateway.http_url, identity="alice", presence="available")
    page.wait(lambda: (page.presence or {}).get("state") == "available", "presence 'available'")
    token = answered_resumable(page, agent_gateway, "in-d")

    browser.execute_script(OFFLINE + "window.agentConsole._dropSignaling();")
    page.wait_state("reconnecting", timeout=5)
    assert page.last_call["states"][-1] == "reconnecting", page.last_call
    assert page.text("#status") == "Connection lost — reconnecting…"
    text = page.wait(lambda: re.fullmatch(r"Connection lost — reconnecting… The call is kept for (\d+) s\.",
                                          page.text("#call-state")), "the countdown")
    assert 7 <= int(text[1]) <= 10, text[0]
    time.sleep(1.5)
    assert int(re.search(r"(\d+) s", page.text("#call-state"))[1]) < int(text[1]), "the countdown does not run"

    page.js("window.WebSocket = window.onlineWebSocket")         # the network is back
    page.wait_call_state("reconnected", timeout=8)
    call = page.wait(lambda: (c := page.last_call)["states"][-1] == "connected" and c, "connected again")
    assert call["states"] == ["connecting", "connected", "reconnecting", "reconnected", "connected"], call
    resume = agent_gateway.wait_message("alice", "resume")
    assert resume["callId"] == "in-d" and resume["token"] == token and "m=audio" in resume["sdp"], resume
    assert page.text("#call-state") == "Connected" and page.state == "connected"
    assert [m["type"] for _, m in agent_gateway.inbox].count("resume") == 1
    assert agent_gateway.connections == 2, f"{agent_gateway.connections} WebSockets, not one reconnection"
    page.wait(lambda: (page.presence or {}).get("state") == "available", "presence given back")

    page.start_recording()
    time.sleep(4)
    assert_tone(page.stop_recording(tmp_path / "after-resume.wav"), 1000, skip_s=0.5, min_seconds=3)
    page.hangup()
    assert page.wait_call_state("closed")["cause"] == "normal_clearing"
    assert page.js(f"sessionStorage.getItem('{STORAGE_KEY}')") is None
    assert page.errors == [], page.errors


def test_a_refused_resume_shows_the_call_lost(browser, agent_gateway):
    page = AgentPage(browser, agent_gateway.http_url, identity="alice", presence="available")
    answered_resumable(page, agent_gateway, "in-x")
    agent_gateway.tokens.clear()                                  # the call ended meanwhile
    page.js("window.agentConsole._dropSignaling()")
    call = page.wait_call_state("closed", timeout=8)
    assert call["state"] == "failed" and call["cause"] == "temporary_failure", call
    assert call["states"][-4:] == ["connected", "reconnecting", "failed", "closed"], call
    assert page.text("#call-state").startswith("Call lost: The call could not be taken back"), page.text("#call-state")
    page.wait_state("idle")


def test_a_call_without_a_token_ends_with_the_connection(browser, agent_gateway):
    page = AgentPage(browser, agent_gateway.http_url, identity="alice", presence="available")
    agent_gateway.push("alice", incoming("in-w"))                 # a web user's call: no token
    page.wait_state("ringing")
    page.accept("in-w")
    page.wait_call_state("connected")
    page.js("window.agentConsole._dropSignaling()")
    call = page.wait_call_state("closed", timeout=5)
    assert call["cause"] == "signaling_lost" and "reconnecting" not in call["states"], call
    page.wait_state("idle", timeout=5)
    assert [m["type"] for _, m in agent_gateway.inbox].count("resume") == 0


def test_a_reload_resumes_the_call_and_signing_out_hangs_it_up(browser, agent_gateway):
    page = AgentPage(browser, agent_gateway.http_url, identity="alice", presence="available")
    token = answered_resumable(page, agent_gateway, "in-l")
    time.sleep(1)

    browser.refresh()
    page.wait(lambda: page.js("!!window.agentConsole"), "the reloaded page's contract")
    call = page.wait(lambda: (c := page.last_call) and c["states"][-1:] == ["connected"] and c, "connected again")
    assert call["states"] == ["reconnecting", "reconnected", "connected"], call
    assert call["callId"] == "in-l" and call["connectedAt"], call
    assert agent_gateway.wait_message("alice", "resume")["token"] == token
    assert page.text("#call-caller") == "Bob (+15551230000)"
    assert page.text("#call-details").startswith("Dialed +15557650000 · group support")
    assert page.text("#call-state") == "Connected"
    mark = len(agent_gateway.inbox)
    page.js("window.agentConsole.signOut()")                     # hangs up first: no caller left on hold
    assert agent_gateway.wait_message("alice", "hangup", after=mark)["callId"] == "in-l"
    page.wait_state("signed_out")


# ---- Desktop notifications and recent calls ---------------------------------------------

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP, PHONE = (1280, 800), (390, 844)


def notification(page: AgentPage, call_id: str) -> dict | None:
    return next((n for n in page.notifications if n["callId"] == call_id), None)


def rang_in_background(page: AgentPage, agent_gateway, *messages: dict) -> None:
    """Pushes `messages` while the console's tab is behind another one. Nothing can be read
    from the console meanwhile, so each gets a moment to arrive (a WebSocket message reaches a
    background tab at once); a notification made after the tab came back would say
    `visibility: 'visible'`, and none is made then, so a slow arrival fails the test, never
    passes it wrongly."""
    with page.in_background():
        for message in messages:
            agent_gateway.push("alice", message)
            time.sleep(1.0)


def test_a_call_ringing_in_a_background_tab_shows_a_notification(browser, agent_gateway):
    page = AgentPage(browser, agent_gateway.http_url, identity="alice", presence="available")
    page.wait(lambda: (page.presence or {}).get("state") == "available", "presence 'available'")
    assert page.notification_permission == "default"          # never asked without a click
    assert page.visible("#notify-button") and page.text("#notify-button") == "Allow desktop notifications"
    page.set_notification_permission("denied")                 # as in the site settings
    page.wait(lambda: not page.visible("#notify-button") and "blocked" in page.text("#notify-hint"),
              "the line saying notifications are blocked")
    assert "set Notifications to Allow" in page.text("#notify-hint")
    page.set_notification_permission("granted")
    page.wait(lambda: page.notification_permission == "granted" and "are on" in page.text("#notify-hint"),
              "notifications allowed")
    assert not page.visible("#notify-button")

    agent_gateway.push("alice", incoming("in-front"))          # the tab in front: the page is enough
    page.wait_state("ringing")
    page.reject("in-front")
    assert page.notifications == []

    rang_in_background(page, agent_gateway, INCOMING)
    assert notification(page, "in-3f2a9c"), f"no notification for a call ringing in a background tab: {page.incoming}"
    shown = page.wait(lambda: (n := notification(page, "in-3f2a9c"))["shown"] and n, "Chromium's 'show' event")
    assert shown["visibility"] == "hidden", shown                     # made while the tab was hidden
    assert shown["title"] == "Incoming call from Bob (+15551230000)", shown
    assert shown["body"] == "Group support · dialed +15557650000 · keys pressed 2", shown
    assert shown["open"] and shown["closedBy"] is None, shown          # still ringing: still open
    page.accept("in-3f2a9c")
    closed = notification(page, "in-3f2a9c")
    assert not closed["open"] and closed["closedBy"] == "answered", closed
    page.wait_call_state("connected")
    agent_gateway.end_call("alice", "in-3f2a9c")
    page.wait_state("idle")

    rang_in_background(page, agent_gateway, incoming("in-taken"),   # a colleague answers it
                       {"type": "cancel", "callId": "in-taken", "reason": "answered_elsewhere"})
    taken = notification(page, "in-taken")
    assert taken and not taken["open"] and taken["closedBy"] == "answered_elsewhere", taken

    agent_gateway.push("alice", incoming("in-later"))            # rings in front, then the agent
    page.wait_state("ringing")                                    # turns to another tab
    assert notification(page, "in-later") is None
    rang_in_background(page, agent_gateway, {"type": "cancel", "callId": "in-later", "reason": "caller_hung_up"})
    later = notification(page, "in-later")
    assert later and later["visibility"] == "hidden", page.notifications
    assert not later["open"] and later["closedBy"] == "caller_hung_up", later

    rang_in_background(page, agent_gateway, incoming("in-declined"))
    assert notification(page, "in-declined")["open"]
    page.reject("in-declined")
    assert notification(page, "in-declined")["closedBy"] == "declined"
    assert [n["callId"] for n in page.notifications] == ["in-3f2a9c", "in-taken", "in-later", "in-declined"]
    assert page.errors == [], page.errors


def recent_rows(page: AgentPage) -> list[dict]:
    return page.js("[...document.querySelectorAll('#recent-list li')].map((li) => "
                   "({callId: li.dataset.callId, outcome: li.dataset.outcome, text: li.textContent}))")


def screenshot(driver, name: str, size: tuple[int, int]) -> None:
    """docs/screenshots/<name>.png of the viewport at `size`."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": size[0] < 500})
    time.sleep(0.3)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert path.stat().st_size > 5000, path


def test_recent_calls_survive_a_reload_and_clear_empties_them(browser, agent_gateway):
    page = AgentPage(browser, agent_gateway.http_url, identity="alice", presence="available")
    page.wait(lambda: (page.presence or {}).get("state") == "available", "presence 'available'")
    assert page.visible("#recent-section") and page.recent_calls == []
    assert page.text("#recent-empty") == "No calls yet."
    assert page.js("document.getElementById('recent-clear').disabled")

    agent_gateway.push("alice", INCOMING)                         # answered, about 2.5 s long
    page.wait_state("ringing")
    page.accept("in-3f2a9c")
    page.wait_call_state("connected")
    [live] = page.recent_calls
    assert live["outcome"] == "answered" and live["endedAt"] is None, live
    assert "on the call now" in page.text("#recent-list")
    time.sleep(2.5)
    agent_gateway.end_call("alice", "in-3f2a9c")
    page.wait_call_state("closed")

    agent_gateway.push("alice", incoming("in-missed", **{"from": "+15550001111"}, fromName="Carol", group="sales"))
    page.wait_state("ringing")                                    # missed: the caller hangs up first
    agent_gateway.push("alice", {"type": "cancel", "callId": "in-missed", "reason": "caller_hung_up"})
    page.wait_state("idle")
    agent_gateway.push("alice", incoming("in-declined", fromName=None, group=None, keys=None))
    page.wait_state("ringing")
    page.reject("in-declined")

    browser.refresh()
    page.wait(lambda: page.js("!!window.agentConsole"), "the reloaded page's contract")
    page.wait_state("idle")
    calls = page.recent_calls
    assert [c["callId"] for c in calls] == ["in-declined", "in-missed", "in-3f2a9c"], calls   # newest first
    declined, missed, answered = calls
    assert answered["outcome"] == "answered" and answered["group"] == "support", answered
    assert 2000 <= answered["durationMs"] <= 6000, answered
    assert answered["durationMs"] == answered["endedAt"] - answered["connectedAt"], answered
    assert missed["outcome"] == "missed" and missed["reason"] == "caller_hung_up", missed
    assert missed["fromName"] == "Carol" and missed["durationMs"] is None, missed
    assert declined["outcome"] == "declined" and declined["group"] is None, declined

    rows = recent_rows(page)
    assert [(r["callId"], r["outcome"]) for r in rows] == [(c["callId"], c["outcome"]) for c in calls], rows
    assert re.search(r"Bob \(\+15551230000\)AnsweredGroup: supportAt: .+Duration: 0:0[2-6]$", rows[2]["text"]), rows[2]
    assert re.search(r"^Carol \(\+15550001111\)MissedGroup: salesAt: .+Why: Caller hung up$", rows[1]["text"]), rows[1]
    assert rows[0]["text"].startswith("+15551230000DeclinedGroup: Direct call"), rows[0]
    assert page.js("document.getElementById('recent-list').getAttribute('aria-labelledby')") == "recent-heading"
    assert page.js("document.querySelectorAll('#recent-list time[datetime]').length") == 3
    assert not page.visible("#recent-empty")
    screenshot(browser, "agent-recent-calls", DESKTOP)
    screenshot(browser, "agent-recent-calls-phone", PHONE)

    page.js("window.agentConsole.signIn('bob')")                  # each agent sees their own calls
    page.wait(lambda: page.js("window.agentConsole.identity") == "bob" and page.state == "idle", "signed in as bob")
    assert page.recent_calls == [] and recent_rows(page) == []
    page.js("window.agentConsole.signIn('alice')")
    page.wait(lambda: page.js("window.agentConsole.identity") == "alice" and page.state == "idle", "alice again")
    assert len(page.recent_calls) == 3

    browser.find_element(By.ID, "recent-clear").click()
    assert page.recent_calls == [] and recent_rows(page) == []
    assert page.visible("#recent-empty") and page.js("document.activeElement.id") == "recent-heading"
    browser.refresh()
    page.wait(lambda: page.js("!!window.agentConsole"), "the reloaded page's contract")
    page.wait_state("idle")
    assert page.recent_calls == [], "Clear did not last through a reload"

    for n in range(22):                                           # the last 20 only
        agent_gateway.push("alice", incoming(f"in-{n:02}"))
        page.wait(lambda: any(i["callId"] == f"in-{n:02}" and i["state"] == "ringing" for i in page.incoming),
                  f"in-{n:02} ringing")
        page.reject(f"in-{n:02}")
    kept = [c["callId"] for c in page.recent_calls]
    assert kept == [f"in-{n:02}" for n in range(21, 1, -1)], kept
    assert len(recent_rows(page)) == 20
    assert page.errors == [], page.errors
