"""A real SIP phone for tests: baresip with its own config folder, a tone as microphone,
recording what it hears, driven over ctrl_tcp (netstring-framed JSON)."""

import json
import re
import socket
import signal
import subprocess
import threading
import time
import wave
from pathlib import Path

from ports import HOST, bracketed, free_port

READY_LINE = "baresip is ready."
# ctrl_tcp events (CALL_ESTABLISHED, CALL_CLOSED, ...) and their `param` values.
BYE_RECEIVED = "Connection reset by peer"     # what baresip 1.0 reports when the peer sent BYE
LOCAL_HANGUP = "Connection reset by user"


class BaresipError(RuntimeError):
    pass


class BaresipPhone:
    """One baresip process. `user` is the account's user part: baresip answers only
    requests whose Request-URI user matches it (others get 404)."""

    def __init__(self, workdir: Path, user: str, tone: Path, codecs: str = "pcmu",
                 answermode: str = "auto", rtp_timeout_s: int = 4, transport: str = "udp",
                 certificate: Path | None = None, cafile: Path | None = None, host: str = HOST,
                 registrar: str | None = None, auth_pass: str | None = None,
                 source_rate: int | None = None):
        """`transport` (udp, tcp or tls) is the account's; baresip listens on all three,
        TLS on the SIP port + 1 with `certificate` (one PEM holding certificate and key).
        `cafile` is what it trusts when it connects over TLS. `host` may be "::1".
        With `registrar` (host:port) the account is `sip:<user>@<registrar>` and registers
        there every 60 s, answering digest challenges with `auth_pass`. `source_rate` is the
        rate of the `tone` file when it differs from the codec's (baresip then resamples it,
        low-pass filtered, to the codec's rate); without it the file must match the codec."""
        self.dir = Path(workdir)
        self.user, self.tone, self.codecs = user, Path(tone), codecs
        self.answermode, self.rtp_timeout_s = answermode, rtp_timeout_s
        self.transport, self.certificate, self.cafile, self.host = transport, certificate, cafile, host
        self.registrar, self.auth_pass = registrar, auth_pass
        self.source_rate = source_rate
        self.sip_port = free_port(count=2)
        self.ctrl_port = free_port(socket.SOCK_STREAM)
        self.log_path = self.dir / "baresip.log"
        self.events: list[dict] = []
        self._responses: dict[str, dict] = {}
        self._cond = threading.Condition()
        self._token = 0
        self._proc: subprocess.Popen | None = None
        self._sock: socket.socket | None = None

    @property
    def uri(self) -> str:
        return f"sip:{self.user}@{bracketed(self.host)}:{self.sip_port}"

    @property
    def address(self) -> str:
        """Where the phone takes SIP over its transport (TLS: the SIP port + 1)."""
        port = self.sip_port + 1 if self.transport == "tls" else self.sip_port
        return f"{bracketed(self.host)}:{port}"

    # --- process -------------------------------------------------------------------------

    def write_config(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / "config").write_text("\n".join([
            "poll_method epoll",
            f"sip_listen {bracketed(self.host)}:{self.sip_port}",
            f"net_interface {self.host}",      # else the SDP carries the external address
            "rtp_ports 10000-19998",           # away from the gateway's RTP range
            f"rtp_timeout {self.rtp_timeout_s}",
            f"audio_source aufile,{self.tone}",
            "audio_player aubridge,sink",      # a null sink; sndfile records what is heard
            "audio_alert aubridge,sink",
            "module_path /usr/lib/baresip/modules",
            "module g711.so",
            "module g722.so",
            "module opus.so",
            "module aufile.so",
            "module aubridge.so",
            "module sndfile.so",
            f"snd_path {self.dir}",
            "module_app account.so",
            "module_app menu.so",              # provides dial, hangup, listcalls
            "module_app ctrl_tcp.so",
            f"ctrl_tcp_listen {HOST}:{self.ctrl_port}",
        ] + ([f"ausrc_srate {self.source_rate}"] if self.source_rate else [])
          + ([f"sip_certificate {self.certificate}"] if self.certificate else [])
          + ([f"sip_cafile {self.cafile}"] if self.cafile else []) + [""]))
        transport = f";transport={self.transport}" if self.transport != "udp" else ""
        if self.registrar:
            auth = f"auth_pass={self.auth_pass};" if self.auth_pass else ""
            account = f"<sip:{self.user}@{self.registrar}{transport}>;{auth}regint=60;"
        else:
            account = f"<sip:{self.user}@{bracketed(self.host)}:{self.sip_port}{transport}>;regint=0;"
        (self.dir / "accounts").write_text(
            account + f"answermode={self.answermode};audio_codecs={self.codecs}\n")

    def start(self, timeout: float = 10.0) -> "BaresipPhone":
        self.write_config()
        log = open(self.log_path, "wb")
        # -t: a safety net so a phone never outlives a crashed test run by long.
        self._proc = subprocess.Popen(["baresip", "-f", str(self.dir), "-t", "900"],
                                      stdout=log, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.monotonic() + timeout
        while READY_LINE not in self.log_text():
            if self._proc.poll() is not None:
                raise BaresipError(f"baresip exited with {self._proc.returncode}:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise BaresipError(f"baresip not ready after {timeout} s:\n{self.log_tail()}")
            time.sleep(0.05)
        self._sock = socket.create_connection((HOST, self.ctrl_port), timeout=timeout)
        self._sock.settimeout(None)
        threading.Thread(target=self._read_ctrl, daemon=True).start()
        return self

    def freeze(self) -> None:
        """Stops the process without letting it say goodbye (SIGSTOP): no BYE, no RTP, no
        RTCP, as when a phone loses power or its network. `stop()` still ends it."""
        if self._proc and self._proc.poll() is None:
            self._proc.send_signal(signal.SIGSTOP)
            self._frozen = True

    def stop(self) -> None:
        if getattr(self, "_frozen", False) and self._proc and self._proc.poll() is None:
            self._proc.send_signal(signal.SIGCONT)
        if self._sock:
            try:
                self._sock.close()
            except OSError:
                pass
        if self._proc and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(3)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(3)

    # --- ctrl_tcp ------------------------------------------------------------------------

    def _read_ctrl(self) -> None:
        buf = b""
        while True:
            try:
                chunk = self._sock.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk
            while b":" in buf:
                head, rest = buf.split(b":", 1)
                length = int(head)
                if len(rest) < length + 1:
                    break
                message = json.loads(rest[:length])
                buf = rest[length + 1:]        # skip the trailing ','
                with self._cond:
                    if message.get("response"):
                        self._responses[message.get("token", "")] = message
                    else:
                        message["received_at"] = time.monotonic()   # ours, not baresip's
                        self.events.append(message)
                    self._cond.notify_all()

    def command(self, command: str, params: str | None = None, timeout: float = 5.0) -> str:
        """Run a menu command; returns its text output, raises if baresip refused it."""
        with self._cond:
            self._token += 1
            token = f"t{self._token}"
        body = {"command": command, "token": token}
        if params is not None:
            body["params"] = params
        data = json.dumps(body).encode()
        self._sock.sendall(str(len(data)).encode() + b":" + data + b",")
        with self._cond:
            if not self._cond.wait_for(lambda: token in self._responses, timeout):
                raise BaresipError(f"no reply to {command!r} within {timeout} s")
            reply = self._responses.pop(token)
        if not reply.get("ok"):
            raise BaresipError(f"{command} {params or ''}: {reply.get('data')}")
        return reply.get("data", "")

    def dial(self, uri: str) -> None:
        self.command("dial", uri)

    def hangup(self) -> None:
        self.command("hangup")

    def listcalls(self) -> str:
        return self.command("listcalls")

    def wait_event(self, kind: str, timeout: float = 10.0, start: int = 0) -> dict:
        """The first ctrl_tcp event of type `kind` (e.g. CALL_ESTABLISHED, CALL_CLOSED)
        at or after index `start` of `self.events`."""
        def find():
            return next((e for e in self.events[start:] if e.get("type") == kind), None)
        with self._cond:
            self._cond.wait_for(lambda: find() is not None, timeout)
            found = find()
        if found is None:
            seen = [(e.get("type"), e.get("param")) for e in self.events]
            raise AssertionError(f"baresip {self.user}: no {kind} within {timeout} s; "
                                 f"events: {seen}\n{self.log_tail()}")
        return found

    # --- DTMF ------------------------------------------------------------------------------
    # baresip reports each key it receives, as an RFC 4733 event or a SIP INFO
    # (application/dtmf-relay), as CALL_DTMF_START with the key as `param`, then
    # CALL_DTMF_END when the key is released. It does not listen for in-band tones.

    def send_digits(self, digits: str) -> None:
        """`sndcode`: the digits as RFC 4733 telephone-events, one after the other."""
        self.command("sndcode", digits)

    def dtmf_events(self, start: int = 0) -> list[dict]:
        """The CALL_DTMF_START events from index `start` of `self.events`, in order."""
        with self._cond:
            return [e for e in self.events[start:] if e.get("type") == "CALL_DTMF_START"]

    def dtmf_received(self, start: int = 0) -> str:
        """The keys received, in order, as one string."""
        return "".join(e.get("param", "?") for e in self.dtmf_events(start))

    def wait_dtmf(self, count: int, timeout: float = 10.0, start: int = 0) -> str:
        """The keys received once there are at least `count` of them (from index `start`)."""
        with self._cond:
            self._cond.wait_for(lambda: len([e for e in self.events[start:]
                                             if e.get("type") == "CALL_DTMF_START"]) >= count, timeout)
        keys = self.dtmf_received(start)
        if len(keys) < count:
            raise AssertionError(f"baresip {self.user}: {len(keys)} of {count} keys within {timeout} s: "
                                 f"{keys!r}\n{self.log_tail()}")
        return keys

    def has_event(self, kind: str) -> bool:
        with self._cond:
            return any(e.get("type") == kind for e in self.events)

    # --- log and recordings --------------------------------------------------------------

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace").replace("\r", "\n")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 40) -> str:
        useful = [l for l in self.log_text().splitlines() if l.strip() and "audio=" not in l]
        return "\n".join(useful[-lines:])

    def wait_log(self, pattern: str, timeout: float = 10.0) -> re.Match:
        deadline = time.monotonic() + timeout
        while True:
            match = re.search(pattern, self.log_text())
            if match:
                return match
            if time.monotonic() > deadline:
                raise AssertionError(f"baresip {self.user}: log never matched {pattern!r}\n"
                                     f"{self.log_tail()}")
            time.sleep(0.1)

    def recording(self, direction: str = "dec") -> Path:
        """The newest sndfile dump: `dec` is what the phone heard, `enc` what it sent.
        The WAV header is completed when the call closes, so read it after the call."""
        deadline = time.monotonic() + 3.0
        while True:
            dumps = sorted(self.dir.glob(f"dump-*-{direction}.wav"), key=lambda p: p.stat().st_mtime)
            if dumps and wav_is_complete(dumps[-1]):
                return dumps[-1]
            if time.monotonic() > deadline:
                raise AssertionError(f"baresip {self.user}: no complete {direction} recording in "
                                     f"{self.dir}\n{self.log_tail()}")
            time.sleep(0.1)


def wav_is_complete(path: Path) -> bool:
    """libsndfile writes the final sizes into the header when the file is closed."""
    try:
        with wave.open(str(path), "rb") as wav:
            size = wav.getnframes() * wav.getsampwidth() * wav.getnchannels()
        return size > 0 and path.stat().st_size >= size + 44
    except (wave.Error, EOFError, OSError):
        return False
