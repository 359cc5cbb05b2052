"""A web user (aiortc) dials into the same IVR menu a DID opens, presses 2 on the pad (a
signaling `dtmf` message, as the dialer sends) and lands on option 2: its prompt, then the
echo test. Another web user presses 1 and the call ends with the option's cause; a number
the dialplan refuses ends at once with the refusal's cause."""

import time

from analysis import dominant_frequency, read_wav
from contract import SIDE_GATEWAY, assert_end
from ports import HOST, closed_udp_port
from test_dialplan_ivr import PHONE_HZ, SALES_HZ, WELCOME_HZ, heard_within, prompts
from tones import tone48k

WEB_DIALPLAN = """
entry:
  web:
    default: web
    call_links:
      support: {context: web, number: "*100"}
contexts:
  web:
    country: US
    rules:
      - match: {exact: "*100"}
        menu: main
      - match: {pattern: "!"}
        hangup: call_rejected
  sales:
    country: US
    rules:
      - match: {pattern: "!"}
        steps:
          - play: sales
          - echo: {}
menus:
  main:
    prompt: welcome
    timeout_s: 10
    options:
      "1": {hangup: user_busy}
      "2": {goto: sales}
tests:
  - {from: web, to: "*100", keys: "2", expect: {menu: main, goto: sales, echo: true}}
  - {from: web, to: "+12125550100", expect: {hangup: call_rejected}}
"""


def start(start_gateway, tmp_path):
    return start_gateway(f"{HOST}:{closed_udp_port()}", dialplans={"web.yaml": WEB_DIALPLAN},
                         prompts=prompts(tmp_path))


def test_web_user_presses_2_in_the_menu(start_gateway, make_web_client, tmp_path):
    gateway = start(start_gateway, tmp_path)
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call("*100", tone48k(PHONE_HZ), tmp_path / "web-ivr-heard.wav")
    call.wait_state("connected", timeout=15)
    time.sleep(1.5)
    web.send({"type": "dtmf", "callId": call.call_id, "digits": "2"})
    time.sleep(5.0)
    call.hangup()
    call.wait_state("closed")
    heard = call.stop_media()

    samples, rate = read_wav(heard)
    start_s = next(i for i, v in enumerate(abs(samples) > 0.02) if v) / rate   # the first audible sample
    welcome = samples[int((start_s + 0.2) * rate): int((start_s + 1.0) * rate)]
    assert abs(dominant_frequency(welcome, rate)[0] - WELCOME_HZ) < 0.03 * WELCOME_HZ
    assert heard_within(heard, SALES_HZ, start_s + 1.0, start_s + 4.5), "the option 2 prompt was never heard"
    assert heard_within(heard, PHONE_HZ, start_s + 4.0, start_s + 6.5), "no echo after the option 2 prompt"


def test_web_user_presses_1_and_the_gateway_hangs_up(start_gateway, make_web_client, tmp_path):
    gateway = start(start_gateway, tmp_path)
    web = make_web_client(gateway.ws_url("bob"))
    call = web.call("*100", tone48k(PHONE_HZ), tmp_path / "web-ivr-1.wav")
    call.wait_state("connected", timeout=15)
    web.send({"type": "dtmf", "callId": call.call_id, "digits": "1"})
    assert_end(call.wait_state("rejected", timeout=5), "rejected", "user_busy", SIDE_GATEWAY)


def test_number_the_dialplan_refuses_ends_with_its_cause(start_gateway, make_web_client, tmp_path):
    gateway = start(start_gateway, tmp_path)
    web = make_web_client(gateway.ws_url("carol"))
    call = web.call("+1 212 555 0100", tone48k(PHONE_HZ), tmp_path / "web-refused.wav")
    assert_end(call.wait_state("rejected", timeout=5), "rejected", "call_rejected", SIDE_GATEWAY)


def test_call_link_reaches_the_menu_whatever_was_dialed(start_gateway, make_web_client, tmp_path):
    gateway = start(start_gateway, tmp_path)
    web = make_web_client(gateway.ws_url("dave"))
    call = web.call(None, tone48k(PHONE_HZ), tmp_path / "web-link.wav", link="support")
    call.wait_state("connected", timeout=15)
    time.sleep(2.0)
    call.hangup()
    call.wait_state("closed")
    assert heard_within(call.stop_media(), WELCOME_HZ, 0.0, 3.0), "the link's menu prompt was not heard"
    record = gateway.wait_record("*100")
    assert record["webIdentity"] == "dave", record

    unknown = web.call(None, tone48k(PHONE_HZ), tmp_path / "web-link-unknown.wav", link="nope")
    assert_end(unknown.wait_state("rejected", timeout=5), "rejected", "call_rejected", SIDE_GATEWAY)
