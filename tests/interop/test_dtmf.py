"""DTMF through the gateway, both ways and by every method, against peers nobody on this
project wrote: Chromium's RTCDTMFSender and the gateway's own browser client, baresip
(RFC 4733 events; in-band tones from a sox-made WAV), SIPp (SIP INFO, both as caller and
as callee), and an aiortc web user (signaling `dtmf` messages).

What each key press must do (docs/signaling.md `dtmf`, docs/configuration.md `dtmf`):
arrive once, in order, however many ways it was sent; reach a trunk in the trunk's method;
select a gateway menu's option however the phone keyed it; leave one call record event
`dtmf` per key and direction ("5 from browser (signaling)", "2 from phone (info)", ...)."""

import subprocess
import time

import numpy as np
import pytest
import requests

from analysis import read_wav
from baresip_phone import BYE_RECEIVED, BaresipPhone
from chromium import DialerPage
from conftest import failed
from dtmf_decode import decode_file, decode_keys, keys_text
from ports import HOST, free_port
from sip_log import read_log, requests as sip_requests, responses
from sipp import SCENARIOS
from tones import dtmf_tones, tone, tone48k

DIGITS = "1234567890*#"
PHONE = "5551001"
# The gateway takes a key's second copy (the page sends each key as a message and as an
# RFC 4733 event) for the same press within 3 s; watch that long and a bit more for a
# key that arrives twice.
DUPLICATE_WATCH_S = 3.5

IVR_DID = "+12125550100"
WELCOME_HZ = 700
IVR_DIALPLAN = f"""
entry:
  dids:
    "{IVR_DID}": ivr
contexts:
  ivr:
    kind: trunk
    country: US
    rules:
      - match: {{exact: "{IVR_DID}"}}
        menu: main
menus:
  main:
    prompt: welcome
    timeout_s: 30
    options:
      "1": {{hangup: call_rejected}}
      "2": {{hangup: user_busy}}
tests:
  - {{from: ivr, to: "{IVR_DID}", keys: "2", expect: {{hangup: user_busy}}}}
  - {{from: ivr, to: "{IVR_DID}", keys: "1", expect: {{hangup: call_rejected}}}}
"""


# --- helpers ---------------------------------------------------------------------------------

def full_record(gateway, destination: str, timeout: float = 10.0) -> dict:
    """The newest ended call record for `destination`, with its `events`."""
    listed = gateway.wait_record(destination, timeout)
    response = requests.get(f"{gateway.http_url}/api/calls/{listed['id']}", timeout=2, headers=gateway.admin)
    response.raise_for_status()
    return response.json()


def dtmf_details(record: dict) -> list[str]:
    return [e.get("detail", "") for e in record.get("events", []) if e.get("kind") == "dtmf"]


def ivr_gateway(start_gateway, trunk_address: str, tmp_path, **options):
    welcome = tone(WELCOME_HZ, 8000, 10, tmp_path).read_bytes()
    return start_gateway(trunk_address, dialplans={"ivr.yaml": IVR_DIALPLAN},
                         prompts={"welcome": welcome}, **options)


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(0.1)


class ScriptedCall:
    """A call placed in Chromium by the gateway's own browser client (`gateway.js`, loaded
    into its dialer page) with a chosen `dtmfMode` of the Call: `rtp` sends keys through
    RTCRtpSender.dtmf only (insertDTMF), `signaling` as the `dtmf` message only."""

    def __init__(self, driver, number: str, mode: str):
        self.driver = driver
        error = driver.execute_async_script("""
            const [number, mode, done] = arguments;
            import('/gateway.js').then(async ({ GatewayClient, RAW_AUDIO_CONSTRAINTS }) => {
              const client = new GatewayClient({ identity: 'dtmf-' + mode, audioConstraints: RAW_AUDIO_CONSTRAINTS });
              const call = client.createCall(number, { dtmfMode: mode });
              window.dtmfTest = { client, call, received: [] };
              call.addEventListener('dtmf', (event) => window.dtmfTest.received.push(event.detail.digit));
              await call.start();
              done(null);
            }).catch((error) => done(String((error && error.message) || error)));
        """, number, mode)
        assert error is None, f"the call could not be placed: {error}"

    @property
    def state(self) -> str | None:
        return self.driver.execute_script("return window.dtmfTest.call.state")

    def wait_state(self, name: str, timeout: float = 20.0) -> None:
        wait_until(lambda: self.state == name, timeout, f"call state {name!r} (now {self.state!r})")

    def send_digits(self, digits: str) -> None:
        self.driver.execute_script("window.dtmfTest.call.sendDigits(arguments[0])", digits)

    def hangup(self) -> None:
        self.driver.execute_script("window.dtmfTest.call.hangup()")


