"""baresip -> gateway dialplan -> agents: a phone calls a DID whose dialplan rings a group of
agents, aiortc consoles signed in with identities of `agents.roster` (docs/signaling.md,
"Agents"; docs/dialplans.md, "Agents and queues"). The agent who accepts gets the call and
a tone crosses both ways; the others are told; a decline, a ring timeout, a closed console
or a presence change moves the call on; nobody answering runs the dialplan's fallback, and
nobody available ends the call busy; a call waits in the queue hearing ringback (or the
step's music) while the only agent talks and wraps up; menu keys reach the agent; every tab
of an agent rings; bad accepts and presence changes get their documented errors.

Agents send 1000 Hz (1250 Hz for bob, or for alice's second call), the phones 600 Hz; the
prompts are tones of their own, so each recording tells what was heard when."""

import time
import wave

import numpy as np
import pytest
import requests

from analysis import assert_tone, dominant_frequency, read_wav
from baresip_phone import BYE_RECEIVED, LOCAL_HANGUP
from ports import HOST, closed_udp_port
from test_dialplan_ivr import heard_within
from tones import tone, tone48k
from webrtc_client import make_offer_sdp

DID = "+12125550100"            # the support line: straight to the agents
MENU_DID = "+12125550101"       # a menu whose key 2 goes to the agents
MUSIC_DID = "+12125550102"      # the agents, with music while nobody rings; no fallback
DIRECT_DID = "+12125550103"     # an extension collected from the caller, dialed directly
PHONE_HZ, ALICE_HZ, BOB_HZ = 600, 1000, 1250
SECOND_HZ = 1250                # what alice sends on a second call, to tell the calls apart
WELCOME_HZ, NOBODY_HZ, MUSIC_HZ = 700, 900, 1100
MUSIC_S = 1.5                   # the music prompt is short: it must be looped
TALK_S = 5

DIALPLAN = f"""
entry:
  dids:
    "{DID}": support
    "{MENU_DID}": front-desk
    "{MUSIC_DID}": support-music
    "{DIRECT_DID}": direct
contexts:
  direct:
    kind: trunk
    country: US
    rules:
      - match: {{pattern: "!"}}
        steps:
          - collect: {{into: ext, prompt: welcome, min: 3, max: 3}}
          - agents: {{agent: "${{ext}}"}}
          - hangup: unallocated_number
  support:
    kind: trunk
    country: US
    rules:
      - match: {{pattern: "!"}}
        steps:
          - agents: support
          - play: nobody
          - hangup: no_answer
  support-music:
    kind: trunk
    country: US
    rules:
      - match: {{pattern: "!"}}
        steps:
          - agents: {{group: support, music: hold}}
  front-desk:
    kind: trunk
    country: US
    rules:
      - match: {{pattern: "!"}}
        menu: front-desk
menus:
  front-desk:
    prompt: welcome
    timeout_s: 10
    options:
      "1": {{hangup: user_busy}}
      "2":
        - agents: support
        - hangup: no_answer
"""

ROSTER = [{"identity": "alice", "name": "Alice Martin", "extension": "201"},
          {"identity": "bob", "name": "Bob Chen", "extension": "202"},
          {"identity": "carol"}]


def agents_section(strategy: str, members=("alice", "bob"), ring_timeout_s: int = 5, wrap_up_s: int = 1,
                   group: dict | None = None) -> dict:
    """gateway.yaml's `agents:` with one group, `support`; `group` adds keys of its own
    (ring_timeout_s, wrap_up_s overriding the section's)."""
    return {"wrap_up_s": wrap_up_s, "ring_timeout_s": ring_timeout_s, "roster": ROSTER,
            "groups": [{"name": "support", "strategy": strategy, "members": list(members), **(group or {})}]}


