"""A web user made of aiortc: speaks the browser protocol of docs/signaling.md over a
WebSocket, sends a tone file as its microphone and records what it hears.

The asyncio side runs in its own thread so tests stay plain synchronous code that can
block on phones and SIPp without starving the media of the WebRTC peer."""

import asyncio
import itertools
import json
import threading
import time
from pathlib import Path
from typing import Any, Callable

import aioice.ice
import websockets
from aiortc import RTCConfiguration, RTCIceServer, RTCPeerConnection, RTCSessionDescription
from aiortc.contrib.media import MediaPlayer, MediaRecorder

# aioice never gathers 127.0.0.1; the tests run on loopback only.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]

END_STATES = ("hung_up", "rejected", "not_answered")


class LoopThread:
    """An asyncio event loop running in a daemon thread."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, coroutine, timeout: float = 30.0) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)


def ice_servers(hello: dict) -> list[RTCIceServer]:
    """`iceServers` of `hello` for aiortc; an explicit empty list, because aiortc falls back
    to a public STUN server when given none."""
    return [RTCIceServer(urls=s["urls"], username=s.get("username"), credential=s.get("credential"))
            for s in hello.get("iceServers", [])]


class WebClient:
    """One WebSocket connection to /ws. Every message received is kept in `messages`."""

    def __init__(self, url: str, timeout: float = 10.0):
        self.url = url
        self.messages: list[dict] = []
        self.raw: list[str] = []
        self.calls: dict[str, "WebCall"] = {}
        self.closed = False
        self._cond = threading.Condition()
        self._ids = itertools.count(1)
        self._loop = LoopThread()
        async def connect():
            return await websockets.connect(url, open_timeout=timeout)
        self._ws = self._loop.run(connect(), timeout + 1)
        self._reader = asyncio.run_coroutine_threadsafe(self._read(), self._loop.loop)
        self.hello = self.wait_message(lambda m: m.get("type") == "hello", timeout)

    async def _read(self) -> None:
        try:
            async for text in self._ws:
                try:
                    message = json.loads(text)
                except ValueError:
                    message = {"type": "<not json>", "text": text}
                call = self.calls.get(message.get("callId", "")) if isinstance(message, dict) else None
                if call is not None:
                    await call._on_message(message)
                with self._cond:
                    self.raw.append(text)
                    self.messages.append(message)
                    self._cond.notify_all()
        except websockets.ConnectionClosed:
            pass
        finally:
            with self._cond:
                self.closed = True
                self._cond.notify_all()

    def wait_message(self, predicate: Callable[[dict], bool], timeout: float = 10.0,
                     start: int = 0) -> dict:
        """The first message at or after index `start` for which `predicate` holds."""
        def find():
            return next((m for m in self.messages[start:] if isinstance(m, dict) and predicate(m)), None)
        with self._cond:
            self._cond.wait_for(lambda: find() is not None or self.closed, timeout)
            found = find()
        if found is None:
            raise AssertionError(f"no matching message within {timeout} s "
                                 f"(connection closed: {self.closed}); received: {self.raw[start:]}")
        return found

    def send(self, message: dict | str) -> None:
        text = message if isinstance(message, str) else json.dumps(message)
        self._loop.run(self._ws.send(text), 5)

    def ping(self, ping_id: str = "p1", timeout: float = 5.0) -> dict:
        start = len(self.messages)
        self.send({"type": "ping", "id": ping_id})
        return self.wait_message(lambda m: m.get("type") == "pong" and m.get("id") == ping_id,
                                 timeout, start)

    def next_error(self, start: int, timeout: float = 5.0) -> dict:
        return self.wait_message(lambda m: m.get("type") == "error", timeout, start)

    def resume(self, call_id: str, token: str, tone: Path, record_to: Path) -> "WebCall":
        """Takes call `call_id` back on this connection with its resume token and a new peer
        connection (docs/signaling.md, "Reconnecting")."""
        call = WebCall(self, call_id, None, tone, record_to, resume_token=token)
        self.calls[call.call_id] = call
        self._loop.run(call._start(), 30)
        return call

    def call(self, to: str | None, tone: Path, record_to: Path, call_id: str | None = None,
             link: str | None = None) -> "WebCall":
        """Offer a call to `to` (or through call link `link`), sending `tone` and recording
        what comes back to `record_to`."""
        call = WebCall(self, call_id or f"c{next(self._ids)}", to, tone, record_to, link)
        self.calls[call.call_id] = call
        self._loop.run(call._start(), 30)
        return call

    def run(self, coroutine, timeout: float = 30.0) -> Any:
        return self._loop.run(coroutine, timeout)

    def close(self) -> None:
        """Stops every call's media, closes the WebSocket and the loop; a second call does nothing."""
        if getattr(self, "_shut", False):
            return
        self._shut = True
        for call in list(self.calls.values()):
            call.stop_media()
        try:
            self._loop.run(self._ws.close(), 5)
        except Exception:
            pass
        self._loop.close()


