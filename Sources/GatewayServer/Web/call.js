// One outgoing call of a GatewayClient (see gateway.js): the microphone, the
// RTCPeerConnection and the signaling messages of one callId (docs/signaling.md), including
// taking the call back after the WebSocket dropped ("Reconnecting").

import { GatewayError } from './errors.js';
import { DEFAULT_AUDIO_CONSTRAINTS, iceGatheringDone, newCallId, openMicrophone } from './media.js';
import * as saved from './resume-store.js';

export { DEFAULT_AUDIO_CONSTRAINTS } from './media.js';

/** Call states after which nothing but 'closed' follows. `failed` is this client's own. */
const END_STATES = new Set(['hung_up', 'rejected', 'not_answered', 'failed']);
/** The states that are also dispatched as events of their own name. */
const NAMED_STATES = new Set(['new', 'calling', 'ringing', 'connecting', 'connected', 'reconnecting',
  'reconnected', 'hung_up', 'rejected', 'not_answered', 'failed', 'closed']);
/** How long the gateway has to answer a `call` message with a state or an error. */
const PLACEMENT_TIMEOUT_MS = 15000;

/** Hooks between GatewayClient and Call that are not part of the public API. */
export const hooks = Object.freeze({
  receive: Symbol('receive'),
  connectionLost: Symbol('connectionLost'),
  register: Symbol('register'),
  unregister: Symbol('unregister'),
  resume: Symbol('resume'),
  awaitingResume: Symbol('awaitingResume'),
  requestResume: Symbol('requestResume'),
});
const {
  receive: RECEIVE, connectionLost: CONNECTION_LOST, register: REGISTER, unregister: UNREGISTER,
  resume: RESUME, awaitingResume: AWAITING_RESUME, requestResume: REQUEST_RESUME,
} = hooks;

/** One outgoing call: microphone, RTCPeerConnection and the signaling for one callId. */
export class Call extends EventTarget {
  #client;
  #options;
  #pc = null;
  #audioTrack = null;
  #sent = false;       // the `call` (or a restored call's first `resume`) message left
  #placed = null;      // {resolve, reject} until the gateway's first reply
  #placementTimer = null;
  #abort = new AbortController(); // hangup() before the `call` message left
  #finished = false;
  #endedSent = false;
  #token = null;       // the latest resume token; null for calls that cannot be resumed
  #interval = 0;       // seconds the gateway waits for a dropped browser
  #away = null;        // {deadline, timer, sent, flow} while the call waits to be resumed
  #hangupOnResume = null; // the cause of a hangup() made while away: sent once resumed
  #restored = null;    // {resolve, reject} of resume() until reconnected or failed

  constructor(client, destination, options) {
    super();
    this.#client = client;
    this.#options = options;
    this.id = options.callId || newCallId();
    this.destination = destination;
    /** Latest state; null until the gateway's `new`. */
    this.state = null;
    /** Every state in order. */
    this.states = [];
    /** {cause, reason, side, sipStatus, q850} once the call ended, else null. */
    this.end = null;
    /** When the call first became `connected` (ms since 1970), kept across a reload. */
    this.connectedAt = null;
    this.muted = false;
    this.localStream = null;
    this.remoteStream = null;
    this.audioElement = options.audioElement || new Audio();
    this.audioElement.autoplay = true;
  }

