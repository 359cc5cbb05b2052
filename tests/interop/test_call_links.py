"""Call links made through the admin API (docs/call-links.md), used by aiortc with a real
phone (baresip) at the other end: the link's number is called whatever the browser sends,
tones cross both ways, every use is recorded; a one-time link is spent once answered; a
link that is not open (scheduled, revoked, unknown, used) is refused with link_unavailable
and its page says why."""

import asyncio
import json
import time
from datetime import datetime, timedelta, timezone

import requests
import websockets

from analysis import assert_tone
from tones import tone48k

PHONE = "5551001"      # baresip answers only this Request-URI user
TALK_S = 5


def make_link(gateway, **draft) -> requests.Response:
    return requests.post(gateway.http_url + "/api/call-links", headers=gateway.admin, json=draft, timeout=5)


def link_url(gateway, link_id: str) -> str:
    return gateway.ws_url().split("?")[0] + "?link=" + link_id


def refusal(gateway, link_id: str) -> tuple[dict, int]:
    """The error a link connection gets before it is closed, and the close code."""
    async def run():
        async with websockets.connect(link_url(gateway, link_id), open_timeout=5) as ws:
            message = json.loads(await asyncio.wait_for(ws.recv(), 5))
            try:
                await asyncio.wait_for(ws.recv(), 5)
            except websockets.ConnectionClosed as closed:
                return message, closed.rcvd.code
            raise AssertionError("the connection stayed open")
    return asyncio.run(run())


def details(gateway, link_id: str) -> dict:
    response = requests.get(f"{gateway.http_url}/api/call-links/{link_id}", headers=gateway.admin, timeout=5)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_number_link_calls_its_number_whatever_the_browser_sends(make_phone, start_gateway, make_web_client, tmp_path):
    phone = make_phone(PHONE, 440)
    gateway = start_gateway(phone.address)
    made = make_link(gateway, label="Support", destination={"kind": "number", "number": PHONE}, displayName="ACME support")
    assert made.status_code == 201, made.text
    link = made.json()
    assert link["state"] == "open" and link["url"] == "/call/" + link["id"] and len(link["id"]) == 22, link
    assert link["createdBy"] == "admin token" and link["uses"] == 0, link
    lifetime = datetime.fromisoformat(link["validUntil"]) - datetime.fromisoformat(link["createdAt"])
    assert abs(lifetime - timedelta(hours=24)) < timedelta(seconds=2), link     # the default expiry

    page = requests.get(f"{gateway.http_url}/call-links/{link['id']}.json", timeout=5)
    assert page.status_code == 200 and page.json() == {"title": "ACME support", "dialPad": True, "state": "open"}, page.text
    assert PHONE not in page.text                                   # the page never learns the number
    assert requests.get(f"{gateway.http_url}/call/{link['id']}", timeout=5).status_code == 200

    web = make_web_client(link_url(gateway, link["id"]))
    assert web.hello["identity"] == "link:" + link["id"][:8], web.hello
    # The browser asks for another number: the link's own is called (baresip answers only it).
    call = web.call("+12125550100", tone48k(1000), tmp_path / "web-heard.wav")
    call.wait_state("connected", timeout=20)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    time.sleep(TALK_S)
    call.hangup()
    call.wait_state("closed")
    assert_tone(phone.recording(), 1000, min_seconds=TALK_S - 2)        # web -> phone
    assert_tone(call.stop_media(), 440, min_seconds=TALK_S - 2)         # phone -> web

    record = gateway.wait_record(PHONE)
    assert record["webIdentity"] == "link:" + link["id"][:8] and record["answeredAt"], record
    used = details(gateway, link["id"])
    assert used["uses"] == 1 and used["lastUsedAt"], used
    assert used["recentUses"] == [{"at": used["recentUses"][0]["at"], "callId": record["id"], "outcome": "placed"}], used
    listed = requests.get(gateway.http_url + "/api/call-links", headers=gateway.admin, timeout=5).json()["links"]
    assert [entry["id"] for entry in listed] == [link["id"]] and listed[0]["uses"] == 1, listed


