"""The RFC 4475 and RFC 5118 torture messages: what each one must get from a SIP user agent
server, over UDP and over TCP, and the few fields a sender reads from the raw bytes."""

import re
from dataclasses import dataclass
from pathlib import Path

from ports import HOST

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "Tests" / "SIPTests" / "Fixtures"
SWIFT_TABLES = {
    "rfc4475": ROOT / "Tests" / "SIPTests" / "Conformance" / "RFC4475TableTests.swift",
    "rfc5118": ROOT / "Tests" / "SIPTests" / "Conformance" / "RFC5118TableTests.swift",
}

# Outcomes, in the words of Tests/SIPTests/Conformance/TortureOutcome.swift.
ACCEPT = "accept"                    # a valid request: the gateway's policy answers it
ACCEPT_RESPONSE = "acceptResponse"   # a valid response: nothing is sent back
DROP_RESPONSE = "dropResponse"       # a broken or misdirected response: nothing is sent back


# Outcomes that exist only on a stream, where Content-Length frames the message.
WAIT = "wait"     # the body is still to come: no answer, the connection stays open
CLOSE = "close"   # the stream cannot be framed: the connection is closed (a 400 first is fine)
SILENT = (ACCEPT_RESPONSE, DROP_RESPONSE, WAIT)


def reject(status: int) -> str:
    return f"reject({status})"


def rejected_status(outcome: str) -> int | None:
    return int(outcome[len("reject("):-1]) if outcome.startswith("reject(") else None


# RFC 4475 §3 and RFC 5118 §4, file by file; the same table as the unit tests (a test
# checks that the two agree), here applied to what the running gateway sends back.
EXPECTED: dict[str, dict[str, str]] = {
    "rfc4475": {
        "wsinv": ACCEPT, "intmeth": reject(501), "esc01": ACCEPT, "escnull": ACCEPT,
        "esc02": reject(501), "lwsdisp": ACCEPT, "longreq": ACCEPT, "dblreq": ACCEPT,
        "semiuri": ACCEPT, "transports": ACCEPT, "mpart01": ACCEPT, "unreason": ACCEPT_RESPONSE,
        "noreason": ACCEPT_RESPONSE,
        "badinv01": reject(400), "clerr": reject(400), "ncl": reject(400), "scalar02": reject(400),
        "scalarlg": DROP_RESPONSE, "quotbal": reject(400), "ltgtruri": reject(400),
        "lwsruri": reject(400), "lwsstart": reject(400), "trws": reject(400), "escruri": reject(400),
        "baddate": ACCEPT, "regbadct": reject(400), "badaspec": reject(400), "baddn": reject(400),
        "badvers": reject(505), "mismatch01": reject(400), "mismatch02": reject(400),
        "bigcode": DROP_RESPONSE,
        "badbranch": ACCEPT,
        "insuf": reject(400), "unkscm": reject(416), "novelsc": reject(416), "unksm2": reject(400),
        "bext01": reject(420), "invut": reject(415), "regaut01": ACCEPT, "multi01": reject(400),
        "mcl01": reject(400), "bcast": DROP_RESPONSE, "zeromf": ACCEPT, "cparam01": ACCEPT,
        "cparam02": ACCEPT, "regescrt": ACCEPT, "sdp01": reject(406),
        "inv2543": ACCEPT,
    },
    "rfc5118": {
        "ipv6-good": ACCEPT, "ipv6-bad": reject(400), "port-ambiguous": ACCEPT,
        "port-unambiguous": ACCEPT, "via-received-param-with-delim": ACCEPT,
        "via-received-param-no-delim": ACCEPT, "ipv6-in-sdp": ACCEPT, "mult-ip-in-header": ACCEPT,
        "mult-ip-in-sdp": ACCEPT, "ipv4-mapped-ipv6": ACCEPT, "ipv6-bug-abnf-3-colons": ACCEPT,
        "ipv6-correct-abnf-2-colons": ACCEPT,
    },
}

