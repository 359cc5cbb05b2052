"""A thin wrapper over the agent console's test contract (`window.agentConsole`, see
README.md and Sources/GatewayServer/Web/agent-contract.js), in the style of DialerPage."""

import base64
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from selenium import webdriver


class AgentPage:
    def __init__(self, driver: webdriver.Chrome, base_url: str, timeout: float = 10.0, **params):
        """Opens `base_url`/agent.html with `params` as its query (identity, presence,
        autoanswer, autoanswer_ms)."""
        self.driver = driver
        driver.set_script_timeout(30)
        # Voice processing off (audio=raw): the tests measure tones, which it would attenuate.
        query = urlencode({"audio": "raw", **{key: value for key, value in params.items() if value is not None}})
        self.url = f"{base_url.rstrip('/')}/agent.html" + (f"?{query}" if query else "")
        driver.get(self.url)
        deadline = time.monotonic() + timeout
        while not driver.execute_script("return !!window.agentConsole"):
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.url} does not define window.agentConsole\n{self.console()}")
            time.sleep(0.1)

    def js(self, expression: str, *args):
        return self.driver.execute_script(f"return {expression}", *args)

    @property
    def state(self) -> str:
        return self.js("window.agentConsole.state")

    @property
    def presence(self) -> dict | None:
        return self.js("window.agentConsole.presence")

    @property
    def incoming(self) -> list[dict]:
        return self.js("window.agentConsole.incoming")

    @property
    def last_call(self) -> dict | None:
        return self.js("window.agentConsole.lastCall")

    @property
    def errors(self) -> list[dict]:
        return self.js("window.agentConsole.errors")

    @property
    def recent_calls(self) -> list[dict]:
        return self.js("window.agentConsole.recentCalls")

    @property
    def notifications(self) -> list[dict]:
        return self.js("window.agentConsole.notifications")

    @property
    def notification_permission(self) -> str:
        return self.js("window.agentConsole.notificationPermission")

    def set_notification_permission(self, setting: str) -> None:
        """Sets the page origin's notification permission ('granted', 'denied', 'prompt') as
        the agent would in the site settings (CDP Browser.setPermission)."""
        parts = urlsplit(self.url)
        self.driver.execute_cdp_cmd("Browser.setPermission", {
            "origin": f"{parts.scheme}://{parts.netloc}", "permission": {"name": "notifications"},
            "setting": setting})

    @contextmanager
    def in_background(self):
        """Puts the console's tab behind a new blank tab (its document.visibilityState is
        'hidden' meanwhile, a real background tab), then closes that tab and comes back.
        Scripts cannot run in the console until then."""
        console = self.driver.current_window_handle
        self.driver.switch_to.new_window("tab")
        try:
            yield
        finally:
            self.driver.close()
            self.driver.switch_to.window(console)

    def visible(self, selector: str) -> bool:
        return self.js("(e => !!e && e.getClientRects().length > 0)(document.querySelector(arguments[0]))", selector)

    def accept(self, call_id: str) -> str:
        return self.js("window.agentConsole.accept(arguments[0])", call_id)

    def reject(self, call_id: str) -> None:
        self.js("window.agentConsole.reject(arguments[0])", call_id)

    def hangup(self) -> None:
        self.js("window.agentConsole.hangup()")

    def set_presence(self, state: str) -> None:
        self.js("window.agentConsole.setPresence(arguments[0])", state)

    def text(self, selector: str) -> str:
        return self.js("(document.querySelector(arguments[0]) || {}).textContent || ''", selector)

    def wait(self, check, what: str, timeout: float = 10.0):
        """Polls `check()` until it returns something truthy, and returns it."""
        deadline = time.monotonic() + timeout
        while True:
            value = check()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"agent console: {what} not within {timeout} s; state {self.state!r}, "
                                     f"incoming {self.incoming}, last call {self.last_call}, "
                                     f"errors {self.errors}\n{self.console()}")
            time.sleep(0.1)

    def wait_state(self, name: str, timeout: float = 10.0) -> None:
        self.wait(lambda: self.state == name, f"state {name!r}", timeout)

    def wait_call_state(self, name: str, timeout: float = 15.0) -> dict:
        return self.wait(lambda: (call := self.last_call) and name in call["states"] and call,
                         f"call state {name!r}", timeout)

    def start_recording(self) -> None:
        self.js("window.agentConsole.startRecording()")

    def stop_recording(self, path: Path) -> Path:
        path.write_bytes(base64.b64decode(self.js("window.agentConsole.stopRecording()")))
        return path

    def console(self) -> str:
        try:
            return "\n".join(entry["message"] for entry in self.driver.get_log("browser"))
        except Exception as error:
            return f"(no browser log: {error})"
