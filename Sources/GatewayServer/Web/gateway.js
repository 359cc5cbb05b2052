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
//   // Through an operator-made call link (its page is /call/<id>): no number, the link decides.
//   const linkCall = await new GatewayClient({ link: id }).call();
//
// Events on GatewayClient: 'hello' (detail: the hello message), 'call' (detail: {call}, a
// Call was created), 'close' (detail: {error, reconnect}: the WebSocket closed, why, and
// whether the client tries again by itself), 'reconnecting' (detail: {attempt, delay}, a
// connection attempt is scheduled), 'error' (detail:
// {code, message, callId}, a gateway error that belongs to no known call); for agents'
// consoles 'presence', 'incoming' and 'cancel' (agent-client.js; client.setPresence(state)).
// Events on Call: 'state' (detail: {state, previous, end}), and each state as an event of
// its own name with the same detail ('connected', 'reconnecting', 'failed', ...); 'ended'
// (detail: the end fields), 'dtmf' (detail: {digit}, from the far end), 'quality' (detail:
// the `quality` message: one leg's figures and warnings, every ~5 s), 'remotestream'
// (detail: {stream}), 'mute' (detail: {muted}), 'microphone' (detail: {deviceId, stream}:
// setMicrophone() switched it), 'audioblocked' (the browser refused to
// autoplay the far end's audio: call `call.resumeAudio()` from a click), 'error' (detail:
// {code, message, error}).
// A call that is never placed (microphone refused, gateway `error`, hangup() during
// setup) has no states: its start() rejects with a GatewayError and it emits 'error' only.
//
// Staying connected: once connected, a client whose WebSocket drops while no call waits
// connects again by itself after 1 s, 2 s, 4 s, ... at most 30 s apart (each ±20 % at
// random, so that pages a gateway restart dropped do not all come back at once), until
// close() or a refusal (a bad token, a call link no longer usable).
//
// Mute memory: a new call starts muted when the last call ended muted (client.startMuted),
// a choice kept in localStorage for the page's origin (mute-memory.js); `rememberMute: false`
// turns it off.
//
// Microphones: GatewayClient.microphones() lists the inputs ({deviceId, label}); the client's
// `microphone` (a deviceId) is opened by its next calls, and call.setMicrophone(deviceId)
// switches a call in progress without renegotiating.
//
// Reconnecting (docs/signaling.md): a call to a phone gets a resume token, kept in
// sessionStorage. When the WebSocket drops (not by close()), such a call becomes
// `reconnecting`; the client reconnects (0.5 s, 1 s, 2 s, ... at most 5 s apart) and
// resumes it with a new RTCPeerConnection (the same microphone track while it is live):
// `reconnected`, then `connected`. When the gateway's disconnect interval runs out first,
// or the gateway refuses the token, the call ends as `failed` (cause 'temporary_failure').
// After a reload, client.savedCalls() lists the calls the previous page left behind;
// client.restoreCall(entry) and call.resume() take one back (`reconnecting` at once).
// hangup() while `reconnecting` ends the call at once; the phone is released when the
// connection comes back in time (else by the gateway at the interval's end).
// When only the media path is lost (the browser's ICE goes `disconnected` or `failed`) while
// the WebSocket stays up, a connected call with a token restarts ICE on the same peer
// connection and sends `resume` on that WebSocket; the gateway keeps DTLS and SRTP and
// reports `reconnected`, then `connected`. If ICE does not come back, the call resumes once
// with a new peer connection on the same WebSocket. call.restartIce() does the ICE restart
// on request (a Promise).
//
// Causes and states made up by this client, never sent by the gateway: the `reconnecting`
// state before the gateway is reached again, the `failed` state, 'signaling_lost' (the
// WebSocket closed during a call that cannot be resumed, or close() was called), and the
// GatewayError codes of calls that were never placed ('microphone_blocked', 'cancelled',
// 'timeout', ...).

import { AgentDesk } from './agent-client.js';
import { Call, hooks } from './call.js';
import { GatewayError } from './errors.js';
import { listMicrophones } from './media.js';
import { MuteMemory } from './mute-memory.js';
import { orphanedCalls } from './resume-store.js';

