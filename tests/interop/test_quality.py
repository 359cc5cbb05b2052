"""Call quality from RTCP, against real peers (docs/signaling.md "Call quality"): each leg
exchanges RTCP reports with its far end, aiortc on the browser's leg (SRTCP on the muxed
port) and baresip on the trunk's (RTCP on the RTP port + 1). After every report interval
the web user gets a `quality` message per leg; when the call ends, the call record holds
one `quality` event per leg and /metrics counts the call. With 5 % random loss (iptables)
on the browser's leg, the tone still reaches the phone and the loss shows in the figures."""

import re
import time

import requests

from analysis import assert_tone
from packet_filter import dropped_by, losing
from test_trunk_codecs import windows_with_tone
from tones import tone48k

PHONE = "5551001"
WEB_HZ = 1000
PHONE_HZ = 440
CLEAN_TALK_S = 12
LOSSY_TALK_S = 15
RTT_GRACE_S = 8
LOSS = 0.05


# --- helpers ---------------------------------------------------------------------------------

def place_call(gateway, make_web_client, tmp_path):
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call(PHONE, tone48k(WEB_HZ), tmp_path / "web-heard.wav")
    call.wait_state("connected", timeout=20)
    return web, call


def end_call(call) -> None:
    call.hangup()
    call.wait_state("closed")
    call.stop_media()


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)
    return condition()


def quality_messages(web, call_id: str, leg: str) -> list[dict]:
    return [m for m in list(web.messages)
            if m.get("type") == "quality" and m.get("callId") == call_id and m.get("leg") == leg]


def figures(messages: list[dict]) -> str:
    """One line per message, for assertion messages and the log."""
    keys = ("mos", "lossPercent", "farEndLossPercent", "jitterMs", "farEndJitterMs", "rttMs", "jitterBufferMs",
            "packetsReceived", "packetsLost", "packetsSent", "warnings")
    return "\n".join(f"{m.get('leg')}: " + ", ".join(f"{k}={m.get(k)}" for k in keys if k in m) for m in messages)


def quality_events(gateway, destination: str) -> dict[str, str]:
    """The newest ended call record's `quality` event details by leg (`browser`, `trunk`)."""
    listed = gateway.wait_record(destination, 10)
    response = requests.get(f"{gateway.http_url}/api/calls/{listed['id']}", timeout=2, headers=gateway.admin)
    response.raise_for_status()
    record = response.json()
    details = [e.get("detail", "") for e in record.get("events", []) if e.get("kind") == "quality"]
    return {detail.split(":", 1)[0]: detail for detail in details}


def metric(gateway, name: str, **labels: str) -> float | None:
    """One sample of /metrics, or None when the series is not there."""
    text = requests.get(f"{gateway.http_url}/metrics", timeout=2).text
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    for line in text.splitlines():
        series, _, value = line.rpartition(" ")
        if series == (f"{name}{{{wanted}}}" if labels else name):
            return float(value)
    return None


def candidate_port(sdp: str) -> int:
    """The port of the SDP's 127.0.0.1 host candidate (the only one either side gathers)."""
    match = re.search(r"^a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 (\d+) typ host", sdp, re.M | re.I)
    assert match, f"no 127.0.0.1 host candidate in:\n{sdp}"
    return int(match.group(1))


# --- tests -----------------------------------------------------------------------------------

def test_clean_call_reports_both_legs(make_phone, start_gateway, make_web_client, tmp_path):
    """A clean PCMU call: `quality` messages for both legs, the trunk's with a round-trip
    time from baresip's receiver reports, no loss, MOS above 4; the call record's `quality`
    events for both legs; the MOS histogram of /metrics counts the call."""
    phone = make_phone(PHONE, PHONE_HZ)
    gateway = start_gateway(phone.address)
    web, call = place_call(gateway, make_web_client, tmp_path)
    time.sleep(CLEAN_TALK_S)
    # Reports are randomised (2.5-7.5 s apart): give baresip's a few more seconds to be echoed.
    wait_for(lambda: any("rttMs" in m for m in quality_messages(web, call.call_id, "trunk")), RTT_GRACE_S)
    end_call(call)

    browser = quality_messages(web, call.call_id, "browser")
    trunk = quality_messages(web, call.call_id, "trunk")
    seen = figures(browser + trunk)
    print(f"\nclean call quality messages:\n{seen}")
    assert len(browser) >= 1 and len(trunk) >= 1, seen
    for message in browser + trunk:
        assert isinstance(message.get("warnings"), list), seen
        assert message["lossPercent"] == 0 and message["packetsLost"] == 0, seen
        assert message["mos"] > 4, seen
        assert message["packetsReceived"] > 0 and message["packetsSent"] > 0, seen
    # baresip echoes the gateway's sender reports (LSR/DLSR): the trunk leg gets a round trip.
    rtts = [m["rttMs"] for m in trunk if "rttMs" in m]
    assert rtts and all(0 <= rtt < 100 for rtt in rtts), seen
    assert any(m.get("farEndLossPercent") == 0 for m in trunk), seen
    # aiortc's receiver reports echo the gateway's SRTCP sender reports too.
    assert any(0 <= m.get("rttMs", -1) < 100 for m in browser), seen

    events = quality_events(gateway, PHONE)
    print(f"call record quality events: {events}")
    assert set(events) == {"browser", "trunk"}, events
    for leg, detail in events.items():
        assert re.match(rf"{leg}: MOS \d\.\d\d \(min \d\.\d\d\), loss 0\.0% \(worst interval 0\.0%\), "
                        rf"jitter max [\d.]+ ms, .*\d+ packets in, \d+ out$", detail), detail
    assert "RTT " in events["trunk"], events

    assert (metric(gateway, "gateway_call_mos_count", leg="trunk") or 0) >= 1
    assert (metric(gateway, "gateway_call_mos_count", leg="browser") or 0) >= 1
    assert (metric(gateway, "gateway_rtp_packets_received_total", leg="trunk") or 0) > 0
    # Loopback jitter is small: the call lands in the histogram's lowest buckets, not above 50 ms.
    assert metric(gateway, "gateway_call_jitter_seconds_count", leg="browser") == 1
    assert metric(gateway, "gateway_call_jitter_seconds_bucket", leg="browser", le="0.05") == 1
    # The call itself in the call metrics: started, answered (setup time), ended normally.
    assert metric(gateway, "gateway_calls_started_total", direction="outbound") == 1
    assert metric(gateway, "gateway_call_setup_seconds_count", direction="outbound") == 1
    assert metric(gateway, "gateway_calls_ended_total", direction="outbound", cause="normal_clearing") == 1


