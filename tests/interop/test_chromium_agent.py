"""Chromium (a 1 kHz tone as microphone) on the gateway's agent console (agent.html) takes a
call from a baresip phone that dialed a DID whose dialplan rings the agents (docs/signaling.md,
"Agents"), driven through `window.agentConsole` and the page's query parameters: the
console rings with the caller's details, answers by itself (`autoanswer`), tones cross both
ways, the agent's hangup reaches the phone as BYE, and wrap-up follows. When the console's
WebSocket drops mid-call, the phone hears the hold tone and the console takes the call back
by itself on its next connection (docs/signaling.md, "Reconnecting"), the phone never hung up
nor re-INVITEd."""

import json
import time

from agent_page import AgentPage
from analysis import assert_tone, dominant_frequency, read_wav
from baresip_phone import BYE_RECEIVED
from test_agents import ended_inbound_records
from test_reconnect import heard_hold_tone
from tones import tone48k

DID = "+12125550100"
PHONE, PHONE_HZ = "5551001", 600
BOB_HZ = 1250
TALK_S = 5

DIALPLAN = f"""
entry:
  dids:
    "{DID}": support
contexts:
  support:
    kind: trunk
    country: US
    rules:
      - match: {{pattern: "!"}}
        steps:
          - agents: support
          - hangup: no_answer
"""

AGENTS = {"wrap_up_s": 30, "ring_timeout_s": 20,
          "roster": [{"identity": "alice", "name": "Alice Martin", "extension": "201"}],
          "groups": [{"name": "support", "strategy": "ring_all", "members": ["alice"]}]}


def test_agent_console_answers_a_phone(browser, make_phone, start_gateway, tmp_path):
    phone = make_phone(PHONE, PHONE_HZ)
    gateway = start_gateway(phone.address, dialplans={"agents.yaml": DIALPLAN}, agents=AGENTS)
    page = AgentPage(browser, gateway.http_url, identity="alice", presence="available",
                     autoanswer=1, autoanswer_ms=1500)
    page.wait(lambda: page.presence == {"state": "available", "activity": "idle", "wrapUpUntil": None},
              "presence available and idle")

    phone.dial(f"sip:{DID[1:]}@{gateway.sip_address}")
    page.wait_state("ringing")
    [incoming] = page.incoming
    assert incoming["from"] == PHONE and incoming["to"].endswith(DID[2:]), incoming
    assert incoming["group"] == "support" and incoming["callId"].startswith("in-"), incoming
    assert page.js("window.agentConsole.ringing")

    call = page.wait_call_state("connected", timeout=20)     # accepted after autoanswer_ms
    assert call["callId"] == incoming["callId"] and call["states"][:2] == ["connecting", "connected"], call
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    page.wait(lambda: (page.presence or {}).get("activity") == "talking", "activity 'talking'")
    page.start_recording()
    time.sleep(TALK_S)
    heard = page.stop_recording(tmp_path / "agent-heard.wav")

    page.hangup()
    call = page.wait_call_state("closed", timeout=10)
    assert call["cause"] == "normal_clearing" and call["side"] == "local", call
    assert phone.wait_event("CALL_CLOSED", timeout=10)["param"] == BYE_RECEIVED
    presence = page.wait(lambda: (p := page.presence) and p["activity"] == "wrap_up" and p, "wrap-up")
    assert 20_000 < presence["wrapUpUntil"] - time.time() * 1000 <= 31_000, presence
    assert "Wrap-up:" in page.text("#wrap-up-text")
    assert page.errors == [], page.errors

    assert_tone(heard, PHONE_HZ, skip_s=0.5, min_seconds=TALK_S - 2)           # phone -> agent
    assert_tone(phone.recording(), 1000, min_seconds=TALK_S - 2)             # agent -> phone


def test_ring_all_between_chromium_and_aiortc(browser, make_phone, make_agent, start_gateway, tmp_path):
    """A ring-all group of two agents, the console in Chromium and an aiortc one: both ring;
    aiortc answers first and gets the call (tones cross with the phone), Chromium's console
    shows the call as answered elsewhere and stays idle."""
    phone = make_phone(PHONE, PHONE_HZ)
    agents = {**AGENTS, "roster": AGENTS["roster"] + [{"identity": "bob"}],
              "groups": [{"name": "support", "strategy": "ring_all", "members": ["alice", "bob"]}]}
    gateway = start_gateway(phone.address, dialplans={"agents.yaml": DIALPLAN}, agents=agents)
    page = AgentPage(browser, gateway.http_url, identity="alice", presence="available")
    page.wait(lambda: (page.presence or {}).get("state") == "available", "presence available")
    bob = make_agent(gateway.ws_url("bob"))
    bob.wait_message(lambda m: m.get("type") == "presence")
    assert bob.presence("available")["state"] == "available"

    phone.dial(f"sip:{DID[1:]}@{gateway.sip_address}")
    offered = bob.wait_incoming(timeout=10)
    page.wait_state("ringing")
    assert page.incoming[0]["callId"] == offered["callId"], page.incoming

    call = bob.accept(offered, tone48k(BOB_HZ), tmp_path / "bob-heard.wav")
    call.wait_state("connected", timeout=15)
    cancelled = page.wait(lambda: next((i for i in page.incoming if i.get("cancelReason")), None),
                          "the console's ringing call cancelled")
    assert cancelled["cancelReason"] == "answered_elsewhere", cancelled
    assert "Answered elsewhere" in page.text("body")
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    time.sleep(TALK_S)
    call.hangup()
    call.wait_state("closed")
    assert phone.wait_event("CALL_CLOSED", timeout=10)["param"] == BYE_RECEIVED
    assert page.last_call is None and page.errors == [], (page.last_call, page.errors)

    assert_tone(call.stop_media(), PHONE_HZ, min_seconds=TALK_S - 2)       # phone -> aiortc agent
    assert_tone(phone.recording(), BOB_HZ, min_seconds=TALK_S - 2)         # aiortc agent -> phone