# Loaded before the page's own scripts: notes what the page hands to RTCDTMFSender, which
# tones Chromium then played out (its `tonechange` events), and the `dtmf` messages sent on
# the WebSocket, so each test knows which ways the keys really left the browser.
WATCH_DTMF_PATHS = """
window.dtmfPaths = { inserted: [], played: [], messages: [] };
const insertDTMF = RTCDTMFSender.prototype.insertDTMF;
RTCDTMFSender.prototype.insertDTMF = function (tones, ...rest) {
  window.dtmfPaths.inserted.push(String(tones));
  if (!this.dtmfPathsWatched) {
    this.dtmfPathsWatched = true;
    this.addEventListener('tonechange', (event) => { if (event.tone) window.dtmfPaths.played.push(event.tone); });
  }
  return insertDTMF.call(this, tones, ...rest);
};
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  try {
    const message = JSON.parse(data);
    if (message && message.type === 'dtmf') window.dtmfPaths.messages.push(message.digits);
  } catch (error) { /* not JSON: not ours to judge */ }
  return send.call(this, data);
};
"""


def dtmf_paths(driver) -> dict:
    return driver.execute_script("return window.dtmfPaths")


@pytest.fixture
def make_keyed_phone(tmp_path, request):
    """make_keyed_phone(user, wav) starts a baresip phone whose audio is `wav`."""
    phones = []

    def make(user: str, wav, **options) -> BaresipPhone:
        phone = BaresipPhone(tmp_path / f"phone-{user}", user, wav, **options)
        phones.append(phone)
        return phone.start()

    yield make
    for phone in phones:
        phone.stop()
        if failed(request):
            print(f"\n--- baresip {phone.user} log ({phone.log_path}) ---\n{phone.log_tail()}")


def run_trunk_caller(gateway, scenario: str, port: int, tmp_path, signal: str) -> tuple:
    """SIPp as the trunk (at HOST:`port`, the gateway's trunk address) calling the IVR's DID
    with `sipp_scenarios/<scenario>.xml`; returns the finished process and its message log."""
    log_path = tmp_path / f"{scenario}-messages.log"
    result = subprocess.run(
        ["sipp", gateway.sip_address, "-sf", str(SCENARIOS / f"{scenario}.xml"), "-s", IVR_DID[1:],
         "-i", HOST, "-p", str(port), "-mp", str(free_port()), "-m", "1", "-nostdin",
         "-timeout", "30s", "-timeout_error", "-key", "signal", signal,
         "-trace_msg", "-message_file", str(log_path),
         "-trace_err", "-error_file", str(tmp_path / f"{scenario}-errors.log")],
        cwd=tmp_path, capture_output=True, text=True, timeout=60)
    return result, read_log(log_path)


def sipp_failure(result, tmp_path, scenario: str) -> str:
    errors = tmp_path / f"{scenario}-errors.log"
    text = errors.read_text(errors="replace") if errors.exists() else ""
    return f"sipp exited {result.returncode}\n{result.stdout[-2000:]}\n{text[-3000:]}"


# --- the offline decoder itself (no gateway) --------------------------------------------------

