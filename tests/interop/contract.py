"""Protocol values the interop tests hold the gateway to (docs/signaling.md and
docs/hangup-causes.md). Kept in one place so a change of contract is one edit."""

# Call states in the order they may occur (docs/signaling.md, "Call states").
STATE_ORDER = ["new", "calling", "ringing", "connecting", "connected",
               "hung_up", "rejected", "not_answered", "closed"]

# cause -> Q.850 cause value.
Q850 = {
    "normal_clearing": 16,
    "user_busy": 17,
    "no_answer": 19,
    "unallocated_number": 1,
    "call_rejected": 21,
    "network_out_of_order": 38,
    "service_unavailable": 63,
    "normal_unspecified": 31,
    "originator_cancel": 16,
    "no_user_response": 18,
    "number_changed": 22,
    "destination_out_of_order": 27,
    "invalid_number_format": 28,
    "no_circuit_available": 34,
    "temporary_failure": 41,
    "switching_equipment_congestion": 42,
    "incompatible_destination": 88,
    "recovery_on_timer_expiry": 102,
    "media_failure": 47,
    "media_timeout": 102,
    "interworking": 127,
}

# `side` in a `state` message: seen from the web user.
SIDE_LOCAL, SIDE_REMOTE, SIDE_GATEWAY = "local", "remote", "gateway"

# `hangupSide` in a call record (GET /api/calls): which leg ended the call.
RECORD_SIDE_WEB, RECORD_SIDE_SIP, RECORD_SIDE_GATEWAY = "web", "sip", "gateway"


def assert_state_order(names: list[str]) -> None:
    """States arrive in the documented order, each at most once, `new` first, `closed` last."""
    assert names and names[0] == "new", f"first state is not 'new': {names}"
    assert names[-1] == "closed", f"last state is not 'closed': {names}"
    assert len(set(names)) == len(names), f"a state repeats: {names}"
    unknown = [n for n in names if n not in STATE_ORDER]
    assert not unknown, f"undocumented states {unknown} in {names}"
    ranks = [STATE_ORDER.index(n) for n in names]
    assert ranks == sorted(ranks), f"states out of order: {names}"
    ends = [n for n in names if n in ("hung_up", "rejected", "not_answered")]
    assert len(ends) == 1, f"expected exactly one end state: {names}"


def assert_end(state: dict, name: str, cause: str, side: str, sip_status: int | None = None) -> None:
    """An end `state` message: its cause, Q.850 value, side, SIP status and a human reason."""
    where = f"end state {state}"
    assert state.get("state") == name, where
    assert state.get("cause") == cause, where
    assert state.get("side") == side, where
    assert state.get("q850") == Q850[cause], where
    assert isinstance(state.get("reason"), str) and state["reason"].strip(), f"no reason in {where}"
    if sip_status is not None:
        assert state.get("sipStatus") == sip_status, where