def start(start_gateway, trunk_address: str, tmp_path, strategy: str = "ring_all", **agents):
    """A gateway whose trunk is `trunk_address` (the phone: calls from its IP are taken),
    with DIALPLAN, its prompts, and the group `support` of `strategy` (`agents`: the
    options of `agents_section`)."""
    return start_gateway(trunk_address, dialplans={"agents.yaml": DIALPLAN},
                         prompts={"welcome": tone(WELCOME_HZ, 8000, 3, tmp_path).read_bytes(),
                                  "nobody": tone(NOBODY_HZ, 8000, 2, tmp_path).read_bytes(),
                                  "hold": tone(MUSIC_HZ, 8000, MUSIC_S, tmp_path).read_bytes()},
                         agents=agents_section(strategy, **agents))


def sign_in(make_agent, gateway, identity: str):
    """An agent's console, connected and `available`."""
    agent = make_agent(gateway.ws_url(identity))
    first = agent.wait_message(lambda m: m.get("type") == "presence")
    assert first["state"] == "away" and first["activity"] == "idle", first   # a console starts away
    reply = agent.presence("available")
    assert reply == {"type": "presence", "state": "available", "activity": "idle"}, reply
    return agent


def dial(phone, gateway, did: str = DID) -> None:
    phone.dial(f"sip:{did[1:]}@{gateway.sip_address}")


def ended_inbound_records(gateway, count: int = 1, timeout: float = 8.0) -> list[dict]:
    """The inbound call records once `count` of them have ended, oldest first, with events."""
    deadline = time.monotonic() + timeout
    while True:
        records = [r for r in gateway.calls() if r.get("direction") == "inbound"]
        if len(records) >= count and all(r.get("endedAt") for r in records):
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"{count} ended inbound records expected within {timeout} s: {records}")
        time.sleep(0.2)
    return [requests.get(f"{gateway.http_url}/api/calls/{r['id']}", timeout=2, headers=gateway.admin).json() for r in reversed(records)]


def event_list(record: dict) -> list[tuple[str, str | None]]:
    return [(e["kind"], e.get("detail")) for e in record.get("events", [])]


