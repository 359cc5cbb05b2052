"""One torture message sent to the gateway and what came back: over UDP from the socket
the answer is due at, or over a fresh TCP connection; then the verdict."""

import errno
import socket
import time
from dataclasses import dataclass, field

from ports import HOST
from sip_probe import SipResponse, parse_response
from torture import (ACCEPT, CLOSE, SILENT, WAIT, REJECTIONS, ReplyAddress, first_value, reply_address,
                     rejected_status, start_line, stream_bytes)

ANSWER_TIMEOUT = 5.0   # a final response comes within milliseconds; this is the patience
SILENCE_WAIT = 1.0     # how long "nothing comes back" is watched for
LINGER = 0.3           # after the final response: anything more is unexpected


class UdpLink:
    """A socket on HOST bound to the port the answer is due at (RFC 3261 §18.2.2)."""

    def __init__(self, target: tuple[str, int], data: bytes, patience: float = 5.0):
        self.target = target
        self.reply_to = reply_address(data)
        self.where = f"over UDP, answer due at {HOST}:{self.reply_to.port or 'source port'} ({self.reply_to.why})"
        self.closed = False
        deadline = time.monotonic() + patience
        while True:
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            try:
                self.sock.bind((HOST, self.reply_to.port))
                break
            except OSError as error:
                self.sock.close()
                if error.errno != errno.EADDRINUSE or time.monotonic() > deadline:
                    raise RuntimeError(f"cannot bind {HOST}:{self.reply_to.port}, where the answer is due "
                                       f"(RFC 3261 §18.2.2): {error}") from error
                time.sleep(0.1)

    def send(self, data: bytes) -> None:
        self.sock.sendto(data, self.target)

    def receive(self, timeout: float) -> bytes | None:
        self.sock.settimeout(max(0.01, timeout))
        try:
            return self.sock.recvfrom(65535)[0]
        except socket.timeout:
            return None

    def close(self) -> None:
        self.sock.close()


class TcpLink:
    """A TCP connection to the gateway; messages read from it are framed by Content-Length."""

    def __init__(self, target: tuple[str, int], note: str):
        self.sock = socket.create_connection(target, timeout=5)
        self.where = "over TCP" + (f" ({note})" if note else "")
        self.closed = False
        self.buffer = b""

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def _framed(self) -> bytes | None:
        self.buffer = self.buffer.lstrip(b"\r\n")
        head, separator, rest = self.buffer.partition(b"\r\n\r\n")
        if not separator:
            return None
        length = int(first_value(head + separator, "content-length") or first_value(head + separator, "l") or 0)
        if len(rest) < length:
            return None
        message = head + separator + rest[:length]
        self.buffer = rest[length:]
        return message

    def receive(self, timeout: float) -> bytes | None:
        deadline = time.monotonic() + timeout
        while (message := self._framed()) is None:
            remaining = deadline - time.monotonic()
            if self.closed or remaining <= 0:
                return None
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(65535)
            except socket.timeout:
                return None
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                self.closed = True
            self.buffer += chunk
        return message

    def close(self) -> None:
        self.sock.close()


def response_call_id(response: SipResponse) -> str:
    return response.header("Call-ID") or response.header("i")


@dataclass
class Exchange:
    where: str
    call_id: str | None
    received: list[SipResponse | bytes] = field(default_factory=list)
    final: SipResponse | None = None
    closed: bool = False

    def only_own(self) -> "Exchange":
        """Without answers that carry another Call-ID (late retransmissions to an earlier
        message when several share one socket)."""
        if not self.call_id:
            return self
        own = [r for r in self.received if isinstance(r, SipResponse) and response_call_id(r) == self.call_id]
        return Exchange(self.where, self.call_id, own, self.final, self.closed)

    def seen(self) -> str:
        parts = []
        for item in self.received:
            if isinstance(item, SipResponse):
                parts.append(f"{item.status} {item.reason!r} (Call-ID {response_call_id(item)!r}, "
                             f"CSeq {item.header('CSeq')!r})")
            else:
                parts.append(f"{len(item)} bytes that are not a SIP response: {item[:60]!r}")
        if self.closed:
            parts.append("the connection closed")
        return "; ".join(parts) or "nothing"


