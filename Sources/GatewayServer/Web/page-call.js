// The one call at a time of the dialer (dialer.js) and of the call link page (link.js): the
// record of the current or last call that the page shows and its test contract reports,
// placing a call, taking back the call an earlier page of the tab left (a reload), following
// its states, the Hang up and Mute buttons (M and Escape go through the dial pad module),
// sending digits, and the microphone permission, watched so that a block is explained before
// a call fails. What differs between the pages (what is called, what else is shown) stays in
// them, through `hooks`.
import { GatewayError } from './gateway.js';
import { watchMicrophonePermission } from './dialer-microphone.js';
import { STATUS_TEXT } from './dialer-status.js';
import { showQuality } from './quality-view.js';
import { wakeAudio } from './level-meter.js';

export class PageCall {
  /** The current or last call, as the page shows it and its test contract reports it. */
  current = {
    call: null, callId: null, state: 'idle', states: [], cause: null, reason: null, side: null,
    sentDigits: '', audioBlocked: false, // the browser refused to play the far end's audio without a click
  };
  /** 'microphone_blocked' or 'microphone_allowed' from the browser's permission, or null. */
  microphoneNotice = null;
  #client;
  #view;
  #hooks;
  #buttons;

  /**
   * `client`: the page's GatewayClient (null on a page with nothing to call: its Mute
   * button only shows); `view`: the page's CallStatusView; `buttons`: {hangup, mute}; `hooks`:
   * {render(), began(call) (a new call's record is set), changed(state) (a state arrived,
   * before render), remoteStream(stream) (the far end's audio, for the test contract)}.
   */
  constructor(client, view, buttons, hooks) {
    this.#client = client;
    this.#view = view;
    this.#buttons = buttons;
    this.#hooks = hooks;
    buttons.hangup.addEventListener('click', () => this.hangup());
    buttons.mute.addEventListener('click', () => this.toggleMute());
    // A reloaded page may not start audio before the user interacts with it.
    for (const type of ['pointerdown', 'keydown']) {
      document.addEventListener(type, () => { if (this.inProgress) wakeAudio(); }, { capture: true });
    }
    watchMicrophonePermission((permission) => {
      const wasBlocked = this.microphoneNotice === 'microphone_blocked' || this.current.cause === 'microphone_blocked';
      if (permission === 'denied') this.microphoneNotice = 'microphone_blocked';
      else this.microphoneNotice = wasBlocked ? 'microphone_allowed' : null;
      if (!this.inProgress) hooks.render();
    });
  }

  get inProgress() {
    return this.current.call !== null;
  }

  /** Places `call` (made by the page's client, not started): 'starting', then its states. */
  async place(call) {
    if (this.inProgress) throw new GatewayError('busy', 'A call is already in progress.');
    this.#begin(call, 'starting');
    this.#hooks.render();
    try {
      await call.start();
    } catch (error) {
      if (this.current.call === call) {
        this.current.call = null;
        this.fail(error);
      }
      throw error;
    }
  }

  /**
   * Takes back the call an earlier page of this tab left behind (a reload during a call to a
   * phone), if its disconnect interval has not run out: it shows as reconnecting, then
   * connected. Returns the call, or null when there was none.
   */
  resumeSaved() {
    // An agent's call (the console's, same tab and identity) is not this page's to take.
    const saved = this.#client.savedCalls().find((entry) => !entry.incoming);
    if (!saved) return null;
    let call;
    try {
      call = this.#client.restoreCall(saved);
    } catch {
      return null; // gone meanwhile
    }
    this.#begin(call, 'reconnecting');
    call.resume().catch(() => { /* shown by the `failed` state */ });
    if (call.connectedAt) this.#view.timer.start(call.connectedAt);
    return call;
  }

  /** A call that could not be placed: the record says why. */
  fail(error) {
    Object.assign(this.current, { state: 'failed', cause: error.code || 'error', reason: error.message || String(error), side: 'local' });
    this.#view.timer.stop();
    this.#hooks.render();
  }

  hangup() {
    if (this.current.call) this.current.call.hangup();
  }

