"""SIP conformance on the wire: every RFC 4475 and RFC 5118 torture message, sent over UDP
and over TCP to the running gateway, gets the outcome RFC 4475 §3 and RFC 5118 §4 ask of a
UAS (the table of the SIP unit tests, Tests/SIPTests/Conformance), and the gateway keeps
answering OPTIONS; oversized, overlong and garbage datagrams do no harm.

The messages are sent byte for byte as the RFCs print them. Their Request-URIs and Vias name
other hosts; nothing needs rewriting, since the datagram is simply addressed to the gateway.
Over UDP the gateway answers where RFC 3261 §18.2.2 says: it adds `received=127.0.0.1`
(the packet's source) to the top Via and uses the sent-by port (5060 when there is none,
5061 for a TLS Via), or the source port when the Via carries `rport` (RFC 3581 §4). Each
datagram is therefore sent from the socket on 127.0.0.1 bound to that port, where its
answer arrives. Over TCP the answer comes back on the connection whatever the Via says;
octets a datagram carries past Content-Length are left out there, since on a stream they
would be the next message (see `torture.stream_bytes`).

Valid requests get the gateway's policy answer (200 for OPTIONS, 403 for an INVITE from a
source that is not a trunk, 405 for methods it does not take, 481 outside a dialog); the
test requires only that it is final and is not one of the rejection statuses. Invalid ones
get exactly the status the RFC names. Responses are never answered.
"""

import random
import string

import pytest

from sip_probe import SipProbe
from torture import CORPUS, EXPECTED, TCP_EXPECTED, corpus_file, first_value, swift_table
from torture_exchange import exchange, judge

# The trunk is a documentation address (RFC 5737) that is never contacted, so the torture
# INVITEs, which come from 127.0.0.1, are from an unknown source and are refused with 403
# once they pass validation, instead of becoming calls.
TRUNK = "192.0.2.1:5060"
TABLES = {"udp": EXPECTED, "tcp": TCP_EXPECTED}
CASES = [(transport, corpus, name) for transport in TABLES
         for corpus, table in EXPECTED.items() for name in sorted(table)]


def start(start_gateway):
    """A gateway with UDP and TCP on the same port number. The torture INVITEs all come from
    one address that is not a trunk: bans and rate limits (test_sip_security.py) are set
    out of reach so each message gets its own answer."""
    return start_gateway(TRUNK, listen_tcp=True,
                         sip_extra=["ban_after_failures: 1000", "requests_per_second_per_source: 10000"])


def options_gets_200(gateway, when: str) -> None:
    probe = SipProbe(gateway.sip_address)
    try:
        probe.request("OPTIONS")
        response = probe.receive(3.0)
        while response is not None and response.status < 200:
            response = probe.receive(3.0)
        got = f"{response.status} {response.reason!r}" if response else "nothing"
        assert response is not None and response.status == 200, f"OPTIONS {when}: expected 200, got {got}"
    finally:
        probe.close()


@pytest.mark.parametrize("corpus", list(EXPECTED))
def test_table_matches_the_unit_tests_and_the_corpus(corpus):
    files = {p.name.removesuffix(".dat") for p in (CORPUS / corpus).iterdir()}
    assert set(EXPECTED[corpus]) == files, f"{corpus}: table and files differ: " \
                                           f"{sorted(set(EXPECTED[corpus]) ^ files)}"
    unit = swift_table(corpus)
    differences = [f"{n}: here {EXPECTED[corpus].get(n)}, unit tests {unit.get(n)}"
                   for n in sorted(set(EXPECTED[corpus]) | set(unit)) if EXPECTED[corpus].get(n) != unit.get(n)]
    assert not differences, f"{corpus}: differs from the unit tests' table: " + ", ".join(differences)


@pytest.mark.parametrize("transport,corpus,name", CASES, ids=[f"{t}-{c}/{n}" for t, c, n in CASES])
def test_torture_message(start_gateway, transport, corpus, name):
    """One message to a fresh gateway (no transaction state left by another message: many
    of them share a branch and sent-by), then OPTIONS still gets 200."""
    gateway = start(start_gateway)
    outcome = TABLES[transport][corpus][name]
    result = exchange(transport, ("127.0.0.1", gateway.sip_port), corpus_file(corpus, name).read_bytes(), outcome)
    problem = judge(f"{corpus}/{name}", outcome, result)
    assert problem is None, problem
    options_gets_200(gateway, f"after {corpus}/{name} over {transport}")


