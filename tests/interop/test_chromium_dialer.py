"""Chromium (a real browser, a 1 kHz tone as microphone) on the gateway's own dialer page,
driven through the page contract `window.gatewayDialer` (README.md)."""

import time

from analysis import assert_tone
from baresip_phone import BYE_RECEIVED
from chromium import DialerPage
from gateway import ECHO_NUMBER
from ports import HOST, closed_udp_port

PHONE = "5551001"
TALK_S = 6


def test_chromium_calls_a_phone(browser, make_phone, start_gateway, tmp_path):
    phone = make_phone(PHONE, 440)
    gateway = start_gateway(phone.address)
    page = DialerPage(browser, gateway.http_url + "/")

    page.call(PHONE)
    page.wait_state("connected", timeout=20)
    phone.wait_event("CALL_ESTABLISHED", timeout=5)
    page.start_recording()
    time.sleep(TALK_S)
    heard = page.stop_recording(tmp_path / "chromium-heard.wav")

    page.hangup()
    page.wait_state("closed", timeout=10)
    assert page.last_cause == "normal_clearing"
    assert phone.wait_event("CALL_CLOSED", timeout=10)["param"] == BYE_RECEIVED
    assert_tone(phone.recording(), 1000, min_seconds=TALK_S - 2)     # browser -> phone
    assert_tone(heard, 440, skip_s=0.5, min_seconds=TALK_S - 2)      # phone -> browser


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
