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
//
// Causes made up by this client, never sent by the gateway: 'signaling_lost' (the
// WebSocket closed during the call) and the GatewayError codes of calls that were never
// placed ('microphone_blocked', 'cancelled', 'timeout', ...).

/** Call states after which the gateway sends nothing but 'closed' (docs/signaling.md). */
const END_STATES = new Set(['hung_up', 'rejected', 'not_answered']);

/** Microphone processing off by default: it lowers the level of test tones tenfold. */
export const DEFAULT_AUDIO_CONSTRAINTS = Object.freeze({
  echoCancellation: false,
  autoGainControl: false,
  noiseSuppression: false,
});

/** The client does not wait longer than this for ICE candidates before sending the offer. */
const ICE_GATHERING_CAP_MS = 2000;
/** How long the gateway has to answer a `call` message with a state or an error. */
const PLACEMENT_TIMEOUT_MS = 15000;

/** An error with a stable `code`: a gateway `error` message or a local failure. */
export class GatewayError extends Error {
  constructor(code, message, { callId = null, cause } = {}) {
    super(message, cause ? { cause } : undefined);
    this.name = 'GatewayError';
    this.code = code;
    this.callId = callId;
  }
}

/** Turns a getUserMedia failure into a GatewayError that tells the user what to do. */
export function microphoneError(error) {
  const name = error && error.name;
  if (!globalThis.isSecureContext || !navigator.mediaDevices) {
    return new GatewayError('microphone_unavailable',
      'This page cannot use the microphone because it was not opened over a secure ' +
      'connection. Open it with https:// (or from localhost).', { cause: error });
  }
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new GatewayError('microphone_blocked',
        'The browser blocked the microphone. Allow microphone access for this site ' +
        '(click the lock or microphone icon in the address bar, or open the site ' +
        'settings), then call again.', { cause: error });
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new GatewayError('microphone_missing',
        'No microphone was found. Connect one, or check the sound settings of your ' +
        'system, then call again.', { cause: error });
    case 'NotReadableError':
    case 'AbortError':
      return new GatewayError('microphone_busy',
        'The microphone could not be started. Another application may be using it; ' +
        'close it and call again.', { cause: error });
    default:
      return new GatewayError('microphone_error',
        `The microphone could not be opened (${name || error}).`, { cause: error });
  }
}

function defaultUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

/** A callId the gateway accepts: 1 to 64 characters of A-Za-z0-9._- (docs/signaling.md). */
function newCallId() {
  const random = globalThis.crypto && crypto.randomUUID
    ? crypto.randomUUID().replaceAll('-', '')
    : Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  return `c${Date.now().toString(36)}-${random}`.slice(0, 64);
}

/** Resolves when ICE gathering completes, or after `capMs`, whichever comes first. */
function iceGatheringDone(pc, capMs) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onState);
      pc.removeEventListener('icecandidate', onCandidate);
      resolve();
    };
    const onState = () => { if (pc.iceGatheringState === 'complete') finish(); };
    const onCandidate = (event) => { if (!event.candidate) finish(); };
    const timer = setTimeout(finish, capMs);
    pc.addEventListener('icegatheringstatechange', onState);
    pc.addEventListener('icecandidate', onCandidate);
  });
}

// Private hooks between GatewayClient and Call.
const RECEIVE = Symbol('receive');
const CONNECTION_LOST = Symbol('connectionLost');
const REGISTER = Symbol('register');
const UNREGISTER = Symbol('unregister');

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

/** One outgoing call: microphone, RTCPeerConnection and the signaling for one callId. */
export class Call extends EventTarget {
  #client;
  #options;
  #pc = null;
  #audioTrack = null;
  #sent = false;       // the `call` message left
  #placed = null;      // {resolve, reject} until the gateway's first reply
  #placementTimer = null;
  #cancelled = false;
  #finished = false;
  #endedSent = false;

  constructor(client, destination, options) {
    super();
    this.#client = client;
    this.#options = options;
    this.id = options.callId || newCallId();
    this.destination = destination;
    /** Latest gateway state; null until the gateway's `new`. */
    this.state = null;
    /** Every state in order. */
    this.states = [];
    /** {cause, reason, side, sipStatus, q850} once the call ended, else null. */
    this.end = null;
    this.muted = false;
    this.localStream = null;
    this.remoteStream = null;
    this.audioElement = options.audioElement || new Audio();
    this.audioElement.autoplay = true;
  }

