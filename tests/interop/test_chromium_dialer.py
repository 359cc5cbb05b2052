"""Chromium (a real browser, a 1 kHz tone as microphone) on the gateway's own dialer page,
driven through the page contract `window.gatewayDialer` (README.md) and, for the page's own
controls, as a person would: keys, clicks, and what the page shows (level meters, the quality
indicator, the plain-words explanation of a failed call); and what the browser client
(gateway.js) does for every page: the mute choice kept between calls, and an idle page
connected again by itself after a gateway restart."""

import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from analysis import assert_tone, dominant_frequency, level_dbfs, read_wav
from baresip_phone import BYE_RECEIVED
from chromium import CHROMEDRIVER, CHROMIUM, DialerPage
from conftest import failed
from gateway import ECHO_NUMBER
from ports import HOST, closed_udp_port
from test_tokens import ISSUER, SECRET, mint
from tones import tone48k

PHONE = "5551001"
TALK_S = 6


def talk_and_hang_up(page: DialerPage, phone, path: Path) -> None:
    """The page's call to `phone` connects and carries the browser's 1 kHz to the phone and
    the phone's 440 Hz to the page (recorded at `path`) for TALK_S seconds; the page's hangup
    reaches the phone as BYE."""
    page.wait_state("connected", timeout=20)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    page.start_recording()
    time.sleep(TALK_S)
    heard = page.stop_recording(path)
    page.hangup()
    page.wait_state("closed", timeout=10)
    assert page.last_cause == "normal_clearing"
    assert phone.wait_event("CALL_CLOSED", timeout=10)["param"] == BYE_RECEIVED
    assert_tone(phone.recording(), 1000, min_seconds=TALK_S - 2)     # browser -> phone
    assert_tone(heard, 440, skip_s=0.5, min_seconds=TALK_S - 2)      # phone -> browser


def test_chromium_calls_a_phone(browser, make_phone, start_gateway, tmp_path):
    phone = make_phone(PHONE, 440)
    gateway = start_gateway(phone.address)
    page = DialerPage(browser, gateway.http_url + "/")
    page.call(PHONE)
    talk_and_hang_up(page, phone, tmp_path / "chromium-heard.wav")


def test_chromium_echo_test(browser, start_gateway, tmp_path):
    gateway = start_gateway(f"{HOST}:{closed_udp_port()}")
    page = DialerPage(browser, gateway.http_url + "/")

    page.call(ECHO_NUMBER)
    page.wait_state("connected", timeout=20)
    time.sleep(1)
    page.start_recording()
    time.sleep(5)
    heard = page.stop_recording(tmp_path / "chromium-echo.wav")
    page.hangup()
    page.wait_state("closed", timeout=10)
    assert_tone(heard, 1000, skip_s=0.5, min_seconds=3)


# --- The page's own controls: meters, mute, keyboard, number entry, explanations ---------------

def wait_until(check, timeout: float, what: str, page: DialerPage | None = None):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            extra = f"; state {page.state!r}, cause {page.last_cause!r}\n{page.console()}" if page else ""
            raise AssertionError(f"waited {timeout} s for {what}{extra}")
        time.sleep(0.1)


def meter(browser, element_id: str) -> int:
    """What the level meter announces (aria-valuenow of the role="meter" element)."""
    return int(browser.find_element(By.ID, element_id).get_attribute("aria-valuenow"))


def text(browser, element_id: str) -> str:
    return browser.find_element(By.ID, element_id).text


def press(browser, *keys: str) -> None:
    """Keys typed with the focus on the page itself, not in a field."""
    browser.execute_script("document.activeElement && document.activeElement.blur()")
    ActionChains(browser).send_keys(*keys).perform()


def explanation(page: DialerPage) -> dict | None:
    return page.driver.execute_script("return window.gatewayDialer.explanation")


