"""The gateway under test: writes its YAML config, runs `gatewayd serve`, waits for /health,
keeps its log in the test's tmp folder, stops it with SIGTERM then SIGKILL."""

import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

from ports import HOST, bracketed, free_port, free_udp_range

ROOT = Path(__file__).resolve().parents[2]
GATEWAYD = Path(os.environ.get("GATEWAYD", ROOT / ".build" / "debug" / "gatewayd"))
ECHO_NUMBER = "*43"


# http.admin_token of every test gateway.
ADMIN_TOKEN = "interop-admin-token-0123456789"


class Gateway:
    """`listen_tcp` adds a TCP listener on the SIP port. `transport` is the trunk's (udp,
    tcp or tls); tcp implies `listen_tcp`, tls opens a TLS listener on a port of its own
    and needs `tls_certificate`/`tls_private_key` (PEM paths). `trunk_options` adds keys
    to the trunk (e.g. tls_verify, tls_ca_file). `sip_host` is the SIP and media address
    (e.g. "::1" for IPv6); HTTP stays on 127.0.0.1. OPTIONS keep-alive is off unless
    `trunk_options` sets `options_interval_s`. `fallback_address` adds a second UDP trunk,
    `backup`, tried after `phone` (calls.fallback_trunks). `agents` is the `agents:` section
    (wrap_up_s, ring_timeout_s, roster, groups) as a dict, written as it is."""

    def __init__(self, workdir: Path, trunk_address: str, answer_timeout_s: int = 8,
                 binary: Path = GATEWAYD, listen_tcp: bool = False, transport: str = "udp",
                 tls_certificate: Path | None = None, tls_private_key: Path | None = None,
                 trunk_options: dict | None = None, sip_host: str = HOST,
                 fallback_address: str | None = None, sip_extra: list[str] | None = None,
                 dialplans: dict[str, str] | None = None, prompts: dict[str, bytes] | None = None,
                 calls_extra: list[str] | None = None, webrtc_extra: list[str] | None = None,
                 agents: dict | None = None, media_extra: list[str] | None = None,
                 web_auth: dict | None = None, http_extra: list[str] | None = None):
        self.dir = Path(workdir)
        self.binary = Path(binary)
        self.trunk_address = trunk_address
        self.answer_timeout_s = answer_timeout_s
        self.transport = transport
        self.tls_certificate, self.tls_private_key = tls_certificate, tls_private_key
        self.trunk_options = trunk_options or {}
        self.sip_host = sip_host
        self.fallback_address = fallback_address
        self.sip_extra = sip_extra or []       # more `key: value` entries for the sip section
        # Dialplan files (name -> YAML) and WAV prompts (name -> bytes); with none, the
        # directory is empty and calls are routed by the `calls:` section.
        self.calls_extra = calls_extra or []   # more `key: value` entries for the calls section
        self.webrtc_extra = webrtc_extra or []
        self.media_extra = media_extra or []   # more `key: value` entries for the media section
        self.agents = agents
        self.web_auth = web_auth               # the `web_auth:` section as a dict, written as it is
        self.http_extra = http_extra or []     # more `key: value` entries for the http section
        # HTTPS/WSS when the http section asks for TLS (its certificate is not checked here).
        self.https = any(e.startswith(("tls_certificate", "tls_self_signed: true")) for e in self.http_extra)
        self.dialplans = dialplans or {}
        self.prompts = prompts or {}
        self.dialplan_dir = self.dir / "dialplans"
        self.http_port = free_port()
        self.sip_port = free_port()  # free for UDP and TCP: `listen_tcp` shares it
        self.listen_tcp = listen_tcp or transport == "tcp"
        self.sip_tls_port = free_port(socket.SOCK_STREAM) if transport == "tls" else None
        self.rtp_min, self.rtp_max = free_udp_range(200)
        self.config_path = self.dir / "gateway.yaml"
        self.log_path = self.dir / "gatewayd.log"
        self._proc: subprocess.Popen | None = None
        self.started = False

    @property
    def admin(self) -> dict[str, str]:
        """Headers for the admin API (`/api/dialplans…`)."""
        return {"Authorization": f"Bearer {ADMIN_TOKEN}"}

    @property
    def http_url(self) -> str:
        return f"{'https' if self.https else 'http'}://{HOST}:{self.http_port}"

    @property
    def sip_address(self) -> str:
        return f"{bracketed(self.sip_host)}:{self.sip_port}"

    def ws_url(self, identity: str = "tester") -> str:
        return f"ws://{HOST}:{self.http_port}/ws?identity={identity}"

    def token_url(self, token: str) -> str:
        """The signaling URL with a signed token (web_auth.mode: token)."""
        return f"ws://{HOST}:{self.http_port}/ws?token={token}"

    def config_text(self) -> str:
        host = bracketed(self.sip_host)
        sip = [f'listen: "{host}:{self.sip_port}"', "transport: udp", "timer_t1_ms: 100"]
        if self.listen_tcp:
            sip.append(f'listen_tcp: "{host}:{self.sip_port}"')
        if self.sip_tls_port:
            sip.append(f'listen_tls: "{host}:{self.sip_tls_port}"')
        if self.tls_certificate:
            sip += [f'tls_certificate: "{self.tls_certificate}"', f'tls_private_key: "{self.tls_private_key}"']
        sip += self.sip_extra
        trunk = {"name": "phone", "address": f'"{self.trunk_address}"', "transport": self.transport,
                 "codecs": "[pcmu, pcma]", "options_interval_s": "0"}
        def yaml_value(value) -> str:
            if isinstance(value, (bool, int)):
                return str(value).lower()
            if isinstance(value, list):
                return "[" + ", ".join(str(item) for item in value) + "]"
            return f'"{value}"'
        trunk.update({key: yaml_value(value) for key, value in self.trunk_options.items()})
        return "\n".join([
            f'http: {{listen: "{HOST}:{self.http_port}", admin_token: "{ADMIN_TOKEN}"'
            + "".join(f", {entry}" for entry in self.http_extra) + '}',
            "sip: {" + ", ".join(sip) + "}",
            f'media: {{public_address: "{self.sip_host}", bind_address: "{self.sip_host}", '
            f'rtp_port_min: {self.rtp_min}, rtp_port_max: {self.rtp_max}'
            + "".join(f", {entry}" for entry in self.media_extra) + '}',
            "webrtc: {" + ", ".join(([] if any(e.startswith("ice_servers:") for e in self.webrtc_extra)
                                     else ["ice_servers: []"]) + self.webrtc_extra) + "}",
            f'calls: {{echo_test_number: "{ECHO_NUMBER}", default_trunk: "phone", '
            f'answer_timeout_s: {self.answer_timeout_s}'
            + (', fallback_trunks: [backup]' if self.fallback_address else '')
            # A test that stops the gateway with calls up should not wait out a long drain.
            + ('' if any(e.startswith("drain_timeout_s") for e in self.calls_extra) else ', drain_timeout_s: 1')
            + "".join(f", {entry}" for entry in self.calls_extra) + '}',
            "trunks:",
            "  - {" + ", ".join(f"{key}: {value}" for key, value in trunk.items()) + "}",
        ] + ([f'  - {{name: backup, address: "{self.fallback_address}", options_interval_s: 0}}']
             if self.fallback_address else []) + [
            f'store: {{path: "{self.dir / "gateway.sqlite"}"}}',
        ] + ([f"agents: {json.dumps(self.agents)}"] if self.agents else []) + [   # JSON is YAML flow style
        ] + ([f"web_auth: {json.dumps(self.web_auth)}"] if self.web_auth else []) + [
            f'dialplans: {{directory: "{self.dialplan_dir}", watch_interval_s: 1}}',
            "log: {level: debug}",
            "",
        ])

    def start(self, timeout: float = 30.0, attempts: int = 3) -> "Gateway":
        """Starts gatewayd; when one of its free ports was taken in the meantime (they are
        ephemeral ports other peers draw from too), new ones are picked and it is retried."""
        for attempt in range(attempts):
            try:
                return self._start(timeout)
            except RuntimeError:
                if "Address already in use" not in self.log_text() or attempt == attempts - 1:
                    raise
                self.http_port, self.sip_port = free_port(socket.SOCK_STREAM), free_port()
                if self.sip_tls_port:
                    self.sip_tls_port = free_port(socket.SOCK_STREAM)
        raise RuntimeError("unreachable")

    def write_dialplan(self, name: str, text: str) -> None:
        """Writes (or replaces) one dialplan file; a running gateway picks it up within ~1 s."""
        (self.dialplan_dir / "prompts").mkdir(parents=True, exist_ok=True)
        (self.dialplan_dir / name).write_text(text)

    def _start(self, timeout: float) -> "Gateway":
        self.dir.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(self.config_text())
        (self.dialplan_dir / "prompts").mkdir(parents=True, exist_ok=True)
        for name, text in self.dialplans.items():
            self.write_dialplan(name, text)
        for name, data in self.prompts.items():
            (self.dialplan_dir / "prompts" / f"{name}.wav").write_bytes(data)
        with open(self.log_path, "wb") as log:
            self._proc = subprocess.Popen(
                [str(self.binary), "serve", "--config", str(self.config_path)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self.dir)
        deadline = time.monotonic() + timeout
        while True:
            if self._proc.poll() is not None:
                raise RuntimeError(f"gatewayd exited with {self._proc.returncode} while starting\n"
                                   f"{self.log_tail()}")
            try:
                if requests.get(f"{self.http_url}/health", timeout=1, verify=False).status_code == 200:
                    self.started = True
                    return self
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gatewayd: /health not 200 after {timeout} s\n{self.log_tail()}")
            time.sleep(0.1)

    def exited(self) -> int | None:
        """The exit code if gatewayd has stopped on its own, else None."""
        return self._proc.poll() if self._proc else None

    def stop(self) -> int | None:
        """SIGTERM, then SIGKILL after 5 s; returns the exit code. A gateway stopped here
        no longer counts as started, so its exit is not reported as a crash."""
        if not self._proc:
            return None
        if self._proc.poll() is None:
            self._proc.send_signal(signal.SIGTERM)
            try:
                self._proc.wait(5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(5)
        self.started = False
        return self._proc.returncode

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    # --- call records (docs/signaling.md, "Call records") --------------------------------

    def calls(self, limit: int = 20) -> list[dict]:
        response = requests.get(f"{self.http_url}/api/calls", params={"limit": limit}, timeout=5, headers=self.admin)
        response.raise_for_status()
        return response.json()

    def wait_record(self, destination: str, timeout: float = 5.0) -> dict:
        """The newest record for `destination` once it has ended (endedAt set)."""
        deadline = time.monotonic() + timeout
        records: list[dict] = []
        while time.monotonic() < deadline:
            records = self.calls()
            for record in records:
                if record.get("destination") == destination and record.get("endedAt"):
                    return record
            time.sleep(0.2)
        raise AssertionError(f"no ended call record for {destination!r} within {timeout} s: {records}")
