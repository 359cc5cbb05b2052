"""baresip -> gateway dialplan: a phone calls a DID, hears the menu prompt, presses 2 as
an RFC 4733 event and lands on option 2 (a prompt of its own, then the echo test); another
call presses 1 and is hung up with the option's cause. Prompts are WAV files of distinct
tones, so what the phone heard tells where the call went."""

import time

import numpy as np
import requests

from analysis import assert_tone, dominant_frequency, read_wav
from baresip_phone import BYE_RECEIVED
from tones import tone

DID = "+12125550100"
WELCOME_HZ, SALES_HZ, PHONE_HZ = 700, 1500, 440

DIALPLAN = f"""
entry:
  dids:
    "{DID}": ivr
contexts:
  ivr:
    kind: trunk
    country: US
    rules:
      - match: {{exact: "{DID}"}}
        menu: main
  sales:
    kind: trunk
    country: US
    rules:
      - match: {{pattern: "!"}}
        steps:
          - play: sales
          - echo: {{}}
menus:
  main:
    prompt: welcome
    timeout_s: 10
    options:
      "1": {{hangup: user_busy}}
      "2": {{goto: sales}}
tests:
  - {{from: ivr, to: "{DID}", keys: "2", expect: {{menu: main, goto: sales, echo: true}}}}
  - {{from: ivr, to: "{DID}", keys: "1", expect: {{hangup: user_busy}}}}
"""


def prompts(tmp_path) -> dict[str, bytes]:
    return {"welcome": tone(WELCOME_HZ, 8000, 3, tmp_path).read_bytes(),
            "sales": tone(SALES_HZ, 8000, 2, tmp_path).read_bytes()}


def frequency_between(path, start_s: float, end_s: float) -> float:
    samples, rate = read_wav(path)
    part = samples[int(start_s * rate): int(end_s * rate)]
    assert len(part) > rate // 10, f"{path}: nothing between {start_s} and {end_s} s"
    return dominant_frequency(part, rate)[0]


def heard_within(path, hz: float, start_s: float, end_s: float, window_s: float = 0.4) -> bool:
    """Whether some `window_s` slice between the two times is dominated by `hz`."""
    samples, rate = read_wav(path)
    step = int(window_s * rate / 2)
    for begin in range(int(start_s * rate), int(end_s * rate) - 2 * step, step):
        part = samples[begin: begin + 2 * step]
        if np.sqrt(np.mean(part ** 2)) > 0.01 and abs(dominant_frequency(part, rate)[0] - hz) < 0.03 * hz:
            return True
    return False


def test_did_menu_key_2_reaches_its_destination(make_phone, start_gateway, tmp_path):
    phone = make_phone("5551001", PHONE_HZ)
    gateway = start_gateway(phone.address, dialplans={"ivr.yaml": DIALPLAN}, prompts=prompts(tmp_path))
    phone.dial(f"sip:{DID[1:]}@{gateway.sip_address}")
    phone.wait_event("CALL_ESTABLISHED", timeout=10)
    time.sleep(1.2)                       # part of the welcome prompt plays
    phone.command("sndcode", "2")         # RFC 4733 telephone-event, barging into the prompt
    time.sleep(5.0)                       # the sales prompt (2 s), then the echo
    phone.hangup()
    phone.wait_event("CALL_CLOSED")

    heard = phone.recording()
    assert abs(frequency_between(heard, 0.2, 1.0) - WELCOME_HZ) < 0.03 * WELCOME_HZ
    assert heard_within(heard, SALES_HZ, 1.2, 4.0), "the option 2 prompt was never heard"
    assert abs(frequency_between(heard, 4.8, 6.0) - PHONE_HZ) < 0.03 * PHONE_HZ, "no echo after the prompt"
    record = gateway.wait_record(DID[1:])
    assert record["direction"] == "inbound" and record["answeredAt"], record
    assert record["cause"] == "normal_clearing", record


def test_did_menu_key_1_hangs_up_with_the_option_cause(make_phone, start_gateway, tmp_path):
    phone = make_phone("5551002", PHONE_HZ)
    gateway = start_gateway(phone.address, dialplans={"ivr.yaml": DIALPLAN}, prompts=prompts(tmp_path))
    phone.dial(f"sip:{DID[1:]}@{gateway.sip_address}")
    phone.wait_event("CALL_ESTABLISHED", timeout=10)
    time.sleep(0.8)
    phone.command("sndcode", "1")
    assert phone.wait_event("CALL_CLOSED", timeout=5)["param"] == BYE_RECEIVED
    record = gateway.wait_record(DID[1:])
    assert record["cause"] == "user_busy" and record["hangupSide"] == "gateway", record


def test_unknown_did_is_not_found(make_phone, start_gateway, tmp_path):
    phone = make_phone("5551003", PHONE_HZ)
    gateway = start_gateway(phone.address, dialplans={"ivr.yaml": DIALPLAN}, prompts=prompts(tmp_path))
    phone.dial(f"sip:5559999@{gateway.sip_address}")
    closed = phone.wait_event("CALL_CLOSED", timeout=5)
    assert closed.get("param", "").startswith("404"), closed
    assert requests.get(f"{gateway.http_url}/api/dialplans", headers=gateway.admin, timeout=2).json()["menus"] == ["main"]
