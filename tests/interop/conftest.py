"""Shared fixtures: real phones (baresip), scripted SIP peers (SIPp), the gateway, web clients."""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baresip_phone import BaresipPhone  # noqa: E402
from sipp import SippUas  # noqa: E402
from tones import tone8k  # noqa: E402


def pytest_addoption(parser):
    parser.addoption("--require-gateway", action="store_true", default=False,
                     help="fail (instead of skip) the tests that need gatewayd when it is missing; "
                          "also set by REQUIRE_GATEWAY=1")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """run.sh spreads the tests over two pytest-xdist workers. The tests that drive Chromium
    (their files or names say so) form one unit of work that runs on one worker: two browsers
    at once on a two-core machine would starve the gateway's media clock and make the tone
    measurements lie. Every other test is a unit of its own."""
    from xdist.scheduler import LoadScopeScheduling

    class ChromiumTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "chromium" if "chromium" in nodeid else nodeid

    return ChromiumTogether(config, log)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def failed(request) -> bool:
    report = getattr(request.node, "rep_call", None)
    return report is None or report.failed


@pytest.fixture
def make_phone(tmp_path, request):
    """make_phone(user, hz) starts a baresip phone named `user` that plays a `hz` tone."""
    phones = []

    def make(user: str, hz: int, **options) -> BaresipPhone:
        phone = BaresipPhone(tmp_path / f"phone-{user}", user, tone8k(hz), **options)
        phones.append(phone)
        return phone.start()

    yield make
    for phone in phones:
        phone.stop()
        if failed(request):
            print(f"\n--- baresip {phone.user} log ({phone.log_path}) ---\n{phone.log_tail()}")


@pytest.fixture
def make_sipp(tmp_path, request):
    """make_sipp(scenario) starts SIPp as a UAS running sipp_scenarios/<scenario>.xml."""
    peers = []

    def make(scenario: str, start: bool = True, **options) -> SippUas:
        """With start=False the caller prepares files in peer.dir, then calls peer.start()."""
        peer = SippUas(scenario, tmp_path / f"sipp-{scenario}-{len(peers)}", **options)
        peers.append(peer)
        if not start:
            peer.dir.mkdir(parents=True, exist_ok=True)
            return peer
        return peer.start()

    yield make
    for peer in peers:
        peer.stop()
        if failed(request):
            print(f"\n--- sipp {peer.scenario} ---\n{peer.output_tail()}")


def gateway_required(config) -> bool:
    return bool(config.getoption("--require-gateway")) or os.environ.get("REQUIRE_GATEWAY") == "1"


@pytest.fixture
def gatewayd(request):
    """Path of the gatewayd binary; skips the test when it is missing, or fails it under
    --require-gateway / REQUIRE_GATEWAY=1 so a full run never passes without the gateway."""
    from gateway import GATEWAYD
    if not (GATEWAYD.is_file() and os.access(GATEWAYD, os.X_OK)):
        reason = f"gatewayd not built at {GATEWAYD} (set GATEWAYD to override)"
        if gateway_required(request.config):
            pytest.fail(reason + " and the gateway is required", pytrace=False)
        pytest.skip(reason)
    return GATEWAYD


@pytest.fixture
def start_gateway(gatewayd, tmp_path, request):
    """start_gateway(trunk_address, **options) runs gatewayd with a fresh config; fails the
    test if gatewayd dies during it."""
    from gateway import Gateway
    started = []

    def start(trunk_address: str, **options) -> Gateway:
        gateway = Gateway(tmp_path / f"gateway-{len(started)}", trunk_address, binary=gatewayd, **options)
        started.append(gateway)
        return gateway.start()

    yield start
    crashed = []
    for gateway in started:
        code = gateway.exited()
        if gateway.started and code is not None:
            crashed.append(f"gatewayd exited on its own with {code}")
        gateway.stop()
        if crashed or failed(request):
            print(f"\n--- gatewayd log ({gateway.log_path}) ---\n{gateway.log_tail()}")
    if crashed:
        pytest.fail("; ".join(crashed), pytrace=False)


@pytest.fixture
def make_web_client():
    """make_web_client(ws_url) opens an aiortc web user on the gateway's WebSocket."""
    from webrtc_client import WebClient
    clients = []

    def make(url: str):
        client = WebClient(url)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def make_agent():
    """make_agent(ws_url) opens an agent's console (agent_client.AgentClient): an aiortc web
    client whose identity is on the gateway's agent roster."""
    from agent_client import AgentClient
    agents = []

    def make(url: str):
        agent = AgentClient(url)
        agents.append(agent)
        return agent

    yield make
    for agent in agents:
        agent.close()


@pytest.fixture
def browser(tmp_path, request):
    """Headless Chromium whose microphone plays a 1 kHz tone."""
    from chromium import start_chromium
    from tones import tone48k
    driver = start_chromium(tone48k(1000), tmp_path / "chromedriver.log")
    yield driver
    if failed(request):
        try:
            console = "\n".join(e["message"] for e in driver.get_log("browser"))
            print(f"\n--- Chromium console ---\n{console}")
        except Exception:
            pass
    driver.quit()


@pytest.fixture
def fake_gateway():
    """The aiortc stand-in of fake_gateway.py, for proving the web clients on their own."""
    from fake_gateway import FakeGateway
    gateway = FakeGateway().start()
    yield gateway
    gateway.stop()