export { Call, DEFAULT_AUDIO_CONSTRAINTS, RAW_AUDIO_CONSTRAINTS } from './call.js';
export { GatewayError, microphoneError } from './errors.js';
export { IncomingCall, PRESENCE_STATES } from './agent-client.js';

const {
  receive: RECEIVE, connectionLost: CONNECTION_LOST, register: REGISTER, unregister: UNREGISTER,
  resume: RESUME, awaitingResume: AWAITING_RESUME, requestResume: REQUEST_RESUME, muteChosen: MUTE_CHOSEN,
} = hooks;

/** Reconnection delays: the first, doubled after each failed attempt, up to the cap. */
const RECONNECT_FIRST_MS = 500;
const RECONNECT_MAX_MS = 5000;
/** The same with no call waiting: nothing is lost while the gateway is away, so slower. */
const IDLE_RECONNECT_FIRST_MS = 1000;
const IDLE_RECONNECT_MAX_MS = 30000;

/** The wait before reconnection attempt `attempt` (0, 1, ...) while a call waits to be resumed. */
export function resumeRetryDelay(attempt) {
  return Math.min(RECONNECT_FIRST_MS * 2 ** Math.min(attempt, 16), RECONNECT_MAX_MS);
}

/**
 * The wait before reconnection attempt `attempt` (0, 1, ...) of a client with no call
 * waiting: 1 s, 2 s, 4 s, ... at most 30 s, each between 80 % and 120 % of that (never over
 * 30 s) so that the pages one gateway restart dropped spread out. `random()` is in [0, 1).
 */
export function idleRetryDelay(attempt, random = Math.random) {
  const base = Math.min(IDLE_RECONNECT_FIRST_MS * 2 ** Math.min(attempt, 16), IDLE_RECONNECT_MAX_MS);
  return Math.min(Math.round(base * (0.8 + 0.4 * random())), IDLE_RECONNECT_MAX_MS);
}

/**
 * An `error` refusing the connection itself, sent before `hello` (then close code 4401): a
 * token that is missing, bad or expired, or a call link that cannot be used now.
 */
function isRefusal(code) {
  const text = String(code);
  return text.startsWith('token_') || text.startsWith('link_');
}

function defaultUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

/** One WebSocket to the gateway, carrying any number of calls. */
export class GatewayClient extends EventTarget {
  #url;
  #token;                // a signed token, or an async function returning a fresh one
  #link;                 // an operator-made call link's id, or null
  #audioConstraints;     // the microphone constraints of this client's calls
  #microphone;           // the deviceId its next calls open, or null: the browser's default
  #refusal = null;       // the `error` of a refused connection (docs/tokens.md)
  #ws = null;
  #hello = null;
  #connecting = null;
  #calls = new Map();
  #keepAliveMs;
  #keepAliveTimer = null;
  #closedByPage = false;  // close() was called: the calls end instead of waiting
  #reconnect;            // false: the page reconnects (connect()), not the client
  #reconnectTimer = null;
  #reconnectAttempts = 0;
  #stayConnected = false; // connected once, and neither closed by the page nor refused since
  #rememberMute;
  #mute;                 // the mute the next call starts with
  #agents = new AgentDesk(this);

