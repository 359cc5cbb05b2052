"""Reading SIPp's message log (`-trace_msg`): every SIP message SIPp sent or received, with
its time, so tests can check what the gateway put on the wire and when."""

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

# Each entry starts with a line of dashes and a timestamp, then "UDP message sent (N bytes):"
# or "UDP message received [N] bytes :", a blank line and the message.
_ENTRY = re.compile(r"^-{20,} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)\n(\w+) message (sent|received)[^\n]*\n\n",
                    re.MULTILINE)


@dataclass
class LoggedMessage:
    at: datetime
    direction: str          # "sent" or "received", from SIPp's point of view
    text: str
    start_line: str = ""
    headers: dict[str, list[str]] = field(default_factory=dict)
    body: str = ""

    @property
    def method(self) -> str | None:
        """The request's method, or None for a response."""
        return None if self.start_line.startswith("SIP/2.0") else self.start_line.split(" ", 1)[0]

    @property
    def status(self) -> int | None:
        parts = self.start_line.split(" ", 2)
        return int(parts[1]) if parts[0] == "SIP/2.0" and len(parts) > 1 and parts[1].isdigit() else None

    @property
    def cseq(self) -> tuple[int, str]:
        number, method = self.header("CSeq").split()
        return int(number), method

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), [""])[0]

    def to_tag(self) -> str:
        match = re.search(r";\s*tag=([^;>\s]+)", self.header("To"))
        return match.group(1) if match else ""


def _parse(at: str, direction: str, text: str) -> LoggedMessage:
    text = text.replace("\r\n", "\n")
    head, _, body = text.partition("\n\n")
    lines = head.strip("\n").split("\n")
    headers: dict[str, list[str]] = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers.setdefault(name.strip().lower(), []).append(value.strip())
    return LoggedMessage(datetime.strptime(at, "%Y-%m-%d %H:%M:%S.%f"), direction, text,
                         lines[0].strip() if lines else "", headers, body.strip())


def read_log(path: Path) -> list[LoggedMessage]:
    try:
        text = Path(path).read_text(errors="replace")
    except FileNotFoundError:
        return []
    entries = list(_ENTRY.finditer(text))
    messages = []
    for index, entry in enumerate(entries):
        end = entries[index + 1].start() if index + 1 < len(entries) else len(text)
        messages.append(_parse(entry.group(1), entry.group(3), text[entry.end():end]))
    return messages


def requests(log: list[LoggedMessage], method: str, direction: str = "received") -> list[LoggedMessage]:
    """The `method` requests SIPp received (or sent), in order."""
    return [m for m in log if m.direction == direction and m.method == method]


def responses(log: list[LoggedMessage], status: int, cseq_method: str,
              direction: str = "sent") -> list[LoggedMessage]:
    """The `status` responses to `cseq_method` SIPp sent (or received), in order."""
    return [m for m in log if m.direction == direction and m.status == status and m.cseq[1] == cseq_method]


def sdp_direction(message: LoggedMessage) -> str | None:
    """The a=sendrecv/sendonly/recvonly/inactive attribute of an SDP body, if any."""
    found = re.findall(r"^a=(sendrecv|sendonly|recvonly|inactive)\s*$", message.body, re.MULTILINE)
    return found[-1] if found else None