def test_dialer_meters_mute_and_keyboard_on_the_echo_test(browser, start_gateway):
    gateway = start_gateway(f"{HOST}:{closed_udp_port()}")
    page = DialerPage(browser, gateway.http_url + "/")
    assert browser.find_element(By.ID, "levels").is_displayed() is False

    # Dialed with the keyboard alone: the keys go to the number, Enter calls.
    press(browser, "*43")
    assert browser.find_element(By.ID, "number").get_attribute("value") == "*43"
    press(browser, Keys.ENTER)
    page.wait_state("connected", timeout=20)
    assert browser.find_element(By.ID, "levels").is_displayed()
    # The fake microphone's 1 kHz tone moves the microphone meter, and its echo the other one.
    wait_until(lambda: meter(browser, "mic-level") >= 40, 5, "the microphone meter to move", page)
    wait_until(lambda: meter(browser, "remote-level") >= 40, 5, "the far end's meter to move", page)
    levels = page.driver.execute_script("return window.gatewayDialer.levels")
    assert levels["microphone"] >= 40 and levels["remote"] >= 40, levels
    assert browser.find_element(By.ID, "mic-level").get_attribute("role") == "meter"

    # M mutes: the microphone meter drops to 0, and so does the echo of it.
    press(browser, "m")
    mute = browser.find_element(By.ID, "mute-button")
    assert mute.get_attribute("aria-pressed") == "true"
    wait_until(lambda: meter(browser, "mic-level") == 0, 5, "the muted microphone meter to read 0", page)
    wait_until(lambda: meter(browser, "remote-level") <= 5, 5, "the echo of a muted microphone to go quiet", page)
    assert "muted" in text(browser, "status"), text(browser, "status")

    # Escape hangs up; the mute choice is remembered for the next call, across a reload.
    press(browser, Keys.ESCAPE)
    page.wait_state("closed", timeout=10)
    assert page.last_cause == "normal_clearing"
    assert browser.execute_script("return localStorage.getItem('gateway.muted.anonymous')") == "1"   # the SDK's memory
    assert browser.find_element(By.ID, "levels").is_displayed() is False
    assert explanation(page) is None  # a normal hangup needs no explaining

    browser.refresh()
    page = DialerPage(browser, browser.current_url)
    assert browser.find_element(By.ID, "mute-button").get_attribute("aria-pressed") == "true"
    page.call(ECHO_NUMBER)
    page.wait_state("connected", timeout=20)
    time.sleep(2)
    assert meter(browser, "mic-level") == 0 and meter(browser, "remote-level") <= 5
    browser.find_element(By.ID, "mute-button").click()   # unmuted: the tone comes back
    wait_until(lambda: meter(browser, "mic-level") >= 40, 5, "the unmuted microphone meter to move", page)
    wait_until(lambda: meter(browser, "remote-level") >= 40, 5, "the unmuted echo to come back", page)
    assert browser.execute_script("return localStorage.getItem('gateway.muted.anonymous')") == "0"
    page.hangup()
    page.wait_state("closed", timeout=10)
    assert meter(browser, "mic-level") == 0 and meter(browser, "remote-level") == 0


def test_dialer_number_entry_keyboard_tones_and_quality(browser, make_phone, start_gateway):
    phone = make_phone(PHONE, 440)
    gateway = start_gateway(phone.address)
    page = DialerPage(browser, gateway.http_url + "/")
    field = browser.find_element(By.ID, "number")

    def value() -> str:
        return field.get_attribute("value")

    # Grouped as typed; what is dialed stays digits.
    field.send_keys("15551234567")
    assert value() == "1 555-123-4567"
    field.clear()
    field.send_keys("+442079460958")
    assert value() == "+44 207 946 0958"
    field.clear()
    field.send_keys("5551001")
    assert value() == "555-1001"
    # Backspace right after a hyphen removes the digit before it, not just the hyphen.
    field.send_keys(Keys.HOME, Keys.RIGHT * 4, Keys.BACKSPACE)
    assert value() == "551-001"
    field.send_keys("5")
    assert value() == "555-1001"
    # Letters are dropped; the delete button removes one digit.
    field.send_keys("x")
    assert value() == "555-1001"
    browser.find_element(By.ID, "delete-button").click()
    assert value() == "555-100"
    press(browser, "1")                      # a key pressed outside the field dials too
    assert value() == "555-1001"

    # Enter calls the digits (baresip answers only its own number, 5551001).
    field.send_keys(Keys.ENTER)
    page.wait_state("connected", timeout=20)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    # Keyboard digits during the call are tones for the far end (SIP INFO to the phone).
    press(browser, "5#")
    assert phone.wait_dtmf(2, timeout=10) == "5#"
    assert text(browser, "sent-digits") == "Sent: 5#"
    # The quality indicator shows the gateway's first report (about 5 s into the call).
    badge = browser.find_element(By.ID, "quality-badge")
    assert badge.is_displayed()
    rating = wait_until(lambda: (r := page.driver.execute_script("return window.gatewayDialer.quality")) != "measuring" and r,
                        15, "the first quality report", page)
    assert rating in ("good", "fair", "poor")
    assert badge.text == f"Call quality: {rating}" and badge.get_attribute("data-rating") == rating
    wait_until(lambda: meter(browser, "remote-level") >= 30, 5, "the phone's 440 Hz on the meter", page)

    wait_until(lambda: text(browser, "timer") >= "0:03", 10, "the call duration to run", page)
    screenshots(browser, "dialer")

    page.hangup()
    page.wait_state("closed", timeout=10)
    assert phone.wait_event("CALL_CLOSED", timeout=10)["param"] == BYE_RECEIVED
    assert not badge.is_displayed()