INTERVAL_S = 15
OFFLINE_S = 6
STORAGE_KEY = "gateway.resumableCalls"
OFFLINE = """
    window.onlineWebSocket = window.WebSocket;
    window.WebSocket = class { constructor() { throw new DOMException('offline', 'NetworkError'); } };
    window.agentConsole._dropSignaling();"""


def test_agent_console_resumes_a_phone_call_after_its_connection_drops(browser, make_phone, start_gateway, tmp_path):
    """The console's WebSocket drops (and stays out of reach for a few seconds) mid-call: the
    phone hears the hold tone, the console counts down the seconds the call is kept, then
    connects again by itself and resumes the call on that connection (one `resume`: states
    `reconnecting`, `reconnected`, `connected`, the same callId, a new token); tones cross both
    ways after it, and the phone got neither BYE nor re-INVITE until the agent hung up."""
    phone = make_phone(PHONE, PHONE_HZ)
    gateway = start_gateway(phone.address, dialplans={"agents.yaml": DIALPLAN}, agents=AGENTS,
                            calls_extra=[f"disconnect_interval: {INTERVAL_S}"])
    page = AgentPage(browser, gateway.http_url, identity="alice", presence="available",
                     autoanswer=1, autoanswer_ms=500)
    page.wait(lambda: (page.presence or {}).get("state") == "available", "presence available")

    dialed = time.monotonic()
    phone.dial(f"sip:{DID[1:]}@{gateway.sip_address}")
    call = page.wait_call_state("connected", timeout=20)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    established = time.monotonic()
    saved = page.wait(lambda: json.loads(page.js(f"sessionStorage.getItem('{STORAGE_KEY}')") or "{}")
                      .get(call["callId"]), "the call's resume token in sessionStorage")
    assert saved["disconnectInterval"] == INTERVAL_S and saved["incoming"]["from"] == PHONE, saved
    time.sleep(2)

    browser.execute_script(OFFLINE)
    dropped = time.monotonic()
    page.wait_state("reconnecting", timeout=5)
    assert page.last_call["states"][-1] == "reconnecting", page.last_call
    assert page.text("#status") == "Connection lost — reconnecting…"
    kept = page.wait(lambda: "The call is kept for" in (text := page.text("#call-state")) and text, "the countdown")
    assert kept.startswith("Connection lost — reconnecting…"), kept
    time.sleep(OFFLINE_S)
    assert not phone.has_event("CALL_CLOSED"), "the phone was hung up while the console was away"
    browser.execute_script("window.WebSocket = window.onlineWebSocket")   # the network is back
    back = time.monotonic()

    call = page.wait(lambda: (c := page.last_call)["states"][-1] == "connected" and c, "connected again", timeout=10)
    assert call["states"] == ["connecting", "connected", "reconnecting", "reconnected", "connected"], call
    assert page.state == "connected" and page.text("#call-state") == "Connected"
    fresh = json.loads(page.js(f"sessionStorage.getItem('{STORAGE_KEY}')") or "{}").get(call["callId"])
    assert fresh and fresh["token"] != saved["token"], "the resume token was not renewed"
    page.wait(lambda: (page.presence or {}).get("activity") == "talking", "presence given back, 'talking'")
    page.start_recording()
    time.sleep(TALK_S)
    heard = page.stop_recording(tmp_path / "agent-heard-after-resume.wav")
    assert not phone.has_event("CALL_CLOSED"), "the phone was hung up during the resume"

    page.hangup()
    assert page.wait_call_state("closed", timeout=10)["cause"] == "normal_clearing"
    assert phone.wait_event("CALL_CLOSED", timeout=10)["param"] == BYE_RECEIVED
    assert "got re-INVITE" not in phone.log_text(), "the resume leaked to the phone as a re-INVITE"
    assert page.errors == [], page.errors
    (record,) = ended_inbound_records(gateway)
    kinds = [event["kind"] for event in record["events"]]
    assert kinds.count("browser_dropped") == 1 and kinds.count("browser_resumed") == 1, record["events"]
    assert kinds.index("browser_dropped") < kinds.index("browser_resumed"), record["events"]

    assert_tone(heard, PHONE_HZ, skip_s=0.5, min_seconds=TALK_S - 2)       # phone -> agent, after the resume
    recording = phone.recording()
    samples, rate = read_wav(recording)
    total = len(samples) / rate
    tail = samples[int((total - 3.5) * rate): int((total - 0.5) * rate)]   # agent -> phone, after the resume
    frequency = dominant_frequency(tail, rate)[0]
    assert abs(frequency - 1000) < 20, f"the phone heard {frequency:.0f} Hz at the end, not 1000 Hz"
    # The phone's recording began between the dial and the answer: this stretch of it lies
    # within the time the console was away, whenever it began.
    assert back - established > dropped - dialed + 2, "too short a time away to look for the hold tone"
    assert heard_hold_tone(recording, dropped - dialed + 0.5, back - established), \
        "the phone did not hear the hold tone while the console was away"