def test_decoder_reads_sox_keys_and_nothing_else(tmp_path):
    """The Goertzel decoder the inband tests rely on: every key of a sox-made sequence
    (100 ms tones, 60 ms gaps, as the gateway sends them), also after a μ-law round trip
    and with a 1 kHz tone between the keys; nothing in a 1 kHz tone, in noise or in a
    25 ms burst."""
    keys = dtmf_tones("1234567890*#ABCD", tmp_path, lead_s=0.5, tone_s=0.1, gap_s=0.06, tail_s=0.5)
    found = decode_file(keys)
    assert keys_text(found) == "1234567890*#ABCD", [str(k) for k in found]
    assert all(0.07 <= k.duration_s <= 0.12 for k in found), [str(k) for k in found]

    ulaw = tmp_path / "ulaw.wav"
    subprocess.run(["sox", str(keys), "-e", "u-law", str(tmp_path / "ulaw-8.wav")], check=True)
    subprocess.run(["sox", str(tmp_path / "ulaw-8.wav"), "-e", "signed-integer", "-b", "16", str(ulaw)], check=True)
    assert keys_text(decode_file(ulaw)) == "1234567890*#ABCD"

    samples, rate = read_wav(keys)
    hum = 0.5 * np.sin(2 * np.pi * 1000 * np.arange(len(samples)) / rate)
    between = np.where(np.abs(samples) > 0, samples, hum)       # the tone fills every gap
    assert keys_text(decode_keys(between, rate)) == "1234567890*#ABCD"

    assert decode_keys(hum, rate) == []
    noise = np.random.default_rng(7).normal(0.0, 0.1, 5 * rate)
    assert decode_keys(noise, rate) == []
    burst = dtmf_tones([("5", 0.025, 0.5)], tmp_path, lead_s=0.5, tail_s=0.5, name="burst")
    assert decode_file(burst) == []


# --- 1. Chromium -> gateway -> baresip (RFC 4733) -------------------------------------------

@pytest.mark.parametrize("digits", [DIGITS, "5"], ids=["twelve_keys", "one_key"])
@pytest.mark.parametrize("mode", ["rtp", "signaling", "both"])
def test_chromium_keys_reach_the_phone_once_in_order(browser, make_phone, start_gateway, mode, digits):
    """`rtp`: RTCDTMFSender's telephone-events only; `signaling`: the `dtmf` message only;
    `both`: the shipped dialer's sendDigits, which sends each key both ways."""
    phone = make_phone(PHONE, 440)
    gateway = start_gateway(phone.address)
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_DTMF_PATHS})
    page = DialerPage(browser, gateway.http_url + "/")
    if mode == "both":
        page.call(PHONE)
        page.wait_state("connected", timeout=20)
        call = None
    else:
        call = ScriptedCall(browser, PHONE, mode)
        call.wait_state("connected")
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    time.sleep(1.0)                          # media flowing both ways before the first key

    start = len(phone.events)
    if call is None:
        browser.execute_script("window.gatewayDialer.sendDigits(arguments[0])", digits)
    else:
        call.send_digits(digits)
    phone.wait_dtmf(len(digits), timeout=10, start=start)
    time.sleep(DUPLICATE_WATCH_S)
    received = phone.dtmf_received(start)
    starts = [e["received_at"] for e in phone.dtmf_events(start)]
    paths = dtmf_paths(browser)

    (page.hangup if call is None else call.hangup)()
    assert phone.wait_event("CALL_CLOSED", timeout=10)["param"] == BYE_RECEIVED
    # The page used exactly the ways the mode names, and Chromium played every tone.
    assert paths["messages"] == ([] if mode == "rtp" else [digits]), paths
    assert paths["inserted"] == ([] if mode == "signaling" else [digits]), paths
    assert "".join(paths["played"]) == ("" if mode == "signaling" else digits), paths
    assert received == digits, f"baresip got {received!r} for {digits!r} ({mode})"
    # The gateway sends a 100 ms event and a 60 ms pause per key: they never bunch up.
    gaps = np.diff(starts)
    assert all(gap > 0.1 for gap in gaps), f"keys {gaps} s apart at baresip"

    details = dtmf_details(full_record(gateway, PHONE))
    from_browser = [d for d in details if " from browser " in d]
    methods = {"rtp": ("rfc4733",), "signaling": ("signaling",), "both": ("rfc4733", "signaling")}[mode]
    assert [d.split(" ")[0] for d in from_browser] == list(digits), details
    assert all(d.rsplit("(", 1)[1].rstrip(")") in methods for d in from_browser), details
    assert [d for d in details if " to phone " in d] == [f"{k} to phone (rfc4733)" for k in digits], details


# --- 2. baresip (RFC 4733) -> gateway -> web user (signaling `dtmf`) ---------------------

