"""Headless Chromium driven by Selenium, with a tone file as its microphone, and a thin
wrapper over the dialer page contract (`window.gatewayDialer`, see README.md)."""

import base64
import shutil
import struct
import time
import wave
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def start_chromium(fake_microphone: Path, log_path: Path) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                 "--allow-loopback-in-peer-connection",      # offer 127.0.0.1 host candidates
                 "--autoplay-policy=no-user-gesture-required",
                 f"--use-file-for-fake-audio-capture={fake_microphone}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit chromedriver: Selenium must not try to download one.
    service = Service(executable_path=CHROMEDRIVER, log_output=str(log_path))
    return webdriver.Chrome(service=service, options=options)


class DialerPage:
    def __init__(self, driver: webdriver.Chrome, url: str, timeout: float = 10.0):
        self.driver = driver
        driver.set_script_timeout(30)
        # Voice processing off: the tests measure tones, which it would attenuate (media.js).
        driver.get(url + ("&" if "?" in url else "?") + "audio=raw")
        deadline = time.monotonic() + timeout
        while not driver.execute_script("return !!window.gatewayDialer"):
            if time.monotonic() > deadline:
                raise AssertionError(f"{url} does not define window.gatewayDialer")
            time.sleep(0.1)

    def call(self, number: str) -> None:
        self.driver.execute_script("return window.gatewayDialer.call(arguments[0])", number)

    def hangup(self) -> None:
        self.driver.execute_script("return window.gatewayDialer.hangup()")

    @property
    def state(self) -> str:
        return self.driver.execute_script("return window.gatewayDialer.state")

    @property
    def last_cause(self) -> str | None:
        return self.driver.execute_script("return window.gatewayDialer.lastCause")

    def wait_state(self, name: str, timeout: float = 15.0) -> None:
        deadline, seen = time.monotonic() + timeout, []
        while True:
            state = self.state
            if not seen or seen[-1] != state:
                seen.append(state)
            if state == name:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"dialer page never reached {name!r} in {timeout} s; "
                                     f"states seen: {seen}; last cause: {self.last_cause}\n"
                                     f"{self.console()}")
            time.sleep(0.1)

    def start_recording(self) -> None:
        self.driver.execute_script("return window.gatewayDialer.startRecording()")

    def stop_recording(self, path: Path) -> Path:
        """Saves what the page recorded as a WAV at `path`. The contract allows a base64 WAV
        or an array of Float32 samples at 48 kHz."""
        result = self.driver.execute_script("return window.gatewayDialer.stopRecording()")
        if isinstance(result, str):
            path.write_bytes(base64.b64decode(result))
        else:
            samples = [max(-1.0, min(1.0, float(x))) for x in result]
            with wave.open(str(path), "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(48000)
                out.writeframes(struct.pack(f"<{len(samples)}h", *(int(x * 32767) for x in samples)))
        return path

    def console(self) -> str:
        try:
            return "\n".join(entry["message"] for entry in self.driver.get_log("browser"))
        except Exception as error:
            return f"(no browser log: {error})"