def test_a_one_time_link_is_spent_once_answered(make_phone, start_gateway, make_web_client, tmp_path):
    phone = make_phone(PHONE, 440)
    gateway = start_gateway(phone.address)
    link = make_link(gateway, label="Once", destination={"kind": "number", "number": PHONE}, oneTime=True).json()
    first = make_web_client(link_url(gateway, link["id"]))
    dropped = first.call(None, tone48k(1000), tmp_path / "web-heard.wav")
    dropped.wait_state("connected", timeout=20)
    token = first.wait_message(lambda m: m.get("type") == "resume_token")["token"]
    assert details(gateway, link["id"])["state"] == "spent"
    # The page reloads mid-call: the spent link still lets it back in to resume its call.
    first.close()
    web = make_web_client(link_url(gateway, link["id"]))
    call = web.resume(dropped.call_id, token, tone48k(1000), tmp_path / "after.wav")
    call.wait_state("connected", timeout=15)
    assert not phone.has_event("CALL_CLOSED"), "the phone was hung up while the page reloaded"
    call.hangup()
    call.wait_state("closed")

    spent = details(gateway, link["id"])
    assert spent["state"] == "spent" and spent["spentAt"], spent
    page = requests.get(f"{gateway.http_url}/call-links/{link['id']}.json", timeout=5).json()
    assert page["state"] == "spent" and page["message"] == "This link has been used.", page
    message, code = refusal(gateway, link["id"])
    assert message["type"] == "error" and message["code"] == "link_unavailable", message
    assert message["message"] == "This link has been used." and code == 4401, (message, code)
    # A call on the connection still open is refused too, and recorded.
    second = web.call(None, tone48k(1000), tmp_path / "second.wav", call_id="second")
    end = second.wait_state("rejected")
    assert end["cause"] == "call_rejected", end
    outcomes = [use["outcome"] for use in details(gateway, link["id"])["recentUses"]]
    assert outcomes == ["refused", "refused", "placed"], outcomes


def test_links_that_are_not_open_are_refused_and_say_why(start_gateway, tmp_path):
    gateway = start_gateway("127.0.0.1:9")
    later = (datetime.now(timezone.utc) + timedelta(days=2)).replace(microsecond=0)
    scheduled = make_link(gateway, label="Later", destination={"kind": "number", "number": "+18005550199"},
                          validFrom=later.isoformat().replace("+00:00", "Z")).json()
    assert scheduled["state"] == "scheduled", scheduled
    message, code = refusal(gateway, scheduled["id"])
    assert message["code"] == "link_unavailable" and code == 4401, message
    assert message["message"] == f"This link opens on {later:%Y-%m-%d %H:%M} UTC.", message

    revoked = requests.delete(f"{gateway.http_url}/api/call-links/{scheduled['id']}", headers=gateway.admin, timeout=5)
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked", revoked.text
    assert requests.get(f"{gateway.http_url}/call-links/{scheduled['id']}.json", timeout=5).status_code == 404
    assert refusal(gateway, scheduled["id"])[0]["message"] == "This call link does not exist."
    assert refusal(gateway, "A" * 22)[0]["message"] == "This call link does not exist."
    assert refusal(gateway, "../../etc/passwd")[0]["code"] == "link_unavailable"
    # Revoked links stay listed, with their uses.
    listed = requests.get(gateway.http_url + "/api/call-links", headers=gateway.admin, timeout=5).json()["links"]
    assert [entry["state"] for entry in listed] == ["revoked"], listed


def test_a_bad_draft_names_its_field_and_makes_nothing(start_gateway):
    gateway = start_gateway("127.0.0.1:9")
    cases = [
        ({"destination": {"kind": "number", "number": "+18005550199"}}, "label"),
        ({"label": "L", "destination": {"kind": "number", "number": "call me"}}, "destination.number"),
        ({"label": "L", "destination": {"kind": "agents", "group": "sales"}}, "destination.group"),
        ({"label": "L", "destination": {"kind": "menu", "menu": "main"}}, "destination.menu"),
        ({"label": "L", "destination": {"kind": "number", "number": "1"}, "validUntil": "2020-01-01T00:00:00Z"}, "validUntil"),
        ({"label": "L", "destination": {"kind": "number", "number": "1"},
          "hours": {"days": ["mon"], "from": "09:00", "to": "17:00", "timeZone": "Mars/Olympus"}}, "hours.timeZone"),
    ]
    for draft, field in cases:
        response = make_link(gateway, **draft)
        assert response.status_code == 400 and response.json()["field"] == field, (draft, response.text)
    assert requests.get(gateway.http_url + "/api/call-links", headers=gateway.admin, timeout=5).json() == {"links": []}
    # The admin API needs credentials; the page's JSON does not.
    assert requests.get(gateway.http_url + "/api/call-links", timeout=5).status_code == 401