@pytest.mark.parametrize("transport", list(TABLES))
def test_whole_corpus_in_a_row_then_options(start_gateway, transport):
    """All 61 messages to one gateway, one after the other, then OPTIONS gets 200. A message
    whose branch, sent-by and method repeat an earlier one's is, by RFC 3261 §17.2.3, a
    retransmission of it and gets that earlier answer again, so only the first request of
    each transaction is judged here (and every response); every message is judged alone
    above."""
    gateway = start(start_gateway)
    target = ("127.0.0.1", gateway.sip_port)
    seen_transactions: set[tuple[str, str, str]] = set()
    problems = []
    for _, corpus, name in [c for c in CASES if c[0] == transport]:
        outcome = TABLES[transport][corpus][name]
        data = corpus_file(corpus, name).read_bytes()
        result = exchange(transport, target, data, outcome)
        if not data.startswith(b"SIP/"):
            key = transaction_key(data)
            if key in seen_transactions:
                continue
            seen_transactions.add(key)
        problem = judge(f"{corpus}/{name}", outcome, result.only_own())
        if problem:
            problems.append(problem)
    assert gateway.exited() is None, "gatewayd stopped during the corpus"
    assert not problems, "\n".join(problems)
    options_gets_200(gateway, f"after the whole corpus over {transport}")


def transaction_key(data: bytes) -> tuple[str, str, str]:
    """Top Via branch and sent-by, and the method (RFC 3261 §17.2.3), roughly read."""
    via = (first_value(data, "via") or "").split(",", 1)[0]
    params = via.split(";")
    branch = next((p.split("=", 1)[-1].strip() for p in params if p.strip().lower().startswith("branch")), "")
    sent_by = params[0].split()[-1].lower() if params[0].split() else ""
    return branch, sent_by, data.split(b" ", 1)[0].decode("utf-8", "replace")


# --- datagrams no torture file covers ---------------------------------------------------

def options_head(probe: SipProbe) -> list[str]:
    """The start line and headers of a valid OPTIONS from `probe`, without Content-Length."""
    text = probe.prepare("OPTIONS").decode()
    head = text.split("\r\n\r\n", 1)[0].split("\r\n")
    return [line for line in head if not line.startswith("Content-Length")]


def garbage_line(rng: random.Random, length: int) -> str:
    """Printable junk that is not a header field (no colon)."""
    alphabet = string.ascii_letters + string.digits + " !\"#$%&'()*+,-./;<=>?@[]^_`{|}~"
    return "".join(rng.choice(alphabet) for _ in range(length))


def answer_to(probe: SipProbe, data: bytes, wait: float) -> tuple[int | None, str]:
    probe.send_raw(data)
    response = probe.receive(wait)
    while response is not None and response.status < 200:
        response = probe.receive(wait)
    if response is None:
        return None, "nothing"
    return response.status, f"{response.status} {response.reason!r}"


def test_oversized_overlong_and_garbage_datagrams(start_gateway):
    gateway = start(start_gateway)
    rng = random.Random(4475)
    probe = SipProbe(gateway.sip_address)
    problems = []
    try:
        # The largest datagram is 65,507 bytes over IPv4, so 70,000 cannot be sent: 65,000
        # bytes whose start line and first fields are a valid OPTIONS, the rest junk.
        head = options_head(probe)
        junk = []
        size = sum(len(line) + 2 for line in head) + 2
        while size < 65_000:
            line = garbage_line(rng, min(998, 65_000 - size - 2))
            junk.append(line)
            size += len(line) + 2
        big = ("\r\n".join(head + junk) + "\r\n\r\n").encode()
        assert len(big) == 65_000, len(big)
        status, got = answer_to(probe, big, 1.5)
        if status not in (None, 413, 513):
            problems.append(f"65,000-byte datagram: expected 413, 513 or nothing, got {got}")

        # 1000 header fields (RFC 3261 sets no limit; the gateway's is far below).
        fields = [f"X-Filler-{i}: {i}" for i in range(1000)]
        many = ("\r\n".join(options_head(probe) + fields + ["Content-Length: 0"]) + "\r\n\r\n").encode()
        status, got = answer_to(probe, many, 3.0)
        if status not in (400, 413, 513):
            problems.append(f"1000 header fields: expected 400, 413 or 513, got {got}")

        # Content-Length beyond the datagram's end (RFC 3261 §18.3; RFC 4475 §3.1.2.2).
        short = ("\r\n".join(options_head(probe) + ["Content-Type: text/plain", "Content-Length: 500"])
                 + "\r\n\r\n" + "only this much").encode()
        status, got = answer_to(probe, short, 3.0)
        if status != 400:
            problems.append(f"Content-Length larger than the body: expected 400, got {got}")

        # Datagrams that are no SIP at all are dropped without an answer (RFC 3261 §18.3).
        for size in (1, 17, 512, 1400, 65_000):
            status, got = answer_to(probe, rng.randbytes(size), 0.5)
            if status is not None:
                problems.append(f"{size} random bytes: expected nothing, got {got}")
    finally:
        probe.close()
    assert gateway.exited() is None, "gatewayd stopped"
    assert not problems, "\n".join(problems)
    options_gets_200(gateway, "after the oversized and garbage datagrams")

