"""A web caller in its own process, so a test can kill it the way a browser dies: no
hangup, no DTLS close_notify, no WebSocket close frame; the OS just drops its sockets.

Usage: python web_caller_process.py WS_URL NUMBER TONE_WAV RECORD_WAV
Prints one JSON line per event on stdout: {"event": "connected"}, then
{"event": "resume_token", "callId": ..., "token": ...}; then waits to be killed."""

import json
import sys
import time
from pathlib import Path

from webrtc_client import WebClient


def main() -> None:
    url, number, tone, record = sys.argv[1:5]
    client = WebClient(url)
    call = client.call(number, Path(tone), Path(record))
    call.wait_state("connected", timeout=20)
    print(json.dumps({"event": "connected", "callId": call.call_id}), flush=True)
    token = client.wait_message(lambda m: m.get("type") == "resume_token")
    print(json.dumps({"event": "resume_token", "callId": token["callId"], "token": token["token"]}), flush=True)
    while True:
        time.sleep(1)


if __name__ == "__main__":
    main()
