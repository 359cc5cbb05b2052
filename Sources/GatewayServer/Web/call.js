// One outgoing call of a GatewayClient (see gateway.js): the microphone, the
// RTCPeerConnection and the signaling messages of one callId (docs/signaling.md).

import { GatewayError, microphoneError } from './errors.js';

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

/** Hooks between GatewayClient and Call that are not part of the public API. */
export const hooks = Object.freeze({
  receive: Symbol('receive'),
  connectionLost: Symbol('connectionLost'),
  register: Symbol('register'),
  unregister: Symbol('unregister'),
});
const { receive: RECEIVE, connectionLost: CONNECTION_LOST, register: REGISTER, unregister: UNREGISTER } = hooks;

/** One outgoing call: microphone, RTCPeerConnection and the signaling for one callId. */
export class Call extends EventTarget {
  #client;
  #options;
  #pc = null;
  #audioTrack = null;
  #sent = false;       // the `call` message left
  #placed = null;      // {resolve, reject} until the gateway's first reply
  #placementTimer = null;
  #abort = new AbortController(); // hangup() before the `call` message left
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
  get active() { return !this.#finished && !this.#abort.signal.aborted; }

  /** Gets the microphone, sends the offer and waits for the gateway to take the call. */
  async start() {
    try {
      await this.#unlessCancelled(this.#client.connect());
      this.localStream = await this.#unlessCancelled(this.#openMicrophone());
      const sdp = await this.#unlessCancelled(this.#createOffer());
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
      this.#abort.abort();
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
    if (this.#abort.signal.aborted) {
      // The permission prompt was answered after hangup(): give the microphone back.
      for (const track of stream.getTracks()) track.stop();
      return stream;
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

  /** Waits for `promise` unless hangup() comes first. */
  #unlessCancelled(promise) {
    const signal = this.#abort.signal;
    if (signal.aborted) return Promise.reject(this.#cancelError());
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(this.#cancelError());
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => { signal.removeEventListener('abort', onAbort); resolve(value); },
        (error) => { signal.removeEventListener('abort', onAbort); reject(error); });
    });
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
