"""Captures real SDP offers from the two WebRTC stacks the interop tests use, as fixtures
for the Swift SDP and Gateway tests.

Writes, byte for byte as each peer produced them (CRLF line endings kept):
  Tests/SDPTests/Fixtures/captured-aiortc-offer.sdp    aiortc, one audio track
  Tests/SDPTests/Fixtures/captured-chromium-offer.sdp  headless Chromium, getUserMedia audio

Re-run after upgrading either peer (then fix whatever the Swift tests say changed):
  tests/interop/setup.sh                       # Chromium, chromedriver and the venv
  .venv/bin/python tests/interop/capture_offers.py

Everything stays on 127.0.0.1: aiortc gets no STUN server and gathers only 127.0.0.1
(aioice is patched as in webrtc_client.py); Chromium gets no ICE servers and is allowed
loopback candidates. Chromium loads its page from a throwaway `python3 -m http.server`
on 127.0.0.1, because getUserMedia needs a secure context (not data:, file: or
about:blank). Both offers are taken after ICE gathering completes, so they carry their
host candidates. Session ids, ports, ICE credentials and fingerprints are random in
every run: the Swift tests check the shapes of those, not their values.
"""

import asyncio
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aioice.ice
from aiortc import RTCConfiguration, RTCPeerConnection
from aiortc.mediastreams import AudioStreamTrack
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from ports import free_port

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "SDPTests" / "Fixtures"
AIORTC_OFFER = FIXTURES / "captured-aiortc-offer.sdp"
CHROMIUM_OFFER = FIXTURES / "captured-chromium-offer.sdp"

CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# aioice never gathers loopback addresses; these offers must name 127.0.0.1 only.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]


async def aiortc_offer() -> str:
    # An explicit empty ICE server list: with none, aiortc falls back to a public STUN server.
    peer = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    try:
        peer.addTrack(AudioStreamTrack())
        await peer.setLocalDescription(await peer.createOffer())
        # aiortc gathers every candidate inside setLocalDescription; wait anyway, so a
        # future version that returns early still yields a complete offer.
        deadline = time.monotonic() + 10
        while peer.iceGatheringState != "complete":
            if time.monotonic() > deadline:
                raise RuntimeError("aiortc did not finish ICE gathering in 10 s")
            await asyncio.sleep(0.05)
        return peer.localDescription.sdp
    finally:
        await peer.close()


PAGE = "<!doctype html><title>capture offer</title><p>capture offer</p>\n"

# Runs in the page through execute_async_script; the last argument is Selenium's callback.
OFFER_SCRIPT = """
const done = arguments[arguments.length - 1];
(async () => {
  const stream = await navigator.mediaDevices.getUserMedia({audio: true});
  const peer = new RTCPeerConnection({iceServers: []});
  for (const track of stream.getAudioTracks()) peer.addTrack(track, stream);
  const gathered = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("ICE gathering did not complete")), 15000);
    const check = () => {
      if (peer.iceGatheringState === "complete") { clearTimeout(timer); resolve(); }
    };
    peer.addEventListener("icegatheringstatechange", check);
    check();
  });
  await peer.setLocalDescription(await peer.createOffer());
  await gathered;
  const sdp = peer.localDescription.sdp;
  peer.close();
  for (const track of stream.getTracks()) track.stop();
  return {sdp};
})().then(done, error => done({error: String(error)}));
"""


def wait_for_tcp(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"http.server on 127.0.0.1:{port} did not start")
            time.sleep(0.1)


def chromium_offer() -> str:
    with tempfile.TemporaryDirectory(prefix="capture-offers-") as folder:
        Path(folder, "index.html").write_text(PAGE)
        port = free_port(socket.SOCK_STREAM)
        server = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
             "--directory", folder],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        driver = None
        try:
            wait_for_tcp(port)
            options = webdriver.ChromeOptions()
            options.binary_location = CHROMIUM
            for flag in ("--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage",
                         "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                         "--allow-loopback-in-peer-connection"):
                options.add_argument(flag)
            # An explicit chromedriver: Selenium must not try to download one.
            driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER),
                                      options=options)
            driver.set_script_timeout(30)
            driver.get(f"http://127.0.0.1:{port}/index.html")
            result = driver.execute_async_script(OFFER_SCRIPT)
            if "error" in result:
                raise RuntimeError(f"Chromium could not make an offer: {result['error']}")
            return result["sdp"]
        finally:
            if driver is not None:
                driver.quit()
            server.terminate()
            server.wait(5)


def save(path: Path, sdp: str) -> None:
    if "\r\n" not in sdp:
        raise RuntimeError(f"{path.name}: expected CRLF line endings from the peer")
    # Bytes, not text mode, so no newline translation touches the peer's CRLFs.
    path.write_bytes(sdp.encode("utf-8"))
    codecs = [line.split(" ", 1)[1] for line in sdp.split("\r\n") if line.startswith("a=rtpmap:")]
    print(f"{path.relative_to(ROOT)}: {len(sdp)} bytes; codecs: {', '.join(codecs)}")


def main() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    save(AIORTC_OFFER, asyncio.run(aiortc_offer()))
    save(CHROMIUM_OFFER, chromium_offer())


if __name__ == "__main__":
    main()
