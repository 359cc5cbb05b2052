"""Chromium on the operators' admin console (admin.html) of a real gateway: signing in (a
wrong password is refused in words), live calls of aiortc web users with a ticking duration,
one hung up from the console (the web user gets `hung_up` from the gateway, the SIPp trunk a
BYE) while the other goes on, call records filtered by text with the CSV export of the same
filter, a record's details and events, trunks and agents; the dialplan broken in the editor,
validated (the finding's line:column, and clicking it puts the caret there), diffed, refused
on save, fixed, traced, saved as a new revision and rolled back; signing out, and a session
ended by a password change sending the page back to the sign-in form; the ICE servers set in
the console (secrets never shown) reaching the next `hello`, a refused server shown at its
field, and the way back to the configuration's list. Screenshots of every
section go to docs/screenshots/admin-*.png (1280x800, and the phone size 390x844)."""

import base64
import hashlib
import hmac
import time
from pathlib import Path

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from contract import SIDE_GATEWAY, assert_end
from gateway import ROOT
from test_operator_access import PASSWORD, add_operator
from tones import tone48k

SCREENSHOTS = ROOT / "docs" / "screenshots"
NUMBER = "+12125550123"
DIALPLAN = """entry:
  web: {default: web}
contexts:
  web:
    country: US
    kind: web
    rules:
      - match: {exact: "*43"}
        steps: [{answer: {}}, {echo: {}}]
      - match: {pattern: "+1NXXNXXXXXX"}
        dial: {trunks: [phone]}
      - match: {pattern: "!"}
        hangup: call_rejected
tests:
  - {from: web, to: "*43", expect: {number: "*43"}}
  - {from: web, to: "+12125550100", expect: {dial: phone}}
"""
AGENTS = {"wrap_up_s": 5, "ring_timeout_s": 20,
          "roster": [{"identity": "alice", "name": "Alice Martin", "extension": "201"}, {"identity": "bob"}],
          "groups": [{"name": "support", "strategy": "ring_all", "members": ["alice", "bob"]}]}
DESKTOP, PHONE = (1280, 800), (390, 844)


class AdminPage:
    """The console driven through its DOM, as an operator would use it."""

    def __init__(self, driver, base_url: str):
        self.driver = driver
        self.base_url = base_url
        self.viewport(*DESKTOP)
        driver.get(f"{base_url}/admin.html")

    def viewport(self, width: int, height: int) -> None:
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500})

    def js(self, expression: str, *args):
        return self.driver.execute_script(f"return {expression}", *args)

    def find(self, selector: str):
        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def text(self, selector: str) -> str:
        return self.js("document.querySelector(arguments[0]).textContent.trim()", selector)

    def visible(self, selector: str) -> bool:
        return self.js("(e => !!e && !e.closest('[hidden]') && e.getClientRects().length > 0)"
                       "(document.querySelector(arguments[0]))", selector)

    def wait(self, predicate, what: str, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout} s for {what}; status {self.text('#status')!r}, "
                                     f"error {self.text('#error')!r}\n{self.console()}")
            time.sleep(0.1)

    def rows(self, tbody: str) -> list[dict]:
        """The rows of a table body as {column label: text}, with the row's data-* as `data`."""
        return self.js("""[...document.querySelectorAll(arguments[0] + ' tr:not(.empty)')].map((tr) => ({
            data: {...tr.dataset},
            ...Object.fromEntries([...tr.cells].map((c) => [c.dataset.label, c.textContent.trim()]))}))""", tbody)

    def sign_in(self, name: str, password: str) -> None:
        for selector, value in (("#sign-in-name", name), ("#sign-in-password", password)):
            field = self.find(selector)
            field.clear()
            field.send_keys(value)
        self.find("#sign-in-button").click()

    def section(self, name: str, keyboard: bool = False) -> None:
        """Opens a section from the menu (with the keyboard: focus the link, press Enter)."""
        link = self.find(f'.sections-nav a[href="#{name}"]')
        if keyboard:
            self.js("arguments[0].focus()", link)
            link.send_keys(Keys.ENTER)
        else:
            link.click()
        self.wait(lambda: self.visible(f"#{name}") and self.js(
            "document.querySelector(arguments[0]).getAttribute('aria-current')", f'a[href="#{name}"]') == "page",
            f"section {name}")

    def screenshot(self, name: str, phone: bool = False, top: str | None = None) -> Path:
        """docs/screenshots/admin-<name>.png of the viewport (1280x800, or 390x844 with
        `phone`), scrolled so that `top` (a selector) is at its top when given."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        if phone:
            self.viewport(*PHONE)
            time.sleep(0.3)
        if top:
            self.js("document.querySelector(arguments[0]).scrollIntoView()", top)
        path = SCREENSHOTS / f"admin-{name}.png"
        self.driver.save_screenshot(str(path))
        if phone:
            self.viewport(*DESKTOP)
        assert path.stat().st_size > 5000, path
        return path

    def fetch(self, url: str) -> dict:
        """GET `url` from the page (its session cookie goes along): status, content type, text."""
        return self.driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch(arguments[0], {credentials: 'same-origin'})
              .then(async (r) => done({status: r.status, type: r.headers.get('Content-Type'), text: await r.text()}))
              .catch((e) => done({status: 0, type: null, text: String(e)}));""", url)

    def console(self) -> str:
        try:
            return "\n".join(entry["message"] for entry in self.driver.get_log("browser"))
        except Exception as error:
            return f"(no browser log: {error})"


