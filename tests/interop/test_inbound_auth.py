"""A trunk that calls from an address the gateway does not know proves itself with
digest credentials (401 challenge, RFC 3261 §22.4). A wrong password, an unknown user
and no credentials at all end the same way: 403, nothing that tells them apart."""

import subprocess

# SIPp signs MD5 only and answers the first challenge it sees, so the tests ask for MD5
# alone; the default order (SHA-256, then MD5) is checked in the unit tests.

from ports import free_port

DID = "5550100"
SCENARIO = __import__("pathlib").Path(__file__).resolve().parent / "sipp_scenarios" / "uac_digest_call.xml"


def run_caller(gateway, tmp_path, user: str, password: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["sipp", gateway.sip_address, "-sf", str(SCENARIO), "-s", DID, "-i", "127.0.0.2",
         "-p", str(free_port()), "-m", "1", "-nostdin", "-timeout", "20s", "-timeout_error",
         "-au", user, "-ap", password, "-trace_msg", "-message_file", str(tmp_path / f"{user}-{password}.log")],
        cwd=tmp_path, capture_output=True, text=True, timeout=40)


def test_trunk_with_credentials_is_answered(start_gateway, tmp_path):
    gateway = start_gateway("127.0.0.1:9", sip_extra=["digest_algorithms: [md5]"],
                            trunk_options={"inbound_username": "trunk-a", "inbound_password": "s3cret"})
    result = run_caller(gateway, tmp_path, "trunk-a", "s3cret")
    assert result.returncode == 0, result.stdout[-2000:]
    messages = (tmp_path / "trunk-a-s3cret.log").read_text(errors="replace")
    assert "SIP/2.0 401" in messages and "algorithm=MD5" in messages, messages[-3000:]
    assert "Authorization: Digest" in messages, messages[-3000:]
    record = gateway.wait_record(DID)
    assert record["direction"] == "inbound" and record["trunk"] == "phone", record


def test_wrong_password_and_unknown_user_get_the_same_403(start_gateway, tmp_path):
    gateway = start_gateway("127.0.0.1:9", sip_extra=["digest_algorithms: [md5]"],
                            trunk_options={"inbound_username": "trunk-a", "inbound_password": "s3cret"})
    finals = []
    for user, password in [("trunk-a", "guess"), ("nobody", "s3cret")]:
        result = run_caller(gateway, tmp_path, user, password)
        assert result.returncode != 0
        messages = (tmp_path / f"{user}-{password}.log").read_text(errors="replace")
        # The 403 may be retransmitted (SIPp does not acknowledge it): compare the distinct answers.
        answers = [line for line in messages.splitlines() if line.startswith("SIP/2.0 4")]
        finals.append(list(dict.fromkeys(answers)))
    assert finals[0] == finals[1] == ["SIP/2.0 401 Unauthorized", "SIP/2.0 403 Forbidden"], finals
    assert not [c for c in gateway.calls() if c.get("direction") == "inbound"]
