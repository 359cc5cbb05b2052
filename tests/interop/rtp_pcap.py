"""Writing RTP streams into pcap files for SIPp's `play_pcap_audio`, which sends each
packet's UDP payload to the far end's media port at the packet's capture time."""

import math
import struct
from pathlib import Path


def ulaw(sample: int) -> int:
    """One 16-bit linear sample as a G.711 μ-law code word (ITU-T G.711, with the bias)."""
    sign = 0x80 if sample < 0 else 0
    magnitude = min(abs(sample), 32635) + 0x84
    exponent = 7
    while exponent > 0 and not magnitude & (0x4000 >> (7 - exponent)):
        exponent -= 1
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return ~(sign | exponent << 4 | mantissa) & 0xFF


def tone_payloads(hz: float, seconds: float, level: float = 0.3, start_sample: int = 0) -> list[bytes]:
    """20 ms PCMU payloads of a sine at `hz`, `level` of full scale."""
    payloads = []
    for frame in range(int(seconds * 50)):
        first = start_sample + frame * 160
        payloads.append(bytes(ulaw(int(level * 32767 * math.sin(2 * math.pi * hz * (first + i) / 8000)))
                              for i in range(160)))
    return payloads


def rtp(payload_type: int, sequence: int, timestamp: int, payload: bytes, ssrc: int = 0x1234ABCD,
        marker: bool = False) -> bytes:
    """An RTP packet (RFC 3550 §5.1): version 2, no padding, extension or CSRCs."""
    return struct.pack("!BBHII", 0x80, (0x80 if marker else 0) | payload_type, sequence & 0xFFFF,
                       timestamp & 0xFFFFFFFF, ssrc) + payload


def write_pcap(path: Path, packets: list[tuple[float, bytes]], src_port: int = 6000, dst_port: int = 6001) -> Path:
    """A pcap (Ethernet, IPv4, UDP) holding each (time in seconds, UDP payload)."""
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)]
    for at, payload in packets:
        udp = struct.pack("!HHHH", src_port, dst_port, 8 + len(payload), 0) + payload
        header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                             bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1]))
        frame = b"\x00" * 12 + b"\x08\x00" + header + udp
        seconds = int(at)
        out.append(struct.pack("<IIII", seconds, int((at - seconds) * 1e6), len(frame), len(frame)) + frame)
    path.write_bytes(b"".join(out))
    return path
