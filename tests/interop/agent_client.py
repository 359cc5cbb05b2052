"""An agent's console made of aiortc: a web client whose identity is on the gateway's agent
roster (docs/signaling.md, "Agents"). It sets its presence, waits for `incoming` offers and
accepts one with a WebRTC offer (sending a tone, recording what it hears, as the web client
does for the calls it places), rejects one, or closes its WebSocket."""

from pathlib import Path

from webrtc_client import WebCall, WebClient


class AgentCall(WebCall):
    """A call the agent accepted: its offer goes in `accept` instead of `call`; the gateway
    answers with `answer`, then `state` connecting, connected, ... as for any call."""

    def _offer_message(self, sdp: str) -> dict:
        return {"type": "accept", "callId": self.call_id, "sdp": sdp}


class AgentClient(WebClient):
    """One agent console: a WebSocket to /ws?identity=<agent>."""

    def presence(self, state: str, timeout: float = 5.0) -> dict:
        """Sends `presence` and returns the gateway's reply: the `presence` message showing
        `state`, or an `error`."""
        start = len(self.messages)
        self.send({"type": "presence", "state": state})
        return self.wait_message(
            lambda m: m.get("type") == "error" or (m.get("type") == "presence" and m.get("state") == state),
            timeout, start)

    def wait_incoming(self, timeout: float = 10.0, start: int = 0) -> dict:
        """The first `incoming` at or after message index `start`."""
        return self.wait_message(lambda m: m.get("type") == "incoming", timeout, start)

    def wait_cancel(self, call_id: str, timeout: float = 10.0) -> dict:
        return self.wait_message(lambda m: m.get("type") == "cancel" and m.get("callId") == call_id, timeout)

    def of_type(self, kind: str) -> list[dict]:
        """Every message of type `kind` received so far."""
        with self._cond:
            return [m for m in self.messages if isinstance(m, dict) and m.get("type") == kind]

    def accept(self, incoming: dict | str, tone: Path, record_to: Path) -> AgentCall:
        """Answers an `incoming` (the message or its callId) with an aiortc offer that sends
        `tone`; what the agent hears is recorded to `record_to`."""
        call_id = incoming if isinstance(incoming, str) else incoming["callId"]
        call = AgentCall(self, call_id, None, tone, record_to)
        self.calls[call_id] = call
        self._loop.run(call._start(), 30)
        return call

    def reject(self, call_id: str) -> None:
        self.send({"type": "reject", "callId": call_id})
