// One call of a GatewayClient (see gateway.js): the microphone, the RTCPeerConnection and
// the signaling messages of one callId (docs/signaling.md), including taking the call back
// after the WebSocket dropped, or its media path while the WebSocket stayed up
// ("Reconnecting"). An agent's answer to an `incoming` call (agent-client.js) is a Call too:
// the same offer and states, with `accept` as its first message instead of `call`.

import { GatewayError } from './errors.js';
import { DEFAULT_AUDIO_CONSTRAINTS, iceGatheringDone, newCallId, openMicrophone, replaceMicrophone } from './media.js';
import { Resumption } from './call-resume.js';
import { MediaRecovery } from './media-recovery.js';

export { DEFAULT_AUDIO_CONSTRAINTS, RAW_AUDIO_CONSTRAINTS } from './media.js';

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
  muteChosen: Symbol('muteChosen'),
});
const {
  receive: RECEIVE, connectionLost: CONNECTION_LOST, register: REGISTER, unregister: UNREGISTER,
  resume: RESUME, awaitingResume: AWAITING_RESUME, requestResume: REQUEST_RESUME, muteChosen: MUTE_CHOSEN,
} = hooks;

/** One call: microphone, RTCPeerConnection and the signaling for one callId. */
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
  #resumption;         // the resume token, and the call's return after a dropped connection
  #recovery;           // ICE restart (then a new peer connection) while the connection stays up
  #ownsStream = true;  // false for options.stream: the page that gave it stops its tracks
  #microphone;         // the deviceId the microphone is opened with, or null: the browser's default
  #switching = Promise.resolve(); // setMicrophone() calls, one after the other

  constructor(client, destination, options) {
    super();
    this.#client = client;
    this.#options = options;
    this.id = options.callId || newCallId();
    this.#microphone = options.microphone ? String(options.microphone) : null;
    this.destination = destination;
    /** The `incoming` this call answers (agent-client.js), or null for a call placed here. */
    this.incoming = options.incoming || null;
    /** An agent's call: its caller's details {from, fromName, to, group, keys}, kept with
     * the resume token so that a reloaded console shows them again; null for a placed call. */
    this.incomingDetails = this.incoming ? this.incoming.details : (options.restore && options.restore.incoming) || null;
    this.direction = this.incomingDetails ? 'inbound' : 'outbound';
    /** Latest state; null until the gateway's `new`. */
    this.state = null;
    /** Every state in order. */
    this.states = [];
    /** {cause, reason, side, sipStatus, q850} once the call ended, else null. */
    this.end = null;
    /** When the call first became `connected` (ms since 1970), kept across a reload. */
    this.connectedAt = null;
    /** Starts as the last call ended (GatewayClient.startMuted); mute() changes it. */
    this.muted = Boolean(client.startMuted);
    this.localStream = null;
    this.remoteStream = null;
    this.audioElement = options.audioElement || new Audio();
    this.audioElement.autoplay = true;
    this.#resumption = new Resumption(this, client, {
      state: (message) => this.#onState(message),
      offer: () => this.#reoffer(),
      hangup: (cause) => this.#sendHangup(cause),
      closeMedia: () => { if (this.#pc && this.#pc.signalingState !== 'closed') this.#pc.close(); },
      unregister: () => this.#client[UNREGISTER](this),
    });
    this.#recovery = new MediaRecovery(this.id, {
      pc: () => this.#pc,
      refusal: (options) => this.#recoveryRefusal(options),
      restartOffer: () => this.#restartOffer(),
      newOffer: () => this.#reoffer(),
      sendResume: (sdp) => this.#resumption.sendResume(sdp),
      error: (error) => this.dispatchEvent(new CustomEvent('error', { detail: { code: error.code, message: error.message, error } })),
    });
  }

  get peerConnection() { return this.#pc; }
  /** True from start() until the call ended. */
  get active() { return !this.#finished && !this.#abort.signal.aborted; }
  /** True while the connection to the gateway is lost and the call waits to be resumed. */
  get reconnecting() { return this.#resumption.waiting && !this.#finished; }
  /** While reconnecting: when the gateway gives up the call (ms since 1970); else null. */
  get resumeDeadline() { return this.reconnecting ? this.#resumption.deadline : null; }
  /** True once the gateway sent a resume token: the call survives a dropped connection. */
  get resumable() { return this.#resumption.resumable && !this.#finished; }

  /** Gets the microphone, sends the offer and waits for the gateway to take the call. */
  async start() {
    try {
      await this.#unlessCancelled(this.#client.connect());
      this.localStream = await this.#unlessCancelled(this.#openMicrophone());
      const sdp = await this.#unlessCancelled(this.#createOffer());
      const accepted = new Promise((resolve, reject) => { this.#placed = { resolve, reject }; });
      this.#client[REGISTER](this);
      // An agent's answer names the gateway's callId; its states follow as for a placed call.
      this.#client.send(this.incoming ? { type: 'accept', callId: this.id, sdp }
        : { type: 'call', callId: this.id, to: this.destination, sdp });
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
    this.connectedAt = Number.isFinite(record.connectedAt) ? record.connectedAt : null;
    this.#client[REGISTER](this);
    const outcome = this.#resumption.restore(record,
      (reason) => new GatewayError('resume_failed', reason, { callId: this.id }));
    this.#client[REQUEST_RESUME](this);
    return outcome;
  }

  /**
   * Restarts ICE on the call's peer connection (a new network path, same DTLS and SRTP) and
   * has the gateway take it, with `resume` on the open WebSocket: the gateway answers, and
   * reports `reconnected`, then `connected`. Done by itself when ICE is lost while the
   * WebSocket stays up. Resolves once the answer is applied and ICE is up; rejects with a
   * GatewayError ('invalid_state' unless the call is connected, has a resume token and its
   * WebSocket is open; or the gateway's error code, 'timeout', ...).
   */
  restartIce() {
    return this.#recovery.restartIce();
  }

  /** Ends the call (or abandons it while it is still being set up). */
  hangup(cause) {
    if (this.#finished) return;
    if (!this.#sent) {
      this.#abort.abort();
      return;
    }
    if (this.#resumption.waiting) {
      this.#resumption.hangup(cause || 'normal_clearing');
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
    if (this.#resumption.waiting) {
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

  /** Mutes (true) or unmutes (false) the microphone; the client's next calls start so too. */
  mute(muted = true) {
    this.muted = Boolean(muted);
    if (this.#audioTrack) this.#audioTrack.enabled = !this.muted;
    this.#client[MUTE_CHOSEN](this.muted);
    this.dispatchEvent(new CustomEvent('mute', { detail: { muted: this.muted } }));
  }

  /** The deviceId of the call's microphone as chosen (option or setMicrophone()), or null: the browser's default. */
  get microphone() { return this.#microphone; }

  /**
   * Switches the call's microphone to the input `deviceId` (GatewayClient.microphones(); null:
   * the browser's default) with no new offer: the new track replaces the old one in the
   * RTCRtpSender, keeps the call's mute, and the old track is stopped (unless it came from the
   * `stream` option). Later reopenings (a resume after a reload) use it too. Before start() it
   * only chooses the microphone start() opens. Resolves once the new track is sent; rejects with
   * a GatewayError (microphone_missing, microphone_blocked, ... as start(); invalid_state once
   * the call ended), the old microphone still in use. Calls are done one after the other.
   */
  setMicrophone(deviceId) {
    const next = this.#switching.catch(() => {}).then(() => this.#switchMicrophone(deviceId ? String(deviceId) : null));
    this.#switching = next;
    return next;
  }

  async #switchMicrophone(deviceId) {
    const ended = () => new GatewayError('invalid_state', 'The call has ended; its microphone cannot be switched.', { callId: this.id });
    if (this.#finished || this.#abort.signal.aborted) throw ended();
    if (!this.#audioTrack) {
      this.#microphone = deviceId; // not open yet: start() (or the resume) opens this one
      return;
    }
    const stream = await replaceMicrophone(this.#pc, this.#options.audioConstraints, deviceId, () => !this.muted);
    if (this.#finished) {
      for (const track of stream.getTracks()) track.stop();
      throw ended();
    }
    const previous = this.#ownsStream ? this.localStream : null;
    this.localStream = stream;
    this.#audioTrack = stream.getAudioTracks()[0];
    this.#audioTrack.enabled = !this.muted;
    this.#ownsStream = true;
    this.#microphone = deviceId;
    if (previous) for (const track of previous.getTracks()) track.stop();
    this.dispatchEvent(new CustomEvent('microphone', { detail: { deviceId, stream } }));
  }

  /** Starts the far end's audio after an 'audioblocked' event; call it from a click. */
  resumeAudio() {
    return this.audioElement.play();
  }

  async #openMicrophone() {
    // A stream the page already has (a microphone open for the whole shift, a test tone).
    this.#ownsStream = !this.#options.stream;
    const stream = this.#options.stream || await openMicrophone(this.#options.audioConstraints, this.#microphone);
    if (this.#abort.signal.aborted || this.#finished) {
      // The permission prompt was answered after hangup(): give the microphone back.
      if (this.#ownsStream) for (const track of stream.getTracks()) track.stop();
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
    pc.addEventListener('iceconnectionstatechange', () => { if (pc === this.#pc) this.#recovery.iceState(pc); });
    pc.addEventListener('connectionstatechange', () => {
      if (pc !== this.#pc || pc.connectionState !== 'failed' || !this.#sent || this.#finished || this.#resumption.waiting) return;
      // A call that can be resumed first tries to get its media back (media-recovery.js).
      // Otherwise: the gateway also notices (consent freshness), but telling it at once is faster.
      if (!this.#recovery.mediaLost(pc)) this.#sendHangup('media_failure');
    });
    const tracks = this.localStream && !this.#finished ? this.localStream.getAudioTracks() : [];
    for (const track of tracks) pc.addTrack(track, this.localStream);
    // Taken back only to be hung up: an offer without a microphone.
    if (!tracks.length) pc.addTransceiver('audio', { direction: 'recvonly' });
    await pc.setLocalDescription(await pc.createOffer());
    await iceGatheringDone(pc);
    return pc.localDescription.sdp;
  }

  /** The offer of a resume: the microphone stays open across a dropped connection; a
   * reloaded page opens it again (not for a call hung up while away: it only gets released). */
  async #reoffer() {
    if (!this.#finished && !(this.#audioTrack && this.#audioTrack.readyState === 'live')) {
      this.localStream = await this.#openMicrophone();
    }
    return this.#createOffer();
  }

  /** An ICE restart offer of the current peer connection: new ICE credentials, same DTLS. */
  async #restartOffer() {
    const pc = this.#pc;
    pc.restartIce();
    const offer = await pc.createOffer();
    const gathered = iceGatheringDone(pc, undefined, { again: true });
    await pc.setLocalDescription(offer);
    await gathered;
    if (pc !== this.#pc || pc.signalingState === 'closed') {
      throw new GatewayError('connection_failed', 'The peer connection was replaced during the ICE restart.', { callId: this.id });
    }
    return pc.localDescription.sdp;
  }

  /** Why the call cannot send a `resume` on the open WebSocket now, or null. */
  #recoveryRefusal({ anyState }) {
    const pc = this.#pc;
    if (!this.#sent || this.#finished || !pc || pc.signalingState === 'closed') return 'There is no call in progress.';
    if (!this.#resumption.resumable) return 'The call has no resume token (calls the gateway answers itself have none).';
    if (this.#resumption.waiting) return 'The call is reconnecting to the gateway already.';
    if (!this.#client.connected) return 'The connection to the gateway is closed.';
    if (anyState) return null;
    if (pc.signalingState !== 'stable') return 'The call is negotiating its media already.';
    // `reconnecting` from the gateway itself, with the WebSocket up: it lost the browser's path.
    if (this.state !== 'connected' && this.state !== 'reconnecting') return 'Only a connected call can restart ICE.';
    return null;
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
      case 'resume_token': if (!this.#finished) this.#resumption.onToken(message); break;
      case 'dtmf': this.dispatchEvent(new CustomEvent('dtmf', { detail: { digit: message.digit } })); break;
      case 'quality': this.dispatchEvent(new CustomEvent('quality', { detail: message })); break;
      case 'error': this.#onError(message); break;
      default: break;
    }
  }

  /** True while the client should reconnect for this call. */
  get [AWAITING_RESUME]() { return this.#resumption.waiting; }

  /**
   * The WebSocket closed. `final`: the page closed it (the call ends with 'signaling_lost');
   * otherwise a resumable call waits for the client to reconnect. Returns true when the
   * call waits.
   */
  [CONNECTION_LOST]({ final = false } = {}) {
    this.#recovery.abort(); // a resume of the lost WebSocket: the reconnection takes over
    if (this.#resumption.releasing) return this.#resumption.lostWhileReleasing(final);
    if (this.#finished) return false;
    if (this.#placed) {
      this.#failPlacement(new GatewayError('connection_failed', 'The connection to the gateway was lost.', { callId: this.id }));
      return false;
    }
    if (!final && this.#resumption.resumable && !this.end) {
      this.#resumption.wait();
      return true;
    }
    if (!this.end) {
      this.#onState({ state: 'hung_up', cause: 'signaling_lost', reason: 'The connection to the gateway was lost.', side: 'local' });
    }
    this.#onState({ state: 'closed' });
    return false;
  }

  /** Connected again: a call waiting to be resumed sends `resume`. */
  [RESUME]() {
    this.#resumption.resume();
  }

  #onState(message) {
    if (typeof message.state !== 'string' || this.#finished) return;
    this.#resolvePlacement();
    const previous = this.state;
    this.state = message.state;
    this.states.push(message.state);
    if (message.state === 'connected' && this.connectedAt === null) {
      this.connectedAt = Date.now();
      this.#resumption.connected(this.connectedAt);
    }
    // A call answered before the drop comes back as `reconnected`; one still calling or
    // ringing comes back in that state (docs/signaling.md, "Reconnecting"): either is back.
    if (message.state === 'reconnected'
        || (this.#resumption.resumeSent && !END_STATES.has(message.state) && message.state !== 'closed')) {
      this.#resumption.reconnected();
    }
    if (END_STATES.has(message.state) || (message.state === 'closed' && !this.end)) {
      this.end = {
        cause: message.cause ?? null,
        reason: message.reason ?? null,
        side: message.side ?? null,
        sipStatus: message.sipStatus ?? null,
        q850: message.q850 ?? null,
      };
      // A refusal the far end gave no audio for is followed by the gateway's busy or
      // congestion tone (`tone`, `toneMs`): the far end's audio plays on that long.
      this.#release(message.tone ? message.toneMs : 0);
      this.#resumption.ended(this.end.reason);
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
      this.#resumption.ended(this.end.reason);
      if (!this.#resumption.releasing) this.#client[UNREGISTER](this);
    }
  }

  async #onAnswer(sdp) {
    this.#resolvePlacement();
    const pc = this.#pc;
    if (!pc || pc.signalingState === 'closed') return;
    try {
      await pc.setRemoteDescription({ type: 'answer', sdp });
      this.#recovery.answered(pc);
    } catch (error) {
      if (pc !== this.#pc || this.#recovery.answerFailed(pc, error)) return;
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
    // An error that answers the `resume` of an ICE restart rejects it (media-recovery.js).
    if (this.#recovery.refused(message)) return;
    // While away, an error answers the `resume` message (bad_token: the gateway ended the
    // call, or the token was used already): the call failed.
    if (this.#resumption.onError(message)) return;
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

  /**
   * Stops the microphone and closes the peer connection; the call's media is over. With
   * `listenMs`, the far end's audio (an end tone) goes on playing that long first.
   */
  #release(listenMs = 0) {
    this.#recovery.abort();
    if (this.localStream && this.#ownsStream) for (const track of this.localStream.getTracks()) track.stop();
    const pc = this.#pc;
    const close = () => { if (pc && pc.signalingState !== 'closed') pc.close(); };
    if (listenMs > 0) setTimeout(close, Math.min(listenMs, 10000)); else close();
  }
}