def screenshots(driver, name: str) -> None:
    """docs/screenshots/<name>.png (1280x800) and <name>-phone.png (390x844) of the page as it is."""
    folder = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for suffix, (width, height) in (("", (1280, 800)), ("-phone", (390, 844))):
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500})
        time.sleep(0.3)
        driver.save_screenshot(str(folder / f"{name}{suffix}.png"))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("scenario, cause, kind, title", [
    ("uas_486_busy", "user_busy", "busy", "The line is busy"),
    ("uas_404_not_found", "unallocated_number", "number", "This number does not exist"),
    ("uas_ring_no_answer", "no_answer", "no_answer", "No answer"),
])
def test_dialer_explains_why_a_call_failed(browser, make_sipp, start_gateway, scenario, cause, kind, title):
    sipp = make_sipp(scenario)
    gateway = start_gateway(sipp.address, answer_timeout_s=5)
    page = DialerPage(browser, gateway.http_url + "/")
    page.call(PHONE)
    page.wait_state("closed", timeout=20)
    assert page.last_cause == cause
    shown = explanation(page)
    assert shown and shown["code"] == cause and shown["kind"] == kind, shown
    box = browser.find_element(By.ID, "explanation")
    assert box.is_displayed() and box.find_element(By.TAG_NAME, "h2").text == title
    assert box.get_attribute("aria-live") == "polite"


NOT_ALLOWED_DIALPLAN = """
entry:
  web:
    default: web
contexts:
  web:
    country: US
    kind: web
    rules:
      - match: {prefix: "+1900"}
        hangup: call_rejected
      - match: {exact: "*43"}
        steps: [{answer: {}}, {echo: {}}]
      - match: {pattern: "!"}
        dial: {trunks: [phone]}
"""


def test_dialer_explains_a_number_that_is_not_allowed(browser, start_gateway):
    gateway = start_gateway(f"{HOST}:{closed_udp_port()}", dialplans={"web.yaml": NOT_ALLOWED_DIALPLAN})
    page = DialerPage(browser, gateway.http_url + "/")
    page.call("1 900 555 0100")
    assert browser.find_element(By.ID, "number").get_attribute("value") == "1 900-555-0100"
    page.wait_state("closed", timeout=15)
    assert page.last_cause == "call_rejected"
    shown = explanation(page)
    assert shown and shown["kind"] == "not_allowed", shown
    assert shown["text"].startswith("This number is not allowed"), shown
    assert text(browser, "status").startswith("Call rejected:"), text(browser, "status")
    # The next call clears it.
    page.call(ECHO_NUMBER)
    assert explanation(page) is None
    page.wait_state("connected", timeout=20)
    assert not browser.find_element(By.ID, "explanation").is_displayed()
    page.hangup()
    page.wait_state("closed", timeout=10)
    assert explanation(page) is None