def signed_in_page(browser, gateway) -> AdminPage:
    add_operator(gateway, "ops")
    page = AdminPage(browser, gateway.http_url)
    page.wait(lambda: page.visible("#sign-in-form"), "the sign-in form")
    page.sign_in("ops", PASSWORD)
    page.wait(lambda: page.visible("#console") and page.text("#operator-name") == "ops", "the console")
    return page


def test_sign_in_live_calls_hangup_records_trunks_agents(browser, make_sipp, make_web_client, make_agent,
                                                         start_gateway, tmp_path):
    sipp = make_sipp("uas_answer")
    gateway = start_gateway(sipp.address, dialplans={"web.yaml": DIALPLAN}, agents=AGENTS,
                            trunk_options={"rtp_timeout_s": 0})
    add_operator(gateway, "ops")
    page = AdminPage(browser, gateway.http_url)
    page.wait(lambda: page.visible("#sign-in-form"), "the sign-in form")
    assert not page.visible("#console")
    page.screenshot("sign-in")

    page.sign_in("ops", "not the password")
    page.wait(lambda: page.text("#sign-in-message") == "Wrong name or password.", "the refusal in words")
    assert not page.visible("#console")
    assert page.js("document.activeElement.id") == "sign-in-password"
    page.sign_in("ops", PASSWORD)
    page.wait(lambda: page.visible("#console") and page.text("#operator-name") == "ops", "the console")
    assert page.visible("#live") and page.text("#live-heading") == "Live calls"
    assert page.text("#live-summary") == "0 calls in progress."
    # Each section is a landmark named by its heading.
    for name in ("live", "records", "trunks", "agents", "dialplan"):
        assert page.js("document.getElementById(arguments[0]).getAttribute('aria-labelledby')", name) == f"{name}-heading"

    agent = make_agent(gateway.ws_url("bob"))
    assert agent.presence("available")["state"] == "available"
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call(NUMBER, tone48k(1000), tmp_path / "trunk-call.wav")
    call.wait_state("connected", timeout=15)
    echo_web = make_web_client(gateway.ws_url("carol"))
    echo = echo_web.call("*43", tone48k(700), tmp_path / "echo-call.wav")
    echo.wait_state("connected", timeout=15)

    rows = page.wait(lambda: (r := page.rows("#live-rows")) and len(r) == 2
                     and all("…" not in row["From → To"] for row in r) and r, "two live calls with their records")
    trunk_row = next(row for row in rows if row["Kind"] == "Web → phone")
    echo_row = next(row for row in rows if row["Kind"] == "Echo test")
    assert trunk_row["From → To"] == f"alice → {NUMBER}" and trunk_row["Trunk"] == "phone", trunk_row
    assert trunk_row["State"] == "connected" and "SIP Call-ID" in trunk_row["Details"], trunk_row
    assert echo_row["From → To"] == "carol → *43", echo_row
    assert page.text("#live-summary") == "2 calls in progress."
    first = trunk_row["Duration"]
    time.sleep(2.2)
    later = next(row for row in page.rows("#live-rows") if row["Kind"] == "Web → phone")["Duration"]
    assert first != later and later.startswith("0:"), (first, later)     # it ticks
    page.screenshot("live")
    page.screenshot("live-phone", phone=True)

    page.section("agents", keyboard=True)
    agents = page.wait(lambda: (r := page.rows("#agents-rows")) and len(r) == 2 and r, "the agents")
    alice = next(row for row in agents if row["data"]["agent"] == "alice")
    bob = next(row for row in agents if row["data"]["agent"] == "bob")
    assert alice["Agent"] == "Alice Martin (alice) · ext. 201" and alice["Activity"] == "on a call", alice
    assert alice["Call"] == trunk_row["data"]["callId"], alice
    assert bob["Presence"] == "available" and bob["Activity"] == "idle" and bob["Consoles open"] == "1", bob
    assert page.text("#waiting-rows") == "No calls are waiting."
    page.screenshot("agents")

    page.section("live", keyboard=True)
    assert page.js("document.activeElement.id") == "live-heading"
    hangup = page.find(f'#live-rows tr[data-call-id="{trunk_row["data"]["callId"]}"] button.hangup')
    assert hangup.get_attribute("aria-label") == f"Hang up call {trunk_row['data']['callId']}"
    hangup.click()
    assert_end(call.wait_state("hung_up", timeout=10), "hung_up", "normal_clearing", SIDE_GATEWAY)
    call.wait_state("closed")
    assert sipp.wait(15) == 0, sipp.output_tail()                  # BYE answered: the scenario ran to its end
    assert sipp.received("BYE")
    page.wait(lambda: [row["Kind"] for row in page.rows("#live-rows")] == ["Echo test"], "only the echo call left")
    assert page.text("#status") == f"Call {trunk_row['data']['callId']} hung up."
    assert "closed" not in echo.state_names(), echo.state_names()     # the other call goes on

    echo.hangup()
    echo.wait_state("closed")
    page.wait(lambda: page.text("#live-summary") == "0 calls in progress.", "no calls")
    assert page.text("#live-rows") == "No calls in progress."

    page.section("records")
    records = page.wait(lambda: (r := page.rows("#records-rows")) and len(r) == 2 and r, "two call records")
    trunk_record = next(row for row in records if row["Destination"] == NUMBER)
    assert trunk_record["Direction"] == "Web → phone" and trunk_record["Identity"] == "alice", trunk_record
    assert trunk_record["Trunk"] == "phone" and trunk_record["Cause"] == "normal clearing", trunk_record
    assert trunk_record["Side"] == "gateway" and trunk_record["Duration"].startswith("0:"), trunk_record
    page.screenshot("records")

    page.find("#records-q").send_keys("2125550123")
    page.find("#records-q").send_keys(Keys.ENTER)
    page.wait(lambda: [row["Destination"] for row in page.rows("#records-rows")] == [NUMBER], "the filtered table")
    assert page.text("#records-summary") == "1 record matches the filters."
    csv_link = page.js("document.getElementById('records-csv').getAttribute('href')")
    assert csv_link == "/api/calls.csv?limit=200&q=2125550123", csv_link
    export = page.fetch(csv_link)
    assert export["status"] == 200 and export["type"].startswith("text/csv"), export
    lines = export["text"].strip().splitlines()
    assert lines[0].startswith("id,direction,identity,destination,trunk") and len(lines) == 2, lines
    assert f",outbound,alice,{NUMBER},phone," in lines[1] and "*43" not in export["text"], lines

    page.find(f'#records-rows tr[data-call-id="{trunk_row["data"]["callId"]}"] button.link').click()
    page.wait(lambda: page.js("document.getElementById('record-dialog').open"), "the record's dialog")
    assert page.text("#record-heading") == f"Call {trunk_row['data']['callId']}"
    facts = page.text("#record-facts")
    assert "Hung up bygateway" in facts and "Trunkphone" in facts, facts
    events = page.js("[...document.querySelectorAll('#record-events li')].map((li) => li.textContent)")
    assert any("operator hangup: " in event and event.endswith(" ops") for event in events), events
    page.screenshot("record")
    page.find("#record-close").send_keys(Keys.ESCAPE)
    page.wait(lambda: not page.js("document.getElementById('record-dialog').open"), "the dialog to close")
    assert page.js("document.activeElement.closest('tr')?.dataset.callId") == trunk_row["data"]["callId"]

    page.section("trunks")
    [trunk] = page.wait(lambda: page.rows("#trunks-rows"), "the trunk")
    assert trunk["Name"] == "phone" and trunk["Address"] == f"{sipp.address} (UDP)" and trunk["State"] == "not probed", trunk
    page.screenshot("trunks")


