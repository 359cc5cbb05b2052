"""Operator-made call links (docs/call-links.md) in headless Chromium, end to end: an operator
makes a link in the admin console (a refused number is shown next to its field), a visitor
opens /call/<id> (no number to type, the link's title), calls a real phone (baresip) through
the gateway with tones measured both ways, sends dial-pad and keyboard digits the phone
receives, and hangs up; the use shows in the console's details and in the call record. A
link made without a dial pad shows none and sends no digits (M mutes, Escape hangs up); a
link outside its hours shows its message and no Call button; a link that expires while its
page is open refuses the Call (`link_unavailable`, explained) and the page then shows the
link's message, as it does when opened later, and the SDK is refused once, without
retrying, each refusal listed as a use; a link revoked in the console (after a
confirmation) reads "does not exist". Screenshots: docs/screenshots/admin-links.png, admin-link-details.png and
call-link-phone.png."""

import base64
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from analysis import assert_tone
from baresip_phone import BYE_RECEIVED
from test_chromium_admin import DESKTOP, PHONE as PHONE_SIZE, SCREENSHOTS, AdminPage, signed_in_page
from test_chromium_dialer import meter, press, wait_until
from test_operator_access import PASSWORD

PHONE = "5551001"          # baresip answers only its own user
TALK_S = 6
ZONE = "America/New_York"  # a link's hours are in a zone of its own, whatever the browser's
DIALPLAN = """entry:
  web: {default: web}
contexts:
  web:
    country: US
    kind: web
    rules:
      - match: {pattern: "!"}
        dial: {trunks: [phone]}
"""


class LinkPage:
    """The call link page (link.html), read and driven through window.gatewayLink
    (Sources/GatewayServer/Web/link-contract.js) and, as a visitor would, its controls."""

    def __init__(self, driver, url: str, timeout: float = 10.0):
        self.driver = driver
        driver.set_script_timeout(30)
        # Voice processing off: the tones measured here would be attenuated by it (media.js).
        driver.get(url + ("&" if "?" in url else "?") + "audio=raw")
        wait_until(lambda: driver.execute_script("return document.documentElement.dataset.link") == "ready",
                   timeout, f"{url} to show its link (window.gatewayLink, data-link=ready)")

    def js(self, expression: str, *args):
        return self.driver.execute_script(f"return {expression}", *args)

    @property
    def state(self) -> str:
        return self.js("window.gatewayLink.state")

    @property
    def last_cause(self) -> str | None:      # the name wait_until's failure report reads
        return self.js("window.gatewayLink.cause")

    @property
    def link(self) -> dict | None:
        return self.js("window.gatewayLink.link")

    def call(self) -> str | None:
        """Calls as the contract does; None once placed, else the refusal's code."""
        return self.js("window.gatewayLink.call().then(() => null, (e) => e.code || String(e))")

    def wait_state(self, name: str, timeout: float = 15.0) -> None:
        wait_until(lambda: self.state == name, timeout, f"the link page's state {name!r} "
                   f"(states {self.js('window.gatewayLink.states')})", self)

    def start_recording(self) -> None:
        self.js("window.gatewayLink.startRecording()")

    def stop_recording(self, path):
        """Saves what the page recorded (a base64 WAV) at `path`."""
        path.write_bytes(base64.b64decode(self.js("window.gatewayLink.stopRecording()")))
        return path

    def text(self, element_id: str) -> str:
        return self.js("document.getElementById(arguments[0]).textContent.trim()", element_id)

    def shown(self, element_id: str) -> bool:
        return self.driver.find_element(By.ID, element_id).is_displayed()

    def refusal_through_the_sdk(self, link_id: str) -> list:
        """[code, message, WebSockets opened] of `new GatewayClient({link}).call()` from this
        page, 3 s after the refusal: a refused link is not tried again."""
        return self.driver.execute_async_script("""
            const [id, done] = [arguments[0], arguments[arguments.length - 1]];
            let opened = 0;
            const Real = window.WebSocket;
            window.WebSocket = class extends Real { constructor(...a) { super(...a); opened += 1; } };
            import('/gateway.js').then(({ GatewayClient }) => new GatewayClient({ link: id }).call())
              .then(() => done(['placed', '', opened]),
                    (e) => setTimeout(() => done([e.code, e.message, opened]), 3000));""", link_id)

    def console(self) -> str:
        try:
            return "\n".join(entry["message"] for entry in self.driver.get_log("browser"))
        except Exception as error:
            return f"(no browser log: {error})"