  get peerConnection() { return this.#pc; }
  /** True from start() until the call ended. */
  get active() { return !this.#finished && !this.#cancelled; }

  /** Gets the microphone, sends the offer and waits for the gateway to take the call. */
  async start() {
    try {
      await this.#client.connect();
      this.localStream = await this.#openMicrophone();
      if (this.#cancelled) throw this.#cancelError();
      const sdp = await this.#createOffer();
      if (this.#cancelled) throw this.#cancelError();
      const accepted = new Promise((resolve, reject) => { this.#placed = { resolve, reject }; });
      this.#client[REGISTER](this);
      this.#client.send({ type: 'call', callId: this.id, to: this.destination, sdp });
      this.#sent = true;
      this.#placementTimer = setTimeout(() => {
        this.#failPlacement(new GatewayError('timeout', 'The gateway did not answer the call request.', { callId: this.id }));
        this.#sendHangup();
      }, PLACEMENT_TIMEOUT_MS);
      await accepted;
      return this;
    } catch (error) {
      const failure = error instanceof GatewayError
        ? error : new GatewayError('call_failed', String(error && error.message || error), { cause: error });
      this.#placed = null;
      this.#finished = true;
      this.#release();
      this.#client[UNREGISTER](this);
      if (!this.end) this.end = { cause: failure.code, reason: failure.message, side: 'local', sipStatus: null, q850: null };
      this.dispatchEvent(new CustomEvent('error', { detail: { code: failure.code, message: failure.message, error: failure } }));
      throw failure;
    }
  }

  /** Ends the call (or abandons it while it is still being set up). */
  hangup(cause) {
    if (this.#finished) return;
    if (!this.#sent) {
      this.#cancelled = true;
      return;
    }
    if (!this.#sendHangup(cause)) this[CONNECTION_LOST]();
  }

  /**
   * Sends digits (0-9 * # A-D) to the far end: as a signaling `dtmf` message and, once
   * connected, as RFC 4733 events through RTCRtpSender.dtmf. `dtmfMode` ('both' by
   * default, 'signaling' or 'rtp') picks the ways.
   */
  sendDigits(digits) {
    const clean = String(digits).toUpperCase().replace(/[\s-]/g, '');
    if (!/^[0-9*#A-D]+$/.test(clean)) {
      throw new GatewayError('bad_digits', `Cannot send "${digits}": digits are 0-9, *, #, A-D.`, { callId: this.id });
    }
    if (!this.#sent || this.#finished) {
      throw new GatewayError('invalid_state', 'There is no call to send digits to.', { callId: this.id });
    }
    const mode = this.#options.dtmfMode || 'both';
    if (mode !== 'rtp') this.#client.send({ type: 'dtmf', callId: this.id, digits: clean });
    const sender = this.#pc && this.#pc.getSenders().find((s) => s.track && s.track.kind === 'audio');
    const dtmf = sender && sender.dtmf;
    if (mode !== 'signaling' && dtmf && this.state === 'connected' && dtmf.canInsertDTMF !== false) {
      dtmf.insertDTMF(dtmf.toneBuffer + clean, 100, 70);
    }
  }

  /** Mutes (true) or unmutes (false) the microphone. */
  mute(muted = true) {
    this.muted = Boolean(muted);
    if (this.#audioTrack) this.#audioTrack.enabled = !this.muted;
    this.dispatchEvent(new CustomEvent('mute', { detail: { muted: this.muted } }));
  }

  /** Starts the far end's audio after an 'audioblocked' event; call it from a click. */
  resumeAudio() {
    return this.audioElement.play();
  }

  async #openMicrophone() {
    const audio = this.#options.audioConstraints || DEFAULT_AUDIO_CONSTRAINTS;
    let stream;
    try {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) throw new TypeError('no mediaDevices');
      stream = await navigator.mediaDevices.getUserMedia({ audio, video: false });
    } catch (error) {
      throw microphoneError(error);
    }
    this.#audioTrack = stream.getAudioTracks()[0] || null;
    if (this.#audioTrack) this.#audioTrack.enabled = !this.muted;
    return stream;
  }

  async #createOffer() {
    const pc = new RTCPeerConnection({ iceServers: this.#client.iceServers });
    this.#pc = pc;
    pc.addEventListener('track', (event) => this.#onTrack(event));
    pc.addEventListener('connectionstatechange', () => {
      // The gateway also notices (consent freshness), but telling it at once is faster.
      if (pc.connectionState === 'failed' && this.#sent && !this.#finished) this.#sendHangup('media_failure');
    });
    for (const track of this.localStream.getAudioTracks()) pc.addTrack(track, this.localStream);
    await pc.setLocalDescription(await pc.createOffer());
    await iceGatheringDone(pc, ICE_GATHERING_CAP_MS);
    return pc.localDescription.sdp;
  }

  #onTrack(event) {
    this.remoteStream = event.streams[0] || new MediaStream([event.track]);
    this.audioElement.srcObject = this.remoteStream;
    const playing = this.audioElement.play();
    if (playing && playing.catch) {
      playing.catch((error) => {
        if (error && error.name === 'NotAllowedError') this.dispatchEvent(new Event('audioblocked'));
      });
    }
    this.dispatchEvent(new CustomEvent('remotestream', { detail: { stream: this.remoteStream } }));
  }

  [RECEIVE](message) {
    switch (message.type) {
      case 'state': this.#onState(message); break;
      case 'answer': this.#onAnswer(message.sdp); break;
      case 'dtmf': this.dispatchEvent(new CustomEvent('dtmf', { detail: { digit: message.digit } })); break;
      case 'error': this.#onError(message); break;
      default: break;
    }
  }

  [CONNECTION_LOST]() {
    if (this.#finished) return;
    if (this.#placed) {
      this.#failPlacement(new GatewayError('connection_failed', 'The connection to the gateway was lost.', { callId: this.id }));
      return;
    }
    if (!this.end) {
      this.#onState({ state: 'hung_up', cause: 'signaling_lost', reason: 'The connection to the gateway was lost.', side: 'local' });
    }
    this.#onState({ state: 'closed' });
  }

  #onState(message) {
    if (typeof message.state !== 'string' || this.#finished) return;
    this.#resolvePlacement();
    const previous = this.state;
    this.state = message.state;
    this.states.push(message.state);
    if (END_STATES.has(message.state) || (message.state === 'closed' && !this.end)) {
      this.end = {
        cause: message.cause ?? null,
        reason: message.reason ?? null,
        side: message.side ?? null,
        sipStatus: message.sipStatus ?? null,
        q850: message.q850 ?? null,
      };
      this.#release();
    }
    this.dispatchEvent(new CustomEvent('state', { detail: { state: this.state, previous, end: this.end } }));
    if (this.end && !this.#endedSent) {
      this.#endedSent = true;
      this.dispatchEvent(new CustomEvent('ended', { detail: this.end }));
    }
    if (message.state === 'closed') {
      this.#finished = true;
      this.#client[UNREGISTER](this);
    }
  }

  async #onAnswer(sdp) {
    this.#resolvePlacement();
    if (!this.#pc || this.#pc.signalingState === 'closed') return;
    try {
      await this.#pc.setRemoteDescription({ type: 'answer', sdp });
    } catch (error) {
      const failure = new GatewayError('bad_answer', `The gateway's answer could not be used: ${error.message}`, { callId: this.id, cause: error });
      this.dispatchEvent(new CustomEvent('error', { detail: { code: failure.code, message: failure.message, error: failure } }));
      this.#sendHangup('media_failure');
    }
  }

  #onError(message) {
    const error = new GatewayError(message.code || 'error', message.message || 'The gateway refused a request.', { callId: this.id });
    // Before the first state, an error answers the `call` message: the call never existed.
    if (this.#placed && message.code !== 'bad_digits') {
      this.#failPlacement(error);
      return;
    }
    this.dispatchEvent(new CustomEvent('error', { detail: { code: error.code, message: error.message, error } }));
  }

  #resolvePlacement() {
    if (!this.#placed) return;
    clearTimeout(this.#placementTimer);
    this.#placed.resolve();
    this.#placed = null;
  }

  #failPlacement(error) {
    if (!this.#placed) return;
    clearTimeout(this.#placementTimer);
    this.#finished = true;
    this.#placed.reject(error);
    this.#placed = null;
  }

  #sendHangup(cause) {
    try {
      this.#client.send(cause ? { type: 'hangup', callId: this.id, cause } : { type: 'hangup', callId: this.id });
      return true;
    } catch {
      return false;
    }
  }

  #cancelError() {
    return new GatewayError('cancelled', 'The call was cancelled before it was placed.', { callId: this.id });
  }

  /** Stops the microphone and closes the peer connection; the call's media is over. */
  #release() {
    if (this.localStream) for (const track of this.localStream.getTracks()) track.stop();
    if (this.#pc && this.#pc.signalingState !== 'closed') this.#pc.close();
  }
}