def ack_for(request: bytes, final: SipResponse) -> bytes:
    """ACK for a non-2xx final answer to an INVITE (RFC 3261 §17.1.1.3): the request's
    Request-URI, the top Via, From, Call-ID and CSeq number, and To with the answer's tag."""
    parts = start_line(request).split()
    ruri = parts[1] if len(parts) > 1 else "sip:invalid"
    via = final.header("Via").split(",", 1)[0]
    cseq_number = final.header("CSeq").split()[0] if final.header("CSeq") else "1"
    copied = {"From": final.header("From") or final.header("f"), "To": final.header("To") or final.header("t"),
              "Call-ID": response_call_id(final)}
    # A field the request lacked (RFC 4475 §3.3.1) is missing from the ACK too.
    lines = [f"ACK {ruri} SIP/2.0", f"Via: {via}", "Max-Forwards: 70",
             *(f"{name}: {value}" for name, value in copied.items() if value),
             f"CSeq: {cseq_number} ACK", "Content-Length: 0", "", ""]
    return "\r\n".join(lines).encode()


def exchange(transport: str, target: tuple[str, int], data: bytes, outcome: str) -> Exchange:
    """Sends `data` and collects what comes back: until a final response with the message's
    Call-ID (ACKed if the message is an INVITE) and a short linger; until the connection
    closes for CLOSE; for SILENCE_WAIT when nothing may come back."""
    if transport == "udp":
        link: UdpLink | TcpLink = UdpLink(target, data)
    else:
        data, note = stream_bytes(data)
        link = TcpLink(target, note)
    call_id = first_value(data, "call-id")
    result = Exchange(link.where, call_id)
    is_invite = start_line(data).split(" ", 1)[0] == "INVITE"
    try:
        link.send(data)
        deadline = time.monotonic() + (SILENCE_WAIT if outcome in SILENT else ANSWER_TIMEOUT)
        while time.monotonic() < deadline:
            message = link.receive(deadline - time.monotonic())
            if message is None:
                break
            response = parse_response(message)
            result.received.append(response if response else message)
            if (response is None or response.status < 200 or result.final is not None
                    or (call_id and response_call_id(response) != call_id)):
                continue
            result.final = response
            if is_invite and response.status >= 300:
                link.send(ack_for(data, response))
            if outcome != CLOSE:
                deadline = time.monotonic() + LINGER
        result.closed = link.closed
    finally:
        link.close()
    return result


def judge(name: str, outcome: str, result: Exchange) -> str | None:
    """None when the gateway did what the RFC asks; else a sentence naming the file, where
    it was sent, the expectation and what came back."""
    where = f"{name} {result.where}"
    if outcome == CLOSE:
        if not result.closed or any(not isinstance(r, SipResponse) or r.status != 400 for r in result.received):
            return f"{where}: expected the connection closed (at most a 400 first), got {result.seen()}"
        return None
    if result.closed:
        return f"{where}: expected {outcome} on an open connection, got {result.seen()}"
    if outcome in SILENT:
        if result.received:
            what = "the rest of the body is awaited" if outcome == WAIT else "a response gets no answer"
            return f"{where}: {what}, got {result.seen()}"
        return None
    final = result.final
    if final is None:
        return f"{where}: expected {outcome}, got no final response; received {result.seen()}"
    same = (final.status, response_call_id(final), final.header("CSeq"))
    others = [r for r in result.received if not isinstance(r, SipResponse)
              or (r.status >= 200 and (r.status, response_call_id(r), r.header("CSeq")) != same)]
    if others:
        return f"{where}: one final response expected, got {result.seen()}"
    if outcome == ACCEPT:
        if final.status in REJECTIONS:
            return f"{where}: a valid request was rejected: {result.seen()}"
        return None
    if final.status != rejected_status(outcome):
        return f"{where}: expected {rejected_status(outcome)}, got {result.seen()}"
    return None
