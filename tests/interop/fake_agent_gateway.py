"""The stand-in gateway (fake_gateway.py) with the agent side of the protocol (docs/signaling.md,
"Agents") and the gateway's own web pages: it proves the agent console (agent.html) and the
client library under it without a gateway. The test plays the caller's side: it pushes
`incoming` and `cancel` to a console and reads what the console sent back. An `accept` is
answered by aiortc, which echoes the browser's audio, so the page's recording can be
checked too. An accepted call named in `resumable` gets a `resume_token`, as a phone's call
does, and a `resume` with it from a later connection is answered as the gateway would
(`answer`, `reconnected`, a new token, `connected`); any other token gets `bad_token`."""

import secrets

import json
import time
from http import HTTPStatus
from pathlib import Path

from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from fake_gateway import FakeGateway
from websockets.exceptions import ConnectionClosedError

WEB_ROOT = Path(__file__).resolve().parents[2] / "Sources" / "GatewayServer" / "Web"
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                 ".css": "text/css; charset=utf-8"}
PRESENCE_STATES = ("available", "away", "busy", "offline")


class FakeAgentGateway(FakeGateway):
    def __init__(self, agents=("alice", "bob")):
        super().__init__()
        self.agents = set(agents)
        self.presence = {name: "away" for name in self.agents}   # a console starts away
        self.inbox: list[tuple[str, dict]] = []                  # (identity, message), in order
        self.gone: set[str] = set()                              # callIds an accept finds gone
        self.resumable: set[str] = set()                         # callIds whose accept gets a token
        self.tokens: dict[str, str] = {}                         # callId -> its valid resume token
        self.disconnect_interval = 10
        self.connections = 0                                     # WebSockets opened so far
        self._peers_by_call: dict[str, RTCPeerConnection] = {}
        self._sessions: list[tuple[str, object]] = []

    def _http(self, connection, request):
        path = request.path.split("?")[0]
        file = (WEB_ROOT / path.lstrip("/")).resolve()
        if path not in ("/", "/ws", "/health") and file.parent == WEB_ROOT and file.suffix in CONTENT_TYPES \
                and file.is_file():
            response = connection.respond(HTTPStatus.OK, file.read_text())
            del response.headers["Content-Type"]
            response.headers["Content-Type"] = CONTENT_TYPES[file.suffix]
            return response
        return super()._http(connection, request)

    # --- the test's side ---------------------------------------------------------------

    def push(self, identity: str, message: dict) -> int:
        """Sends `message` to every open console of `identity`; returns how many got it."""
        async def send():
            targets = [ws for name, ws in self._sessions if name == identity]
            for ws in targets:
                await ws.send(json.dumps(message))
            return len(targets)
        return self._loop.run(send())

    def drop(self, identity: str) -> None:
        """Closes every console connection of `identity`, as a failing network would."""
        async def close():
            for name, ws in list(self._sessions):
                if name == identity:
                    await ws.close(1011, "dropped")
        self._loop.run(close())

    def consoles(self, identity: str) -> int:
        return sum(1 for name, _ in self._sessions if name == identity)

    def wait_consoles(self, identity: str, count: int = 1, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while self.consoles(identity) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{count} console(s) of {identity!r} expected within {timeout} s")
            time.sleep(0.05)

    def wait_message(self, identity: str, kind: str, timeout: float = 10.0, after: int = 0) -> dict:
        """The first message of type `kind` from `identity` at or after inbox index `after`."""
        deadline = time.monotonic() + timeout
        while True:
            for name, message in self.inbox[after:]:
                if name == identity and message.get("type") == kind:
                    return message
            if time.monotonic() > deadline:
                raise AssertionError(f"no {kind!r} from {identity!r} within {timeout} s: {self.inbox}")
            time.sleep(0.05)

    def end_call(self, identity: str, call_id: str) -> None:
        """The caller hangs up an accepted call."""
        self.tokens.pop(call_id, None)
        for message in ({"type": "state", "callId": call_id, "state": "hung_up", "cause": "normal_clearing",
                         "reason": "The caller hung up.", "q850": 16, "side": "remote"},
                        {"type": "state", "callId": call_id, "state": "closed"}):
            self.push(identity, message)

    # --- the console's side ------------------------------------------------------------

    async def _session(self, ws) -> None:
        identity = ws.request.path.partition("identity=")[2] or "anonymous"
        entry = (identity, ws)
        self._sessions.append(entry)
        self.connections += 1
        try:
            await ws.send(json.dumps({"type": "hello", "protocol": 1, "identity": identity, "iceServers": []}))
            if identity in self.agents:
                await self._presence(ws, identity)
            calls: dict[str, RTCPeerConnection] = {}
            async for text in ws:
                message = json.loads(text)
                self.inbox.append((identity, message))
                await self._handle(ws, identity, calls, message)
        except ConnectionClosedError:
            pass                                                  # the console dropped off
        finally:
            self._sessions.remove(entry)

    async def _handle(self, ws, identity, calls, message) -> None:
        kind, call_id = message.get("type"), message.get("callId")
        if kind == "ping":
            await ws.send(json.dumps({"type": "pong", "id": message.get("id")}))
        elif kind == "presence":
            if identity not in self.agents:
                await self._error(ws, "not_an_agent", f"'{identity}' is not on the agent roster.")
            elif message.get("state") not in PRESENCE_STATES:
                await self._error(ws, "bad_presence", "Unknown presence.")
            else:
                self.presence[identity] = message["state"]
                await self._presence(ws, identity)
        elif kind == "accept":
            await self._accept(ws, calls, call_id, message.get("sdp", ""))
        elif kind == "resume":
            await self._resume(ws, calls, call_id, message.get("token"), message.get("sdp", ""))
        elif kind == "call":
            await self._call(ws, calls, call_id, message.get("to", ""), message.get("sdp", ""))
        elif kind == "hangup" and call_id in calls:
            self.tokens.pop(call_id, None)
            await calls.pop(call_id).close()
            await self._end(ws, call_id, "hung_up", "normal_clearing", "You hung up.", 16, "local")

    async def _presence(self, ws, identity) -> None:
        await ws.send(json.dumps({"type": "presence", "state": self.presence[identity], "activity": "idle"}))

    async def _error(self, ws, code, text, call_id=None) -> None:
        error = {"type": "error", "code": code, "message": text}
        if call_id:
            error["callId"] = call_id
        await ws.send(json.dumps(error))

    async def _accept(self, ws, calls, call_id, sdp) -> None:
        """As the gateway: `answer` first, then `connecting`, and `connected` once media is up."""
        if call_id in self.gone:
            await self._error(ws, "call_gone", "The caller hung up.", call_id)
            return
        if "m=audio" not in sdp:
            await self._error(ws, "bad_offer", "The offer has no audio.", call_id)
            return
        await self._answer(ws, calls, call_id, sdp, "connecting")

    async def _resume(self, ws, calls, call_id, token, sdp) -> None:
        """As the gateway: `answer`, `reconnected`, a new token, `connected` once media is up."""
        if not token or self.tokens.get(call_id) != token:
            await self._error(ws, "bad_token", "No call to resume with this token.", call_id)
            return
        del self.tokens[call_id]
        old = self._peers_by_call.pop(call_id, None)
        if old:
            await old.close()
        await self._answer(ws, calls, call_id, sdp, "reconnected")

    async def _answer(self, ws, calls, call_id, sdp, first_state) -> None:
        state = lambda name: ws.send(json.dumps({"type": "state", "callId": call_id, "state": name}))
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        calls[call_id] = pc
        self._peers_by_call[call_id] = pc
        self.peers.append(pc)
        pc.on("track", lambda track: pc.addTrack(track))   # the caller repeats what the agent says

        @pc.on("connectionstatechange")
        async def on_change():
            if pc.connectionState == "connected":
                await state("connected")

        await pc.setRemoteDescription(RTCSessionDescription(sdp, "offer"))
        await pc.setLocalDescription(await pc.createAnswer())
        await ws.send(json.dumps({"type": "answer", "callId": call_id, "sdp": pc.localDescription.sdp}))
        await state(first_state)
        if call_id in self.resumable:
            self.tokens[call_id] = secrets.token_urlsafe(16)
            await ws.send(json.dumps({"type": "resume_token", "callId": call_id, "token": self.tokens[call_id],
                                      "disconnectInterval": self.disconnect_interval}))
