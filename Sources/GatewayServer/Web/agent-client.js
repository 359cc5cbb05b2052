// The agent side of a GatewayClient (gateway.js; docs/signaling.md, "Agents"): presence,
// the calls that ring this console (`incoming`), and their `cancel`.
//
//   client.addEventListener('presence', (e) => show(e.detail.state, e.detail.activity));
//   client.addEventListener('incoming', async (e) => {
//     const incoming = e.detail;                   // an IncomingCall
//     const call = await incoming.accept();        // a Call: connecting, connected, hung_up, closed
//   });
//   client.addEventListener('cancel', (e) => hide(e.detail.callId, e.detail.reason));
//   client.setPresence('available');
//
// Events on GatewayClient: 'presence' (detail: {state, activity, wrapUpUntil}; wrapUpUntil
// in ms since 1970 during `wrap_up`, else null), 'incoming' (detail: the IncomingCall),
// 'cancel' (detail: {callId, reason, incoming}: the call stopped ringing on this console).
// Besides the gateway's reasons, 'signaling_lost' (the WebSocket closed while it rang) and
// 'call_gone' (an accept found it gone, with no `cancel` seen) are this client's own. The
// IncomingCall raises the same 'cancel' on itself.
// Gateway errors about presence (`not_an_agent`, `bad_presence`, `rate_limited`) and about a
// `reject` arrive as the client's 'error' event; an accept's errors reject accept().
// A phone's call the agent accepted gets a resume token: when the WebSocket drops, the Call
// becomes `reconnecting` and is resumed on the next connection, as a placed call is
// (call-resume.js); a web user's call has none and ends with the WebSocket.

import { GatewayError } from './errors.js';

/** The presence values an agent may set (docs/signaling.md, "Presence"). */
export const PRESENCE_STATES = Object.freeze(['available', 'away', 'busy', 'offline']);

/** Errors of an `accept` after which the call still rings for this console. */
const STILL_RINGING = new Set(['bad_offer', 'cancelled', 'timeout', 'microphone_blocked',
  'microphone_missing', 'microphone_busy', 'microphone_error', 'microphone_unavailable']);

/**
 * One call ringing this console. `state`: 'ringing', 'accepting' (accept() under way),
 * 'accepted', 'rejected' or 'cancelled' (then `cancelReason` says why).
 */
export class IncomingCall extends EventTarget {
  #desk;

  constructor(desk, message) {
    super();
    this.#desk = desk;
    this.callId = message.callId;
    this.from = typeof message.from === 'string' ? message.from : '';
    this.fromName = typeof message.fromName === 'string' && message.fromName ? message.fromName : null;
    this.to = typeof message.to === 'string' ? message.to : '';
    this.group = typeof message.group === 'string' && message.group ? message.group : null;
    this.keys = typeof message.keys === 'string' && message.keys ? message.keys : null;
    this.receivedAt = Date.now();
    this.state = 'ringing';
    this.cancelReason = null;
    /** The Call of the latest accept(), or null. */
    this.call = null;
  }

  /** True while Accept and Decline make sense. */
  get ringing() { return this.state === 'ringing'; }

  /** What the gateway said of the caller, as plain data (kept with a resume token). */
  get details() {
    const { from, fromName, to, group, keys } = this;
    return { from, fromName, to, group, keys };
  }