@pytest.mark.parametrize("digits", [DIGITS, "5"], ids=["twelve_keys", "one_key"])
def test_phone_keys_reach_the_browser_once_in_order(make_phone, start_gateway, make_web_client, tmp_path, digits):
    phone = make_phone(PHONE, 440)
    gateway = start_gateway(phone.address)
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call(PHONE, tone48k(1000), tmp_path / "web-heard.wav")
    call.wait_state("connected", timeout=15)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    time.sleep(1.0)

    start = len(web.messages)
    def keys() -> str:
        return "".join(m.get("digit", "?") for m in web.messages[start:]
                       if m.get("type") == "dtmf" and m.get("callId") == call.call_id)
    phone.send_digits(digits)
    wait_until(lambda: len(keys()) >= len(digits), 10, f"{len(digits)} dtmf messages (got {keys()!r})")
    time.sleep(DUPLICATE_WATCH_S)
    received = keys()
    call.hangup()
    call.wait_state("closed", timeout=10)
    call.stop_media()

    assert received == digits, f"the web user got {received!r} for {digits!r}"
    assert dtmf_details(full_record(gateway, PHONE)) == [f"{k} from phone (rfc4733)" for k in digits]


# --- 3. SIPp trunk keying a gateway menu with SIP INFO ------------------------------------

def test_info_key_from_a_trunk_selects_the_menu_option(start_gateway, tmp_path):
    port = free_port()
    gateway = ivr_gateway(start_gateway, f"{HOST}:{port}", tmp_path)
    result, log = run_trunk_caller(gateway, "uac_info_dtmf", port, tmp_path, signal="2")
    assert result.returncode == 0, sipp_failure(result, tmp_path, "uac_info_dtmf")

    infos = sip_requests(log, "INFO", direction="sent")
    assert [m.body.replace("\n", " ") for m in infos] == ["Signal=2 Duration=160"], infos
    assert responses(log, 200, "INFO", direction="received"), "the INFO was not answered 200"
    bye = sip_requests(log, "BYE")
    assert bye and bye[0].at > infos[0].at, "the gateway did not hang up after the key"
    record = full_record(gateway, IVR_DID[1:])
    assert record["direction"] == "inbound" and record["answeredAt"], record
    assert record["cause"] == "user_busy" and record["hangupSide"] == "gateway", record   # option 2
    assert dtmf_details(record) == ["2 from phone (info)"], record.get("events")


def test_info_bodies_that_do_not_parse_get_400_and_select_nothing(start_gateway, tmp_path):
    """Each bad body is shaped like key 1 (option 1 would end the call `call_rejected`);
    after them the gateway keeps quiet for 2 s, then a good `Signal=2` still works."""
    port = free_port()
    gateway = ivr_gateway(start_gateway, f"{HOST}:{port}", tmp_path)
    result, log = run_trunk_caller(gateway, "uac_info_bad_bodies", port, tmp_path, signal="2")
    assert result.returncode == 0, sipp_failure(result, tmp_path, "uac_info_bad_bodies")

    answers = {}
    for message in log:
        if message.direction == "received" and message.status and message.cseq[1] == "INFO":
            answers.setdefault(message.cseq[0], message)
    statuses = [answers[cseq].status for cseq in sorted(answers)]
    assert statuses == [400, 400, 400, 400, 400, 400, 415, 200, 200], statuses
    warnings = [answers[cseq].header("Warning") for cseq in sorted(answers)][:6]
    assert all(warnings), f"a 400 without a Warning saying why: {warnings}"
    assert "application/dtmf-relay" in answers[sorted(answers)[6]].header("Accept")

    record = full_record(gateway, IVR_DID[1:])
    assert record["cause"] == "user_busy" and record["hangupSide"] == "gateway", record
    assert dtmf_details(record) == ["2 from phone (info)"], record.get("events")


# --- 4. baresip trunk keying a gateway menu in-band -----------------------------------------

def test_inband_key_from_a_phone_selects_the_menu_option(make_keyed_phone, start_gateway, tmp_path):
    """baresip's audio is a sox-made WAV: 1.5 s of silence, a 25 ms burst of key 1 (under
    the 40 ms a key press lasts at least: no key), 1 s of silence, then key 2 for 150 ms.
    baresip sends no telephone-event of its own (no `sndcode`), so only the tones carry it."""
    keyed = dtmf_tones([("1", 0.025, 1.0), ("2", 0.15, 0.1)], tmp_path / "tones", lead_s=1.5)
    phone = make_keyed_phone(PHONE, keyed)
    gateway = ivr_gateway(start_gateway, phone.address, tmp_path)
    phone.dial(f"sip:{IVR_DID[1:]}@{gateway.sip_address}")
    phone.wait_event("CALL_ESTABLISHED", timeout=10)
    assert phone.wait_event("CALL_CLOSED", timeout=10)["param"] == BYE_RECEIVED

    record = full_record(gateway, IVR_DID[1:])
    assert record["cause"] == "user_busy" and record["hangupSide"] == "gateway", record   # option 2
    assert dtmf_details(record) == ["2 from phone (inband)"], record.get("events")


