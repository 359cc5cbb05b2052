// Taking a Call (call.js) back after its WebSocket dropped or its page was reloaded
// (docs/signaling.md, "Reconnecting"): the resume token and its sessionStorage copy, the
// `reconnecting` wait bounded by the gateway's disconnect interval, and the `resume` message
// with the offer of a new peer connection. (A resume while the WebSocket stays up, for the
// media only, is media-recovery.js; it sends its `resume` through sendResume().)

import * as saved from './resume-store.js';

/**
 * The resumption side of one call. `port` is how it acts on the call:
 * {state(message), offer() → Promise<sdp>, hangup(cause), closeMedia(), unregister()}.
 */
export class Resumption {
  #call;
  #client;
  #port;
  #token = null;       // the latest resume token; null for calls that cannot be resumed
  #interval = 0;       // seconds the gateway waits for a dropped browser
  #away = null;        // {deadline, timer, sent, flow} while the call waits to be resumed
  #hangupCause = null; // hangup() while away: sent right after the resume, if it gets out
  #restored = null;    // {resolve, reject} of restore() until reconnected or ended

  constructor(call, client, port) {
    this.#call = call;
    this.#client = client;
    this.#port = port;
  }

  /** True once the gateway sent a token: a dropped connection does not end the call. */
  get resumable() { return this.#token !== null; }
  /** True while the call waits for a connection to be resumed on. */
  get waiting() { return this.#away !== null; }
  /** While waiting: when the gateway gives the call up (ms since 1970); else null. */
  get deadline() { return this.#away ? this.#away.deadline : null; }
  /** True while waiting and the `resume` went out: the gateway's next state is its answer. */
  get resumeSent() { return this.#away !== null && this.#away.sent === true; }
  /** True after hangup() while away: the call ended here, the phone is still to be released. */
  get releasing() { return this.#hangupCause !== null; }

  /** `resume_token`: keeps the token, also in sessionStorage for a reload. */
  onToken(message) {
    if (typeof message.token !== 'string' || !message.token) return;
    this.#token = message.token;
    if (Number.isFinite(message.disconnectInterval) && message.disconnectInterval > 0) {
      this.#interval = message.disconnectInterval;
    }
    saved.saveCall({
      callId: this.#call.id, token: this.#token, disconnectInterval: this.#interval,
      number: this.#call.destination, identity: this.#client.identity, url: this.#client.url,
      connectedAt: this.#call.connectedAt, droppedAt: null, incoming: this.#call.incomingDetails,
    });
  }

  /** The call first became `connected` at `at` (ms since 1970). */
  connected(at) {
    saved.updateCall(this.#call.id, { connectedAt: at });
  }

  /**
   * Takes over a record an earlier page left (resume-store.js orphanedCalls): waits at once.
   * Resolves once `reconnected`; rejects with `error(reason)` when the call ends instead.
   */
  restore(record, error) {
    this.#token = record.token;
    this.#interval = record.disconnectInterval;
    saved.saveCall({ ...record, deadline: undefined });
    const outcome = new Promise((resolve, reject) => { this.#restored = { resolve, reject, error }; });
    this.wait(record.deadline);
    return outcome;
  }

  /**
   * The connection is lost: becomes `reconnecting` until `deadline` (ms since 1970; now
   * plus the interval by default), when the call fails. Again while waiting: the resume
   * sent on the lost connection, if any, is sent again on the next one.
   */
  wait(deadline) {
    if (this.#away) {
      this.#away.sent = false;
      return;
    }
    const now = Date.now();
    const until = Number.isFinite(deadline) ? deadline : now + this.#interval * 1000;
    const timer = setTimeout(() => {
      if (this.releasing) this.#stop();
      else this.#fail(`The connection to the gateway could not be restored within ${this.#interval} s; the call was ended.`);
    }, Math.max(0, until - now));
    this.#away = { deadline: until, timer, sent: false, flow: null };
    saved.updateCall(this.#call.id, { droppedAt: Math.min(now, until - this.#interval * 1000) });
    this.#port.state({ state: 'reconnecting' });
  }

  /** The connection of a call being released was lost; `final`: for good. */
  lostWhileReleasing(final) {
    if (final) this.#stop();
    else if (this.#away) this.#away.sent = false;
    return this.waiting;
  }

  /** Connected again: sends `resume` with a new offer (once per connection). */
  resume() {
    const away = this.#away;
    if (!away || away.sent || away.flow) return;
    away.flow = this.#sendResume(away).finally(() => { away.flow = null; });
  }

  async #sendResume(away) {
    let sdp;
    try {
      sdp = await this.#port.offer();
    } catch (error) {
      if (this.#away !== away) return;
      if (this.releasing) this.#stop();
      else this.#fail(`The call could not be taken back: ${error.message}`);
      return;
    }
    if (this.#away !== away || away.sent) return;
    try {
      this.#client.send({ type: 'resume', callId: this.#call.id, token: this.#token, sdp });
    } catch {
      return; // the connection dropped again: the next one retries
    }
    away.sent = true;
    if (this.releasing) {
      // The gateway takes this hangup right after the resume.
      this.#port.hangup(this.#hangupCause);
      this.#stop();
    }
  }

  /**
   * Sends `resume` with the latest token on the open WebSocket, for the media of a call that
   * did not lose its connection (media-recovery.js). Throws a GatewayError when closed.
   */
  sendResume(sdp) {
    this.#client.send({ type: 'resume', callId: this.#call.id, token: this.#token, sdp });
  }

  /** An `error` for the call; true when it answered the `resume` (the call failed). */
  onError(message) {
    if (!this.#away || !this.#away.sent || message.code === 'bad_digits') return false;
    this.#fail(message.code === 'bad_token'
      ? 'The call could not be taken back: the gateway no longer has it (it ended while the connection was lost).'
      : `The call could not be taken back: ${message.message || message.code}`);
    return true;
  }

  /** The gateway's `reconnected`: the call is back. */
  reconnected() {
    this.#clearAway();
    this.#settle(null);
  }

  /** The call ended (or closed): nothing to resume any more, unless it is being released. */
  ended(reason) {
    saved.forgetCall(this.#call.id);
    if (!this.releasing) this.#clearAway();
    this.#settle(reason || 'The call ended.');
  }

  /**
   * hangup() while away: the call ends here at once; the phone is released by a resume
   * followed by a hangup when a connection comes back in time, else by the gateway when
   * its interval runs out.
   */
  hangup(cause) {
    this.#hangupCause = cause;
    this.#port.state({ state: 'hung_up', cause, reason: 'You hung up.', side: 'local', q850: 16 });
    this.#port.state({ state: 'closed' });
    if (this.#away && this.#away.sent) {
      this.#port.hangup(cause);
      this.#stop();
    } else if (this.#client.connected) {
      this.resume();
    }
  }

  /** The call could not be taken back: it ends as `failed`. */
  #fail(reason) {
    if (!this.#away) return;
    this.#port.state({ state: 'failed', cause: 'temporary_failure', reason, side: 'local', q850: 41 });
    this.#port.state({ state: 'closed' });
  }

  /** Ends the release of a call hung up while away: nothing more is sent for it. */
  #stop() {
    this.#clearAway();
    this.#port.closeMedia();
    this.#port.unregister();
  }

  #clearAway() {
    if (!this.#away) return;
    clearTimeout(this.#away.timer);
    this.#away = null;
  }

  #settle(reason) {
    const restored = this.#restored;
    if (!restored) return;
    this.#restored = null;
    if (reason === null) restored.resolve(this.#call);
    else restored.reject(restored.error(reason));
  }
}
