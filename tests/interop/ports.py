"""Free loopback ports for the processes a test starts."""

import random
import socket

HOST = "127.0.0.1"
HOST6 = "::1"


def bracketed(host: str) -> str:
    """An address as written before `:port`: IPv6 literals in brackets."""
    return f"[{host}]" if ":" in host else host


def free_port(kind: int = socket.SOCK_DGRAM, count: int = 1) -> int:
    """A port free for both UDP and TCP right now (SIP uses UDP, ctrl_tcp/HTTP use TCP), on
    127.0.0.1 and on ::1; with `count`, the ports just above it are free too (baresip's
    TLS listener takes its SIP port + 1)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, kind) as first:
            first.bind((HOST, 0))
            port = first.getsockname()[1]
        if all(_is_free(p) for p in range(port, port + count)):
            return port
    raise RuntimeError("no free port found")


def _is_free(port: int) -> bool:
    probes = []
    try:
        for family, host in ((socket.AF_INET, HOST), (socket.AF_INET6, HOST6)):
            for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                sock = socket.socket(family, kind)
                probes.append(sock)
                sock.bind((host, port))
        return True
    except OSError:
        return False
    finally:
        for sock in probes:
            sock.close()


def free_udp_range(size: int = 200) -> tuple[int, int]:
    """An even-aligned UDP port range [low, low+size] that is unused right now."""
    # Below Linux's ephemeral range (32768+), where aiortc and Chromium pick their ports,
    # and above the range the baresip phones use (see baresip_phone.py).
    start = 20000 + 2 * random.randrange(0, 1000)
    for low in list(range(start, 32000 - size, size + 2)) + list(range(20000, start, size + 2)):
        try:
            probes = []
            for port in range(low, low + size + 1, 20):
                sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                probes.append(sock)
                sock.bind((HOST, port))
        except OSError:
            continue
        finally:
            for sock in probes:
                sock.close()
        return low, low + size
    raise RuntimeError("no free RTP port range found")


def closed_udp_port() -> int:
    """A UDP port nothing listens on (bound and released), for 'unreachable trunk' tests."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]