# --- 5. web user -> trunk with `dtmf: info` ------------------------------------------------

def test_info_trunk_gets_the_web_users_keys_as_paced_info(make_sipp, start_gateway, make_web_client, tmp_path):
    carrier = make_sipp("uas_info_dtmf")
    gateway = start_gateway(carrier.address, trunk_options={"dtmf": "info", "rtp_timeout_s": 0})
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call(PHONE, tone48k(1000), tmp_path / "web-heard.wav")
    call.wait_state("connected", timeout=15)
    time.sleep(0.5)

    web.send({"type": "dtmf", "callId": call.call_id, "digits": DIGITS})

    def infos():
        unique = {}
        for message in sip_requests(read_log(carrier.message_log), "INFO"):
            unique.setdefault(message.cseq[0], message)   # a retransmission is the same INFO
        return [unique[cseq] for cseq in sorted(unique)]
    wait_until(lambda: len(infos()) >= len(DIGITS), 10, f"{len(DIGITS)} INFO requests at the carrier")
    time.sleep(1.0)
    call.hangup()
    call.wait_state("closed", timeout=10)
    call.stop_media()
    assert carrier.wait(10) == 0, carrier.output_tail()

    sent = infos()
    assert [m.header("Content-Type") for m in sent] == ["application/dtmf-relay"] * len(DIGITS)
    assert [m.body.replace("\n", " ") for m in sent] == [f"Signal={k} Duration=100" for k in DIGITS], \
        [m.body for m in sent]
    # One at a time, each at least a 100 ms tone and a 60 ms gap after the one before.
    # SIPp stamps each INFO when it reads it, a few ms late at times: hence the slack.
    log = read_log(carrier.message_log)
    span = (sent[-1].at - sent[0].at).total_seconds()
    assert span >= (len(sent) - 1) * 0.155, f"{len(sent)} INFOs within {span * 1000:.0f} ms"
    for before, after in zip(sent, sent[1:]):
        gap = (after.at - before.at).total_seconds()
        assert gap >= 0.145, f"INFO {after.body!r} left {gap * 1000:.0f} ms after {before.body!r}"
        answered = [m for m in responses(log, 200, "INFO") if m.cseq[0] == before.cseq[0]]
        assert answered and answered[0].at <= after.at, f"INFO {after.body!r} left before {before.body!r} was answered"

    details = dtmf_details(full_record(gateway, PHONE))
    assert [d for d in details if " from browser " in d] == [f"{k} from browser (signaling)" for k in DIGITS]
    assert [d for d in details if " to phone " in d] == [f"{k} to phone (info)" for k in DIGITS]


# --- 6. web user -> trunk with `dtmf: inband` ------------------------------------------------

def test_inband_trunk_hears_the_web_users_keys_as_tones(make_phone, start_gateway, make_web_client, tmp_path):
    phone = make_phone(PHONE, 440)
    gateway = start_gateway(phone.address, trunk_options={"dtmf": "inband"})
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call(PHONE, tone48k(1000), tmp_path / "web-heard.wav")
    call.wait_state("connected", timeout=15)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    time.sleep(1.0)

    start = len(phone.events)
    web.send({"type": "dtmf", "callId": call.call_id, "digits": DIGITS})
    time.sleep(len(DIGITS) * 0.16 + 2.0)
    call.hangup()
    assert phone.wait_event("CALL_CLOSED", timeout=10)["param"] == BYE_RECEIVED
    call.stop_media()

    heard = decode_file(phone.recording())
    assert keys_text(heard) == DIGITS, f"the phone heard {[str(k) for k in heard]}"
    assert all(0.06 <= k.duration_s <= 0.14 for k in heard), [str(k) for k in heard]   # 100 ms tones
    onsets = np.diff([k.start_s for k in heard])
    assert all(onset >= 0.14 for onset in onsets), f"keys {onsets} s apart"          # + 60 ms gaps
    assert phone.dtmf_received(start) == "", "telephone-events reached an inband trunk"

    details = dtmf_details(full_record(gateway, PHONE))
    assert [d for d in details if " to phone " in d] == [f"{k} to phone (inband)" for k in DIGITS]
