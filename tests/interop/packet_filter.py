"""Dropping chosen SIP datagrams on their way to a local UDP port with iptables, to make the
gateway's retransmissions (RFC 3261 §17.1.1.2 Timer A, §13.3.1.4 2xx retransmission) happen
for real. Each rule matches only one port on 127.0.0.1 and carries a comment naming it, so it
cannot touch other traffic; it is always removed again."""

import shutil
import subprocess
from contextlib import contextmanager

import pytest

from ports import HOST


class DropRule:
    """`iptables -I INPUT` rule dropping the first UDP datagram to `port` that holds `text`
    (e.g. "INVITE sip:" matches only a request line). `-m statistic --mode nth` counts only
    the datagrams the string match let through, so exactly the first one goes."""

    def __init__(self, port: int, text: str):
        self.comment = f"gateway-interop-drop-{port}-{text.split()[0].lower()}"
        every = 1_000_000
        self.spec = ["INPUT", "-p", "udp", "-d", HOST, "--dport", str(port),
                     "-m", "string", "--string", text, "--algo", "bm",
                     "-m", "statistic", "--mode", "nth", "--every", str(every), "--packet", "0",
                     "-m", "comment", "--comment", self.comment, "-j", "DROP"]

    def dropped(self) -> int:
        """How many datagrams the rule has dropped so far (its packet counter)."""
        listing = subprocess.run(["iptables", "-L", "INPUT", "-v", "-n", "-x"], capture_output=True,
                                 text=True, check=True).stdout
        for line in listing.splitlines():
            if self.comment in line:
                return int(line.split()[0])
        raise AssertionError(f"iptables rule {self.comment} is gone:\n{listing}")


def iptables_usable() -> str | None:
    """None when iptables can be used here, else why not (for the skip message)."""
    if not shutil.which("iptables"):
        return "iptables is not installed (apt-get install iptables)"
    probe = subprocess.run(["iptables", "-L", "INPUT", "-n"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"iptables is not permitted here (needs root / CAP_NET_ADMIN): {probe.stderr.strip()}"
    return None


@contextmanager
def dropping(port: int, text: str):
    """Drops the first datagram to `port` holding `text` while the block runs; skips the
    test when iptables is missing or not permitted."""
    reason = iptables_usable()
    if reason:
        pytest.skip(reason)
    rule = DropRule(port, text)
    added = subprocess.run(["iptables", "-I", *rule.spec], capture_output=True, text=True)
    if added.returncode != 0:
        pytest.skip(f"iptables refused the drop rule (string/statistic match missing?): {added.stderr.strip()}")
    try:
        yield rule
    finally:
        subprocess.run(["iptables", "-D", *rule.spec], capture_output=True, text=True)


@contextmanager
def blocking(port: int):
    """Drops every UDP datagram to `port` on 127.0.0.1 while the block runs (a network that
    went away); skips the test when iptables is missing or not permitted."""
    reason = iptables_usable()
    if reason:
        pytest.skip(reason)
    spec = ["INPUT", "-p", "udp", "-d", HOST, "--dport", str(port),
            "-m", "comment", "--comment", f"gateway-interop-block-{port}", "-j", "DROP"]
    added = subprocess.run(["iptables", "-I", *spec], capture_output=True, text=True)
    if added.returncode != 0:
        pytest.skip(f"iptables refused the block rule: {added.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["iptables", "-D", *spec], capture_output=True, text=True)


@contextmanager
def losing(flows: list[tuple[int, int]], probability: float, name: str):
    """Drops each UDP datagram on 127.0.0.1 from port a to port b, for every (a, b) of
    `flows`, with `probability` (`-m statistic --mode random`): a lossy network between two
    known sockets. Each rule matches exactly its two ports and carries a comment naming
    `name`; all are removed when the block ends. Skips the test when iptables is missing or
    not permitted. Yields the rules' comments (for `dropped_by`)."""
    reason = iptables_usable()
    if reason:
        pytest.skip(reason)
    specs = [["INPUT", "-p", "udp", "-s", HOST, "-d", HOST, "--sport", str(source), "--dport", str(target),
              "-m", "statistic", "--mode", "random", "--probability", f"{probability:.4f}",
              "-m", "comment", "--comment", f"gateway-interop-{name}-{source}-{target}", "-j", "DROP"]
             for source, target in flows]
    added = []
    try:
        for spec in specs:
            result = subprocess.run(["iptables", "-I", *spec], capture_output=True, text=True)
            if result.returncode != 0:
                pytest.skip(f"iptables refused the loss rule (statistic match missing?): {result.stderr.strip()}")
            added.append(spec)
        yield [spec[spec.index("--comment") + 1] for spec in specs]
    finally:
        for spec in added:
            subprocess.run(["iptables", "-D", *spec], capture_output=True, text=True)


def dropped_by(comment: str) -> int:
    """How many datagrams the rule with `comment` has dropped so far."""
    listing = subprocess.run(["iptables", "-L", "INPUT", "-v", "-n", "-x"], capture_output=True,
                             text=True, check=True).stdout
    for line in listing.splitlines():
        if comment in line:
            return int(line.split()[0])
    raise AssertionError(f"iptables rule {comment} is gone:\n{listing}")
