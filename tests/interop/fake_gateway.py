"""A stand-in for the gateway's browser side, made of aiortc and websockets. It exists only
to prove the web clients of this harness (the aiortc client, Chromium with the dialer page
contract, the recordings) before and apart from the real gateway. It knows the echo test
number and nothing else: any other number is rejected as unallocated."""

import json
from http import HTTPStatus
from pathlib import Path

from websockets.asyncio.server import serve

from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from ports import HOST, free_port
from webrtc_client import LoopThread

STUB_PAGE = Path(__file__).resolve().parent / "dialer_stub.html"
ECHO_NUMBER = "*43"


class FakeGateway:
    def __init__(self):
        self.http_port = free_port()
        self._loop = LoopThread()
        self._server = None
        self.peers: list[RTCPeerConnection] = []

    @property
    def http_url(self) -> str:
        return f"http://{HOST}:{self.http_port}"

    def ws_url(self, identity: str = "tester") -> str:
        return f"ws://{HOST}:{self.http_port}/ws?identity={identity}"

    def start(self) -> "FakeGateway":
        async def listen():
            return await serve(self._session, HOST, self.http_port, process_request=self._http)
        self._server = self._loop.run(listen())
        return self

    def stop(self) -> None:
        async def shutdown():
            for pc in self.peers:
                await pc.close()
            self._server.close()
            await self._server.wait_closed()
        self._loop.run(shutdown(), 15)
        self._loop.close()

    def _http(self, connection, request):
        path = request.path.split("?")[0]
        if path == "/ws":
            return None
        if path == "/health":
            return connection.respond(HTTPStatus.OK, "ok\n")
        if path == "/":
            response = connection.respond(HTTPStatus.OK, STUB_PAGE.read_text())
            del response.headers["Content-Type"]
            response.headers["Content-Type"] = "text/html; charset=utf-8"
            return response
        return connection.respond(HTTPStatus.NOT_FOUND, "not found\n")

    async def _session(self, ws) -> None:
        identity = ws.request.path.partition("identity=")[2] or "anonymous"
        await ws.send(json.dumps({"type": "hello", "protocol": 1, "identity": identity,
                                  "iceServers": []}))
        calls: dict[str, RTCPeerConnection] = {}
        async for text in ws:
            message = json.loads(text)
            kind, call_id = message.get("type"), message.get("callId")
            if kind == "ping":
                await ws.send(json.dumps({"type": "pong", "id": message.get("id")}))
            elif kind == "call":
                await self._call(ws, calls, call_id, message.get("to", ""), message.get("sdp", ""))
            elif kind == "hangup" and call_id in calls:
                await calls.pop(call_id).close()
                await self._end(ws, call_id, "hung_up", "normal_clearing", "You hung up.", 16, "local")

    async def _call(self, ws, calls, call_id, to, sdp) -> None:
        state = lambda name: ws.send(json.dumps({"type": "state", "callId": call_id, "state": name}))
        await state("new")
        if to != ECHO_NUMBER:
            await self._end(ws, call_id, "rejected", "unallocated_number",
                            "The number does not exist.", 1, "remote", sip_status=404)
            return
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        calls[call_id] = pc
        self.peers.append(pc)
        pc.on("track", lambda track: pc.addTrack(track))   # the echo: send back what arrives

        @pc.on("connectionstatechange")
        async def on_change():
            if pc.connectionState == "connected":
                await state("connected")

        await pc.setRemoteDescription(RTCSessionDescription(sdp, "offer"))
        await pc.setLocalDescription(await pc.createAnswer())
        await ws.send(json.dumps({"type": "answer", "callId": call_id, "sdp": pc.localDescription.sdp}))
        await state("calling")
        await state("connecting")

    async def _end(self, ws, call_id, name, cause, reason, q850, side, sip_status=None) -> None:
        end = {"type": "state", "callId": call_id, "state": name, "cause": cause,
               "reason": reason, "q850": q850, "side": side}
        if sip_status:
            end["sipStatus"] = sip_status
        await ws.send(json.dumps(end))
        await ws.send(json.dumps({"type": "state", "callId": call_id, "state": "closed"}))