  /**
   * @param {object} [options]
   * @param {string} [options.url] WebSocket URL; ws(s)://<this host>/ws by default.
   * @param {string} [options.identity] sent as `?identity=`; `anonymous` when absent
   *   (web_auth.mode: open).
   * @param {string|function(): Promise<string>} [options.token] a signed token from your backend
   *   (web_auth.mode: token, docs/tokens.md), or a function fetching a fresh one, called
   *   before every connection, reconnections during a call included.
   * @param {object} [options.audioConstraints] getUserMedia audio constraints of every call
   *   (a call's own option wins); DEFAULT_AUDIO_CONSTRAINTS (voice processing on) when absent.
   * @param {string} [options.link] an operator-made call link's id (the `<id>` of its
   *   `/call/<id>` page): sent as `?link=` instead of an identity or a token; the calls go to
   *   the link's destination, so call() needs no number.
   * @param {number} [options.keepAliveSeconds] interval of `ping` messages (0: none).
   * @param {boolean} [options.reconnect] false: the page, not the client, connects again
   *   after a drop, idle or while calls wait to be resumed (see resumeRetryDelay and
   *   idleRetryDelay); each connection resumes them.
   * @param {boolean} [options.rememberMute] false: calls start unmuted (or as startMuted is
   *   set), and their mute is neither kept nor stored.
   * @param {string} [options.microphone] the deviceId (of microphones()) every new call opens,
   *   on top of the audio constraints; the browser's default when absent.
   */
  constructor({ url, identity, token, link, audioConstraints, microphone, keepAliveSeconds = 25, reconnect = true,
    rememberMute = true } = {}) {
    super();
    const target = new URL(url || defaultUrl(), location.href);
    // A call link is the connection's whole credential: no identity, no token with it.
    this.#link = link ? String(link) : null;
    if (this.#link) target.searchParams.set('link', this.#link);
    else if (identity) target.searchParams.set('identity', identity);
    this.#url = target.href;
    this.#token = this.#link ? undefined : token;
    this.#audioConstraints = audioConstraints;
    this.microphone = microphone;
    this.#keepAliveMs = keepAliveSeconds * 1000;
    this.#reconnect = reconnect;
    this.#rememberMute = rememberMute !== false;
    // Kept per identity: the one the gateway confirmed, else the one asked for (a link's
    // page counts as one identity per link).
    const asked = this.#link ? `link:${this.#link.slice(0, 8)}` : identity;
    this.#mute = new MuteMemory(this.#rememberMute, () => this.identity || asked || 'anonymous');
  }

  get url() { return this.#url; }
  /** The call link this client connects through, or null. */
  get link() { return this.#link; }
  /** True once `hello` arrived and until the WebSocket closes. */
  get connected() { return this.#hello !== null && this.#ws?.readyState === WebSocket.OPEN; }
  /** The identity the gateway confirmed in `hello`, or null before it. */
  get identity() { return this.#hello ? this.#hello.identity : null; }
  /** The ICE servers from `hello`, for RTCPeerConnection. */
  get iceServers() { return this.#hello && Array.isArray(this.#hello.iceServers) ? this.#hello.iceServers : []; }
  /** True while a call waits for a connection to be resumed on (the WebSocket dropped). */
  get resuming() { return [...this.#calls.values()].some((call) => call[AWAITING_RESUME]); }

  /**
   * Whether the next call starts muted: the mute the last call ended with (the last mute()
   * of any call of a client of this origin), unless `rememberMute` is false. Set it for a
   * "start muted" control used without a call; with rememberMute it is stored too.
   */
  get startMuted() { return this.#mute.muted; }
  set startMuted(muted) { this.#mute.muted = muted; }

  /**
   * The deviceId of the microphone the next calls open (null: the browser's default). Calls
   * already made keep theirs: switch one with call.setMicrophone().
   */
  get microphone() { return this.#microphone; }
  set microphone(deviceId) { this.#microphone = deviceId ? String(deviceId) : null; }

  /**
   * The browser's audio inputs, [{deviceId, label}], its default first. Labels (and ids) are
   * empty until the page was allowed the microphone: then at most one entry is listed.
   */
  static microphones() { return listMicrophones(); }
  /** The same as GatewayClient.microphones(). */
  microphones() { return listMicrophones(); }

  /** Opens the WebSocket; resolves with the `hello` message. Safe to call repeatedly. */
  connect() {
    if (this.#connecting) return this.#connecting;
    const attempt = this.#connectionUrl().then((url) => new Promise((resolve, reject) => {
      let ws;
      try {
        ws = new WebSocket(url);
      } catch (error) {
        reject(new GatewayError('connection_failed', `Cannot open ${this.#url}.`, { cause: error }));
        return;
      }
      this.#ws = ws;
      ws.addEventListener('message', (event) => {
        let message;
        try { message = JSON.parse(event.data); } catch { return; }
        if (!message || typeof message !== 'object') return;
        if (message.type === 'error' && !this.#hello && isRefusal(message.code)) {
          this.#refusal = message;  // the gateway closes the connection next (code 4401)
          return;
        }
        if (message.type === 'hello') {
          this.#hello = message;
          this.#reconnectAttempts = 0;
          this.#stayConnected = true;
          this.#startKeepAlive();
          resolve(message);
          this.dispatchEvent(new CustomEvent('hello', { detail: message }));
          // Calls that waited for this connection are taken back (docs/signaling.md, "Reconnecting").
          for (const call of [...this.#calls.values()]) call[RESUME]();
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
        const refusal = this.#refusal;
        this.#refusal = null;
        // A refused token ends the calls unless a fresh one can be fetched (options.token
        // as a function); retrying the same token would only be refused again. A refused
        // call link is final too: it is unknown, revoked, expired, spent or closed now.
        const final = this.#closedByPage || (refusal !== null && typeof this.#token !== 'function');
        // With no call waiting, a refusal is the client's last word (a token refused with
        // no call to save, a call link no longer usable); the next connect() may try again.
        if (this.#closedByPage || refusal !== null) this.#stayConnected = false;
        this.#closedByPage = false;
        const error = refusal ? new GatewayError(refusal.code, refusal.message)
          : new GatewayError('connection_failed', 'Cannot reach the gateway.');
        reject(error);
        for (const call of [...this.#calls.values()]) call[CONNECTION_LOST]({ final });
        this.#agents.connectionLost();
        this.dispatchEvent(new CustomEvent('close', { detail: { error, reconnect: this.#willReconnect() } }));
        this.#scheduleReconnect();
      });
    }));
    this.#connecting = attempt;
    // A failed attempt must not stick: the next connect() tries again.
    attempt.catch(() => { if (this.#connecting === attempt) this.#connecting = null; });
    return attempt;
  }

  /** The URL of the next connection: with a token, a fresh one when `token` is a function. */
  async #connectionUrl() {
    if (!this.#token) return this.#url;
    let token;
    try {
      token = typeof this.#token === 'function' ? await this.#token() : this.#token;
    } catch (error) {
      throw new GatewayError('token_required', 'Could not get a token from the backend.', { cause: error });
    }
    if (typeof token !== 'string' || !token) {
      throw new GatewayError('token_required', 'The token function returned no token.');
    }
    const target = new URL(this.#url);
    target.searchParams.set('token', token);
    return target.href;
  }

  /**
   * Closes the WebSocket; calls still up end with cause 'signaling_lost' (the gateway
   * keeps calls to phones for calls.disconnect_interval, as for any dropped connection).
   */
  close() {
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    this.#stayConnected = false;
    if (this.#ws) {
      this.#closedByPage = true;
      this.#ws.close(1000);
    } else {
      for (const call of [...this.#calls.values()]) call[CONNECTION_LOST]({ final: true });
    }
  }

  /**
   * Closes the WebSocket as a failing network would: resumable calls become
   * `reconnecting` and the client reconnects. For tests of the reconnection.
   */
  dropConnection() {
    if (this.#ws) this.#ws.close(4000, 'dropped');
  }

  /**
   * Calls an earlier page of this tab (same gateway URL and identity) left behind that can
   * still be resumed, newest first: [{callId, number, identity, disconnectInterval,
   * connectedAt, deadline, incoming}] (times in ms since 1970; `incoming`: an agent's call's
   * caller details, see Call.incomingDetails, else null). Pass one to restoreCall().
   */
  savedCalls() {
    return orphanedCalls(this.#url).map(({ callId, number, identity, disconnectInterval, connectedAt, deadline, incoming }) =>
      ({ callId, number, identity, disconnectInterval, connectedAt: connectedAt ?? null, deadline, incoming: incoming ?? null }));
  }

  /**
   * A Call for an entry of savedCalls(), not yet resumed, so listeners can be attached
   * first; `call.resume()` takes it back. Options as for call(). Throws a GatewayError
   * ('invalid_state') when the call can no longer be resumed.
   */
  restoreCall(saved, options = {}) {
    const callId = saved && typeof saved === 'object' ? saved.callId : saved;
    const record = orphanedCalls(this.#url).find((entry) => entry.callId === callId);
    if (!record) throw new GatewayError('invalid_state', 'There is no saved call to resume.', { callId: callId ?? null });
    const call = new Call(this, String(record.number ?? ''), {
      audioConstraints: this.#audioConstraints, microphone: this.#microphone, ...options, callId: record.callId, restore: record,
    });
    this.dispatchEvent(new CustomEvent('call', { detail: { call } }));
    return call;
  }

  /**
   * Creates a Call without starting it, so listeners can be attached first. A call link's
   * client needs no destination (the link's is called).
   */
  createCall(destination, options = {}) {
    const call = new Call(this, String(destination ?? ''), {
      audioConstraints: this.#audioConstraints, microphone: this.#microphone, ...options,
    });
    this.dispatchEvent(new CustomEvent('call', { detail: { call } }));
    return call;
  }

  /**
   * Places a call. Resolves with the Call once the gateway accepted it (state `new`);
   * rejects with a GatewayError when the microphone, the offer or the gateway refuse it.
   * @param {string} [destination] a phone number, or `*43` for the echo test; left out on a
   *   call link's client (the gateway calls the link's destination)
   * @param {object} [options] {audioConstraints, microphone (a deviceId: the client's by
   *   default), audioElement, dtmfMode, callId, stream (a MediaStream to send instead of
   *   opening the microphone; its tracks are not stopped)}
   */
  async call(destination, options = {}) {
    return this.createCall(destination, options).start();
  }

  /** An agent's latest presence from the gateway ({state, activity, wrapUpUntil}), or null. */
  get presence() { return this.#agents.presence ? { ...this.#agents.presence } : null; }
  /** The IncomingCalls ringing this console, or being answered, oldest first. */
  get incomingCalls() { return this.#agents.incomingCalls; }
  /** Sets the agent's presence: 'available', 'away', 'busy' or 'offline'. */
  setPresence(state) { this.#agents.setPresence(state); }

  /** Sends a `ping`; the gateway answers `pong` (not surfaced). */
  ping(id) {
    this.send(id === undefined ? { type: 'ping' } : { type: 'ping', id });
  }

  /** Sends one signaling message. Throws a GatewayError when not connected. */
  send(message) {
    if (!this.#ws || this.#ws.readyState !== WebSocket.OPEN) {
      throw new GatewayError('not_connected', 'The connection to the gateway is closed.');
    }
    // Through a call link, a `call` without a number goes without `to`: the link decides.
    if (this.#link && message.type === 'call' && !message.to) {
      const { to, ...rest } = message;
      message = rest;
    }
    this.#ws.send(JSON.stringify(message));
  }

  [REGISTER](call) { this.#calls.set(call.id, call); }
  /** A call's mute() was called: the next call starts with that choice. */
  [MUTE_CHOSEN](muted) { if (this.#rememberMute) this.#mute.muted = muted; }
  [UNREGISTER](call) { if (this.#calls.get(call.id) === call) this.#calls.delete(call.id); }

  /** A restored call waits to be resumed: at once when connected, else once connected. */
  [REQUEST_RESUME](call) {
    if (this.connected) call[RESUME]();
    else if (!this.#ws && this.#reconnectTimer === null) this.connect().catch(() => this.#scheduleReconnect());
  }

  /** True when the connection is gone and the client will try again by itself. */
  #willReconnect() {
    return this.#reconnect && !this.#ws && (this.resuming || this.#stayConnected);
  }

  /**
   * Tries to connect again: after 0.5 s, 1 s, 2 s, ... (at most 5 s apart) while a call
   * waits to be resumed (each call gives up by itself when its disconnect interval ends);
   * with no call waiting, after 1 s, 2 s, 4 s, ... (at most 30 s, with jitter) until
   * connected, closed or refused.
   */
  #scheduleReconnect() {
    if (this.#reconnectTimer !== null) return;
    if (!this.#willReconnect()) {
      if (!this.#ws) this.#reconnectAttempts = 0;
      return;
    }
    const delay = this.resuming ? resumeRetryDelay(this.#reconnectAttempts) : idleRetryDelay(this.#reconnectAttempts);
    this.#reconnectAttempts += 1;
    this.dispatchEvent(new CustomEvent('reconnecting', { detail: { attempt: this.#reconnectAttempts, delay } }));
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      if (!this.#willReconnect()) return;
      this.connect().catch(() => this.#scheduleReconnect());
    }, delay);
  }

  #route(message) {
    if (this.#agents.receive(message)) return;
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

