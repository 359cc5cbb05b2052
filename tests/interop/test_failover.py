"""A route of two trunks: when the first cannot take the call, the second does.
The first trunk is a silent UDP socket that records what reaches it and never answers."""

import socket
import threading
import time

from analysis import assert_tone
from ports import HOST
from tones import tone48k

PHONE = "5551001"


class SilentTrunk:
    """A SIP address that swallows every datagram, keeping the request lines it saw."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((HOST, 0))
        self.sock.settimeout(0.2)
        self.requests: list[str] = []
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @property
    def address(self) -> str:
        return f"{HOST}:{self.sock.getsockname()[1]}"

    def _run(self):
        while self.running:
            try:
                data = self.sock.recv(65535)
            except socket.timeout:
                continue
            self.requests.append(data.split(b"\r\n", 1)[0].decode(errors="replace"))

    def methods(self) -> list[str]:
        return [line.split(" ", 1)[0] for line in self.requests]

    def close(self):
        self.running = False
        self.thread.join()
        self.sock.close()


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_unanswered_first_trunk_fails_over_to_the_second(make_phone, start_gateway, make_web_client, tmp_path):
    primary = SilentTrunk()
    try:
        phone = make_phone(PHONE, 440)
        gateway = start_gateway(primary.address, fallback_address=phone.address, answer_timeout_s=30)
        web = make_web_client(gateway.ws_url("alice"))
        call = web.call(PHONE, tone48k(1000), tmp_path / "web-heard.wav")
        # Timer B (64·T1 = 6.4 s with T1 = 100 ms) ends the first attempt, then the backup answers.
        call.wait_state("connected", timeout=20)
        time.sleep(4)
        call.hangup()
        call.wait_state("closed")
        assert "INVITE" in primary.methods(), primary.requests
        assert_tone(phone.recording(), 1000, min_seconds=2)
        record = gateway.wait_record(PHONE)
        assert record["answeredAt"] and record["cause"] == "normal_clearing", record
    finally:
        primary.close()


def test_trunk_found_down_by_options_is_skipped(make_phone, start_gateway, make_web_client, tmp_path):
    primary = SilentTrunk()
    try:
        phone = make_phone(PHONE, 440)
        gateway = start_gateway(primary.address, fallback_address=phone.address,
                                trunk_options={"options_interval_s": 5})
        # Two probes without an answer (each given up after Timer F, 6.4 s) mark it down.
        wait_for(lambda: "trunk is down" in gateway.log_text(), 30, "the trunk to be marked down")
        assert set(primary.methods()) == {"OPTIONS"}, primary.requests
        web = make_web_client(gateway.ws_url("alice"))
        call = web.call(PHONE, tone48k(1000), tmp_path / "web-heard.wav")
        call.wait_state("connected", timeout=15)
        call.hangup()
        call.wait_state("closed")
        # The call went straight to the backup: the silent trunk never saw an INVITE.
        assert "INVITE" not in primary.methods(), primary.requests
    finally:
        primary.close()
