// Browser client for the gateway's WebSocket signaling (docs/signaling.md).
//
//   import { GatewayClient } from './gateway.js';
//   const client = new GatewayClient({ identity: 'alice' });
//   await client.connect();
//   const call = await client.call('*43');          // resolves once the gateway took the call
//   call.addEventListener('state', (e) => console.log(e.detail.state));
//   call.addEventListener('ended', (e) => console.log(e.detail.reason));
//   call.sendDigits('123#');
//   call.hangup();
//
// Events on GatewayClient: 'hello' (detail: the hello message), 'call' (detail: {call}, a
// Call was created), 'close' (the WebSocket closed), 'error' (detail: {code, message,
// callId}, a gateway error that belongs to no known call).
// Events on Call: 'state' (detail: {state, previous, end}), 'ended' (detail: the end
// fields), 'dtmf' (detail: {digit}, from the far end), 'remotestream' (detail: {stream}),
// 'mute' (detail: {muted}), 'audioblocked' (the browser refused to autoplay the far end's
// audio: call `call.resumeAudio()` from a click), 'error' (detail: {code, message, error}).
// A call that is never placed (microphone refused, gateway `error`, hangup() during
// setup) has no states: its start() rejects with a GatewayError and it emits 'error' only.
//
// Causes made up by this client, never sent by the gateway: 'signaling_lost' (the
// WebSocket closed during the call) and the GatewayError codes of calls that were never
// placed ('microphone_blocked', 'cancelled', 'timeout', ...).

import { Call, hooks } from './call.js';
import { GatewayError } from './errors.js';

export { Call, DEFAULT_AUDIO_CONSTRAINTS } from './call.js';
export { GatewayError, microphoneError } from './errors.js';

const { receive: RECEIVE, connectionLost: CONNECTION_LOST, register: REGISTER, unregister: UNREGISTER } = hooks;

function defaultUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

/** One WebSocket to the gateway, carrying any number of calls. */
export class GatewayClient extends EventTarget {
  #url;
  #ws = null;
  #hello = null;
  #connecting = null;
  #calls = new Map();
  #keepAliveMs;
  #keepAliveTimer = null;

  /**
   * @param {object} [options]
   * @param {string} [options.url] WebSocket URL; ws(s)://<this host>/ws by default.
   * @param {string} [options.identity] sent as `?identity=`; `anonymous` when absent.
   * @param {number} [options.keepAliveSeconds] interval of `ping` messages (0: none).
   */
  constructor({ url, identity, keepAliveSeconds = 25 } = {}) {
    super();
    const target = new URL(url || defaultUrl(), location.href);
    if (identity) target.searchParams.set('identity', identity);
    this.#url = target.href;
    this.#keepAliveMs = keepAliveSeconds * 1000;
  }

  get url() { return this.#url; }
  /** True once `hello` arrived and until the WebSocket closes. */
  get connected() { return this.#hello !== null && this.#ws?.readyState === WebSocket.OPEN; }
  /** The identity the gateway confirmed in `hello`, or null before it. */
  get identity() { return this.#hello ? this.#hello.identity : null; }
  /** The ICE servers from `hello`, for RTCPeerConnection. */
  get iceServers() { return this.#hello && Array.isArray(this.#hello.iceServers) ? this.#hello.iceServers : []; }

  /** Opens the WebSocket; resolves with the `hello` message. Safe to call repeatedly. */
  connect() {
    if (this.#connecting) return this.#connecting;
    const attempt = new Promise((resolve, reject) => {
      let ws;
      try {
        ws = new WebSocket(this.#url);
      } catch (error) {
        reject(new GatewayError('connection_failed', `Cannot open ${this.#url}.`, { cause: error }));
        return;
      }
      this.#ws = ws;
      ws.addEventListener('message', (event) => {
        let message;
        try { message = JSON.parse(event.data); } catch { return; }
        if (!message || typeof message !== 'object') return;
        if (message.type === 'hello') {
          this.#hello = message;
          this.#startKeepAlive();
          resolve(message);
          this.dispatchEvent(new CustomEvent('hello', { detail: message }));
          return;
        }
        this.#route(message);
      });
      ws.addEventListener('close', () => {
        if (this.#ws !== ws) return;
        this.#ws = null;
        this.#hello = null;
        this.#connecting = null;
        clearInterval(this.#keepAliveTimer);
        reject(new GatewayError('connection_failed', 'Cannot reach the gateway.'));
        for (const call of [...this.#calls.values()]) call[CONNECTION_LOST]();
        this.dispatchEvent(new Event('close'));
      });
    });
    this.#connecting = attempt;
    // A failed attempt must not stick: the next connect() tries again.
    attempt.catch(() => { if (this.#connecting === attempt) this.#connecting = null; });
    return attempt;
  }

  /** Closes the WebSocket; calls still up end with cause 'signaling_lost'. */
  close() {
    if (this.#ws) this.#ws.close(1000);
  }

  /** Creates a Call without starting it, so listeners can be attached first. */
  createCall(destination, options = {}) {
    const call = new Call(this, String(destination), options);
    this.dispatchEvent(new CustomEvent('call', { detail: { call } }));
    return call;
  }

  /**
   * Places a call. Resolves with the Call once the gateway accepted it (state `new`);
   * rejects with a GatewayError when the microphone, the offer or the gateway refuse it.
   * @param {string} destination a phone number, or `*43` for the echo test
   * @param {object} [options] {audioConstraints, audioElement, dtmfMode, callId}
   */
  async call(destination, options = {}) {
    return this.createCall(destination, options).start();
  }

  /** Sends a `ping`; the gateway answers `pong` (not surfaced). */
  ping(id) {
    this.send(id === undefined ? { type: 'ping' } : { type: 'ping', id });
  }

  /** Sends one signaling message. Throws a GatewayError when not connected. */
  send(message) {
    if (!this.#ws || this.#ws.readyState !== WebSocket.OPEN) {
      throw new GatewayError('not_connected', 'The connection to the gateway is closed.');
    }
    this.#ws.send(JSON.stringify(message));
  }

  [REGISTER](call) { this.#calls.set(call.id, call); }
  [UNREGISTER](call) { if (this.#calls.get(call.id) === call) this.#calls.delete(call.id); }

  #route(message) {
    const call = typeof message.callId === 'string' ? this.#calls.get(message.callId) : undefined;
    if (call) {
      call[RECEIVE](message);
    } else if (message.type === 'error') {
      this.dispatchEvent(new CustomEvent('error', {
        detail: { code: message.code, message: message.message, callId: message.callId ?? null },
      }));
    }
  }

  #startKeepAlive() {
    clearInterval(this.#keepAliveTimer);
    if (this.#keepAliveMs > 0) {
      this.#keepAliveTimer = setInterval(() => { try { this.ping(); } catch { /* closing */ } }, this.#keepAliveMs);
    }
  }
}

