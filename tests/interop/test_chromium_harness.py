"""Chromium with a tone as microphone, driven through the dialer page contract, against the
stand-in gateway (fake_gateway.py): proves the browser flags, the fake capture, the page's
recording path and the WAV hand-over, before the real gateway exists."""

import time

from analysis import assert_tone
from chromium import DialerPage


def test_chromium_echo_through_stub_page(browser, fake_gateway, tmp_path):
    page = DialerPage(browser, fake_gateway.http_url + "/")
    page.call("*43")
    page.wait_state("connected", timeout=20)
    time.sleep(1)
    page.start_recording()
    time.sleep(5)
    heard = page.stop_recording(tmp_path / "chromium-heard.wav")
    page.hangup()
    page.wait_state("closed")
    assert page.last_cause == "normal_clearing"
    assert_tone(heard, 1000, skip_s=0.5, min_seconds=3)


def test_gateway_dialer_page_records_the_echo(browser, tmp_path):
    """The gateway's own dialer page (Sources/GatewayServer/Web, served by the stand-in) and
    its recording path, without a gateway: the echo test's tone comes back in the recording."""
    from fake_agent_gateway import FakeAgentGateway
    gateway = FakeAgentGateway().start()
    try:
        page = DialerPage(browser, gateway.http_url + "/index.html")
        page.call("*43")
        page.wait_state("connected", timeout=20)
        page.start_recording()       # armed or running: the contract allows either
        time.sleep(5)
        heard = page.stop_recording(tmp_path / "dialer-heard.wav")
        page.hangup()
        page.wait_state("closed")
        assert page.last_cause == "normal_clearing"
        assert_tone(heard, 1000, skip_s=1, min_seconds=3)
    finally:
        gateway.stop()
