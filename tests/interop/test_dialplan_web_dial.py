"""A web user in a dialplan menu presses 1 and the menu dials a real phone (baresip): the
browser, already connected to the gateway for the prompt, hears the phone's tone and the
phone hears the browser's, with no new call setup on the browser's side."""

import time

import requests

from analysis import assert_tone
from baresip_phone import BYE_RECEIVED
from test_dialplan_ivr import PHONE_HZ, WELCOME_HZ, heard_within, prompts
from tones import tone48k

PHONE = "5551001"
WEB_HZ = 1000

DIALPLAN = f"""
entry:
  web:
    default: web
contexts:
  web:
    country: US
    rules:
      - match: {{exact: "*200"}}
        menu: main
menus:
  main:
    prompt: welcome
    timeout_s: 10
    options:
      "1": {{dial: {{trunks: [phone], number: "{PHONE}"}}}}
tests:
  - {{from: web, to: "*200", keys: "1", expect: {{dial: phone, dialed: "{PHONE}"}}}}
"""


def test_menu_option_dials_a_phone_and_bridges_the_browser(make_phone, start_gateway, make_web_client, tmp_path):
    phone = make_phone(PHONE, PHONE_HZ)
    gateway = start_gateway(phone.address, dialplans={"web.yaml": DIALPLAN}, prompts=prompts(tmp_path))
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call("*200", tone48k(WEB_HZ), tmp_path / "web-dial.wav")
    call.wait_state("connected", timeout=15)
    time.sleep(1.0)
    web.send({"type": "dtmf", "callId": call.call_id, "digits": "1"})
    phone.wait_event("CALL_ESTABLISHED", timeout=10)
    token = web.wait_message(lambda m: m.get("type") == "resume_token")   # a call to a phone now
    assert token["callId"] == call.call_id
    time.sleep(6)
    call.hangup()
    call.wait_state("closed")
    assert phone.wait_event("CALL_CLOSED", timeout=10)["param"] == BYE_RECEIVED

    names = call.state_names()
    assert names.count("connected") == 1 and "calling" not in names[names.index("connected"):], names
    heard = call.stop_media()
    assert heard_within(heard, WELCOME_HZ, 0.0, 3.0), "the menu prompt was not heard first"
    assert heard_within(heard, PHONE_HZ, 3.0, 12.0), "the phone was not heard after the dial"
    assert_tone(phone.recording(), WEB_HZ, min_seconds=3)
    record = gateway.wait_record("*200")
    assert record["cause"] == "normal_clearing", record
    events = requests.get(f"{gateway.http_url}/api/calls/{record['id']}", timeout=2, headers=gateway.admin).json()["events"]
    events = [e for e in events if e["kind"] != "quality"]      # the legs' RTCP summaries
    assert [(e["kind"], e.get("detail")) for e in events] == [
        ("dtmf", "1 from browser (signaling)"), ("dialed", f"{PHONE} via phone")], events   # a menu key, not sent on