def tail(path, seconds: float, out) -> str:
    """The last `seconds` of a recording, as a WAV of its own (to measure what came last)."""
    samples, rate = read_wav(path)
    part = samples[-int(seconds * rate):]
    with wave.open(str(out), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes((np.clip(part, -1, 1) * 32767).astype("<i2").tobytes())
    return str(out)


def first_heard(path, hz: float, window_s: float = 0.25) -> float:
    """When a `window_s` slice dominated by `hz` is first heard, in seconds."""
    samples, rate = read_wav(path)
    step = int(window_s * rate)
    for begin in range(0, len(samples) - step, step):
        part = samples[begin: begin + step]
        if np.sqrt(np.mean(part ** 2)) > 0.01 and abs(dominant_frequency(part, rate)[0] - hz) < 0.03 * hz:
            return begin / rate
    raise AssertionError(f"{path}: {hz} Hz is never heard")


def ringback_heard(path, start_s: float, end_s: float) -> bool:
    """Whether some 0.5 s between the two times holds the US ringback, 440 + 480 Hz, loud
    enough and with most of its energy in those two bands (each with a good share)."""
    samples, rate = read_wav(path)
    window = int(0.5 * rate)
    for begin in range(int(start_s * rate), min(len(samples), int(end_s * rate)) - window, window // 2):
        part = samples[begin: begin + window]
        if np.sqrt(np.mean(part ** 2)) < 0.01:
            continue
        power = np.abs(np.fft.rfft(part * np.hanning(len(part)))) ** 2
        freqs = np.fft.rfftfreq(len(part), 1 / rate)
        def share(hz):
            return power[(freqs > hz - 15) & (freqs < hz + 15)].sum() / power.sum()
        if share(440) > 0.2 and share(480) > 0.2 and share(440) + share(480) > 0.7:
            return True
    return False


# --- 1. ring_all: both ring, the first to accept gets the call -----------------------------

def test_ring_all_first_accept_wins_and_tones_cross(make_phone, start_gateway, make_agent, tmp_path):
    phone = make_phone("5551001", PHONE_HZ)
    gateway = start(start_gateway, phone.address, tmp_path, "ring_all")
    alice, bob = sign_in(make_agent, gateway, "alice"), sign_in(make_agent, gateway, "bob")
    dial(phone, gateway)

    offered = [alice.wait_incoming(), bob.wait_incoming()]
    for incoming in offered:
        assert incoming["callId"] == offered[0]["callId"] and incoming["callId"].startswith("in-"), offered
        assert incoming["from"] == "5551001" and incoming["to"].endswith("2125550100"), incoming
        assert incoming["group"] == "support" and "keys" not in incoming, incoming
    call_id = offered[0]["callId"]
    phone.wait_event("CALL_RINGING", timeout=5)          # a 180 while the agents ring

    call = alice.accept(call_id, tone48k(ALICE_HZ), tmp_path / "alice-heard.wav")
    assert bob.wait_cancel(call_id)["reason"] == "answered_elsewhere"
    call.wait_state("connected", timeout=15)
    assert call.state_names()[:2] == ["connecting", "connected"], call.states
    assert call.answer_sdp and "a=ice-lite" in call.answer_sdp
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    time.sleep(TALK_S)
    call.hangup()
    ended = call.wait_state("closed")
    assert phone.wait_event("CALL_CLOSED", timeout=5)["param"] == BYE_RECEIVED
    hung_up = next(s for s in call.states if s["state"] == "hung_up")
    assert hung_up["cause"] == "normal_clearing" and hung_up["side"] == "local", call.states
    assert ended and not call.errors, call.errors

    assert_tone(call.stop_media(), PHONE_HZ, min_seconds=TALK_S - 2)    # the phone, at the agent
    assert_tone(phone.recording(), ALICE_HZ, min_seconds=TALK_S - 2)    # the agent, at the phone

    (record,) = ended_inbound_records(gateway)
    assert record["answeredAt"] and record["cause"] == "normal_clearing", record
    assert record["hangupSide"] == "web" and record["trunk"] == "phone", record     # the agent hung up
    kinds = [kind for kind, _ in event_list(record)]
    assert kinds[:3] == ["agents", "offered", "offered"], event_list(record)
    assert ("agents", "group support") in event_list(record)
    assert {detail for kind, detail in event_list(record) if kind == "offered"} == {"alice", "bob"}
    assert ("offer_ended", "bob: answered_elsewhere") in event_list(record), event_list(record)
    answered = [detail for kind, detail in event_list(record) if kind == "agent_answered"]
    assert len(answered) == 1 and answered[0].startswith("alice after ") and answered[0].endswith(" s"), answered


# --- 2. in_order: a decline moves the call to the next member -------------------------------

def test_in_order_decline_rings_the_next_agent(make_phone, start_gateway, make_agent, tmp_path):
    phone = make_phone("5551002", PHONE_HZ)
    gateway = start(start_gateway, phone.address, tmp_path, "in_order", ring_timeout_s=20)
    alice, bob = sign_in(make_agent, gateway, "alice"), sign_in(make_agent, gateway, "bob")
    dial(phone, gateway)

    call_id = alice.wait_incoming()["callId"]
    time.sleep(0.5)
    assert bob.of_type("incoming") == [], "in_order rang bob before alice declined"
    alice.reject(call_id)
    incoming = bob.wait_incoming(timeout=3)          # at once, not after alice's 20 s
    assert incoming["callId"] == call_id and incoming["group"] == "support", incoming
    call = bob.accept(incoming, tone48k(BOB_HZ), tmp_path / "bob-heard.wav")
    call.wait_state("connected", timeout=15)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    time.sleep(TALK_S)
    phone.hangup()                                   # this time the caller ends it
    assert phone.wait_event("CALL_CLOSED")["param"] == LOCAL_HANGUP
    hung_up = call.wait_state("hung_up", timeout=5)
    assert hung_up["cause"] == "normal_clearing" and hung_up["side"] == "remote", call.states
    call.wait_state("closed")

    assert_tone(call.stop_media(), PHONE_HZ, min_seconds=TALK_S - 2)
    assert_tone(phone.recording(), BOB_HZ, min_seconds=TALK_S - 2)
    # The declining console is not told about its own decline, and cannot take it back.
    assert alice.of_type("cancel") == [], alice.raw
    index = len(alice.messages)
    alice.reject(call_id)
    error = alice.next_error(index)
    assert error["code"] == "call_gone" and error["callId"] == call_id, error

    (record,) = ended_inbound_records(gateway)
    events = event_list(record)
    assert [e for e in events if e[0] in ("offered", "offer_ended", "agent_answered")][:3] == [
        ("offered", "alice"), ("offer_ended", "alice: declined_elsewhere"), ("offered", "bob")], events
    assert any(kind == "agent_answered" and detail.startswith("bob after ") for kind, detail in events), events


# --- 3. nobody answers: the dialplan's fallback runs ----------------------------------------

def test_nobody_answers_and_the_fallback_runs(make_phone, start_gateway, make_agent, tmp_path):
    phone = make_phone("5551003", PHONE_HZ)
    # The group's 5 s ring timeout overrides the section's 60 s.
    gateway = start(start_gateway, phone.address, tmp_path, "ring_all", ring_timeout_s=60,
                    group={"ring_timeout_s": 5})
    alice, bob = sign_in(make_agent, gateway, "alice"), sign_in(make_agent, gateway, "bob")
    dial(phone, gateway)
    rang_at = time.monotonic()
    call_id = alice.wait_incoming()["callId"]
    assert bob.wait_incoming()["callId"] == call_id
    phone.wait_event("CALL_RINGING", timeout=5)

    # Both let it ring: after the ring timeout each is told, then the fallback answers and plays.
    cancels = [alice.wait_cancel(call_id, timeout=8), bob.wait_cancel(call_id, timeout=2)]
    assert [c["reason"] for c in cancels] == ["timeout", "timeout"], cancels
    assert 4.5 < time.monotonic() - rang_at < 7.5
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    assert phone.wait_event("CALL_CLOSED", timeout=8)["param"] == BYE_RECEIVED
    assert_tone(phone.recording(), NOBODY_HZ, skip_s=0.3, min_seconds=1.2)    # the fallback's prompt

    (record,) = ended_inbound_records(gateway)
    assert record["cause"] == "no_answer" and record["hangupSide"] == "gateway", record
    events = event_list(record)
    assert ("offer_ended", "alice: timeout") in events and ("offer_ended", "bob: timeout") in events, events
    gave_up = [detail for kind, detail in events if kind == "agents_gave_up"]
    assert len(gave_up) == 1 and gave_up[0].startswith("no_answer after "), events
    waited = float(gave_up[0].removeprefix("no_answer after ").removesuffix(" s"))
    assert 4.5 <= waited < 7.0, gave_up
    assert not any(kind == "agent_answered" for kind, _ in events), events
    # The consoles are idle again.
    for agent, cancel in zip((alice, bob), cancels):
        agent.wait_message(lambda m: m.get("type") == "presence" and m.get("activity") == "idle", 2,
                           start=agent.messages.index(cancel))


def test_nobody_available_ends_the_call_with_user_busy(make_phone, start_gateway, make_agent, tmp_path):
    phone = make_phone("5551013", PHONE_HZ)
    gateway = start(start_gateway, phone.address, tmp_path, "ring_all")
    alice = make_agent(gateway.ws_url("alice"))      # signed in, but away; bob is offline
    assert alice.wait_message(lambda m: m.get("type") == "presence")["state"] == "away"
    dial(phone, gateway, MUSIC_DID)                  # no step after `agents`: its cause ends the call
    closed = phone.wait_event("CALL_CLOSED", timeout=5)
    assert closed["param"].startswith("486"), closed
    assert alice.of_type("incoming") == []
    (record,) = ended_inbound_records(gateway)
    assert record["cause"] == "user_busy" and not record.get("answeredAt"), record
    gave_up = [detail for kind, detail in event_list(record) if kind == "agents_gave_up"]
    assert gave_up == ["nobody_available after 0.0 s"], event_list(record)


# --- 4. a console that closes (or goes away) while ringing is skipped ------------------------

@pytest.mark.parametrize("how", ["closes", "sets_away"])
def test_agent_leaving_while_ringing_is_skipped(how, make_phone, start_gateway, make_agent, tmp_path):
    phone = make_phone("5551004", PHONE_HZ)
    gateway = start(start_gateway, phone.address, tmp_path, "in_order", ring_timeout_s=20)
    alice, bob = sign_in(make_agent, gateway, "alice"), sign_in(make_agent, gateway, "bob")
    dial(phone, gateway)
    call_id = alice.wait_incoming()["callId"]
    time.sleep(0.5)
    assert bob.of_type("incoming") == []
    left_at = time.monotonic()
    if how == "closes":
        alice.close()                                # the tab goes away while it rings
    else:
        assert alice.presence("away")["state"] == "away"
        assert alice.wait_cancel(call_id, timeout=2)["reason"] == "agent_unavailable"
    incoming = bob.wait_incoming(timeout=3)          # at once, not after the 20 s ring timeout
    assert incoming["callId"] == call_id and time.monotonic() - left_at < 3

    call = bob.accept(incoming, tone48k(BOB_HZ), tmp_path / "bob-heard.wav")
    call.wait_state("connected", timeout=15)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    time.sleep(4)
    call.hangup()
    call.wait_state("closed")
    phone.wait_event("CALL_CLOSED")
    assert_tone(phone.recording(), BOB_HZ, min_seconds=2)
    assert_tone(call.stop_media(), PHONE_HZ, min_seconds=2)

    (record,) = ended_inbound_records(gateway)
    assert ("offer_ended", "alice: agent_unavailable") in event_list(record), event_list(record)
    assert any(kind == "agent_answered" and detail.startswith("bob after ") for kind, detail in event_list(record))


# --- 5. the queue: a call waits while the only agent talks and wraps up ----------------------

@pytest.mark.parametrize("hears", ["ringback", "music"])
def test_second_call_waits_in_the_queue_until_the_agent_is_free(hears, make_phone, start_gateway, make_agent,
                                                                 tmp_path):
    first_phone, second_phone = make_phone("5551005", PHONE_HZ), make_phone("5551006", PHONE_HZ)
    # Both phones call from 127.0.0.1, the trunk's address. The group's 1 s wrap-up
    # overrides the section's 60 s.
    gateway = start(start_gateway, first_phone.address, tmp_path, "ring_all", members=("alice",),
                    ring_timeout_s=10, wrap_up_s=60, group={"wrap_up_s": 1})
    alice = sign_in(make_agent, gateway, "alice")
    dial(first_phone, gateway)
    first = alice.accept(alice.wait_incoming(), tone48k(ALICE_HZ), tmp_path / "alice-first.wav")
    first.wait_state("connected", timeout=15)
    first_phone.wait_event("CALL_ESTABLISHED", timeout=5)
    alice.wait_message(lambda m: m.get("type") == "presence" and m.get("activity") == "talking", 3)

    dial(second_phone, gateway, DID if hears == "ringback" else MUSIC_DID)
    # Nobody can ring: the queue answers the caller and plays the ringback tone (or the
    # step's music, looped) meanwhile.
    second_phone.wait_event("CALL_ESTABLISHED", timeout=5)
    waiting_s = 6.5                                  # ringback cadence: 2 s on, 4 s off
    time.sleep(waiting_s)
    assert len(alice.of_type("incoming")) == 1, "the second call rang an agent who is talking"

    index = len(alice.messages)
    first.hangup()
    first.wait_state("closed")
    first_phone.wait_event("CALL_CLOSED")
    wrap = alice.wait_message(lambda m: m.get("type") == "presence" and m.get("activity") == "wrap_up", 3, index)
    left_ms = wrap["wrapUpUntil"] - time.time() * 1000
    assert 0 < left_ms <= 1100, wrap
    time.sleep(max(0.0, left_ms / 1000 - 0.3))
    assert not [m for m in alice.messages[index:] if m.get("type") == "incoming"], "rang during wrap-up"
    incoming = alice.wait_incoming(timeout=3, start=index)       # wrap-up over: the waiting call rings
    assert incoming["callId"] != first.call_id and incoming["from"] == "5551006", incoming

    ringing_s = 2.5
    time.sleep(ringing_s)                            # the caller hears ringback while alice rings
    second = alice.accept(incoming, tone48k(SECOND_HZ), tmp_path / "alice-second.wav")
    second.wait_state("connected", timeout=15)
    time.sleep(TALK_S)
    second_phone.hangup()
    second.wait_state("closed", timeout=5)
    second_phone.wait_event("CALL_CLOSED")
    first.stop_media()

    heard = second_phone.recording()
    if hears == "ringback":
        assert ringback_heard(heard, 0.0, waiting_s), "the waiting caller did not hear the ringback tone"
    else:
        for begin in (0.0, 2 * MUSIC_S, 4 * MUSIC_S - 0.5):            # the prompt, then looped
            assert heard_within(heard, MUSIC_HZ, begin, begin + MUSIC_S + 0.5), f"no music at {begin} s"
        assert not ringback_heard(heard, 0.0, waiting_s), "ringback instead of the music"
    connected_s = first_heard(heard, SECOND_HZ)
    assert connected_s > waiting_s, connected_s
    assert ringback_heard(heard, connected_s - ringing_s + 0.2, connected_s), "no ringback while the agent rang"
    assert_tone(tail(heard, TALK_S - 1, tmp_path / "second-tail.wav"), SECOND_HZ, skip_s=0, min_seconds=3)
    assert_tone(second.stop_media(), PHONE_HZ, min_seconds=TALK_S - 2)

    first_record, second_record = ended_inbound_records(gateway, count=2)
    answered = [detail for kind, detail in event_list(second_record) if kind == "agent_answered"]
    assert len(answered) == 1 and answered[0].startswith("alice after "), event_list(second_record)
    assert float(answered[0].removeprefix("alice after ").removesuffix(" s")) >= waiting_s + 1, answered
    assert [kind for kind, _ in event_list(first_record)].count("agent_answered") == 1


# --- 6. menu keys reach the agent ------------------------------------------------------------

def test_menu_key_reaches_the_agent_with_the_call(make_phone, start_gateway, make_agent, tmp_path):
    phone = make_phone("5551007", PHONE_HZ)
    gateway = start(start_gateway, phone.address, tmp_path, "ring_all", members=("alice",))
    alice = sign_in(make_agent, gateway, "alice")
    dial(phone, gateway, MENU_DID)
    phone.wait_event("CALL_ESTABLISHED", timeout=10)
    time.sleep(1.2)
    phone.command("sndcode", "2")
    incoming = alice.wait_incoming(timeout=5)
    assert incoming["keys"] == "2" and incoming["group"] == "support", incoming
    assert incoming["to"].endswith("2125550101") and incoming["from"] == "5551007", incoming
    time.sleep(2.5)                                  # the caller hears the gateway's ringback meanwhile
    call = alice.accept(incoming, tone48k(ALICE_HZ), tmp_path / "alice-heard.wav")
    call.wait_state("connected", timeout=15)
    time.sleep(TALK_S)
    call.hangup()
    call.wait_state("closed")
    phone.wait_event("CALL_CLOSED")

    heard = phone.recording()
    assert heard_within(heard, WELCOME_HZ, 0.0, 1.2), "the menu prompt was not heard"
    assert ringback_heard(heard, 1.2, 4.0), "no ringback while the agent rang"
    assert_tone(tail(heard, TALK_S - 1, tmp_path / "tail.wav"), ALICE_HZ, skip_s=0, min_seconds=3)
    assert_tone(call.stop_media(), PHONE_HZ, min_seconds=TALK_S - 2)


def test_direct_dial_by_extension_rings_that_agent_only(make_phone, start_gateway, make_agent, tmp_path):
    """The caller keys in bob's extension; bob rings (no group), alice, in the group, does not."""
    phone = make_phone("5551014", PHONE_HZ)
    gateway = start(start_gateway, phone.address, tmp_path, "ring_all", members=("alice",))
    alice, bob = sign_in(make_agent, gateway, "alice"), sign_in(make_agent, gateway, "bob")
    dial(phone, gateway, DIRECT_DID)
    phone.wait_event("CALL_ESTABLISHED", timeout=10)
    time.sleep(1.0)
    for digit in "202":
        phone.command("sndcode", digit)
        time.sleep(0.4)
    incoming = bob.wait_incoming(timeout=5)
    assert incoming["keys"] == "202" and "group" not in incoming and incoming["from"] == "5551014", incoming
    call = bob.accept(incoming, tone48k(BOB_HZ), tmp_path / "bob-heard.wav")
    call.wait_state("connected", timeout=15)
    time.sleep(TALK_S)
    assert alice.of_type("incoming") == [], alice.of_type("incoming")
    call.hangup()
    call.wait_state("closed")
    phone.wait_event("CALL_CLOSED")
    assert_tone(call.stop_media(), PHONE_HZ, min_seconds=TALK_S - 2)
    assert_tone(tail(phone.recording(), TALK_S - 1, tmp_path / "tail.wav"), BOB_HZ, skip_s=0, min_seconds=3)
    (record,) = ended_inbound_records(gateway)
    assert ("agents", "agent 202") in event_list(record), event_list(record)


# --- one agent on two tabs ----------------------------------------------------------------

def test_every_tab_of_an_agent_rings_and_one_takes_the_call(make_phone, start_gateway, make_agent, tmp_path):
    phone = make_phone("5551011", PHONE_HZ)
    gateway = start(start_gateway, phone.address, tmp_path, "ring_all", members=("alice",))
    desk = sign_in(make_agent, gateway, "alice")
    dial(phone, gateway)
    call_id = desk.wait_incoming()["callId"]
    # A tab opened while the agent rings is offered the same call; its presence is the agent's.
    laptop = make_agent(gateway.ws_url("alice"))
    assert laptop.wait_message(lambda m: m.get("type") == "presence")["state"] == "available"
    assert laptop.wait_incoming(timeout=3)["callId"] == call_id

    call = laptop.accept(call_id, tone48k(ALICE_HZ), tmp_path / "laptop-heard.wav")
    assert desk.wait_cancel(call_id)["reason"] == "answered_elsewhere"
    call.wait_state("connected", timeout=15)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    for tab in (desk, laptop):                       # both tabs show the agent talking
        tab.wait_message(lambda m: m.get("type") == "presence" and m.get("activity") == "talking", 3)
    index = len(desk.messages)
    desk.send({"type": "accept", "callId": call_id, "sdp": make_offer_sdp()})
    assert desk.next_error(index)["code"] == "call_gone"
    time.sleep(3)
    call.hangup()
    call.wait_state("closed")
    phone.wait_event("CALL_CLOSED")
    assert_tone(phone.recording(), ALICE_HZ, min_seconds=1.5)
    assert desk.of_type("state") == [], "the other tab was sent the call's states"


# --- the caller hangs up while the agents ring -----------------------------------------------

def test_caller_hanging_up_while_ringing_cancels_every_offer(make_phone, start_gateway, make_agent, tmp_path):
    phone = make_phone("5551010", PHONE_HZ)
    gateway = start(start_gateway, phone.address, tmp_path, "ring_all")
    alice, bob = sign_in(make_agent, gateway, "alice"), sign_in(make_agent, gateway, "bob")
    dial(phone, gateway)
    call_id = alice.wait_incoming()["callId"]
    bob.wait_incoming()
    phone.wait_event("CALL_RINGING", timeout=5)
    phone.hangup()                                   # a CANCEL before anyone answered
    for agent in (alice, bob):
        assert agent.wait_cancel(call_id, timeout=3)["reason"] == "caller_hung_up"
    index = len(alice.messages)
    alice.send({"type": "accept", "callId": call_id, "sdp": make_offer_sdp()})
    error = alice.next_error(index)
    assert error["code"] == "call_gone" and "hung up" in error["message"], error

    (record,) = ended_inbound_records(gateway)
    assert record["cause"] == "originator_cancel" and not record.get("answeredAt"), record
    events = event_list(record)
    assert ("offer_ended", "alice: caller_hung_up") in events and ("offer_ended", "bob: caller_hung_up") in events


# --- 7. bad input over the signaling ---------------------------------------------------------

def test_accepting_an_answered_call_is_call_gone(make_phone, start_gateway, make_agent, tmp_path):
    phone = make_phone("5551008", PHONE_HZ)
    gateway = start(start_gateway, phone.address, tmp_path, "ring_all")
    alice, bob = sign_in(make_agent, gateway, "alice"), sign_in(make_agent, gateway, "bob")
    dial(phone, gateway)
    call_id = alice.wait_incoming()["callId"]
    bob.wait_incoming()
    call = alice.accept(call_id, tone48k(ALICE_HZ), tmp_path / "alice-heard.wav")
    call.wait_state("connected", timeout=15)
    bob.wait_cancel(call_id)

    offer = make_offer_sdp()
    for agent, words in ((bob, "answered elsewhere"), (alice, "already answered")):
        index = len(agent.messages)
        agent.send({"type": "accept", "callId": call_id, "sdp": offer})
        error = agent.next_error(index)
        assert error["code"] == "call_gone" and error["callId"] == call_id, error
        assert words in error["message"], error
    index = len(bob.messages)
    bob.reject(call_id)
    assert bob.next_error(index)["code"] == "call_gone"
    index = len(bob.messages)
    bob.send({"type": "accept", "callId": "in-nosuchcall", "sdp": offer})
    assert bob.next_error(index)["code"] == "unknown_call"
    assert call.state_names() == ["connecting", "connected"], call.states     # the call is untouched
    call.hangup()
    call.wait_state("closed")
    phone.wait_event("CALL_CLOSED")


def test_accept_with_a_bad_offer_keeps_the_call_ringing(make_phone, start_gateway, make_agent, tmp_path):
    phone = make_phone("5551009", PHONE_HZ)
    gateway = start(start_gateway, phone.address, tmp_path, "ring_all", members=("alice",))
    alice = sign_in(make_agent, gateway, "alice")
    dial(phone, gateway)
    call_id = alice.wait_incoming()["callId"]
    plain_rtp = make_offer_sdp().replace("UDP/TLS/RTP/SAVPF", "RTP/AVP")
    for bad in ("v=0\r\nthis is not SDP\r\n", plain_rtp):
        index = len(alice.messages)
        alice.send({"type": "accept", "callId": call_id, "sdp": bad})
        error = alice.next_error(index)
        assert error["code"] == "bad_offer" and error["callId"] == call_id, error
    time.sleep(0.5)
    assert alice.of_type("cancel") == [] and not phone.has_event("CALL_CLOSED"), alice.raw

    call = alice.accept(call_id, tone48k(ALICE_HZ), tmp_path / "alice-heard.wav")
    call.wait_state("connected", timeout=15)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    time.sleep(4)
    call.hangup()
    call.wait_state("closed")
    phone.wait_event("CALL_CLOSED")
    assert_tone(phone.recording(), ALICE_HZ, min_seconds=2)
    assert_tone(call.stop_media(), PHONE_HZ, min_seconds=2)


def test_presence_errors(start_gateway, make_agent, tmp_path):
    gateway = start(start_gateway, f"{HOST}:{closed_udp_port()}", tmp_path)
    stranger = make_agent(gateway.ws_url("mallory"))
    error = stranger.presence("available")
    assert error["type"] == "error" and error["code"] == "not_an_agent", error
    assert stranger.of_type("presence") == [], "a non-agent was sent a presence"

    carol = make_agent(gateway.ws_url("carol"))
    carol.wait_message(lambda m: m.get("type") == "presence")
    assert carol.presence("lunch")["code"] == "bad_presence"
    states = ["available", "away"] * 5 + ["available"]
    for number, state in enumerate(states, start=1):
        reply = carol.presence(state)
        if number <= 10:
            assert reply == {"type": "presence", "state": state, "activity": "idle"}, (number, reply)
        else:
            assert reply["type"] == "error" and reply["code"] == "rate_limited", reply
            assert "'away'" in reply["message"], reply                      # nothing changed
    carol.ping()
    assert carol.of_type("presence")[-1]["state"] == "away"