  /** Mutes or unmutes the call, or without one the next call; the client remembers the choice. */
  toggleMute() {
    if (this.current.call) {
      this.current.call.mute(!this.current.call.muted);
    } else if (this.#client) {
      this.#client.startMuted = !this.#client.startMuted;
      this.#hooks.render();
    }
  }

  /** Sends DTMF on the call and shows the digits sent; throws a GatewayError as Call.sendDigits does. */
  sendDigits(digits) {
    if (!this.current.call) throw new GatewayError('invalid_state', 'There is no call to send digits to.');
    this.current.call.sendDigits(digits);
    this.current.sentDigits += String(digits).replace(/\s/g, '');
    this.#view.showSentDigits(this.current.sentDigits);
  }

  /** The status line's words for a problem during the call (the call goes on). */
  showTrouble(message) {
    this.#view.showStatus(`${STATUS_TEXT[this.current.state] || this.current.state} — ${message}`);
  }

  /**
   * What to explain below the status with no call: the microphone's trouble, else why the
   * last call ended, else `idleCode` (the page's own: a refused connection, a missing link).
   * `explain(fields)` is the page's table of explanations.
   */
  explanation(explain, idleCode = null) {
    if (this.inProgress) return null;
    const { cause, side, state } = this.current;
    const notice = this.microphoneNotice;
    if (notice && (cause === null || cause === 'cancelled' || String(cause).startsWith('microphone_'))) {
      return explain({ code: notice, state });
    }
    if (cause !== null) return explain({ code: cause, side, state });
    return idleCode ? explain({ code: idleCode }) : null;
  }

  /** The Mute button: the call's mute, or with no call how the next one starts (`idleTitle`). */
  renderMute(idleTitle) {
    const { mute } = this.#buttons;
    const active = this.inProgress;
    const muted = active ? this.current.call.muted : Boolean(this.#client && this.#client.startMuted);
    mute.disabled = this.current.state === 'starting';
    mute.setAttribute('aria-pressed', String(muted));
    mute.textContent = muted ? 'Muted' : 'Mute';
    mute.title = active ? 'Mute your microphone (M)' : idleTitle;
  }

  /** A fresh record for a call that starts now, and its events followed. */
  #begin(call, state) {
    Object.assign(this.current, {
      call, callId: call.id, state, states: [], cause: null, reason: null, side: null, sentDigits: '', audioBlocked: false,
    });
    this.microphoneNotice = null;
    this.#view.clearCall();
    this.#hooks.began(call);
    this.#watch(call);
  }

  #watch(call) {
    const { current } = this;
    const view = this.#view;
    showQuality(call, view.ui.quality);
    view.qualityBadge.watch(call);
    call.addEventListener('state', (event) => {
      if (current.call !== call) return;
      const { state, end } = event.detail;
      // A lost call stays 'failed' (with its cause and reason) after its 'closed'.
      if (!(state === 'closed' && current.state === 'failed')) current.state = state;
      current.states.push(state);
      if (state === 'connected' && !view.timer.since) view.timer.start(call.connectedAt || Date.now());
      if (end) {
        current.cause = end.cause;
        current.reason = end.reason;
        current.side = end.side || null;
        view.timer.stop();
      }
      if (state === 'closed') current.call = null;
      this.#hooks.changed(state);
      this.#hooks.render();
    });
    call.addEventListener('mute', () => this.#hooks.render());
    // setMicrophone() switched the call to a new stream: the meter follows it.
    call.addEventListener('microphone', () => this.#hooks.render());
    call.addEventListener('remotestream', (event) => {
      this.#hooks.remoteStream(event.detail.stream);
      if (current.call === call) view.meters.remote.attach(event.detail.stream);
    });
    call.addEventListener('audioblocked', () => {
      // Likely after a reload: the new page may not play audio before the user interacts.
      current.audioBlocked = true;
      this.#hooks.render();
      const resume = () => call.resumeAudio().then(() => { current.audioBlocked = false; this.#hooks.render(); }).catch(() => {});
      document.addEventListener('pointerdown', resume, { once: true });
      document.addEventListener('keydown', resume, { once: true });
    });
    call.addEventListener('error', (event) => {
      // Errors after placement (bad digits, an unusable answer) do not end the call here.
      if (current.call === call && current.state !== 'starting') this.showTrouble(event.detail.message);
    });
  }
}