def test_browser_leg_loss_is_concealed_and_reported(make_phone, start_gateway, make_web_client, tmp_path):
    """The issue's proof: with 5 % random loss on the browser's leg, both ways (iptables),
    the tone is still measured at the far end and the loss shows in the quality figures:
    the live messages (loss, `high_loss`), the call record and the metrics."""
    phone = make_phone(PHONE, PHONE_HZ)
    gateway = start_gateway(phone.address)
    web, call = place_call(gateway, make_web_client, tmp_path)
    gateway_port = candidate_port(call.answer_sdp)
    client_port = candidate_port(call.pc.localDescription.sdp)
    flows = [(client_port, gateway_port), (gateway_port, client_port)]
    with losing(flows, LOSS, "test_quality-browser-loss") as rules:
        time.sleep(LOSSY_TALK_S)
        dropped = {rule: dropped_by(rule) for rule in rules}
        end_call(call)
    print(f"\ndatagrams dropped: {dropped}")
    assert all(count > 0 for count in dropped.values()), dropped

    recording = phone.recording()
    hits, count, windows = windows_with_tone(recording, WEB_HZ)
    print(f"web -> phone 1 s windows: {hits} of {count} at {WEB_HZ} Hz: {windows}")
    assert count >= LOSSY_TALK_S - 3 and hits >= 0.8 * count, windows
    assert_tone(recording, WEB_HZ, min_seconds=LOSSY_TALK_S - 3)

    browser = quality_messages(web, call.call_id, "browser")
    trunk = quality_messages(web, call.call_id, "trunk")
    seen = figures(browser + trunk)
    print(f"lossy call quality messages:\n{seen}")
    assert any(m["lossPercent"] > 0 for m in browser), seen
    assert any(m.get("farEndLossPercent", 0) > 0 for m in browser), seen
    assert any("high_loss" in m["warnings"] for m in browser), seen
    assert sum(m["packetsLost"] for m in browser) > 0, seen
    assert trunk and all(m["lossPercent"] == 0 for m in trunk), seen    # the trunk's leg is clean

    events = quality_events(gateway, PHONE)
    print(f"call record quality events: {events}")
    loss = re.search(r"loss ([\d.]+)%", events.get("browser", ""))
    assert loss and float(loss.group(1)) > 1, events

    assert (metric(gateway, "gateway_rtp_packets_lost_total", leg="browser") or 0) > 0
    assert (metric(gateway, "gateway_quality_warnings_total", leg="browser", warning="high_loss") or 0) >= 1


def test_mos_limit_raises_low_mos(make_phone, start_gateway, make_web_client, tmp_path):
    """`media.quality_warnings` with `mos: 4.4` (above what the E-model gives Opus with its
    codec delay) makes even a clean call `low_mos`."""
    phone = make_phone(PHONE, PHONE_HZ)
    gateway = start_gateway(phone.address, media_extra=["quality_warnings: {mos: 4.4}"])
    web, call = place_call(gateway, make_web_client, tmp_path)
    web.wait_message(lambda m: m.get("type") == "quality" and m.get("leg") == "browser", timeout=10)
    end_call(call)
    browser = quality_messages(web, call.call_id, "browser")
    seen = figures(browser)
    assert browser and all("low_mos" in m["warnings"] and m["mos"] <= 4.4 for m in browser), seen
    assert (metric(gateway, "gateway_quality_warnings_total", leg="browser", warning="low_mos") or 0) >= 1