def test_dialplan_validate_trace_save_rollback_and_session_end(browser, make_sipp, start_gateway):
    sipp = make_sipp("uas_answer")
    gateway = start_gateway(sipp.address, dialplans={"web.yaml": DIALPLAN})
    running = requests.get(f"{gateway.http_url}/api/dialplans", headers=gateway.admin, timeout=5).json()
    first_revision = running["revision"]
    page = signed_in_page(browser, gateway)
    page.section("dialplan")
    editor = "#dialplan-text"
    page.wait(lambda: page.js("document.querySelector(arguments[0]).value", editor) == DIALPLAN, "the running file")
    assert page.text("#dialplan-running").startswith(f"Running revision {first_revision}, loaded ")
    assert page.js("document.getElementById('dialplan-file').selectedOptions[0].textContent") == "web.yaml"
    assert page.text("#dialplan-gutter").split() == [str(n) for n in range(1, DIALPLAN.count("\n") + 2)]

    def replace(old: str, new: str) -> None:
        """Selects `old` in the editor and types `new` over it, as a person would."""
        start = page.js("document.querySelector(arguments[0]).value.indexOf(arguments[1])", editor, old)
        assert start >= 0, old
        page.js("(t => { t.focus(); t.setSelectionRange(arguments[1], arguments[2]); })"
                "(document.querySelector(arguments[0]))", editor, start, start + len(old))
        page.find(editor).send_keys(new)

    replace("    kind: web", "    knd: web")
    assert "unsaved changes in 1 file" in page.text("#dialplan-running")
    page.find("#dialplan-validate").click()
    finding = page.wait(lambda: (items := page.js(
        "[...document.querySelectorAll('#findings li')].map((li) => li.textContent)")) and items, "a finding")
    assert finding == ["web.yaml:6:5 contexts.web.knd: unknown key 'knd' — did you mean 'kind'?"], finding
    assert page.text("#findings-summary") == "Not valid: 1 finding."
    assert page.text("#status") == "Not valid: 1 finding."
    page.find("#dialplan-text").send_keys(Keys.CONTROL, Keys.HOME)       # the caret elsewhere first
    page.find("#findings button.finding").click()
    offset = DIALPLAN.index("    kind: web") + 4                       # line 6, column 5
    assert page.js("document.activeElement.id") == "dialplan-text"
    assert page.js("document.activeElement.selectionStart") == offset
    assert page.js("document.activeElement.selectionEnd") == offset
    assert page.text("#dialplan-caret") == "Line 6, column 5"
    page.screenshot("dialplan", top="body")
    page.screenshot("dialplan-phone", phone=True, top="#dialplan-heading")

    page.find("#dialplan-diff").click()
    diff = page.wait(lambda: page.visible("#diff") and page.text("#diff"), "the diff")
    assert "-    kind: web\n+    knd: web" in diff and "@@ -3,7 +3,7 @@" in diff, diff
    assert page.text("#diff-summary") == "1 file differs from the running version."

    page.find("#dialplan-save").click()
    page.wait(lambda: page.text("#findings-summary").startswith("Not saved: 1 finding."), "the refused save")
    after_refusal = requests.get(f"{gateway.http_url}/api/dialplans", headers=gateway.admin, timeout=5).json()
    assert after_refusal["revision"] == first_revision and after_refusal["files"][0]["contents"] == DIALPLAN

    replace("    knd: web", "    kind: web")
    replace("hangup: call_rejected", "hangup: unallocated_number")
    page.find("#trace-from").send_keys("web")
    page.find("#trace-to").send_keys("411")
    page.find("#trace-button").click()
    trace = page.wait(lambda: page.visible("#trace-output") and page.text("#trace-output"), "the trace")
    assert trace.startswith("entry: context web"), trace
    assert "unallocated_number" in trace and "call_rejected" not in trace, trace    # the edited files
    page.find("#trace-to").clear()
    page.find("#trace-to").send_keys(NUMBER)
    page.find("#trace-button").click()
    page.wait(lambda: f"dial {NUMBER} via phone" in page.text("#trace-output"), "the dial in the trace")

    page.find("#save-note").send_keys("unknown numbers are unallocated")
    page.find("#dialplan-save").click()
    status = page.wait(lambda: (s := page.text("#status")).startswith("Saved as revision") and s, "the save")
    saved = requests.get(f"{gateway.http_url}/api/dialplans", headers=gateway.admin, timeout=5).json()
    assert saved["revision"] != first_revision and status == f"Saved as revision {saved['revision']}; new calls use it."
    assert "hangup: unallocated_number" in saved["files"][0]["contents"]
    assert page.text("#dialplan-running").startswith(f"Running revision {saved['revision']}, ")
    revisions = page.wait(lambda: (r := page.rows("#revisions-rows")) and len(r) >= 2 and r, "the revisions")
    assert revisions[0]["Revision"] == str(saved["revision"]) and revisions[0]["Actions"] == "running", revisions
    assert "unknown numbers are unallocated" in revisions[0]["Note"], revisions
    assert revisions[0]["Source"] == "saved here or by API", revisions

    page.find(f'#revisions-rows tr[data-revision="{first_revision}"] button').click()
    page.wait(lambda: page.text("#status").startswith(f"Rolled back to revision {first_revision}"), "the rollback")
    rolled = requests.get(f"{gateway.http_url}/api/dialplans", headers=gateway.admin, timeout=5).json()
    assert rolled["revision"] != saved["revision"] and rolled["files"][0]["contents"] == DIALPLAN, rolled
    page.wait(lambda: page.js("document.querySelector(arguments[0]).value", editor) == DIALPLAN, "the editor back")
    page.wait(lambda: page.text("#dialplan-running").startswith(f"Running revision {rolled['revision']}, "), "the revision")
    page.screenshot("revisions", top="#trace-heading")

    page.find("#sign-out-button").click()
    page.wait(lambda: page.visible("#sign-in-form") and page.text("#sign-in-message") == "You are signed out.", "signed out")
    assert page.fetch("/api/session")["status"] == 401

    # A session that ends on the gateway's side (here: the password changed) shows the sign-in again.
    page.sign_in("ops", PASSWORD)
    page.wait(lambda: page.visible("#console"), "the console again")
    page.section("live")
    add_operator(gateway, "ops", "another long password 42")
    page.wait(lambda: page.visible("#sign-in-form"), "the sign-in form after the session ended", timeout=8)
    assert page.text("#sign-in-message").startswith("Your session has ended"), page.text("#sign-in-message")
    assert not page.visible("#console")