def test_dialer_explains_a_call_over_the_limit(browser, make_sipp, make_web_client, start_gateway, tmp_path):
    sipp = make_sipp("uas_answer")
    gateway = start_gateway(sipp.address, trunk_options={"max_calls": 1})
    first = make_web_client(gateway.ws_url("bob")).call("5551000", tone48k(1000), tmp_path / "first.wav")
    first.wait_state("connected", timeout=15)
    page = DialerPage(browser, gateway.http_url + "/")
    refused = browser.execute_script(
        "return window.gatewayDialer.call(arguments[0]).then(() => null, (e) => e.code)", PHONE)
    assert refused == "limit_exceeded"
    assert page.state == "failed" and page.last_cause == "limit_exceeded"
    shown = explanation(page)
    assert shown and shown["kind"] == "limit" and "Too many calls" in shown["text"], shown
    first.hangup()
    first.wait_state("closed")


def test_dialer_explains_an_expired_session(browser, start_gateway):
    gateway = start_gateway(f"{HOST}:{closed_udp_port()}", web_auth={
        "mode": "token", "issuer": ISSUER, "max_token_lifetime_s": 3600,
        "keys": [{"id": "2026-11", "secret": SECRET}]})
    expired = mint({"exp": int(time.time()) - 120})
    page = DialerPage(browser, f"{gateway.http_url}/?token={expired}")
    shown = wait_until(lambda: explanation(page), 10, "the expired-session explanation", page)
    assert shown["code"] == "token_expired" and "Reload the page" in shown["text"], shown
    assert "refused" in text(browser, "status"), text(browser, "status")


