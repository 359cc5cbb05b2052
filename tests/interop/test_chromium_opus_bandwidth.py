"""Chromium follows the Opus `maxplaybackrate` of the gateway's answer (RFC 7587 §6.1): on a
call that can only reach G.711 it sends narrowband Opus at libwebrtc's 12 kbit/s (what the
gateway's decoder and the browser's uplink no longer spend on bands G.711 drops), and the
tones still cross both ways; on a call that may reach an Opus trunk nothing is limited."""

import time

import pytest

from chromium import DialerPage
from test_chromium_dialer import PHONE, talk_and_hang_up

# Every RTCPeerConnection the page makes, for getStats (the page keeps its own private).
RECORD_PEER_CONNECTIONS = """
(() => {
  const Native = window.RTCPeerConnection;
  window.__peerConnections = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); window.__peerConnections.push(this); }
  };
})();
"""

SENT_AUDIO = """
const pcs = window.__peerConnections || [];
if (!pcs.length) return null;
const stats = await pcs[pcs.length - 1].getStats();
for (const report of stats.values()) {
  if (report.type === 'outbound-rtp' && report.kind === 'audio')
    return {bytes: report.bytesSent, packets: report.packetsSent, target: report.targetBitrate ?? null,
            at: report.timestamp};
}
return null;
"""


def sent_audio(driver) -> dict:
    stats = driver.execute_script("return (async () => {" + SENT_AUDIO + "})()")
    assert stats, "no outbound audio in the page's RTCPeerConnection stats"
    return stats


def payload_bitrate(driver, seconds: float) -> tuple[float, float | None]:
    """Payload bits per second Chromium sent over `seconds`, and its encoder's target."""
    first = sent_audio(driver)
    time.sleep(seconds)
    last = sent_audio(driver)
    elapsed = (last["at"] - first["at"]) / 1000
    return (last["bytes"] - first["bytes"]) * 8 / elapsed, last["target"]


@pytest.mark.parametrize("codecs,narrow", [(["pcmu"], True), (["opus", "pcmu"], False)],
                         ids=["g711-trunk", "opus-capable-trunk"])
def test_chromium_sends_opus_as_wide_as_the_call_carries(codecs, narrow, browser, make_phone, start_gateway,
                                                         tmp_path):
    phone = make_phone(PHONE, 440)      # takes PCMU only: both calls end up transcoded
    gateway = start_gateway(phone.address, trunk_options={"codecs": codecs})
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_PEER_CONNECTIONS})
    page = DialerPage(browser, gateway.http_url + "/")
    page.call(PHONE)
    page.wait_state("connected", timeout=20)
    time.sleep(2)       # past the encoder's start
    bitrate, target = payload_bitrate(browser, 3)
    detail = f"trunk codecs {codecs}: Chromium sent {bitrate:.0f} bit/s of Opus payload, target {target}"
    if narrow:
        # libwebrtc's narrowband default is 12 kbit/s; unlimited it is 32 kbit/s.
        assert bitrate <= 16_000, detail
        if target is not None:
            assert target <= 12_000, detail
        talk_and_hang_up(page, phone, tmp_path / "chromium-heard.wav")
    else:
        assert bitrate >= 20_000, detail
        if target is not None:
            assert target >= 32_000, detail
        page.hangup()
        page.wait_state("closed", timeout=10)
