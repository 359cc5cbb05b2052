"""A minimal SIP user agent over UDP for poking at a SIP peer: build a request, send raw
bytes, read responses. Just enough of RFC 3261 for INVITE/ACK/CANCEL/OPTIONS probes."""

import secrets
import socket
import time
from dataclasses import dataclass, field

from ports import HOST


@dataclass
class SipResponse:
    status: int
    reason: str
    headers: dict[str, list[str]] = field(default_factory=dict)
    raw: str = ""

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), [""])[0]

    @property
    def cseq_method(self) -> str:
        return self.header("CSeq").split()[-1] if self.header("CSeq") else ""


def parse_response(data: bytes) -> SipResponse | None:
    text = data.decode(errors="replace")
    head = text.split("\r\n\r\n", 1)[0].split("\r\n")
    parts = head[0].split(" ", 2)
    if len(parts) < 2 or parts[0] != "SIP/2.0" or not parts[1].isdigit():
        return None
    headers: dict[str, list[str]] = {}
    for line in head[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers.setdefault(name.strip().lower(), []).append(value.strip())
    return SipResponse(int(parts[1]), parts[2] if len(parts) > 2 else "", headers, text)


class SipProbe:
    """One UDP socket on 127.0.0.1 (or `bind_host`, another loopback address such as
    127.0.0.2 for a source that is not a trunk) acting as a caller towards `target`."""

    def __init__(self, target: str, bind_host: str = HOST):
        host, port = target.rsplit(":", 1)
        self.target = (host, int(port))
        self.host = bind_host
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((bind_host, 0))
        self.port = self.sock.getsockname()[1]
        self.call_id = secrets.token_hex(8) + "@probe"
        self.from_tag = secrets.token_hex(4)
        self.branch = ""
        self.cseq = 0
        self.ruri = ""

    def close(self) -> None:
        self.sock.close()

    def build(self, method: str, ruri: str, cseq: int, to_tag: str = "",
              extra: tuple[str, ...] = (), body: str = "") -> bytes:
        lines = [f"{method} {ruri} SIP/2.0",
                 f"Via: SIP/2.0/UDP {self.host}:{self.port};branch={self.branch};rport",
                 "Max-Forwards: 70",
                 f"From: <sip:probe@{self.host}:{self.port}>;tag={self.from_tag}",
                 f"To: <{ruri}>" + (f";tag={to_tag}" if to_tag else ""),
                 f"Call-ID: {self.call_id}",
                 f"CSeq: {cseq} {method}",
                 f"Contact: <sip:probe@{self.host}:{self.port}>",
                 *extra,
                 f"Content-Length: {len(body.encode())}", "", body]
        return "\r\n".join(lines).encode()

    def send_raw(self, data: bytes) -> None:
        self.sock.sendto(data, self.target)

    def prepare(self, method: str, user: str = "", extra: tuple[str, ...] = (), body: str = "") -> bytes:
        """The bytes of a request that starts a new transaction (new branch, next CSeq)."""
        self.branch = "z9hG4bK" + secrets.token_hex(6)
        self.cseq += 1
        self.ruri = f"sip:{user + '@' if user else ''}{self.target[0]}:{self.target[1]}"
        return self.build(method, self.ruri, self.cseq, extra=extra, body=body)

    def request(self, method: str, user: str = "", extra: tuple[str, ...] = (), body: str = "") -> None:
        self.send_raw(self.prepare(method, user, extra, body))

    def ack(self, final: SipResponse) -> None:
        """ACK for a non-2xx final response: same branch and CSeq number (RFC 3261 §17.1.1.3)."""
        to_tag = final.header("To").split("tag=")[-1] if "tag=" in final.header("To") else ""
        self.send_raw(self.build("ACK", self.ruri, self.cseq, to_tag=to_tag))

    def cancel(self) -> None:
        """CANCEL of the pending INVITE: same branch, CSeq number, no To tag (§9.1)."""
        self.send_raw(self.build("CANCEL", self.ruri, self.cseq))

    def receive(self, timeout: float = 2.0) -> SipResponse | None:
        self.sock.settimeout(timeout)
        try:
            data, _ = self.sock.recvfrom(65535)
        except socket.timeout:
            return None
        return parse_response(data)

    def wait_for(self, status: int, method: str = "", timeout: float = 5.0) -> SipResponse:
        """Read responses until one with `status` (for `method`, if given) arrives."""
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            response = self.receive(max(0.05, deadline - time.monotonic()))
            if response is None:
                continue
            seen.append(f"{response.status} {response.cseq_method}")
            if response.status == status and (not method or response.cseq_method == method):
                return response
        raise AssertionError(f"no {status} {method} within {timeout} s; got {seen}")