@pytest.fixture
def browser_asking_for_the_microphone(tmp_path, request):
    """Chromium without the flag that grants the microphone by itself: the site's permission
    (set with CDP Browser.setPermission) decides, and an unanswered prompt is a refusal."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--use-fake-device-for-media-stream", "--allow-loopback-in-peer-connection",
                 "--autoplay-policy=no-user-gesture-required",
                 f"--use-file-for-fake-audio-capture={tone48k(1000)}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=CHROMEDRIVER, log_output=str(tmp_path / "chromedriver-ask.log"))
    driver = webdriver.Chrome(service=service, options=options)
    yield driver
    if failed(request):
        print("\n--- Chromium console ---\n" + "\n".join(e["message"] for e in driver.get_log("browser")))
    driver.quit()


def set_microphone(driver, origin: str, setting: str) -> None:
    driver.execute_cdp_cmd("Browser.setPermission", {
        "permission": {"name": "microphone"}, "setting": setting, "origin": origin})


def test_dialer_explains_a_blocked_microphone(browser_asking_for_the_microphone, start_gateway):
    browser = browser_asking_for_the_microphone
    gateway = start_gateway(f"{HOST}:{closed_udp_port()}")
    set_microphone(browser, gateway.http_url, "denied")
    page = DialerPage(browser, gateway.http_url + "/")
    # Said before any call: the browser reports the block.
    shown = wait_until(lambda: explanation(page), 5, "the microphone notice", page)
    assert shown["code"] == "microphone_blocked" and "Calls need your microphone" in shown["text"], shown

    browser.find_element(By.ID, "number").send_keys(ECHO_NUMBER)
    browser.find_element(By.ID, "call-button").click()
    page.wait_state("failed", timeout=10)
    assert page.last_cause == "microphone_blocked"
    shown = explanation(page)
    assert shown["code"] == "microphone_blocked", shown
    box = browser.find_element(By.ID, "explanation")
    assert box.find_element(By.TAG_NAME, "h2").text == "Your microphone is blocked for this site"
    steps = [item.text for item in box.find_elements(By.CSS_SELECTOR, ".explanation-steps li")]
    assert any("Allow" in step for step in steps) and any("Site settings" in step for step in steps), steps

    # Allowed in the site settings: the page says so, and the next call works.
    set_microphone(browser, gateway.http_url, "granted")
    shown = wait_until(lambda: (e := explanation(page)) and e["code"] == "microphone_allowed" and e,
                       5, "the page to notice the microphone is allowed", page)
    assert "You can call" in shown["text"], shown
    browser.find_element(By.ID, "call-button").click()
    page.wait_state("connected", timeout=20)
    assert explanation(page) is None
    wait_until(lambda: meter(browser, "mic-level") >= 40, 5, "the microphone meter to move", page)
    page.hangup()
    page.wait_state("closed", timeout=10)


# --- What the SDK does for every page: the mute choice between calls, staying connected ----------

def stretch(path: Path, start_s: float, end_s: float) -> tuple[float, float]:
    """The level (dBFS) and dominant frequency of seconds `start_s`..`end_s` of a recording
    (negative: from its end)."""
    samples, rate = read_wav(path)
    length = len(samples) / rate
    start, end = (t if t >= 0 else length + t for t in (start_s, end_s))
    part = samples[int(start * rate):int(end * rate)]
    assert len(part) >= rate, f"{path}: {length:.1f} s recorded, too short for {start_s}..{end_s}"
    return level_dbfs(part, rate), dominant_frequency(part, rate)[0]


def test_the_next_call_starts_muted_when_the_last_one_ended_muted(browser, make_phone, start_gateway):
    """gateway.js remembers the mute choice in localStorage (docs/sdk.md, "Muting"): a call
    muted and hung up, the page reloaded, the next call starts muted and the phone hears
    silence until the user unmutes, then the browser's 1 kHz."""
    phone = make_phone(PHONE, 440)
    gateway = start_gateway(phone.address)
    page = DialerPage(browser, gateway.http_url + "/")
    mute = lambda: browser.find_element(By.ID, "mute-button")  # noqa: E731 (found again after the reload)
    assert mute().get_attribute("aria-pressed") == "false"
    page.call(PHONE)
    page.wait_state("connected", timeout=20)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    mute().click()
    assert mute().get_attribute("aria-pressed") == "true"
    page.hangup()
    page.wait_state("closed", timeout=10)
    phone.wait_event("CALL_CLOSED", timeout=10)
    assert browser.execute_script("return localStorage.getItem('gateway.muted.anonymous')") == "1"
    # Any client of the origin starts muted now, unless made with rememberMute: false.
    assert browser.execute_script("""return import('/gateway.js').then(({ GatewayClient }) =>
        [new GatewayClient().startMuted, new GatewayClient({ rememberMute: false }).startMuted])""") == [True, False]

    browser.refresh()
    page = DialerPage(browser, browser.current_url)
    assert mute().get_attribute("aria-pressed") == "true" and mute().text == "Muted"
    events = len(phone.events)
    page.call(PHONE)
    page.wait_state("connected", timeout=20)
    phone.wait_event("CALL_ESTABLISHED", timeout=5, start=events)
    assert "your microphone is muted" in text(browser, "status"), text(browser, "status")
    time.sleep(4)
    mute().click()                                         # unmuted: the phone hears the tone
    assert mute().get_attribute("aria-pressed") == "false"
    time.sleep(4)
    page.hangup()
    page.wait_state("closed", timeout=10)
    phone.wait_event("CALL_CLOSED", timeout=10, start=events)
    recording = phone.recording()
    muted_level, _ = stretch(recording, 0.5, 3.0)
    assert muted_level < -55, f"the phone heard {muted_level:.1f} dBFS while the call started muted"
    level, frequency = stretch(recording, -3.0, -0.5)
    assert level > -40 and abs(frequency - 1000) < 20, (level, frequency)
    assert browser.execute_script("return localStorage.getItem('gateway.muted.anonymous')") == "0"


# --- Choosing the microphone: GatewayClient.microphones(), call.setMicrophone(), the select ----------