AGENTS = {"wrap_up_s": 0, "ring_timeout_s": 15, "roster": [{"identity": "alice", "extension": "201"}],
          "groups": [{"name": "support", "strategy": "ring_all", "members": ["alice"]}]}


def test_an_agents_link_rings_the_group_and_tones_cross(start_gateway, make_web_client, make_agent, tmp_path):
    """No dialplan at all: the link alone routes the caller to the group's agents."""
    gateway = start_gateway("127.0.0.1:9", agents=AGENTS)
    link = make_link(gateway, label="Support queue", destination={"kind": "agents", "group": "support"}).json()
    assert link["destination"] == {"kind": "agents", "group": "support"}, link
    page = requests.get(f"{gateway.http_url}/call-links/{link['id']}.json", timeout=5).json()
    assert page["title"] == "Support queue", page
    agent = make_agent(gateway.ws_url("alice"))
    agent.wait_message(lambda m: m.get("type") == "presence")
    assert agent.presence("available")["state"] == "available"

    web = make_web_client(link_url(gateway, link["id"]))
    call = web.call(None, tone48k(600), tmp_path / "caller-heard.wav")
    incoming = agent.wait_incoming(timeout=10)
    assert incoming["from"] == "link:" + link["id"][:8] and incoming["group"] == "support", incoming
    taken = agent.accept(incoming, tone48k(1000), tmp_path / "agent-heard.wav")
    taken.wait_state("connected", timeout=15)
    call.wait_state("connected", timeout=10)
    time.sleep(TALK_S)
    call.hangup()
    taken.wait_state("closed", timeout=10)
    assert_tone(taken.stop_media(), 600, min_seconds=TALK_S - 2)      # caller -> agent
    assert_tone(call.stop_media(), 1000, min_seconds=TALK_S - 2)      # agent -> caller
    uses = details(gateway, link["id"])["recentUses"]
    assert [use["outcome"] for use in uses] == ["placed"], uses


def test_a_menu_link_runs_the_menu_and_its_keys(start_gateway, make_web_client, tmp_path):
    """The dialplan's menu `main` (test_dialplan_web_ivr.py): its prompt, then key 2 leads to
    the sales prompt and the echo test. The link needs no entry in the dialplan."""
    from ports import closed_udp_port
    from test_dialplan_ivr import PHONE_HZ, SALES_HZ, WELCOME_HZ, heard_within, prompts
    from test_dialplan_web_ivr import WEB_DIALPLAN
    gateway = start_gateway(f"127.0.0.1:{closed_udp_port()}", dialplans={"web.yaml": WEB_DIALPLAN},
                            prompts=prompts(tmp_path))
    assert make_link(gateway, label="L", destination={"kind": "menu", "menu": "night"}).json()["field"] == "destination.menu"
    link = make_link(gateway, label="IVR", destination={"kind": "menu", "menu": "main"}, dialPad=True).json()
    web = make_web_client(link_url(gateway, link["id"]))
    call = web.call(None, tone48k(PHONE_HZ), tmp_path / "menu-link.wav")
    call.wait_state("connected", timeout=15)
    time.sleep(1.5)
    web.send({"type": "dtmf", "callId": call.call_id, "digits": "2"})
    time.sleep(5.0)
    call.hangup()
    call.wait_state("closed")
    heard = call.stop_media()
    assert heard_within(heard, WELCOME_HZ, 0.0, 1.5), "the menu's prompt was not heard"
    assert heard_within(heard, SALES_HZ, 1.5, 5.0), "key 2 did not lead to the sales prompt"
    assert heard_within(heard, PHONE_HZ, 4.5, 7.0), "no echo after the sales prompt"
