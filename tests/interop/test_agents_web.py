"""A web user reaches an agent: an aiortc browser opens the call link `support`, whose
dialplan rings the group `support`; an aiortc agent console accepts. The two browsers' Opus
is relayed through the gateway without transcoding (each leg keeps its own DTLS-SRTP), so a
tone sent by either is measured in the other's recording; keys cross as signaling `dtmf`;
either hanging up ends the other's call as `remote`."""

import time

from analysis import assert_tone
from ports import HOST, closed_udp_port
from tones import tone48k

CALLER_HZ, AGENT_HZ = 600, 1000
TALK_S = 5

DIALPLAN = """
entry:
  web:
    default: web
    call_links:
      support: {context: web, number: "*200"}
contexts:
  web:
    country: US
    rules:
      - match: {exact: "*200"}
        steps:
          - agents: {group: support, max_wait: 20}
          - hangup: no_answer
      - match: {pattern: "!"}
        hangup: call_rejected
"""

AGENTS = {"wrap_up_s": 0, "ring_timeout_s": 15, "roster": [{"identity": "alice", "extension": "201"}],
          "groups": [{"name": "support", "strategy": "ring_all", "members": ["alice"]}]}


def start(start_gateway):
    return start_gateway(f"{HOST}:{closed_udp_port()}", dialplans={"web.yaml": DIALPLAN}, agents=AGENTS)


def sign_in(make_agent, gateway):
    agent = make_agent(gateway.ws_url("alice"))
    agent.wait_message(lambda m: m.get("type") == "presence")
    assert agent.presence("available")["state"] == "available"
    return agent


def place(make_web_client, gateway, tmp_path):
    """The web user's call through the call link; returns the client and its call."""
    web = make_web_client(gateway.ws_url("visitor"))
    call = web.call(None, tone48k(CALLER_HZ), tmp_path / "caller-heard.wav", link="support")
    return web, call


def test_web_user_reaches_an_agent_and_tones_cross(start_gateway, make_web_client, make_agent, tmp_path):
    gateway = start(start_gateway)
    agent = sign_in(make_agent, gateway)
    web, call = place(make_web_client, gateway, tmp_path)

    incoming = agent.wait_incoming(timeout=10)
    assert incoming["from"] == "visitor" and incoming["group"] == "support", incoming
    taken = agent.accept(incoming, tone48k(AGENT_HZ), tmp_path / "agent-heard.wav")
    taken.wait_state("connected", timeout=15)
    assert taken.state_names()[:2] == ["connecting", "connected"], taken.states
    time.sleep(TALK_S)

    # Keys cross as signaling messages: the agent's reach the caller, and back.
    agent.send({"type": "dtmf", "callId": taken.call_id, "digits": "5"})
    web.wait_message(lambda m: m.get("type") == "dtmf" and m.get("digit") == "5", timeout=5)
    web.send({"type": "dtmf", "callId": call.call_id, "digits": "#"})
    agent.wait_message(lambda m: m.get("type") == "dtmf" and m.get("digit") == "#", timeout=5)

    call.hangup()
    call.wait_state("closed")
    ended = taken.wait_state("hung_up", timeout=5)
    assert ended["side"] == "remote" and ended["cause"] == "normal_clearing", ended
    taken.wait_state("closed")

    assert_tone(taken.stop_media(), CALLER_HZ, min_seconds=TALK_S - 2)   # the caller, at the agent
    assert_tone(call.stop_media(), AGENT_HZ, min_seconds=TALK_S - 2)     # the agent, at the caller
    # The agent is free again (no wrap-up configured) and nobody waits.
    status = gateway_status(gateway)
    assert status["waiting"] == [] and status["agents"][0]["activity"] == "idle", status


def test_agent_hanging_up_ends_the_web_users_call_as_remote(start_gateway, make_web_client, make_agent, tmp_path):
    gateway = start(start_gateway)
    agent = sign_in(make_agent, gateway)
    web, call = place(make_web_client, gateway, tmp_path)
    incoming = agent.wait_incoming(timeout=10)
    taken = agent.accept(incoming, tone48k(AGENT_HZ), tmp_path / "agent-heard.wav")
    taken.wait_state("connected", timeout=15)
    taken.hangup()
    ended = call.wait_state("hung_up", timeout=5)
    assert ended["side"] == "remote", ended
    call.wait_state("closed")
    assert taken.wait_state("hung_up")["side"] == "local"


def test_web_user_hanging_up_while_ringing_cancels_the_offer(start_gateway, make_web_client, make_agent, tmp_path):
    gateway = start(start_gateway)
    agent = sign_in(make_agent, gateway)
    web, call = place(make_web_client, gateway, tmp_path)
    incoming = agent.wait_incoming(timeout=10)
    call.hangup()
    assert agent.wait_cancel(incoming["callId"])["reason"] == "caller_hung_up"
    start_index = len(agent.messages)
    agent.send({"type": "accept", "callId": incoming["callId"], "sdp": "v=0"})
    error = agent.next_error(start_index)
    assert error["code"] == "call_gone" and "hung up" in error["message"], error


def gateway_status(gateway) -> dict:
    import requests
    return requests.get(f"{gateway.http_url}/api/agents", timeout=2, headers=gateway.admin).json()