def test_dialer_switches_the_microphone_during_an_echo_test(browser, start_gateway, tmp_path):
    """With Chromium's fake devices: the inputs are listed, named once the page has the
    microphone; switching the microphone of a connected echo test (the page's select, by
    keyboard, or its contract) keeps the call connected and the echo flowing, keeps the mute,
    and a device that does not exist is refused with microphone_missing while the call goes on."""
    gateway = start_gateway(f"{HOST}:{closed_udp_port()}")
    page = DialerPage(browser, gateway.http_url + "/")
    row = browser.find_element(By.CSS_SELECTOR, ".microphone-choice")
    select = browser.find_element(By.ID, "microphone")
    assert select.get_attribute("id") == browser.find_element(By.CSS_SELECTOR, "label[for=microphone]").get_attribute("for")

    page.call(ECHO_NUMBER)
    page.wait_state("connected", timeout=20)
    wait_until(lambda: meter(browser, "mic-level") >= 40, 5, "the microphone meter to move", page)
    inputs = browser.execute_script("return window.gatewayDialer.microphones()")
    assert inputs and all(i["label"] for i in inputs), inputs          # named: the call had the permission
    assert browser.execute_script("""return import('/gateway.js').then(({ GatewayClient }) =>
        GatewayClient.microphones())""") == inputs
    # The select offers them once there is a choice.
    wait_until(lambda: row.is_displayed() == (len(inputs) > 1), 5, "the select to follow the inputs", page)
    if len(inputs) > 1:
        assert [o.text for o in select.find_elements(By.TAG_NAME, "option")] == [i["label"] for i in inputs]
        select.send_keys(Keys.DOWN)                                      # the keyboard picks the next one
        wait_until(lambda: browser.execute_script("return window.gatewayDialer.microphone") == inputs[1]["deviceId"],
                   5, "the select to switch the call", page)
        other = inputs[0]["deviceId"]
    else:
        browser.execute_script("return window.gatewayDialer.setMicrophone(arguments[0])", inputs[0]["deviceId"])
        other = inputs[0]["deviceId"]
    assert page.state == "connected"
    # The new microphone is sent: its meter, and its echo, move; the recording hears the tone.
    wait_until(lambda: meter(browser, "mic-level") >= 40, 5, "the new microphone's meter to move", page)
    wait_until(lambda: meter(browser, "remote-level") >= 40, 5, "the new microphone's echo", page)
    page.start_recording()
    time.sleep(4)
    heard = page.stop_recording(tmp_path / "after-switch.wav")
    assert_tone(heard, 1000, skip_s=0.5, min_seconds=2.5)

    # Muted, then switched: the new microphone is muted too.
    press(browser, "m")
    wait_until(lambda: meter(browser, "mic-level") == 0, 5, "the muted meter to read 0", page)
    browser.execute_script("return window.gatewayDialer.setMicrophone(arguments[0])", other)
    assert browser.execute_script("return window.gatewayDialer.microphone") == other
    assert browser.find_element(By.ID, "mute-button").get_attribute("aria-pressed") == "true"
    time.sleep(2)
    assert meter(browser, "mic-level") == 0 and meter(browser, "remote-level") <= 5
    browser.find_element(By.ID, "mute-button").click()                   # unmuted: the new track sends
    wait_until(lambda: meter(browser, "mic-level") >= 40, 5, "the unmuted new microphone's meter", page)
    wait_until(lambda: meter(browser, "remote-level") >= 40, 5, "the unmuted new microphone's echo", page)

    # A device that does not exist: refused, the call goes on with the microphone it had.
    refused = browser.execute_script("""return window.gatewayDialer.setMicrophone('no-such-microphone')
        .then(() => null, (e) => e.code)""")
    assert refused == "microphone_missing"
    assert browser.execute_script("return window.gatewayDialer.microphone") == other
    assert "not switched" in text(browser, "status"), text(browser, "status")
    time.sleep(1)
    assert page.state == "connected"
    assert meter(browser, "mic-level") >= 40 and meter(browser, "remote-level") >= 40
    page.hangup()
    page.wait_state("closed", timeout=10)
    assert page.last_cause == "normal_clearing"


