"""Chromium on the gateway's own dialer page dials into a dialplan menu and presses 2 on
the page's dial pad (a real click): it hears the menu prompt, then option 2's prompt, then
its own microphone (1 kHz) through the echo step."""

import time

from selenium.webdriver.common.by import By

from chromium import DialerPage
from ports import HOST, closed_udp_port
from test_dialplan_ivr import SALES_HZ, WELCOME_HZ, heard_within, prompts
from test_dialplan_web_ivr import WEB_DIALPLAN

MIC_HZ = 1000


def test_dialer_pad_drives_the_menu(browser, start_gateway, tmp_path):
    gateway = start_gateway(f"{HOST}:{closed_udp_port()}", dialplans={"web.yaml": WEB_DIALPLAN},
                            prompts=prompts(tmp_path))
    page = DialerPage(browser, gateway.http_url + "/")
    page.call("*100")
    page.wait_state("connected", timeout=20)
    page.start_recording()
    time.sleep(1.5)
    browser.find_element(By.CSS_SELECTOR, 'button[data-digit="2"]').click()
    time.sleep(5.5)
    heard = page.stop_recording(tmp_path / "chromium-ivr.wav")
    page.hangup()
    page.wait_state("closed", timeout=10)

    assert heard_within(heard, WELCOME_HZ, 0.0, 1.5), "the menu prompt was not heard"
    assert heard_within(heard, SALES_HZ, 1.3, 4.5), "option 2's prompt was not heard after pressing 2"
    assert heard_within(heard, MIC_HZ, 4.0, 7.0), "the echo step did not return the microphone"
