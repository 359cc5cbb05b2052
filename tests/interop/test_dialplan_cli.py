"""`gatewayd dialplan check|test|route`, run as an operator would: exit codes and the key lines,
against the shipped Dialplans/ and against broken copies written into the test's tmp folder."""

import json
import re
import shutil
import subprocess

from gateway import ROOT

CONFIG = ROOT / "Config" / "gateway.yaml"


def run(gatewayd, *args, cwd=ROOT):
    """Runs gatewayd from the repository root, so Dialplans/ and Config/gateway.yaml are the defaults."""
    return subprocess.run([str(gatewayd), "dialplan", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def write(directory, name, text):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(text)
    return directory


UNKNOWN_TRUNK = """contexts:
  web:
    country: US
    rules:
      - match: {pattern: "+1NXXNXXXXXX"}
        dial: {trunks: [carier]}
"""

SYNTAX_ERROR = """contexts:
  other:
    country: US
    rules:
      - match: {prefix: "+1"
        hangup: {}
"""

FAILING_TEST = """contexts:
  web:
    country: US
    rules:
      - match: {pattern: "+1NXXNXXXXXX"}
        dial: {trunks: [carrier]}
tests:
  - {from: web, to: "(212) 555-0100", expect: {dial: carrier}}
  - {from: web, to: "(212) 555-0100", expect: {dial: backup}}
"""


def test_check_accepts_the_shipped_dialplans(gatewayd):
    result = run(gatewayd, "check")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"Dialplans: \d+ contexts?, \d+ menus?, \d+ schedules?, \d+ tests?: OK\n", result.stdout), result.stdout
    assert "cannot load the configuration" not in result.stderr

    report = json.loads(run(gatewayd, "check", "--format", "json").stdout)
    assert report["ok"] is True and report["findings"] == []
    assert report["counts"]["contexts"] >= 1


def test_test_runs_every_case_of_the_shipped_dialplans(gatewayd):
    result = run(gatewayd, "test")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    cases = lines[:-1]
    assert cases and all(re.fullmatch(r"PASS Dialplans/\S+\.ya?ml:\d+ \S+ → .+", line) for line in cases), lines
    assert any(re.fullmatch(r"PASS Dialplans/default\.yaml:\d+ web-default → \(212\) 555-0100", line) for line in cases)
    assert lines[-1] == f"Dialplans: {len(cases)} tests, {len(cases)} passed, 0 failed"


def test_route_explains_a_national_number(gatewayd):
    result = run(gatewayd, "route", "--from", "web-default", "--to", "(212) 555-0100")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "entry: context web-default, named directly"
    assert 'number: "(212) 555-0100" → +12125550100 in E.164 (country US: national number, +1 added)' in lines
    assert "rule 0 (exact '*43') does not match" in lines
    assert any(re.fullmatch(r"matched rule \d+ at Dialplans/default\.yaml:\d+:\d+: pattern '\+1NXXNXXXXXX'", line)
               for line in lines), lines
    assert "  dial +12125550100 via carrier" in lines


def test_route_says_why_a_call_is_refused_and_still_exits_0(gatewayd):
    result = run(gatewayd, "route", "--from", "web-default", "--to", "55x", "--at", "2026-06-02T14:00:00Z")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "refused: invalid number → hangup invalid_number_format"

    result = run(gatewayd, "route", "--from", "web-default", "--to", "1", "--at", "yesterday")
    assert result.returncode == 1
    assert "cannot read --at 'yesterday'" in result.stderr


def test_check_reports_file_line_column_for_a_broken_copy(gatewayd, tmp_path):
    broken = tmp_path / "Dialplans"
    shutil.copytree(ROOT / "Dialplans", broken)
    write(broken, "zz-trunk.yaml", UNKNOWN_TRUNK)
    write(broken, "zz-syntax.yaml", SYNTAX_ERROR)

    result = run(gatewayd, "check", str(broken))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert f"{broken}/zz-trunk.yaml:6:25: contexts.web.rules[0].dial.trunks[0]: unknown trunk 'carier'; " \
           "did you mean 'carrier'?" in lines
    assert f"{broken}/zz-syntax.yaml:6:9: YAML syntax error: did not find expected ',' or '}}'; " \
           "check the indentation and quoting on this line and the one before" in lines
    assert lines[-1] == f"{broken}: 2 findings"

    report = json.loads(run(gatewayd, "check", str(broken), "--format", "json").stdout)
    assert report["ok"] is False
    assert {"file": f"{broken}/zz-trunk.yaml", "line": 6, "column": 25, "path": "contexts.web.rules[0].dial.trunks[0]",
            "problem": "unknown trunk 'carier'", "fix": "did you mean 'carrier'?"} in report["findings"]

    # The tests do not run and routing refuses to guess on a dialplan that does not load.
    assert run(gatewayd, "test", str(broken)).returncode == 1
    route = run(gatewayd, "route", "--from", "web-default", "--to", "2125550100", "--dir", str(broken))
    assert route.returncode == 1
    assert f"{broken}: the dialplan does not load" in route.stderr


def test_check_without_a_configuration_skips_trunk_names(gatewayd, tmp_path):
    directory = write(tmp_path / "plans", "a.yaml", UNKNOWN_TRUNK)
    result = run(gatewayd, "check", str(directory), "--config", str(tmp_path / "missing.yaml"))
    assert result.returncode == 0, result.stderr
    assert f"cannot load the configuration {tmp_path / 'missing.yaml'}" in result.stderr
    assert result.stdout == f"{directory}: 1 context, 0 menus, 0 schedules, 0 tests: OK\n"


def test_test_reports_a_failing_case_with_its_line(gatewayd, tmp_path):
    directory = write(tmp_path / "plans", "calls.yaml", FAILING_TEST)
    result = run(gatewayd, "test", str(directory), "--config", str(CONFIG))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"PASS {directory}/calls.yaml:8 web → (212) 555-0100",
        f"FAIL {directory}/calls.yaml:9 web → (212) 555-0100: expected dial backup, got carrier",
        f"{directory}: 2 tests, 1 passed, 1 failed",
    ]
    report = json.loads(run(gatewayd, "test", str(directory), "--format", "json").stdout)
    assert (report["passed"], report["failed"], report["ok"]) == (1, 1, False)
    assert report["results"][1]["failures"] == ["expected dial backup, got carrier"]
    assert report["results"][1]["number"] == "+12125550100"


def test_missing_directory_is_refused_clearly(gatewayd, tmp_path):
    result = run(gatewayd, "check", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"{tmp_path / 'nowhere'}: there is no dialplan directory here; " \
                                            "create it, or point dialplans.directory (or the command's DIR) at it"