# Over TCP the same, except where framing decides (RFC 3261 §18.3: Content-Length is
# mandatory on streams and tells where the next message begins).
TCP_EXPECTED: dict[str, dict[str, str]] = {
    corpus: {**table, **{
        # RFC 4475 §3.1.2.2: on a stream "there's not much the receiving party could do but
        # wait for more data".
        "clerr": WAIT,
        # RFC 4475 §3.1.2.3, §3.3.9: a negative or doubled Content-Length loses the framing
        # for good; the connection is closed.
        "ncl": CLOSE, "mcl01": CLOSE,
        # RFC 3261 §20.14: Content-Length MUST be present on a stream; RFC 2543's INVITE
        # has none, so where it ends cannot be known.
        "inv2543": CLOSE,
    }} if corpus == "rfc4475" else dict(table)
    for corpus, table in EXPECTED.items()
}

# Statuses that say "this request is broken or cannot be taken as written"; a valid
# request must get none of them (its answer is otherwise the gateway's policy: 200 for
# OPTIONS, 403 for an INVITE from an unknown source, 405 for REGISTER, 481 for a BYE
# outside any dialog...).
REJECTIONS = {400, 406, 413, 415, 416, 420, 483, 501, 505, 513}


def swift_table(corpus: str) -> dict[str, str]:
    """The expectations of the unit tests' table: `"name": .outcome` entries."""
    text = SWIFT_TABLES[corpus].read_text()
    entries = re.findall(r'"([\w.-]+)":\s*\.(acceptResponse|dropResponse|accept|reject\(\d+\))(?!\w)', text)
    return dict(entries)


def corpus_file(corpus: str, name: str) -> Path:
    return CORPUS / corpus / (name + ".dat" if corpus == "rfc4475" else name)


# --- reading the raw message (only what a sender needs) ----------------------------------

def header_fields(data: bytes) -> list[tuple[str, str]]:
    """Header fields of the message's head, unfolded (RFC 3261 §7.3.1), names lower-cased."""
    head = data.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace")
    lines = re.sub(r"\r\n[ \t]+", " ", head).split("\r\n")[1:]
    fields = []
    for line in lines:
        if ":" in line:
            name, value = line.split(":", 1)
            fields.append((name.strip().lower(), value.strip()))
    return fields


COMPACT = {"i": "call-id", "v": "via", "f": "from", "t": "to"}


def first_value(data: bytes, name: str) -> str | None:
    for field_name, value in header_fields(data):
        if COMPACT.get(field_name, field_name) == name:
            return value
    return None


def stream_bytes(data: bytes) -> tuple[bytes, str]:
    """The message as it goes on a stream, and a note when that differs from the file: a
    datagram may carry octets past Content-Length, which are no part of the message (RFC
    3261 §18.3; RFC 4475 §3.1.1.8's second request), and on a stream they would be read as
    the start of the next message."""
    head, separator, body = data.partition(b"\r\n\r\n")
    lengths = [v for n, v in header_fields(data) if n in ("content-length", "l")]
    if not separator or len(lengths) != 1 or not lengths[0].isdigit() or len(body) <= int(lengths[0]):
        return data, ""
    length = int(lengths[0])
    return head + separator + body[:length], f"{len(body) - length} octets past Content-Length not sent"


def start_line(data: bytes) -> str:
    return data.split(b"\r\n", 1)[0].decode("utf-8", "replace")


@dataclass
class ReplyAddress:
    """Where RFC 3261 §18.2.2 sends the answer to a datagram from HOST: the gateway adds
    `received=HOST` (the sent-by hosts are other machines), and the port is the packet's
    source port when `rport` is present (RFC 3581 §4), else the sent-by port, else 5060
    (5061 for TLS). The answer goes over UDP, the transport the request came on, even when
    the Via names TCP or TLS. `port` 0 means "any port will do"."""
    port: int
    why: str


def reply_address(data: bytes) -> ReplyAddress:
    via = first_value(data, "via")
    if via is None:
        return ReplyAddress(0, "no Via: nothing can be answered")
    top = via.split(",", 1)[0]
    if re.search(r";\s*rport\b", top, re.I):
        return ReplyAddress(0, "Via has rport: back to the source port")
    m = re.match(r"\s*SIP\s*/\s*[^/]+/\s*([A-Za-z]+)\s+(\[[^\]]*\]|[^;:\s]+)\s*(?::\s*(\d+))?", top)
    if m is None:
        return ReplyAddress(5060, "Via does not parse: 5060, or back to the source")
    if m.group(3):
        return ReplyAddress(int(m.group(3)), f"received={HOST}, sent-by port {m.group(3)}")
    default = 5061 if m.group(1).upper() == "TLS" else 5060
    return ReplyAddress(default, f"received={HOST}, default port {default} for {m.group(1).upper()}")
