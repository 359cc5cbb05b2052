"""A trunk that suppresses silence (RFC 3389): between its talk spurts it sends one
comfort-noise packet instead of audio, and the browser hears noise at that level instead
of dead air."""

import time

import numpy as np

from analysis import dominant_frequency, read_wav
from rtp_pcap import rtp, tone_payloads, write_pcap
from sipp import SCENARIOS
from tones import tone48k

NUMBER = "5551000"
TONE_HZ = 440
CN_LEVEL = 30            # -30 dBov (RFC 3389 §3.1)
GAP_S = 3.0


def comfort_noise_stream(path):
    """1 s of 440 Hz, one CN packet, 3 s of nothing but that, then 1 s of 440 Hz again."""
    packets, sequence, timestamp, at = [], 0, 0, 0.0
    for payload in tone_payloads(TONE_HZ, 1.0):
        packets.append((at, rtp(0, sequence, timestamp, payload, marker=sequence == 0)))
        sequence, timestamp, at = sequence + 1, timestamp + 160, at + 0.02
    packets.append((at, rtp(13, sequence, timestamp, bytes([CN_LEVEL]))))
    sequence, timestamp, at = sequence + 1, timestamp + int(GAP_S * 8000), at + GAP_S
    for index, payload in enumerate(tone_payloads(TONE_HZ, 1.0)):
        packets.append((at, rtp(0, sequence, timestamp, payload, marker=index == 0)))
        sequence, timestamp, at = sequence + 1, timestamp + 160, at + 0.02
    return write_pcap(path, packets)


def scenario(tmp_path):
    """uas_answer with CN/8000 in the answer and the pcap played after the ACK."""
    pcap = comfort_noise_stream(tmp_path / "comfort_noise.pcap")
    text = (SCENARIOS / "uas_answer.xml").read_text()
    text = text.replace('<scenario name="uas_answer">', '<scenario name="uas_comfort_noise">')
    text = text.replace("m=audio [media_port] RTP/AVP 0 101\n", "m=audio [media_port] RTP/AVP 0 101 13\n")
    text = text.replace("a=rtpmap:101 telephone-event/8000\n", "a=rtpmap:101 telephone-event/8000\n      a=rtpmap:13 CN/8000\n")
    text = text.replace('<recv request="ACK"/>',
                        f'<recv request="ACK"/>\n  <nop><action><exec play_pcap_audio="{pcap}"/></action></nop>')
    assert "CN/8000" in text and "play_pcap_audio" in text, "uas_answer.xml changed shape"
    path = tmp_path / "uas_comfort_noise.xml"
    path.write_text(text)
    return path


def test_comfort_noise_fills_the_trunks_silence(make_sipp, start_gateway, make_web_client, tmp_path):
    xml = scenario(tmp_path)
    carrier = make_sipp(xml.stem, xml=xml)
    gateway = start_gateway(carrier.address)
    web = make_web_client(gateway.ws_url("alice"))
    call = web.call(NUMBER, tone48k(1000), tmp_path / "web-heard.wav")
    call.wait_state("connected", timeout=15)
    time.sleep(6.5)
    call.hangup()
    call.wait_state("closed")
    samples, rate = read_wav(call.stop_media())
    size = rate // 10
    tone = noise = 0
    for start in range(0, len(samples) - size + 1, size):
        frame = samples[start: start + size]
        rms = float(np.sqrt(np.mean(frame ** 2)))
        level = 20 * np.log10(rms) if rms > 0 else -200.0
        frequency, purity = dominant_frequency(frame, rate)
        if abs(frequency - TONE_HZ) < 10 and purity > 0.5:
            tone += 1
        elif -36 <= level <= -24:          # -30 dBov, give or take the codecs
            noise += 1
    # Without comfort noise the gateway would send nothing in the gap: only the 2 s of tone
    # would be recorded. With it, most of the 3 s gap is noise at the packet's level.
    assert tone >= 15, f"{tone} tone frames"
    assert noise >= 20, f"{noise} frames of noise near -30 dBFS (tone frames: {tone})"
