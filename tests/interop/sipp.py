"""SIPp as a scripted callee (UAS) running one of sipp_scenarios/*.xml for one call."""

import errno
import socket
import subprocess
import time
from pathlib import Path

from ports import HOST, free_port

SCENARIOS = Path(__file__).resolve().parent / "sipp_scenarios"


def udp_port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.bind((HOST, port))
        except OSError as error:
            return error.errno == errno.EADDRINUSE
    return False


class SippUas:
    def __init__(self, scenario: str, workdir: Path, timeout_s: int = 60, xml: Path | None = None,
                 args: list[str] | tuple[str, ...] = ()):
        """`xml` runs a scenario file from elsewhere (e.g. one generated into tmp) under the
        name `scenario`; `args` are passed to sipp as they are (e.g. `-key name value`)."""
        self.scenario = scenario
        self.xml = Path(xml) if xml else SCENARIOS / f"{scenario}.xml"
        self.args = list(args)
        if not self.xml.exists():
            raise FileNotFoundError(self.xml)
        self.dir = Path(workdir)
        self.port = free_port()
        self.media_port = free_port()
        self.timeout_s = timeout_s
        self.message_log = self.dir / "messages.log"
        self.error_log = self.dir / "errors.log"
        self.output = self.dir / "sipp.out"
        self._proc: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"{HOST}:{self.port}"

    def start(self, ready_timeout: float = 5.0, attempts: int = 3) -> "SippUas":
        """Starts SIPp; a port taken in the meantime by another program (the free ports
        are ephemeral ones, which other peers also draw from) is replaced and retried."""
        self.dir.mkdir(parents=True, exist_ok=True)
        for attempt in range(attempts):
            if self._launch(ready_timeout):
                return self
            if "errno = 98" not in self.output_tail() or attempt == attempts - 1:
                break
            self.port, self.media_port = free_port(), free_port()
        raise RuntimeError(f"sipp did not start listening:\n{self.output_tail()}")

    def _launch(self, ready_timeout: float) -> bool:
        self.error_log.unlink(missing_ok=True)
        command = ["sipp", "-sf", str(self.xml), "-i", HOST, "-p", str(self.port),
                   "-mp", str(self.media_port), "-m", "1", "-nostdin",
                   "-timeout", f"{self.timeout_s}s", "-timeout_error",
                   "-trace_msg", "-message_file", str(self.message_log),
                   "-trace_err", "-error_file", str(self.error_log), *self.args]
        with open(self.output, "wb") as out:
            self._proc = subprocess.Popen(command, cwd=self.dir, stdout=out,
                                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + ready_timeout
        while not udp_port_in_use(self.port):
            if self._proc.poll() is not None or time.monotonic() > deadline:
                if self._proc.poll() is None:
                    self._proc.kill()
                    self._proc.wait()
                return False
            time.sleep(0.05)
        return True

    def wait(self, timeout: float = 30.0) -> int:
        """Exit code once the one call is over: 0 when the scenario ran to its end."""
        try:
            return self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"sipp {self.scenario} still running after {timeout} s\n"
                                 f"{self.output_tail()}") from None

    def messages(self) -> str:
        try:
            return self.message_log.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def received(self, method: str) -> bool:
        """True when a `method` request reached SIPp (its message log shows the request line)."""
        return any(line.startswith(f"{method} sip:") for line in self.messages().splitlines())

    def output_tail(self, chars: int = 4000) -> str:
        parts = []
        for path in (self.error_log, self.message_log):
            if path.exists():
                parts.append(f"[{path.name}]\n{path.read_text(errors='replace')[-chars:]}")
        return "\n".join(parts) or "(no sipp output)"

    def stop(self) -> None:
        if self._proc and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(3)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(3)
