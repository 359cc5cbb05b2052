"""Dialplan hot reload with real calls: a call in progress keeps the version it started
with while the file changes under it; the next call follows the new rules; a broken edit
(on disk or through the API) is refused with file:line:column and the running version keeps
routing; a rollback through the API puts an earlier revision back."""

import subprocess
import time

import pytest
import requests

from analysis import assert_tone, dominant_frequency, read_wav
from tones import tone

DID = "+12125550100"
FIRST_HZ, SECOND_HZ, PHONE_HZ = 700, 1500, 440


def plan(prompt: str) -> str:
    return f"""
entry:
  dids:
    "{DID}": inbound
contexts:
  inbound:
    kind: trunk
    country: US
    rules:
      - match: {{exact: "{DID}"}}
        steps:
          - play: {prompt}
          - echo: {{}}
"""


def frequency_between(path, start_s: float, end_s: float) -> float:
    samples, rate = read_wav(path)
    return dominant_frequency(samples[int(start_s * rate): int(end_s * rate)], rate)[0]


def revision(gateway) -> int:
    return requests.get(f"{gateway.http_url}/api/dialplans", headers=gateway.admin, timeout=2).json()["revision"]


def wait_revision(gateway, old: int, timeout: float = 6.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = revision(gateway)
        if current != old:
            return current
        time.sleep(0.2)
    raise AssertionError(f"the dialplan was not reloaded within {timeout} s\n{gateway.log_tail()}")


def call_and_record(phone, gateway, seconds: float):
    phone.dial(f"sip:{DID[1:]}@{gateway.sip_address}")
    phone.wait_event("CALL_ESTABLISHED", timeout=10)
    time.sleep(seconds)
    phone.hangup()
    phone.wait_event("CALL_CLOSED")
    return phone.recording()


def test_reload_keeps_live_calls_and_refuses_broken_edits(make_phone, start_gateway, tmp_path):
    prompts = {"first": tone(FIRST_HZ, 8000, 2, tmp_path).read_bytes(),
               "second": tone(SECOND_HZ, 8000, 2, tmp_path).read_bytes()}
    live = make_phone("5551001", PHONE_HZ)
    gateway = start_gateway(live.address, dialplans={"main.yaml": plan("first")}, prompts=prompts)
    first = revision(gateway)

    # A call starts on the first version and stays up while the file changes.
    live.dial(f"sip:{DID[1:]}@{gateway.sip_address}")
    live.wait_event("CALL_ESTABLISHED", timeout=10)
    time.sleep(1.0)
    gateway.write_dialplan("main.yaml", plan("second"))
    second = wait_revision(gateway, first)
    time.sleep(3.0)
    assert not live.has_event("CALL_CLOSED"), "the live call was dropped by the reload"
    live.hangup()
    live.wait_event("CALL_CLOSED")
    heard = live.recording()
    assert frequency_between(heard, 0.2, 0.9) == pytest.approx(FIRST_HZ, rel=0.03)   # the version it started on
    assert_tone(heard, PHONE_HZ, skip_s=2.6, min_seconds=1.5)                       # echo goes on after the reload

    # The next call follows the new rules.
    other = make_phone("5551002", PHONE_HZ)
    assert_tone(call_and_record(other, gateway, 2.5), SECOND_HZ, skip_s=0.2, min_seconds=1.2)

    # A broken edit on disk is refused and logged with file:line:column; routing goes on.
    gateway.write_dialplan("main.yaml", plan("second").replace("kind: trunk", "kind: trunk\n    colour: blue"))
    time.sleep(3.0)
    assert revision(gateway) == second
    assert "main.yaml:8:5" in gateway.log_text() and "unknown key 'colour'" in gateway.log_text(), gateway.log_tail()
    assert_tone(call_and_record(other, gateway, 2.5), SECOND_HZ, skip_s=0.2, min_seconds=1.2)
    metrics = requests.get(f"{gateway.http_url}/metrics", timeout=2).text
    assert f"gateway_dialplan_revision {second}\n" in metrics, metrics
    assert 'gateway_dialplan_loads_total{result="refused"} 1\n' in metrics, metrics

    # The same through the API: 422 with located findings, nothing written or swapped.
    response = requests.put(f"{gateway.http_url}/api/dialplans", headers=gateway.admin, timeout=5, json={
        "files": [{"name": "main.yaml", "contents": plan("second").replace("echo: {}", "echo: {}\n          - play: none")}]})
    assert response.status_code == 422, response.text
    finding = response.json()["findings"][0]
    assert finding["line"] > 0 and finding["column"] > 0 and finding["fix"], finding
    assert revision(gateway) == second

    # Roll back to the first revision: new calls hear the first prompt again.
    rolled = requests.post(f"{gateway.http_url}/api/dialplans/rollback/{first}", headers=gateway.admin, timeout=5)
    assert rolled.status_code == 200 and rolled.json()["accepted"], rolled.text
    assert revision(gateway) not in (first, second)
    history = requests.get(f"{gateway.http_url}/api/dialplans/revisions", headers=gateway.admin, timeout=2).json()
    assert [entry["source"] for entry in history][:2] == ["rollback", "file-change"], history
    assert_tone(call_and_record(other, gateway, 2.5), FIRST_HZ, skip_s=0.2, min_seconds=1.2)


def test_cli_lists_revisions_and_rolls_back_a_running_gateway(gatewayd, make_phone, start_gateway, tmp_path):
    prompts = {"first": tone(FIRST_HZ, 8000, 2, tmp_path).read_bytes(),
               "second": tone(SECOND_HZ, 8000, 2, tmp_path).read_bytes()}
    phone = make_phone("5551003", PHONE_HZ)
    gateway = start_gateway(phone.address, dialplans={"main.yaml": plan("first")}, prompts=prompts)
    first = revision(gateway)
    gateway.write_dialplan("main.yaml", plan("second"))
    second = wait_revision(gateway, first)

    def cli(*args):
        return subprocess.run([str(gatewayd), "dialplan", *args, "--config", str(gateway.config_path)],
                              capture_output=True, text=True, timeout=30)

    listed = cli("revisions")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].startswith(f"{second}\t") and "file-change" in lines[0], lines
    assert lines[1].startswith(f"{first}\t") and "startup" in lines[1], lines

    rolled = cli("rollback", str(first))
    assert rolled.returncode == 0, rolled.stderr
    third = wait_revision(gateway, second)
    assert third > second
    latest = requests.get(f"{gateway.http_url}/api/dialplans/revisions?limit=1", headers=gateway.admin, timeout=2).json()[0]
    assert latest["id"] == third and latest["source"] == "rollback", latest
    assert_tone(call_and_record(phone, gateway, 2.5), FIRST_HZ, skip_s=0.2, min_seconds=1.2)

    missing = cli("rollback", "999")
    assert missing.returncode == 1 and "no dialplan revision 999" in missing.stderr


def test_the_admin_api_wants_its_token(make_phone, start_gateway, tmp_path):
    phone = make_phone("5551004", PHONE_HZ)
    gateway = start_gateway(phone.address, dialplans={"main.yaml": plan("first")},
                            prompts={"first": tone(FIRST_HZ, 8000, 2, tmp_path).read_bytes()})
    url = f"{gateway.http_url}/api/dialplans"
    assert requests.get(url, timeout=2).status_code == 401
    assert requests.get(url, headers={"Authorization": "Bearer wrong-token-0123456789abc"}, timeout=2).status_code == 401
    assert requests.put(url, json={"files": [{"name": "x.yaml", "contents": "contexts: {}"}]}, timeout=2).status_code == 401
    assert requests.post(f"{url}/rollback/1", timeout=2).status_code == 401
    assert requests.get(url, headers=gateway.admin, timeout=2).status_code == 200
    assert requests.get(f"{gateway.http_url}/health", timeout=2).status_code == 200   # the rest stays open