def test_set_microphone_replaces_the_sent_track_and_keeps_the_mute(browser, start_gateway):
    """call.setMicrophone() as the SDK documents it, seen from the page's own objects: the
    sender's track is the new one (no new offer), the old one stopped, the mute kept; a bogus
    device leaves the old track in place."""
    gateway = start_gateway(f"{HOST}:{closed_udp_port()}")
    DialerPage(browser, gateway.http_url + "/")
    result = browser.execute_script("""return (async () => {
        const { GatewayClient } = await import('/gateway.js');
        const [first] = await GatewayClient.microphones();
        const client = new GatewayClient({ identity: 'sdk', rememberMute: false, microphone: first.deviceId });
        const call = await client.call('*43');
        await new Promise((resolve) => call.addEventListener('connected', resolve, { once: true }));
        const sender = () => call.peerConnection.getSenders().find((s) => s.track);
        const before = { track: sender().track, sdp: call.peerConnection.localDescription.sdp };
        const opened = before.track.getSettings().deviceId;
        call.mute(true);
        const inputs = await GatewayClient.microphones();
        const target = inputs[inputs.length - 1].deviceId;
        const events = [];
        call.addEventListener('microphone', (e) => events.push(e.detail.deviceId));
        await call.setMicrophone(target);
        const after = sender().track;
        const bogus = await call.setMicrophone('no-such-microphone').then(() => null, (e) => [e.name, e.code]);
        const out = {
          first: first.deviceId, opened, target, events, bogus,
          oldEnded: before.track.readyState, newLive: after.readyState, replaced: after !== before.track,
          newEnabled: after.enabled, muted: call.muted, callMicrophone: call.microphone,
          localIsNew: call.localStream.getAudioTracks()[0] === after, stillSent: sender().track === after,
          sameSdp: call.peerConnection.localDescription.sdp === before.sdp, state: call.state,
        };
        call.hangup();
        await new Promise((resolve) => call.addEventListener('closed', resolve, { once: true }));
        out.endedAfterHangup = after.readyState;
        out.afterEnd = await call.setMicrophone(target).then(() => null, (e) => e.code);
        return out;
    })()""")
    assert result["opened"] == result["first"], result          # the client's microphone option was opened
    assert result["replaced"] and result["stillSent"] and result["localIsNew"], result
    assert result["oldEnded"] == "ended" and result["newLive"] == "live", result
    assert result["muted"] is True and result["newEnabled"] is False, result
    assert result["callMicrophone"] == result["target"] and result["events"] == [result["target"]], result
    assert result["sameSdp"] and result["state"] == "connected", result
    assert result["bogus"] == ["GatewayError", "microphone_missing"], result
    assert result["endedAfterHangup"] == "ended" and result["afterEnd"] == "invalid_state", result


# Counts the WebSockets the page opens and when each opens and closes (ms, performance.now()).
WATCH_SOCKETS = """
window.__sockets = [];
const RealWebSocket = window.WebSocket;
window.WebSocket = class extends RealWebSocket {
  constructor(...args) {
    super(...args);
    const entry = { opened: performance.now(), closed: null };
    window.__sockets.push(entry);
    this.addEventListener('close', () => { entry.closed = performance.now(); });
  }
};
"""


def test_an_idle_dialer_reconnects_by_itself_after_a_gateway_restart(browser, make_phone, start_gateway, tmp_path):
    """With no call, the client of gateway.js reconnects by itself after a drop, 1 s, 2 s,
    4 s, ... apart (±20 %), and the next call works without a reload."""
    phone = make_phone(PHONE, 440)
    gateway = start_gateway(phone.address)
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_SOCKETS})
    page = DialerPage(browser, gateway.http_url + "/")
    wait_until(lambda: text(browser, "status") == "Ready", 10, "the connection", page)

    gateway.stop()
    wait_until(lambda: text(browser, "status") == "The connection to the gateway was lost; reconnecting…",
               10, "the page to see the drop", page)
    time.sleep(4)                                          # attempts fail while the gateway is down
    gateway.start()
    wait_until(lambda: text(browser, "status") == "Ready", 30, "the page to reconnect by itself", page)
    sockets = browser.execute_script("return window.__sockets")
    assert len(sockets) >= 3, sockets                      # the first, failed attempts, the one back
    for attempt, (before, after) in enumerate(zip(sockets, sockets[1:])):
        waited = (after["opened"] - before["closed"]) / 1000
        expected = min(2 ** attempt, 30)
        assert 0.8 * expected - 0.1 <= waited <= 1.2 * expected + 0.5, (attempt, waited, sockets)
    assert sockets[-1]["closed"] is None, sockets

    page.call(PHONE)
    talk_and_hang_up(page, phone, tmp_path / "after-restart.wav")
    assert len(browser.execute_script("return window.__sockets")) == len(sockets)   # the call used that connection