  get peerConnection() { return this.#pc; }
  /** True from start() until the call ended. */
  get active() { return !this.#finished && !this.#abort.signal.aborted; }
  /** True while the connection to the gateway is lost and the call waits to be resumed. */
  get reconnecting() { return this.#away !== null && !this.#finished; }
  /** True once the gateway sent a resume token: the call survives a dropped connection. */
  get resumable() { return this.#token !== null && !this.#finished; }

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

  /**
   * Takes back a call an earlier page left behind (GatewayClient.restoreCall): the call is
   * `reconnecting` at once, then `reconnected` and `connected` as after a dropped connection.
   * Resolves once `reconnected`; rejects with a GatewayError when it `failed`.
   */
  resume() {
    const record = this.#options.restore;
    if (!record || this.#sent) {
      return Promise.reject(new GatewayError('invalid_state', 'Only a restored call can be resumed, once.', { callId: this.id }));
    }
    this.#sent = true;
    this.#token = record.token;
    this.#interval = record.disconnectInterval;
    this.connectedAt = Number.isFinite(record.connectedAt) ? record.connectedAt : null;
    saved.saveCall({ ...record, deadline: undefined });
    const outcome = new Promise((resolve, reject) => { this.#restored = { resolve, reject }; });
    this.#client[REGISTER](this);
    this.#goAway(record.deadline);
    this.#client[REQUEST_RESUME](this);
    return outcome;
  }

  /** Ends the call (or abandons it while it is still being set up). */
  hangup(cause) {
    if (this.#finished) return;
    if (!this.#sent) {
      this.#abort.abort();
      return;
    }
    if (this.#away) {
      // The gateway keeps the phone until the call is resumed or its interval runs out:
      // the call ends here at once, and is taken back only to hang it up, if that is in time.
      this.#hangupOnResume = cause || 'normal_clearing';
      this.#onState({ state: 'hung_up', cause: this.#hangupOnResume, reason: 'You hung up.', side: 'local', q850: 16 });
      this.#onState({ state: 'closed' });
      if (this.#away && this.#away.sent) {
        // The resume is out already: the gateway takes this hangup right after it.
        this.#sendHangup(this.#hangupOnResume);
        this.#stopReleasing();
      } else if (this.#client.connected) {
        this[RESUME]();
      }
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
    if (this.#away) {
      throw new GatewayError('invalid_state', 'The call is reconnecting; send the digits once it is back.', { callId: this.id });
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
    const stream = await openMicrophone(this.#options.audioConstraints);
    if (this.#abort.signal.aborted || this.#finished) {
      // The permission prompt was answered after hangup(): give the microphone back.
      for (const track of stream.getTracks()) track.stop();
      return stream;
    }
    this.#audioTrack = stream.getAudioTracks()[0] || null;
    if (this.#audioTrack) this.#audioTrack.enabled = !this.muted;
    return stream;
  }

  /** A new RTCPeerConnection (the previous one is closed) and its complete offer. */
  async #createOffer() {
    if (this.#pc && this.#pc.signalingState !== 'closed') this.#pc.close();
    const pc = new RTCPeerConnection({ iceServers: this.#client.iceServers });
    this.#pc = pc;
    pc.addEventListener('track', (event) => { if (pc === this.#pc) this.#onTrack(event); });
    pc.addEventListener('connectionstatechange', () => {
      // The gateway also notices (consent freshness), but telling it at once is faster.
      if (pc === this.#pc && pc.connectionState === 'failed' && this.#sent && !this.#finished && !this.#away) {
        this.#sendHangup('media_failure');
      }
    });
    const tracks = this.localStream && !this.#finished ? this.localStream.getAudioTracks() : [];
    for (const track of tracks) pc.addTrack(track, this.localStream);
    // Taken back only to be hung up: an offer without a microphone.
    if (!tracks.length) pc.addTransceiver('audio', { direction: 'recvonly' });
    await pc.setLocalDescription(await pc.createOffer());
    await iceGatheringDone(pc);
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
      case 'resume_token': this.#onResumeToken(message); break;
      case 'dtmf': this.dispatchEvent(new CustomEvent('dtmf', { detail: { digit: message.digit } })); break;
      case 'error': this.#onError(message); break;
      default: break;
    }
  }

  /** True while the client should reconnect for this call. */
  get [AWAITING_RESUME]() { return this.#away !== null; }

  /**
   * The WebSocket closed. `final`: the page closed it (the call ends with 'signaling_lost');
   * otherwise a resumable call waits for the client to reconnect. Returns true when the
   * call waits.
   */
  [CONNECTION_LOST]({ final = false } = {}) {
    if (this.#hangupOnResume !== null) {
      if (final) this.#stopReleasing();
      else if (this.#away) this.#away.sent = false;
      return this.#away !== null;
    }
    if (this.#finished) return false;
    if (this.#placed) {
      this.#failPlacement(new GatewayError('connection_failed', 'The connection to the gateway was lost.', { callId: this.id }));
      return false;
    }
    if (!final && this.#token !== null && !this.end) {
      this.#goAway();
      return true;
    }
    if (!this.end) {
      this.#onState({ state: 'hung_up', cause: 'signaling_lost', reason: 'The connection to the gateway was lost.', side: 'local' });
    }
    this.#onState({ state: 'closed' });
    return false;
  }

  /** Becomes `reconnecting` until `deadline` (ms since 1970), when the call has failed. */
  #goAway(deadline) {
    if (this.#away) {
      this.#away.sent = false; // a resume attempt's connection dropped too: the next one retries
      return;
    }
    const now = Date.now();
    const until = Number.isFinite(deadline) ? deadline : now + this.#interval * 1000;
    const timer = setTimeout(() => {
      if (this.#hangupOnResume !== null) this.#stopReleasing();
      else this.#resumeFailed(`The connection to the gateway could not be restored within ${this.#interval} s; the call was ended.`);
    }, Math.max(0, until - now));
    this.#away = { deadline: until, timer, sent: false, flow: null };
    saved.updateCall(this.id, { droppedAt: Math.min(now, until - this.#interval * 1000) });
    this.#onState({ state: 'reconnecting' });
  }

  /** Connected again: sends `resume` with a new peer connection (once per connection). */
  [RESUME]() {
    const away = this.#away;
    if (!away || away.sent || away.flow) return;
    away.flow = this.#sendResume(away).finally(() => { away.flow = null; });
  }

  async #sendResume(away) {
    let sdp;
    try {
      // The microphone stays open across a dropped connection; a reloaded page opens it again.
      if (!this.#finished && !(this.#audioTrack && this.#audioTrack.readyState === 'live')) {
        this.localStream = await this.#openMicrophone();
      }
      if (this.#away !== away) return;
      sdp = await this.#createOffer();
    } catch (error) {
      if (this.#away !== away) return;
      if (this.#hangupOnResume !== null) this.#stopReleasing();
      else this.#resumeFailed(`The call could not be taken back: ${error.message}`);
      return;
    }
    if (this.#away !== away || away.sent) return;
    try {
      this.#client.send({ type: 'resume', callId: this.id, token: this.#token, sdp });
    } catch {
      return; // the connection dropped again: the next one retries
    }
    away.sent = true;
    if (this.#hangupOnResume !== null) {
      // Hung up while away: the gateway takes this hangup right after the resume.
      this.#sendHangup(this.#hangupOnResume);
      this.#stopReleasing();
    }
  }

  /** The call could not be taken back: it ends here as `failed`. */
  #resumeFailed(reason) {
    if (!this.#away || this.#finished) return;
    this.#onState({ state: 'failed', cause: 'temporary_failure', reason, side: 'local', q850: 41 });
    this.#onState({ state: 'closed' });
  }

  /** Ends the work of a call hung up while away: nothing more is sent for it. */
  #stopReleasing() {
    this.#clearAway();
    if (this.#pc && this.#pc.signalingState !== 'closed') this.#pc.close();
    this.#client[UNREGISTER](this);
  }

  #clearAway() {
    if (!this.#away) return;
    clearTimeout(this.#away.timer);
    this.#away = null;
  }

  #onResumeToken(message) {
    if (typeof message.token !== 'string' || !message.token || this.#finished) return;
    this.#token = message.token;
    if (Number.isFinite(message.disconnectInterval) && message.disconnectInterval > 0) {
      this.#interval = message.disconnectInterval;
    }
    saved.saveCall({
      callId: this.id, token: this.#token, disconnectInterval: this.#interval, number: this.destination,
      identity: this.#client.identity, url: this.#client.url, connectedAt: this.connectedAt, droppedAt: null,
    });
  }

  #onState(message) {
    if (typeof message.state !== 'string' || this.#finished) return;
    this.#resolvePlacement();
    const previous = this.state;
    this.state = message.state;
    this.states.push(message.state);
    if (message.state === 'connected' && this.connectedAt === null) {
      this.connectedAt = Date.now();
      saved.updateCall(this.id, { connectedAt: this.connectedAt });
    }
    if (message.state === 'reconnected') {
      this.#clearAway();
      this.#settleRestored(null);
    }
    if (END_STATES.has(message.state) || (message.state === 'closed' && !this.end)) {
      this.end = {
        cause: message.cause ?? null,
        reason: message.reason ?? null,
        side: message.side ?? null,
        sipStatus: message.sipStatus ?? null,
        q850: message.q850 ?? null,
      };
      this.#release();
      saved.forgetCall(this.id);
      if (this.#hangupOnResume === null) this.#clearAway();
      this.#settleRestored(new GatewayError('resume_failed', this.end.reason || 'The call ended.', { callId: this.id }));
    }
    const detail = { state: this.state, previous, end: this.end };
    this.dispatchEvent(new CustomEvent('state', { detail }));
    // Each documented state is also an event of its own name: 'reconnecting', 'connected', ...
    if (NAMED_STATES.has(this.state)) this.dispatchEvent(new CustomEvent(this.state, { detail }));
    if (this.end && !this.#endedSent) {
      this.#endedSent = true;
      this.dispatchEvent(new CustomEvent('ended', { detail: this.end }));
    }
    if (message.state === 'closed') {
      this.#finished = true;
      saved.forgetCall(this.id);
      if (this.#hangupOnResume === null) this.#client[UNREGISTER](this);
    }
  }

  #settleRestored(error) {
    const restored = this.#restored;
    if (!restored) return;
    this.#restored = null;
    if (error) restored.reject(error);
    else restored.resolve(this);
  }

  async #onAnswer(sdp) {
    this.#resolvePlacement();
    const pc = this.#pc;
    if (!pc || pc.signalingState === 'closed') return;
    try {
      await pc.setRemoteDescription({ type: 'answer', sdp });
    } catch (error) {
      if (pc !== this.#pc) return;
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
    // While away, an error answers the `resume` message (bad_token: the gateway ended the
    // call, or the token was used already).
    if (this.#away && this.#away.sent && message.code !== 'bad_digits') {
      this.#resumeFailed(message.code === 'bad_token'
        ? 'The call could not be taken back: the gateway no longer has it (it ended while the connection was lost).'
        : `The call could not be taken back: ${error.message}`);
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