ICE_SECRET = "coturn static-auth-secret 42"
CONFIGURED_STUN = "stun:configured.example.org:3478"
TURN_URLS = ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"]


def test_ice_servers_set_in_the_console_reach_browsers_and_reset(browser, make_web_client, start_gateway):
    gateway = start_gateway("127.0.0.1:9", webrtc_extra=[f'ice_servers: [{{urls: ["{CONFIGURED_STUN}"]}}]'])
    api = gateway.http_url + "/api/ice-servers"
    page = signed_in_page(browser, gateway)
    page.section("ice", keyboard=True)
    assert page.js("document.activeElement.id") == "ice-heading"
    listed = page.wait(lambda: page.rows("#ice-rows"), "the configuration's list")
    assert listed == [{"data": {"index": "0"}, "URLs": CONFIGURED_STUN, "Kind": "STUN", "Credentials": "None"}], listed
    assert page.text("#ice-summary") == "1 server, from the configuration."
    assert page.text("#ice-source") == "From the configuration: webrtc.ice_servers in the gateway's configuration file."
    assert not page.visible("#ice-reset")

    def row(n: int) -> str:
        return f"#ice-servers > li:nth-child({n})"

    def control(n: int, field: str):
        return page.find(f'{row(n)} [data-field="{field}"]')

    def labelled(element) -> str:
        """The text of the <label> naming a control (each control has one)."""
        return page.js("arguments[0].labels[0].textContent.trim()", element)

    # The editor starts from the list in force; the configured server is removed, the focus
    # goes to "Add a server", and a STUN and a TURN server with a shared secret are added.
    assert page.js("document.querySelectorAll('#ice-servers > li').length") == 1
    assert control(1, "urls").get_attribute("value") == CONFIGURED_STUN
    assert page.text(f"{row(1)} legend") == "Server 1"
    page.find(f"{row(1)} [data-action=remove]").send_keys(Keys.ENTER)
    assert page.js("document.activeElement.id") == "ice-add" and page.visible("#ice-empty")
    page.find("#ice-add").send_keys(Keys.ENTER)
    assert page.js("document.activeElement.dataset.field") == "urls"       # the new row's URLs
    page.driver.switch_to.active_element.send_keys("stun:stun.example.org:3478")
    assert labelled(control(1, "urls")) == "URLs, one per line" and labelled(control(1, "kind")) == "Kind"
    assert not page.visible(f'{row(1)} [data-field="username"]')            # STUN: no credentials
    page.find("#ice-add").click()
    control(2, "urls").send_keys(TURN_URLS[0], Keys.ENTER, TURN_URLS[1])
    control(2, "kind").send_keys("TURN with a s")                           # the select, by typing
    assert control(2, "kind").get_attribute("value") == "secret"
    assert page.visible(f'{row(2)} [data-field="secret"]') and not page.visible(f'{row(2)} [data-field="username"]')
    assert labelled(control(2, "secret")) == "Shared secret"
    assert control(2, "secret").get_attribute("type") == "password"
    control(2, "secret").send_keys(ICE_SECRET)
    control(2, "credentialTtlS").clear()
    control(2, "credentialTtlS").send_keys("3600")
    assert page.find(f"{row(2)} [data-action=remove]").get_attribute("aria-label") == "Remove server 2"
    page.find("#ice-save").click()
    page.wait(lambda: page.text("#status").startswith("ICE servers saved (2)"), "the save")

    listed = page.wait(lambda: (r := page.rows("#ice-rows")) and len(r) == 2 and r, "the saved list")
    assert listed[0]["URLs"] == "stun:stun.example.org:3478" and listed[0]["Kind"] == "STUN", listed
    assert listed[1]["URLs"] == "".join(TURN_URLS) and listed[1]["Kind"] == "TURN", listed
    assert listed[1]["Credentials"] == "Shared secret set: each browser gets its own credentials, valid 1 hour", listed
    assert page.text("#ice-summary") == "2 servers, set in the console."
    source = page.text("#ice-source")
    assert source.startswith("Set in the console by operator ops on ") and source.endswith(
        "; it wins over the configuration's list (webrtc.ice_servers) until you go back to that one."), source
    assert page.visible("#ice-reset")
    # The secret is nowhere in the page: not served back, and the editor's fields are empty,
    # with the hint that an empty field keeps it.
    assert ICE_SECRET not in page.driver.page_source and ICE_SECRET not in page.js("document.body.innerText")
    assert page.js("[...document.querySelectorAll('#ice-form input[type=password]')].every((i) => i.value === '')")
    assert control(2, "kind").get_attribute("value") == "secret"
    assert page.text(f'{row(2)} [data-hint-of="secret"]') == "One is set: leave empty to keep it, or type a new one."
    listing = requests.get(api, headers=gateway.admin, timeout=5).json()
    assert listing["source"] == "console" and listing["updatedBy"] == "operator ops", listing
    assert listing["servers"][1] == {"urls": TURN_URLS, "hasCredential": False, "hasSecret": True, "credentialTtlS": 3600}

    # A new signaling connection gets them: the STUN server, and TURN credentials of its own.
    stun, turn = make_web_client(gateway.ws_url("alice")).hello["iceServers"]
    assert stun == {"urls": ["stun:stun.example.org:3478"]}, stun
    assert turn["urls"] == TURN_URLS and turn["username"].endswith(":alice"), turn
    assert turn["credential"] == base64.b64encode(
        hmac.new(ICE_SECRET.encode(), turn["username"].encode(), hashlib.sha1).digest()).decode(), turn

    # A TURN server without credentials is refused next to its username; nothing changes.
    page.find("#ice-add").click()
    control(3, "urls").send_keys("turn:relay.example.org:3478")
    Select(control(3, "kind")).select_by_value("turn")
    assert page.text(f'{row(3)} [data-hint-of="credential"]') == "Every browser gets this username and credential."
    page.find("#ice-save").click()
    refusal = "TURN servers need a username and a credential, or a shared secret (coturn use-auth-secret)."
    page.wait(lambda: page.text("#ice-form-message") == f"Not saved: {refusal}", "the refusal")
    username = control(3, "username")
    assert username.get_attribute("aria-invalid") == "true"
    assert page.js("document.activeElement === arguments[0]", username)
    error_id = username.get_attribute("aria-describedby").split()[-1]
    assert page.text(f"#{error_id}") == refusal and page.visible(f"#{error_id}")
    assert control(2, "secret").get_attribute("aria-invalid") is None
    assert requests.get(api, headers=gateway.admin, timeout=5).json()["servers"] == listing["servers"]
    page.screenshot("ice", top="#ice-heading")
    page.screenshot("ice-phone", phone=True, top="#ice-heading")

    # Back to the configuration's list, after a confirmation (Escape keeps the list).
    page.find("#ice-reset").click()
    page.wait(lambda: page.js("document.getElementById('ice-reset-dialog').open"), "the confirmation")
    page.find("#ice-reset-cancel").send_keys(Keys.ESCAPE)
    page.wait(lambda: not page.js("document.getElementById('ice-reset-dialog').open"), "the confirmation to close")
    assert page.js("document.activeElement.id") == "ice-reset"
    assert requests.get(api, headers=gateway.admin, timeout=5).json()["source"] == "console"
    page.find("#ice-reset").click()
    page.wait(lambda: page.js("document.getElementById('ice-reset-dialog').open"), "the confirmation")
    page.find("#ice-reset-confirm").click()
    page.wait(lambda: page.text("#status") == "Browsers get the configuration's ICE servers again.", "the reset")
    assert [r["URLs"] for r in page.rows("#ice-rows")] == [CONFIGURED_STUN]
    assert page.text("#ice-source").startswith("From the configuration") and not page.visible("#ice-reset")
    assert page.js("document.activeElement.id") == "ice-heading"
    assert page.js("document.querySelectorAll('#ice-servers > li').length") == 1   # the editor too
    assert requests.get(api, headers=gateway.admin, timeout=5).json()["source"] == "configuration"
    assert make_web_client(gateway.ws_url("bob")).hello["iceServers"] == [{"urls": [CONFIGURED_STUN]}]
