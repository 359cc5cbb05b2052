"""Who may use the admin API (docs/operations.md, "Operators and API keys"): operators sign
in with a password kept as an scrypt hash (`gatewayd operator add`), get an HttpOnly,
Secure, SameSite=Strict session cookie and a CSRF token that every change must carry; REST
clients use API keys (`gatewayd api-key create`), kept only as hashes and revocable; an
unknown name and a wrong password get the same answer, and an address that keeps guessing
is shut out. Nothing under /api/ answers anyone else."""

import subprocess

import requests

PASSWORD = "correct horse battery staple"


def gatewayd(gateway, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(gateway.binary), *args, "--config", str(gateway.config_path)], input=stdin,
                          capture_output=True, text=True, cwd=gateway.dir, timeout=30)


def add_operator(gateway, name: str, password: str = PASSWORD) -> None:
    done = gatewayd(gateway, "operator", "add", name, "--password-stdin", stdin=password + "\n")
    assert done.returncode == 0, done.stderr


def sign_in(gateway, name: str, password: str) -> requests.Response:
    return requests.post(f"{gateway.http_url}/api/session", json={"name": name, "password": password}, timeout=10)


def cookie_of(response: requests.Response) -> str:
    return response.headers["Set-Cookie"].split(";")[0]    # "gw_session=..."


def test_nothing_under_api_answers_without_credentials(start_gateway):
    gateway = start_gateway("127.0.0.1:9")
    for path in ["/api/calls", "/api/trunks", "/api/agents", "/api/active-calls", "/api/dialplans"]:
        refused = requests.get(f"{gateway.http_url}{path}", timeout=5)
        assert refused.status_code == 401 and refused.headers.get("WWW-Authenticate") == "Bearer", path
        assert requests.get(f"{gateway.http_url}{path}", headers=gateway.admin, timeout=5).status_code == 200, path
    # Health, readiness, metrics and the pages themselves stay open.
    for path in ["/health", "/ready", "/metrics", "/", "/agent.html"]:
        assert requests.get(f"{gateway.http_url}{path}", timeout=5).status_code == 200, path


def test_operator_session_cookie_and_csrf(start_gateway):
    gateway = start_gateway("127.0.0.1:9")
    add_operator(gateway, "ops")
    assert "ops" in gatewayd(gateway, "operator", "list").stdout.split()
    assert PASSWORD not in (gateway.dir / "gateway.sqlite").read_bytes().decode(errors="replace")

    signed_in = sign_in(gateway, "ops", PASSWORD)
    assert signed_in.status_code == 200, signed_in.text
    attributes = [part.strip() for part in signed_in.headers["Set-Cookie"].split(";")]
    assert {"HttpOnly", "Secure", "SameSite=Strict", "Path=/"} <= set(attributes), attributes
    csrf = signed_in.json()["csrfToken"]
    assert signed_in.json()["operator"] == "ops" and len(csrf) >= 32
    cookie = {"Cookie": cookie_of(signed_in)}

    assert requests.get(f"{gateway.http_url}/api/calls", headers=cookie, timeout=5).status_code == 200
    assert requests.get(f"{gateway.http_url}/api/session", headers=cookie, timeout=5).json()["csrfToken"] == csrf
    body = {"files": [{"name": "x.yaml", "contents": "contexts: {}\n"}]}
    # A change with the cookie alone (what a forged cross-site form could send) is refused.
    refused = requests.post(f"{gateway.http_url}/api/dialplans/validate", json=body, headers=cookie, timeout=5)
    assert refused.status_code == 403 and "X-CSRF-Token" in refused.json()["error"]
    wrong = requests.post(f"{gateway.http_url}/api/dialplans/validate", json=body,
                          headers={**cookie, "X-CSRF-Token": "x" * len(csrf)}, timeout=5)
    assert wrong.status_code == 403
    allowed = requests.post(f"{gateway.http_url}/api/dialplans/validate", json=body,
                            headers={**cookie, "X-CSRF-Token": csrf}, timeout=5)
    assert allowed.status_code == 200, allowed.text

    # Signing out ends the session; so does a password change, for every session.
    second = cookie_of(sign_in(gateway, "ops", PASSWORD))
    out = requests.delete(f"{gateway.http_url}/api/session", headers={**cookie, "X-CSRF-Token": csrf}, timeout=5)
    assert out.status_code == 204 and "Max-Age=0" in out.headers["Set-Cookie"]
    assert requests.get(f"{gateway.http_url}/api/calls", headers=cookie, timeout=5).status_code == 401
    assert requests.get(f"{gateway.http_url}/api/calls", headers={"Cookie": second}, timeout=5).status_code == 200
    add_operator(gateway, "ops", "another long password 42")
    assert requests.get(f"{gateway.http_url}/api/calls", headers={"Cookie": second}, timeout=5).status_code == 401


def test_unknown_names_and_wrong_passwords_look_alike_and_guessing_is_shut_out(start_gateway):
    gateway = start_gateway("127.0.0.1:9")
    add_operator(gateway, "ops")
    answers = []
    for name, password in [("ops", "wrong password 1"), ("nobody", "wrong password 2"), ("ops", "")]:
        response = sign_in(gateway, name, password or "x")
        answers.append((response.status_code, response.json(), sorted(k for k in response.headers if k != "Date")))
    assert answers[0] == answers[1] == answers[2], answers
    assert answers[0][0] == 401 and answers[0][1] == {"error": "Wrong name or password."}
    # The fourth and fifth failures ban the address; then even the right password is not checked.
    sign_in(gateway, "nobody", "guess")
    sign_in(gateway, "ops", "guess")
    banned = sign_in(gateway, "ops", PASSWORD)
    assert banned.status_code == 429 and int(banned.headers["Retry-After"]) > 60, banned.text
    assert "operator sign-in refused" in gateway.log_text() and PASSWORD not in gateway.log_text()
    metrics = requests.get(f"{gateway.http_url}/metrics", timeout=5).text
    assert "gateway_operator_signins_refused_total 5\n" in metrics and "gateway_operator_signin_addresses_banned 1\n" in metrics


def test_api_keys(start_gateway):
    gateway = start_gateway("127.0.0.1:9")
    created = gatewayd(gateway, "api-key", "create", "reporting")
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    assert key.startswith("gwk_") and len(key) >= 40
    assert key not in (gateway.dir / "gateway.sqlite").read_bytes().decode(errors="replace")
    bearer = {"Authorization": f"Bearer {key}"}
    assert requests.get(f"{gateway.http_url}/api/calls", headers=bearer, timeout=5).status_code == 200
    # A key needs no CSRF token: browsers never send it on their own.
    assert requests.post(f"{gateway.http_url}/api/dialplans/validate", headers=bearer, timeout=5,
                         json={"files": [{"name": "x.yaml", "contents": "contexts: {}\n"}]}).status_code == 200
    listed = gatewayd(gateway, "api-key", "list").stdout
    assert "reporting" in listed and key[:8] in listed and key not in listed and "last used 20" in listed
    assert gatewayd(gateway, "api-key", "create", "reporting").returncode == 1      # names are unique
    assert gatewayd(gateway, "api-key", "revoke", "reporting").returncode == 0
    assert requests.get(f"{gateway.http_url}/api/calls", headers=bearer, timeout=5).status_code == 401
    near_miss = {"Authorization": f"Bearer {key[:-1]}{'A' if key[-1] != 'A' else 'B'}"}
    assert requests.get(f"{gateway.http_url}/api/calls", headers=near_miss, timeout=5).status_code == 401