def api(gateway, method: str, path: str, **kwargs) -> requests.Response:
    return requests.request(method, f"{gateway.http_url}{path}", headers=gateway.admin, timeout=5, **kwargs)


def public_info(gateway, link_id: str) -> requests.Response:
    return requests.get(f"{gateway.http_url}/call-links/{link_id}.json", timeout=5)


def fill_form(admin: AdminPage, label: str, number: str, context: str = "", display_name: str = "") -> None:
    for selector, value in (("#link-label", label), ("#link-number", number), ("#link-context", context),
                            ("#link-display-name", display_name)):
        field = admin.find(selector)
        field.clear()
        if value:
            field.send_keys(value)


def set_value(admin: AdminPage, selector: str, value: str) -> None:
    """Date and time inputs take their value by script (their typing order depends on the locale)."""
    admin.js("(e => { e.value = arguments[1]; e.dispatchEvent(new Event('input', {bubbles: true})); })"
             "(document.querySelector(arguments[0]))", selector, value)


def link_rows(admin: AdminPage) -> list[dict]:
    return admin.rows("#links-rows")


def phone_screenshot(driver, name: str) -> None:
    """docs/screenshots/<name>.png of the viewport at the phone size (390x844)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": PHONE_SIZE[0], "height": PHONE_SIZE[1], "deviceScaleFactor": 1, "mobile": True})
    time.sleep(0.3)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": DESKTOP[0], "height": DESKTOP[1], "deviceScaleFactor": 1, "mobile": False})
    assert path.stat().st_size > 5000, path


def test_operator_makes_a_link_and_a_visitor_calls_a_phone_through_it(browser, make_phone, start_gateway, tmp_path):
    phone = make_phone(PHONE, 440)
    gateway = start_gateway(phone.address, dialplans={"web.yaml": DIALPLAN})
    admin = signed_in_page(browser, gateway)
    admin.section("links")
    admin.wait(lambda: admin.text("#links-summary") == "0 call links, 0 open.", "the empty list")
    assert admin.text("#links-rows") == "No call links yet. Make one with the form below."
    assert admin.js("document.getElementById('link-time-zone').value") == admin.js(
        "Intl.DateTimeFormat().resolvedOptions().timeZone")

    # A number the gateway refuses: its sentence shows next to the number, which gets the focus.
    fill_form(admin, "Support line", "12ab", context="web", display_name="ACME support")
    admin.find("#link-create").click()
    refused = admin.wait(lambda: admin.visible("#link-number-error") and admin.text("#link-number-error"),
                         "the refusal next to the number")
    assert admin.find("#link-number").get_attribute("aria-invalid") == "true"
    assert "link-number-error" in admin.find("#link-number").get_attribute("aria-describedby")
    assert admin.js("document.activeElement.id") == "link-number"
    assert admin.text("#link-form-message") == f"The link was not made: {refused}"
    assert api(gateway, "GET", "/api/call-links").json()["links"] == []

    fill_form(admin, "Support line", PHONE, context="web", display_name="ACME support")
    admin.find("#link-create").click()
    [row] = admin.wait(lambda: link_rows(admin), "the new link's row")
    link_id = row["data"]["linkId"]
    url = f"{gateway.http_url}/call/{link_id}"
    assert not admin.visible("#link-number-error") and admin.find("#link-number").get_attribute("aria-invalid") is None
    assert row["Label"] == "Support line" and row["Destination"] == f"{PHONE} (context web)", row
    assert row["State"].startswith("open") and row["Uses"] == "0" and row["Last used"] == "—", row
    # Who made it: the operator's name, which the gateway may give with its kind ("operator ops").
    assert row["Created by"] in ("ops", "operator ops") and row["Address"] == f"{url} Copy", row
    assert admin.text("#link-created-url") == url
    assert admin.text("#status") == f"Call link “Support line” made: {url}"
    made = api(gateway, "GET", f"/api/call-links/{link_id}").json()
    assert made["destination"] == {"kind": "number", "number": PHONE, "context": "web"}, made
    assert made["displayName"] == "ACME support" and made["dialPad"] is True and made["oneTime"] is False, made
    assert made["validUntil"] and not made.get("neverExpires") and made["recentUses"] == [], made
    admin.find(f'#links-rows tr[data-link-id="{link_id}"] button[aria-label^="Copy"]').click()
    admin.wait(lambda: admin.text("#status").startswith("Copied the address of “Support line”"), "the copy")

    # The visitor: the link's title, one Call button, no number to type.
    page = LinkPage(browser, url)
    assert page.text("link-title") == "ACME support" and browser.title == "Call ACME support"
    assert page.link == {"state": "open", "title": "ACME support", "dialPad": True, "message": None}, page.link
    assert browser.find_elements(By.CSS_SELECTOR, "input") == []
    assert page.shown("call-button") and not page.shown("link-pad") and not page.shown("hangup-button")
    assert page.text("status") == "Ready to call."
    browser.find_element(By.ID, "call-button").click()
    page.wait_state("connected", timeout=20)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    assert page.js("window.gatewayLink.callId")
    assert page.js("document.activeElement.id") == "hangup-button"    # the Call button gave it way
    page.start_recording()
    time.sleep(TALK_S)
    heard = page.stop_recording(tmp_path / "link-heard.wav")

    # Digits from the pad and from the keyboard reach the phone.
    assert page.shown("link-pad")
    for digit in "12":
        browser.find_element(By.CSS_SELECTOR, f'#link-pad button[data-digit="{digit}"]').click()
    press(browser, "3#")
    assert phone.wait_dtmf(4, timeout=10) == "123#"
    assert page.js("window.gatewayLink.sentDigits") == "123#" and page.text("sent-digits") == "Sent: 123#"
    rating = wait_until(lambda: (r := page.js("window.gatewayLink.quality")) != "measuring" and r, 15,
                        "the first quality report", page)
    assert page.text("quality-badge") == f"Call quality: {rating}"
    wait_until(lambda: meter(browser, "remote-level") >= 30, 5, "the phone's 440 Hz on the meter", page)
    wait_until(lambda: page.text("timer") >= "0:08", 5, "the call duration to run", page)
    phone_screenshot(browser, "call-link-phone")

    browser.find_element(By.ID, "hangup-button").click()
    page.wait_state("closed", timeout=10)
    assert page.last_cause == "normal_clearing"
    assert phone.wait_event("CALL_CLOSED", timeout=10)["param"] == BYE_RECEIVED
    assert page.shown("call-button") and page.text("call-button") == "Call again"
    assert_tone(phone.recording(), 1000, min_seconds=TALK_S - 2)     # browser -> phone
    assert_tone(heard, 440, skip_s=0.5, min_seconds=TALK_S - 2)      # phone -> browser

    # The call record names the link's connection, never the whole id.
    record = gateway.wait_record(PHONE)
    assert record["webIdentity"] == f"link:{link_id[:8]}" and record["cause"] == "normal_clearing", record

    # The operator sees the use.
    admin = AdminPage(browser, gateway.http_url)
    admin.wait(lambda: admin.visible("#console"), "the console (the session goes on)")
    admin.section("links")
    [row] = admin.wait(lambda: (r := link_rows(admin)) and r[0]["Uses"] == "1" and r, "the use counted")
    assert row["Last used"] != "—", row
    admin.screenshot("links")
    admin.find(f'#links-rows tr[data-link-id="{link_id}"] button[aria-label^="Details"]').click()
    admin.wait(lambda: admin.js("document.getElementById('link-dialog').open"), "the link's details")
    assert admin.text("#link-dialog-heading") == "Call link “Support line”"
    uses = admin.wait(lambda: admin.rows("#link-uses"), "the recent uses")
    assert [(use["Outcome"], use["Call"]) for use in uses] == [("placed", record["id"])], uses
    facts = admin.text("#link-facts")
    assert f"Address{url}" in facts and "Dial padyes" in facts and "Uses1" in facts, facts
    admin.screenshot("link-details")
    admin.find("#link-dialog-close").send_keys(Keys.ESCAPE)
    admin.wait(lambda: not admin.js("document.getElementById('link-dialog').open"), "the dialog to close")
    assert admin.js("document.activeElement.getAttribute('aria-label')") == "Details and uses of Support line"
    recent = api(gateway, "GET", f"/api/call-links/{link_id}").json()["recentUses"]
    assert [(use["callId"], use["outcome"]) for use in recent] == [(record["id"], "placed")], recent


def test_no_dial_pad_closed_expired_and_revoked_links(browser, make_phone, start_gateway):
    phone = make_phone(PHONE, 440)
    gateway = start_gateway(phone.address, dialplans={"web.yaml": DIALPLAN})
    admin = signed_in_page(browser, gateway)
    admin.section("links")

    # Made in the console without a dial pad, until a date two days ahead.
    fill_form(admin, "No pad", PHONE)
    admin.find("#link-dial-pad").click()
    until_local = admin.js("""(() => { const d = new Date(Date.now() + 2 * 86400000); d.setSeconds(0, 0);
        const p = (n) => String(n).padStart(2, '0');
        return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`; })()""")
    set_value(admin, "#link-valid-until", until_local)
    admin.find("#link-create").click()
    [row] = admin.wait(lambda: link_rows(admin), "the link without a pad")
    no_pad = row["data"]["linkId"]
    made = api(gateway, "GET", f"/api/call-links/{no_pad}").json()
    expected_until = admin.js("new Date(arguments[0]).toISOString().replace(/\\.\\d{3}Z$/, 'Z')", until_local)
    assert made["dialPad"] is False and made["validUntil"] == expected_until, (made, expected_until)

    # Made in the console with opening hours that start in two hours there: closed now.
    hour = datetime.now(ZoneInfo(ZONE))
    fill_form(admin, "Later today", PHONE)
    admin.find("#link-hours-on").click()
    assert admin.visible("#link-hours")
    for day in admin.driver.find_elements(By.CSS_SELECTOR, '#link-days input[name="day"]'):
        if not day.is_selected():
            day.click()                                        # every day
    set_value(admin, "#link-hours-from", (hour + timedelta(hours=2)).strftime("%H:00"))
    set_value(admin, "#link-hours-to", (hour + timedelta(hours=3)).strftime("%H:00"))
    admin.find("#link-time-zone").clear()
    admin.find("#link-time-zone").send_keys(ZONE)
    admin.find("#link-create").click()
    closed = admin.wait(lambda: (r := link_rows(admin)) and len(r) == 2 and r[0]["data"]["linkId"], "the link with hours")
    made = api(gateway, "GET", f"/api/call-links/{closed}").json()
    assert made["hours"]["days"] == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] and made["hours"]["timeZone"] == ZONE, made
    assert made["state"] == "closed_now", made

    # Made through the API: one to revoke.
    doomed = api(gateway, "POST", "/api/call-links", json={
        "label": "To revoke", "destination": {"kind": "number", "number": PHONE}})
    assert doomed.status_code == 201, doomed.text
    doomed = doomed.json()["id"]

    # The visitor needs no session.
    browser.delete_all_cookies()
    page = LinkPage(browser, f"{gateway.http_url}/call/{no_pad}")
    assert page.text("link-title") == PHONE          # no display name: the number
    assert page.call() is None
    page.wait_state("connected", timeout=20)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    assert not page.shown("link-pad") and page.text("keys-hint") == "M mutes and Esc hangs up."
    assert page.js("window.gatewayLink.pressDigit('5')") is False
    press(browser, "5")
    # M mutes (remembered as on the dialer), M again unmutes.
    press(browser, "m")
    assert browser.find_element(By.ID, "mute-button").get_attribute("aria-pressed") == "true"
    wait_until(lambda: meter(browser, "mic-level") == 0, 5, "the muted microphone meter to read 0", page)
    assert "muted" in page.text("status"), page.text("status")
    press(browser, "m")
    assert browser.find_element(By.ID, "mute-button").get_attribute("aria-pressed") == "false"
    time.sleep(1.0)
    assert phone.dtmf_received() == "" and page.js("window.gatewayLink.sentDigits") == ""
    press(browser, Keys.ESCAPE)                        # Escape hangs up
    page.wait_state("closed", timeout=10)
    assert page.last_cause == "normal_clearing"

    # Outside its hours: the gateway's sentence, no Call button.
    info = public_info(gateway, closed).json()
    assert info["state"] == "closed_now" and info["message"], info
    page = LinkPage(browser, f"{gateway.http_url}/call/{closed}")
    assert page.text("status") == info["message"] and not page.shown("call-button"), page.text("status")
    assert page.link["state"] == "closed_now"

    # A link that expires while its page is open: the Call is refused and explained, and the
    # page then shows the link's message instead of the Call button.
    soon = (datetime.now(timezone.utc) + timedelta(seconds=8)).strftime("%Y-%m-%dT%H:%M:%SZ")
    expiring = api(gateway, "POST", "/api/call-links", json={
        "label": "Short-lived", "destination": {"kind": "number", "number": PHONE}, "validUntil": soon})
    assert expiring.status_code == 201, expiring.text
    expiring = expiring.json()["id"]
    page = LinkPage(browser, f"{gateway.http_url}/call/{expiring}")
    assert page.shown("call-button") and page.link["state"] == "open"
    wait_until(lambda: public_info(gateway, expiring).json().get("state") == "expired", 15, "the link to expire")
    info = public_info(gateway, expiring).json()
    assert "expired" in info["message"], info
    browser.find_element(By.ID, "call-button").click()
    page.wait_state("failed", timeout=10)
    assert page.last_cause == "link_unavailable" and page.js("window.gatewayLink.states") == []
    shown = page.js("window.gatewayLink.explanation")
    assert shown["code"] == "link_unavailable" and shown["kind"] == "link", shown
    wait_until(lambda: not page.shown("call-button") and page.text("link-message") == info["message"], 5,
               "the page to show the link's message", page)
    assert page.text("status") == f"Call failed: {page.js('window.gatewayLink.reason')}"

    # Opened after it expired: its message, no Call button; the SDK is refused once, no retry.
    page = LinkPage(browser, f"{gateway.http_url}/call/{expiring}")
    assert page.text("status") == info["message"]
    assert not page.shown("call-button") and not page.shown("link-form")
    assert page.link["state"] == "expired" and page.link["title"] == PHONE
    code, message, opened = page.refusal_through_the_sdk(expiring)
    assert (code, opened) == ("link_unavailable", 1) and message, (code, message, opened)
    refusals = api(gateway, "GET", f"/api/call-links/{expiring}").json()["recentUses"]
    assert refusals and all(use["outcome"] == "refused" and use.get("callId") is None for use in refusals), refusals

    # Revoked in the console, after a confirmation: the page says it does not exist.
    page = LinkPage(browser, f"{gateway.http_url}/call/{doomed}")
    assert page.shown("call-button")
    admin = AdminPage(browser, gateway.http_url)
    admin.wait(lambda: admin.visible("#sign-in-form"), "the sign-in form (the cookies were deleted)")
    admin.sign_in("ops", PASSWORD)
    admin.wait(lambda: admin.visible("#console"), "the console")
    admin.section("links")
    admin.wait(lambda: len(link_rows(admin)) == 4, "the four links")
    admin.find(f'#links-rows tr[data-link-id="{doomed}"] button[aria-label="Revoke To revoke"]').click()
    admin.wait(lambda: admin.js("document.getElementById('link-revoke-dialog').open"), "the confirmation")
    assert admin.js("document.activeElement.id") == "link-revoke-cancel"      # keeping it is the default
    assert "To revoke" in admin.text("#link-revoke-text")
    admin.find("#link-revoke-confirm").click()
    admin.wait(lambda: admin.text("#status") == "Call link “To revoke” revoked.", "the revocation")
    # The status comes as the revocation is answered; the table follows once it is reloaded.
    admin.wait(lambda: any(r["data"]["linkId"] == doomed and r["State"].startswith("revoked") for r in link_rows(admin)),
               "the row to say revoked")
    assert not admin.visible(f'#links-rows tr[data-link-id="{doomed}"] button[aria-label="Revoke To revoke"]')
    assert api(gateway, "GET", f"/api/call-links/{doomed}").json()["revokedAt"]
    assert public_info(gateway, doomed).status_code == 404

    page = LinkPage(browser, f"{gateway.http_url}/call/{doomed}")
    assert page.text("status") == "This call link does not exist." and not page.shown("call-button")
    assert page.link["state"] == "missing" and page.text("link-title") == "Call link"
    assert page.js("window.gatewayLink.explanation")["code"] == "link_missing"
    code, message, opened = page.refusal_through_the_sdk(doomed)
    assert (code, message, opened) == ("link_unavailable", "This call link does not exist.", 1)
