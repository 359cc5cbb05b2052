"""A real SIP proxy and registrar for tests: Kamailio with a config written here, users and
passwords in an htable, digest auth on REGISTER (401) and INVITE (407), record-routing, and
forwarding to registered users. Its location table is read over its ctl socket with kamcmd."""

import re
import signal
import subprocess
import time
from pathlib import Path

from ports import HOST, free_port

MODULES = Path("/usr/lib/x86_64-linux-gnu/kamailio/modules")


class KamailioError(RuntimeError):
    pass


class Kamailio:
    """One Kamailio in the foreground (`-DD -E`) on 127.0.0.1 at a free UDP port.

    `min_expires`/`max_expires` bound the lifetimes the registrar grants;
    `reply_423` answers a too short lifetime with 423 Interval Too Brief (RFC 3261 §10.3
    step 7) instead of raising it silently. `algorithm` is the digest algorithm of the
    challenges (MD5 or SHA-256)."""

    def __init__(self, workdir: Path, users: dict[str, str], min_expires: int = 5,
                 max_expires: int = 3600, reply_423: bool = False, algorithm: str = "MD5"):
        self.dir = Path(workdir)
        self.users = users
        self.min_expires, self.max_expires = min_expires, max_expires
        self.reply_423, self.algorithm = reply_423, algorithm
        self.port = free_port()
        self.config_path = self.dir / "kamailio.cfg"
        self.log_path = self.dir / "kamailio.log"
        self.ctl_path = self.dir / "kamailio_ctl"
        self.pid_path = self.dir / "kamailio.pid"
        self._proc: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"{HOST}:{self.port}"

    def config_text(self) -> str:
        users = "\n".join(f'    $sht(users=>{user}) = "{password}";' for user, password in self.users.items())
        loads = "\n".join(f'loadmodule "{m}.so"' for m in [
            "kex", "corex", "tm", "sl", "rr", "pv", "maxfwd", "usrloc", "registrar", "textops",
            "siputils", "xlog", "auth", "htable", "ctl"])
        return f"""#!KAMAILIO
debug=2
log_stderror=yes
children=2
disable_tcp=yes
listen=udp:{self.address}
auto_aliases=no
alias="{self.address}"

mpath="{MODULES}/"
{loads}

modparam("htable", "htable", "users=>size=4;")
modparam("usrloc", "db_mode", 0)
modparam("registrar", "min_expires", {self.min_expires})
modparam("registrar", "max_expires", {self.max_expires})
modparam("registrar", "min_expires_mode", {1 if self.reply_423 else 0})
modparam("auth", "algorithm", "{self.algorithm}")
modparam("ctl", "binrpc", "unix:{self.ctl_path}")

event_route[htable:mod-init] {{
{users}
}}

request_route {{
    if (!mf_process_maxfwd_header("10")) {{ sl_send_reply("483", "Too Many Hops"); exit; }}
    if (has_totag()) {{
        if (loose_route()) {{ t_relay(); exit; }}
        if (is_method("ACK")) {{ if (t_check_trans()) {{ t_relay(); }} exit; }}
        sl_send_reply("404", "Not here");
        exit;
    }}
    if (is_method("CANCEL")) {{ if (t_check_trans()) {{ t_relay(); }} exit; }}
    t_check_trans();
    if (is_method("REGISTER")) {{
        xlog("L_NOTICE", "REGISTER user=$tU callid=$ci cseq=$cs expires=$hdr(Expires) auth=$au [$hdr(Authorization)]\\n");
        if (!is_present_hf("Authorization") || !pv_www_authenticate("$td", "$sht(users=>$au)", "0")) {{
            www_challenge("$td", "1");
            exit;
        }}
        if (!save("location")) {{ sl_reply_error(); exit; }}
        xlog("L_NOTICE", "SAVED user=$tU callid=$ci cseq=$cs contact=$ct\\n");
        exit;
    }}
    if (is_method("INVITE")) {{
        if (!is_present_hf("Proxy-Authorization") || !pv_proxy_authenticate("$fd", "$sht(users=>$au)", "0")) {{
            xlog("L_NOTICE", "INVITE challenged ruri=$ru\\n");
            proxy_challenge("$fd", "1");
            exit;
        }}
        consume_credentials();
        record_route();
        xlog("L_NOTICE", "INVITE authenticated user=$au ruri=$ru\\n");
    }}
    if (!lookup("location")) {{ sl_send_reply("404", "Not Found"); exit; }}
    t_relay();
}}
"""

    def start(self, timeout: float = 10.0) -> "Kamailio":
        self.dir.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(self.config_text())
        check = subprocess.run(["kamailio", "-c", "-f", str(self.config_path)], capture_output=True, text=True)
        if check.returncode != 0:
            raise KamailioError(f"kamailio rejected its config:\n{check.stdout}{check.stderr}")
        with open(self.log_path, "wb") as log:
            self._proc = subprocess.Popen(
                ["kamailio", "-f", str(self.config_path), "-P", str(self.pid_path), "-w", str(self.dir),
                 "-E", "-DD"], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while True:
            if self._proc.poll() is not None:
                raise KamailioError(f"kamailio exited with {self._proc.returncode}:\n{self.log_tail()}")
            if self.ctl_path.exists() and self._kamcmd("core.version", check=False).returncode == 0:
                return self
            if time.monotonic() > deadline:
                raise KamailioError(f"kamailio not ready after {timeout} s:\n{self.log_tail()}")
            time.sleep(0.1)

    def stop(self) -> None:
        if not self._proc or self._proc.poll() is not None:
            return
        self._proc.send_signal(signal.SIGTERM)
        try:
            self._proc.wait(5)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait(5)

    # --- location table ------------------------------------------------------------------

    def _kamcmd(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(["kamcmd", "-s", f"unix:{self.ctl_path}", *args],
                                capture_output=True, text=True, timeout=5)
        if check and result.returncode != 0:
            raise KamailioError(f"kamcmd {' '.join(args)}: {result.stdout}{result.stderr}")
        return result

    def contacts(self, aor: str) -> list[dict]:
        """The bindings of `aor` in the location table (`ul.dump`): Address, Expires,
        Call-ID, CSeq, User-Agent, … as strings."""
        dump = self._kamcmd("ul.dump").stdout
        contacts: list[dict] = []
        current_aor = None
        for raw in dump.splitlines():
            line = raw.strip()
            if line.startswith("AoR:"):
                current_aor = line.split(":", 1)[1].strip()
            elif line.startswith("Contact: {") and current_aor == aor:
                contacts.append({})
            elif current_aor == aor and contacts and ":" in line and not line.endswith("{"):
                key, value = line.split(":", 1)
                contacts[-1].setdefault(key.strip(), value.strip())
        return contacts

    def wait_contact(self, aor: str, timeout: float = 10.0, predicate=lambda c: True) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            found = [c for c in self.contacts(aor) if predicate(c)]
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise AssertionError(f"kamailio: no matching binding for {aor!r} within {timeout} s: "
                                     f"{self.contacts(aor)}\n{self.log_tail()}")
            time.sleep(0.1)

    # --- log -----------------------------------------------------------------------------

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def matches(self, pattern: str) -> list[re.Match]:
        return list(re.finditer(pattern, self.log_text()))

    def wait_log(self, pattern: str, count: int = 1, timeout: float = 10.0) -> list[re.Match]:
        """Waits until `pattern` has matched `count` times in the log; returns the matches."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.matches(pattern)
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"kamailio: {pattern!r} seen {len(found)} times, not {count}, "
                                     f"within {timeout} s\n{self.log_tail()}")
            time.sleep(0.1)
