"""Free loopback ports for the processes a test starts."""

import os
import random
import socket

HOST = "127.0.0.1"
HOST6 = "::1"


def bracketed(host: str) -> str:
    """An address as written before `:port`: IPv6 literals in brackets."""
    return f"[{host}]" if ":" in host else host


# Ports handed to other programs (baresip, SIPp, the gateway) are picked above Linux's
# ephemeral range (32768-60999): a port the kernel chose for us and we released could be
# taken by anyone's next outgoing connection before the program binds it. Under
# pytest-xdist each worker picks from its own slice, so two workers never race for one.
_PICK_LOW, _PICK_HIGH = 61000, 65500
_recently_given: list[int] = []


def _worker_slice() -> range:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    workers = max(int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")), 1)
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    size = (_PICK_HIGH - _PICK_LOW) // workers
    low = _PICK_LOW + (index % workers) * size
    return range(low, low + size)


def free_port(kind: int = socket.SOCK_DGRAM, count: int = 1) -> int:
    """A port free for both UDP and TCP right now (SIP uses UDP, ctrl_tcp/HTTP use TCP), on
    127.0.0.1 and on ::1; with `count`, the ports just above it are free too (baresip's
    TLS listener takes its SIP port + 1). Not one handed out lately, which its program may
    not have bound yet."""
    del kind  # free for both kinds either way
    ports = _worker_slice()
    for _ in range(200):
        port = random.randrange(ports.start, ports.stop - count)
        wanted = range(port, port + count)
        if any(p in _recently_given for p in wanted) or not all(_is_free(p) for p in wanted):
            continue
        _recently_given.extend(wanted)
        del _recently_given[:-256]
        return port
    raise RuntimeError(f"no free port found in {ports.start}-{ports.stop - 1}")


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