  /**
   * Answers the call: opens the microphone (or sends `options.stream`), gathers, and sends
   * `accept` with the offer. Resolves with the Call once the gateway answered; its states
   * follow (`connecting`, `connected`, `hung_up`, `closed`). Rejects with a GatewayError
   * (`bad_offer` and microphone errors leave the call ringing, so accept() may be tried
   * again; `call_gone` means it rings here no more). Options as for client.call().
   */
  async accept(options = {}) {
    if (this.state !== 'ringing') {
      throw new GatewayError('invalid_state', this.#notRingingText(), { callId: this.callId });
    }
    this.state = 'accepting';
    const call = this.#desk.client.createCall(this.from, { ...options, callId: this.callId, incoming: this });
    this.call = call;
    try {
      await call.start();
    } catch (error) {
      if (this.state === 'accepting') {
        if (STILL_RINGING.has(error.code)) this.state = 'ringing';
        else this.#desk.gone(this, 'call_gone');
      }
      throw error;
    }
    if (this.state === 'accepting') this.state = 'accepted';
    this.#desk.settled(this);
    return call;
  }

  /** Declines the call; it moves on to the next agent. Throws unless it is ringing. */
  reject() {
    if (this.state !== 'ringing') {
      throw new GatewayError('invalid_state', this.#notRingingText(), { callId: this.callId });
    }
    this.#desk.client.send({ type: 'reject', callId: this.callId });
    this.state = 'rejected';
    this.#desk.settled(this);
  }

  #notRingingText() {
    switch (this.state) {
      case 'accepting': return 'The call is being answered.';
      case 'accepted': return 'The call was answered already.';
      case 'rejected': return 'The call was declined already.';
      default: return 'The call no longer rings.';
    }
  }
}

/** The agent messages of one GatewayClient; gateway.js hands it every message first. */
export class AgentDesk {
  #incoming = new Map(); // callId → IncomingCall, while ringing or being answered

  constructor(client) {
    this.client = client;
    /** The latest `presence` from the gateway, or null (not an agent, or not yet told). */
    this.presence = null;
  }

  /** The calls ringing this console or being answered, oldest first. */
  get incomingCalls() { return [...this.#incoming.values()]; }

  /** Sends `presence`; the gateway's `presence` event confirms it. */
  setPresence(state) {
    if (!PRESENCE_STATES.includes(state)) {
      throw new GatewayError('bad_presence', `"${state}" is not a presence: use ${PRESENCE_STATES.join(', ')}.`);
    }
    this.client.send({ type: 'presence', state });
  }

  /** Takes `presence`, `incoming` and `cancel`; returns false for every other message. */
  receive(message) {
    switch (message.type) {
      case 'presence': this.#onPresence(message); return true;
      case 'incoming': this.#onIncoming(message); return true;
      case 'cancel': this.#onCancel(message); return true;
      default: return false;
    }
  }

  /** The WebSocket closed: nothing rings on it any more (the gateway withdrew its offers). */
  connectionLost() {
    this.presence = null;
    for (const incoming of [...this.#incoming.values()]) {
      if (incoming.state === 'ringing' || incoming.state === 'accepting') this.gone(incoming, 'signaling_lost');
    }
  }

  /** The call stopped ringing here: forgets it and tells the page once. */
  gone(incoming, reason) {
    if (incoming.state === 'cancelled') return;
    incoming.state = 'cancelled';
    incoming.cancelReason = reason;
    this.settled(incoming);
    const detail = { callId: incoming.callId, reason, incoming };
    incoming.dispatchEvent(new CustomEvent('cancel', { detail }));
    this.client.dispatchEvent(new CustomEvent('cancel', { detail }));
  }

  /** Accepted, declined or gone: the call no longer belongs to the ringing list. */
  settled(incoming) {
    if (this.#incoming.get(incoming.callId) === incoming) this.#incoming.delete(incoming.callId);
  }

  #onPresence(message) {
    if (typeof message.state !== 'string') return;
    this.presence = {
      state: message.state,
      activity: typeof message.activity === 'string' ? message.activity : 'idle',
      wrapUpUntil: Number.isFinite(message.wrapUpUntil) ? message.wrapUpUntil : null,
    };
    this.client.dispatchEvent(new CustomEvent('presence', { detail: { ...this.presence } }));
  }

  #onIncoming(message) {
    if (typeof message.callId !== 'string' || !message.callId || this.#incoming.has(message.callId)) return;
    const incoming = new IncomingCall(this, message);
    this.#incoming.set(incoming.callId, incoming);
    this.client.dispatchEvent(new CustomEvent('incoming', { detail: incoming }));
  }

  #onCancel(message) {
    const incoming = typeof message.callId === 'string' ? this.#incoming.get(message.callId) : undefined;
    // While accepting, the gateway's `call_gone` answer to the accept follows and rejects it.
    if (incoming) this.gone(incoming, typeof message.reason === 'string' ? message.reason : 'unknown');
  }
}