class WebCall:
    """One call on a WebClient: an aiortc peer plus the `state` messages seen for it."""

    def __init__(self, client: WebClient, call_id: str, to: str | None, tone: Path, record_to: Path,
                 link: str | None = None, resume_token: str | None = None):
        self.client, self.call_id, self.to, self.link = client, call_id, to, link
        self.resume_token = resume_token
        self.tone, self.recording = Path(tone), Path(record_to)
        self.states: list[dict] = []
        self.answer_sdp: str | None = None
        self.errors: list[str] = []
        self.pc: RTCPeerConnection | None = None
        self._player: MediaPlayer | None = None
        self._recorder: MediaRecorder | None = None
        self._media_stopped = False

    async def _start(self) -> None:
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=ice_servers(self.client.hello)))
        self._player = MediaPlayer(str(self.tone))
        self.pc.addTrack(self._player.audio)
        self.recording.parent.mkdir(parents=True, exist_ok=True)
        self._recorder = MediaRecorder(str(self.recording))

        @self.pc.on("track")
        def on_track(track):
            if track.kind == "audio":
                self._recorder.addTrack(track)

        await self.pc.setLocalDescription(await self.pc.createOffer())   # gathers fully
        await self.client._ws.send(json.dumps(self._offer_message(self.pc.localDescription.sdp)))

    def _offer_message(self, sdp: str) -> dict:
        """The message that carries the offer: `call`, or `resume` with a token."""
        message = {"type": "resume" if self.resume_token else "call", "callId": self.call_id, "sdp": sdp}
        if self.resume_token:
            message["token"] = self.resume_token
        if self.to is not None:
            message["to"] = self.to
        if self.link is not None:
            message["link"] = self.link
        return message

    async def _on_message(self, message: dict) -> None:
        # An ICE-lite gateway answers at once, before the far end answers: take it any time.
        if message.get("type") == "answer" and self.answer_sdp is None:
            self.answer_sdp = message.get("sdp", "")
            try:
                await self.pc.setRemoteDescription(RTCSessionDescription(self.answer_sdp, "answer"))
                await self._recorder.start()
            except Exception as error:  # keep it for the test to report
                self.errors.append(f"applying the answer failed: {error!r}")
        elif message.get("type") == "state":
            self.states.append(message)

    def state_names(self) -> list[str]:
        return [s.get("state") for s in self.states]

    def wait_state(self, name: str, timeout: float = 10.0) -> dict:
        """The `state` message named `name`; fails early if the call ends in another way."""
        def find():
            return next((s for s in self.states if s.get("state") == name), None)
        def over():
            return "closed" in self.state_names() and name != "closed"
        with self.client._cond:
            self.client._cond.wait_for(lambda: find() is not None or over(), timeout)
        found = find()
        if found is None:
            raise AssertionError(f"call {self.call_id} to {self.to!r}: no state {name!r} within "
                                 f"{timeout} s; states: {self.states}; errors: {self.errors}")
        return found

    def end_state(self) -> dict:
        return next(s for s in self.states if s.get("state") in END_STATES)

    def hangup(self, cause: str | None = None) -> None:
        message = {"type": "hangup", "callId": self.call_id}
        if cause:
            message["cause"] = cause
        self.client.send(message)

    def ice_state(self) -> str:
        return self.pc.iceConnectionState if self.pc else "none"

    def stop_media(self) -> Path:
        """Stop sending and recording (completes the WAV); returns the recording's path."""
        if not self._media_stopped:
            self._media_stopped = True
            self.client.run(self._stop(), 15)
        return self.recording

    async def _stop(self) -> None:
        if self._recorder:
            await self._recorder.stop()
        if self._player and self._player.audio:
            self._player.audio.stop()
        if self.pc:
            await self.pc.close()


def wait_until(predicate: Callable[[], bool], timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.1)


def make_offer_sdp() -> str:
    """A complete aiortc audio offer (opus, G722, PCMU, PCMA over UDP/TLS/RTP/SAVPF), for
    tests that send hand-edited offers. The peer is closed again at once."""
    async def offer() -> str:
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        pc.addTransceiver("audio", direction="sendrecv")
        await pc.setLocalDescription(await pc.createOffer())
        sdp = pc.localDescription.sdp
        await pc.close()
        return sdp
    loop = LoopThread()
    try:
        return loop.run(offer(), 30)
    finally:
        loop.close()
