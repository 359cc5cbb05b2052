"""Agents in token mode (web_auth.mode: token; docs/signaling.md, "Agents"): an identity on
the agent roster signs in as an agent only when its token carries `agent_groups`, and that
console is offered only calls of the groups the claim lists. A roster identity whose token
has no such claim is a plain web user: no presence, no calls offered. A baresip phone calls
the support line through the gateway's dialplan (`agents: support`), as in test_agents.py.

Agents send 1000 Hz, the phone 600 Hz, so each recording tells who was heard."""

import time

from analysis import assert_tone
from baresip_phone import BYE_RECEIVED
from ports import HOST, closed_udp_port
from test_agents import (ALICE_HZ, DIALPLAN, DID, MUSIC_DID, MUSIC_HZ, NOBODY_HZ, PHONE_HZ, TALK_S, WELCOME_HZ,
                         agents_section, dial, ended_inbound_records, event_list)
from test_tokens import ISSUER, SECRET, mint, refusal
from tones import tone, tone48k

WEB_AUTH = {"mode": "token", "issuer": ISSUER, "max_token_lifetime_s": 3600,
            "keys": [{"id": "2026-11", "secret": SECRET}]}


def start(start_gateway, trunk_address: str, tmp_path, strategy: str = "ring_all"):
    """A token-mode gateway with test_agents' dialplan and prompts; alice and bob (roster
    identities) are both members of the group `support`."""
    return start_gateway(trunk_address, dialplans={"agents.yaml": DIALPLAN},
                         prompts={"welcome": tone(WELCOME_HZ, 8000, 3, tmp_path).read_bytes(),
                                  "nobody": tone(NOBODY_HZ, 8000, 2, tmp_path).read_bytes(),
                                  "hold": tone(MUSIC_HZ, 8000, 1.5, tmp_path).read_bytes()},
                         agents=agents_section(strategy), web_auth=WEB_AUTH)


def console(make_agent, gateway, identity: str, **claims):
    """A console connected with a token for `identity` carrying `claims`."""
    agent = make_agent(gateway.token_url(mint({"sub": identity, **claims})))
    assert agent.hello["identity"] == identity, agent.hello
    return agent


def sign_in(make_agent, gateway, identity: str, groups: list[str]):
    """An agent's console whose token lists `groups`, signed in and `available`."""
    agent = console(make_agent, gateway, identity, agent_groups=groups)
    first = agent.wait_message(lambda m: m.get("type") == "presence")
    assert first["state"] == "away" and first["activity"] == "idle", first     # a console starts away
    reply = agent.presence("available")
    assert reply == {"type": "presence", "state": "available", "activity": "idle"}, reply
    return agent


def offered_to(record: dict) -> list[str]:
    return [detail for kind, detail in event_list(record) if kind == "offered"]


# --- 1. a token's agent_groups decide which calls a member is offered -----------------------

def test_agent_is_offered_only_the_groups_of_its_token(make_phone, start_gateway, make_agent, tmp_path):
    phone = make_phone("5552001", PHONE_HZ)
    gateway = start(start_gateway, phone.address, tmp_path, "ring_all")
    alice = sign_in(make_agent, gateway, "alice", ["support"])
    # bob is a member of support on the roster, but his token serves only sales: he signs in
    # as an agent (presence works) and is not offered support's calls.
    bob = sign_in(make_agent, gateway, "bob", ["sales"])
    dial(phone, gateway)

    incoming = alice.wait_incoming()
    assert incoming["group"] == "support" and incoming["from"] == "5552001", incoming
    phone.wait_event("CALL_RINGING", timeout=5)
    time.sleep(1.0)                                  # ring_all offers to every member at once
    assert bob.of_type("incoming") == [], f"bob's token serves sales, yet he rang for support: {bob.raw}"

    call = alice.accept(incoming, tone48k(ALICE_HZ), tmp_path / "alice-heard.wav")
    call.wait_state("connected", timeout=15)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    time.sleep(TALK_S)
    call.hangup()
    call.wait_state("closed")
    assert phone.wait_event("CALL_CLOSED", timeout=5)["param"] == BYE_RECEIVED
    assert not call.errors, call.errors

    assert_tone(call.stop_media(), PHONE_HZ, min_seconds=TALK_S - 2)    # the phone, at alice
    assert_tone(phone.recording(), ALICE_HZ, min_seconds=TALK_S - 2)    # alice, at the phone
    assert bob.of_type("incoming") == [] and bob.of_type("cancel") == [], bob.raw
    assert bob.of_type("presence")[-1] == {"type": "presence", "state": "available", "activity": "idle"}

    (record,) = ended_inbound_records(gateway)
    assert offered_to(record) == ["alice"], event_list(record)
    answered = [detail for kind, detail in event_list(record) if kind == "agent_answered"]
    assert len(answered) == 1 and answered[0].startswith("alice after "), answered


# --- 2. a roster identity without agent_groups is a plain web user; each tab serves its groups -

def test_roster_identity_without_agent_groups_is_not_an_agent(make_phone, start_gateway, make_agent, tmp_path):
    first_phone, second_phone = make_phone("5552002", PHONE_HZ), make_phone("5552003", PHONE_HZ)
    gateway = start(start_gateway, first_phone.address, tmp_path, "ring_all")
    bob = console(make_agent, gateway, "bob")
    error = bob.presence("available")
    assert error["type"] == "error" and error["code"] == "not_an_agent", error
    assert "agent_groups" in error["message"], error
    bob.ping()
    assert bob.of_type("presence") == [], "a console without agent_groups was sent a presence"

    # Nobody is signed in as an agent: the group has nobody available and the call ends busy.
    dial(first_phone, gateway, MUSIC_DID)           # no step after `agents`: its cause ends the call
    closed = first_phone.wait_event("CALL_CLOSED", timeout=5)
    assert closed["param"].startswith("486"), closed
    (busy,) = ended_inbound_records(gateway)
    assert busy["cause"] == "user_busy" and offered_to(busy) == [], event_list(busy)

    # With alice signed in for support (and a tab of hers whose token has no agent_groups),
    # a call rings alice's agent console only.
    alice = sign_in(make_agent, gateway, "alice", ["support"])
    alice_plain = console(make_agent, gateway, "alice")
    # A third tab of hers signs in as an agent for sales only: it is not offered support's call.
    alice_sales = console(make_agent, gateway, "alice", agent_groups=["sales"])
    dial(second_phone, gateway)
    call_id = alice.wait_incoming()["callId"]
    second_phone.wait_event("CALL_RINGING", timeout=5)
    time.sleep(1.0)
    second_phone.hangup()
    assert alice.wait_cancel(call_id)["reason"] == "caller_hung_up"
    for plain in (bob, alice_plain):
        assert plain.of_type("incoming") == [] and plain.of_type("cancel") == [], plain.raw
        assert plain.of_type("presence") == [], plain.raw
    assert alice_sales.of_type("incoming") == [], f"a tab serving sales rang for support: {alice_sales.raw}"
    assert alice_sales.of_type("presence"), "a tab with agent_groups is an agent console (it gets presence)"

    _, rang = ended_inbound_records(gateway, count=2)
    assert offered_to(rang) == ["alice"], event_list(rang)


# --- 3. token mode: an identity in the URL is not enough --------------------------------------

def test_agent_identity_without_a_token_is_refused(start_gateway, tmp_path):
    gateway = start(start_gateway, f"{HOST}:{closed_udp_port()}", tmp_path)
    message, close_code = refusal(gateway.ws_url("alice"))
    assert (message.get("type"), message.get("code"), close_code) == ("error", "token_required", 4401), message
