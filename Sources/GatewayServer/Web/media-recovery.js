// Bringing a Call's media (call.js) back while its WebSocket stays open (docs/signaling.md,
// "Reconnecting"): the network under the peer connection changed (a new Wi-Fi, a hotspot),
// the signaling did not. First an ICE restart of the same RTCPeerConnection (RFC 8445 §9:
// new ICE credentials, same DTLS certificate, so the gateway keeps its port, DTLS and SRTP);
// when that does not bring ICE back, one resume with a new peer connection. Both send
// `resume` with the call's token on the current WebSocket and apply the `answer` that comes
// back; the call's states are the gateway's (`reconnected`, then `connected`).

import { GatewayError } from './errors.js';

/** From sending `resume` until ICE is up again on the answered peer connection. */
const RECOVERY_TIMEOUT_MS = 15000;
/** ICE states of a path that stopped working. */
const LOST_ICE = new Set(['disconnected', 'failed']);
/** ICE states of a working path. */
const UP_ICE = new Set(['connected', 'completed']);

/**
 * The recovery side of one call. `port` is how it acts on the call:
 * {pc() → the current RTCPeerConnection, refusal({anyState}) → why the call cannot send a
 * `resume` on the open WebSocket now (a sentence) or null, restartOffer() → Promise<sdp> (an
 * ICE restart offer of the same peer connection), newOffer() → Promise<sdp> (a new peer
 * connection), sendResume(sdp) (throws when the WebSocket is closed), error(GatewayError)}.
 */
export class MediaRecovery {
  #callId;
  #port;
  #flow = null;    // {kind: 'ice'|'new', pc, answered, timer, promise, resolve, reject} while at work
  #tried = false;  // an automatic recovery ran since ICE was last up: no second one

  constructor(callId, port) {
    this.#callId = callId;
    this.#port = port;
  }

  /** True while a `resume` of the open WebSocket is under way. */
  get busy() { return this.#flow !== null; }

  /**
   * An ICE restart of the current peer connection, asked for by the application. Resolves
   * once the gateway answered and ICE is up again; rejects with a GatewayError.
   */
  restartIce() {
    if (this.#flow) return this.#flow.promise;
    const why = this.#port.refusal({ anyState: false });
    if (why) return Promise.reject(new GatewayError('invalid_state', why, { callId: this.#callId }));
    return this.#run('ice');
  }

  /** The ICE connection state of the call's current peer connection changed. */
  iceState(pc) {
    const state = pc.iceConnectionState;
    const flow = this.#flow;
    if (UP_ICE.has(state)) {
      if (flow && flow.pc === pc && flow.answered) this.#finish(flow, null);
      else if (!flow) this.#tried = false;
    } else if (LOST_ICE.has(state)) {
      this.mediaLost(pc);
    }
  }

  /**
   * The path of the current peer connection stopped working (ICE disconnected or failed).
   * Returns true when a recovery is at work; false when there is nothing more to try here
   * (the call cannot be resumed on this WebSocket, or it was tried since ICE was last up).
   */
  mediaLost(pc) {
    if (pc !== this.#port.pc()) return true; // a replaced peer connection: nothing to do
    if (this.#flow) return true;             // its own timeout decides
    if (this.#tried || this.#port.refusal({ anyState: false })) return false;
    this.#tried = true;
    this.#run('ice').catch((error) => this.#afterRestartFailed(error));
    return true;
  }

  /** The gateway's `answer` was applied to `pc`. */
  answered(pc) {
    const flow = this.#flow;
    if (!flow || flow.pc !== pc) return;
    flow.answered = true;
    if (UP_ICE.has(pc.iceConnectionState)) this.#finish(flow, null);
  }

  /** The gateway's `answer` could not be applied; true when it answered a recovery. */
  answerFailed(pc, error) {
    const flow = this.#flow;
    if (!flow || flow.pc !== pc) return false;
    this.#finish(flow, new GatewayError('bad_answer', `The gateway's answer could not be used: ${error.message}`,
      { callId: this.#callId, cause: error }));
    return true;
  }

  /** A gateway `error` for the call; true when it refused the recovery's `resume`. */
  refused(message) {
    const flow = this.#flow;
    if (!flow || !flow.pc || message.code === 'bad_digits') return false;
    this.#finish(flow, new GatewayError(message.code || 'error',
      message.message || 'The gateway refused to take the call back.', { callId: this.#callId }));
    return true;
  }

  /** The WebSocket dropped or the call ended: a recovery under way is abandoned. */
  abort() {
    if (this.#flow) {
      this.#finish(this.#flow, new GatewayError('connection_failed',
        'The connection to the gateway was lost, or the call ended.', { callId: this.#callId }));
    }
  }

  #run(kind) {
    const flow = { kind, pc: null, answered: false, timer: null };
    flow.promise = new Promise((resolve, reject) => { flow.resolve = resolve; flow.reject = reject; });
    this.#flow = flow;
    this.#send(flow).catch((error) => this.#finish(flow, error instanceof GatewayError ? error
      : new GatewayError('media_failure', `The call's media could not be restarted: ${error.message}`,
        { callId: this.#callId, cause: error })));
    return flow.promise;
  }

  async #send(flow) {
    const sdp = flow.kind === 'ice' ? await this.#port.restartOffer() : await this.#port.newOffer();
    if (this.#flow !== flow) return;
    flow.pc = this.#port.pc();
    this.#port.sendResume(sdp);
    flow.timer = setTimeout(() => this.#finish(flow, new GatewayError('timeout',
      `The call's media did not come back within ${RECOVERY_TIMEOUT_MS / 1000} s.`, { callId: this.#callId })),
    RECOVERY_TIMEOUT_MS);
  }

  #finish(flow, error) {
    if (this.#flow !== flow) return;
    this.#flow = null;
    clearTimeout(flow.timer);
    if (!error) {
      this.#tried = false;
      flow.resolve();
      return;
    }
    // An ICE restart the gateway never answered: back to the credentials that worked.
    const pc = flow.pc || (flow.kind === 'ice' ? this.#port.pc() : null);
    if (flow.kind === 'ice' && pc && pc.signalingState === 'have-local-offer') {
      pc.setLocalDescription({ type: 'rollback' }).catch(() => {});
    }
    flow.reject(error);
  }

  /**
   * The automatic ICE restart did not bring the media back: one resume with a new peer
   * connection, unless the token was refused (a new offer would be refused too) or the call
   * cannot be resumed here any more (the WebSocket dropped: the reconnection takes over).
   */
  #afterRestartFailed(error) {
    if (this.#port.refusal({ anyState: true })) return;
    if (error.code === 'bad_token') {
      this.#port.error(error);
      return;
    }
    this.#run('new').catch((failure) => {
      if (!this.#port.refusal({ anyState: true })) this.#port.error(failure);
    });
  }
}
