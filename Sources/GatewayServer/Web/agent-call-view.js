// The agent console's call view (agent.html): who is on the line, how long, Hang up, Mute
// and a keypad whose digits go to the caller. While the connection is lost it counts down
// the seconds the gateway keeps the caller on hold, as the dialer does. It stays after the
// call ended, saying how it ended, until the next call is answered.
import { callerText } from './agent-incoming-view.js';
import { secondsLeft } from './agent-presence-view.js';
import { CallTimer } from './dialer-status.js';

const STATE_TEXT = {
  answering: 'Answering…', connecting: 'Connecting…', connected: 'Connected',
  reconnecting: 'Connection lost — reconnecting…', reconnected: 'Reconnected — restoring the audio…',
};
/** States during which the call is kept but has no audio. */
const AWAY_STATES = new Set(['reconnecting', 'reconnected']);
/** States during which digits reach the caller (as `dtmf` messages, then RFC 4733 too). */
const DIGIT_STATES = new Set(['connecting', 'connected']);

export class CallView {
  #ui;
  #actions;
  #callId = null;
  #timer;
  #countdown = null;     // refreshes the text while reconnecting
  #note = null;
  #shown = [null, null]; // the last show() arguments, for note()
  #active = false;       // a call is up: typed digits and Escape act on it

  /**
   * `ui`: {view, caller, details, state, timer, pad, hangup, mute, sent} elements;
   * `actions`: {hangup(), mute(), digit(d)}.
   */
  constructor(ui, actions) {
    this.#ui = ui;
    this.#actions = actions;
    this.#timer = new CallTimer(ui.timer);
    ui.pad.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-digit]');
      if (button) actions.digit(button.dataset.digit);
    });
    ui.hangup.addEventListener('click', () => actions.hangup());
    ui.mute.addEventListener('click', () => actions.mute());
    document.addEventListener('keydown', (event) => {
      if (!this.#active || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.target.closest && event.target.closest('input, select, textarea')) return;
      if (/^[0-9*#]$/.test(event.key)) {
        event.preventDefault();
        this.#press(event.key);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        actions.hangup();
      }
    });
  }

  /** Shows `last` (the current or last accepted call, or null); `call`: its Call while up. */
  show(last, call) {
    const ui = this.#ui;
    this.#shown = [last, call];
    ui.view.hidden = !last;
    this.#active = false;
    if (!last) return;
    if (last.callId !== this.#callId) this.#reset(last.callId);
    ui.caller.textContent = callerText(last);
    const details = [`Dialed ${last.to || 'unknown'}`, last.group ? `group ${last.group}` : 'direct call'];
    if (last.keys) details.push(`keys pressed ${last.keys}`);
    ui.details.textContent = details.join(' · ');
    const active = call !== null && call !== undefined;
    this.#active = active;
    const text = this.#stateText(last, active ? call : null);
    if (ui.state.textContent !== text) ui.state.textContent = text;
    ui.state.classList.toggle('away', active && AWAY_STATES.has(last.state));
    ui.state.classList.toggle('problem', last.state === 'failed'
      || (last.cause !== null && !['normal_clearing', 'originator_cancel'].includes(last.cause)));
    ui.hangup.disabled = !active;
    ui.mute.disabled = !active || last.state === 'answering';
    const muted = Boolean(active && call.muted);
    ui.mute.setAttribute('aria-pressed', String(muted));
    ui.mute.textContent = muted ? 'Muted' : 'Mute';
    const digits = active && DIGIT_STATES.has(last.state);
    for (const button of ui.pad.querySelectorAll('button')) button.disabled = !digits;
    if (active && last.connectedAt && !this.#timer.running) this.#timer.start(last.connectedAt);
    if (!active) this.#timer.stop();
    const away = active && last.state === 'reconnecting';
    if (away && this.#countdown === null) this.#countdown = setInterval(() => this.show(...this.#shown), 1000);
    if (!away) {
      clearInterval(this.#countdown);
      this.#countdown = null;
    }
  }

  /** A key typed during the call: the same as its pad button. */
  #press(digit) {
    const button = this.#ui.pad.querySelector(`button[data-digit="${CSS.escape(digit)}"]`);
    if (button && !button.disabled) this.#actions.digit(digit);
  }

  /** Digits sent to the caller: the last 24 are shown. */
  sent(digits) {
    const line = this.#ui.sent;
    line.hidden = false;
    line.textContent = `Sent: ${(line.textContent.replace(/^Sent: /, '') + String(digits).replace(/\s/g, '')).slice(-24)}`;
  }

  /** A note after the call's state (e.g. audio blocked), or null to remove it. */
  note(text) {
    this.#note = text;
    this.show(...this.#shown);
  }

  /** `call`: the Call while it is up, else null. */
  #stateText(last, call) {
    let text;
    // A call lost while reconnecting has a `failed` state of its own; a refused accept has none.
    if (last.state === 'failed' && last.states.includes('failed')) text = `Call lost: ${last.reason || last.cause}`;
    else if (last.state === 'failed') text = `Could not answer: ${last.reason || last.cause}`;
    else if (last.cause !== null || !call) text = last.reason ? `Call ended: ${last.reason}` : 'Call ended';
    else text = STATE_TEXT[last.state] || last.state;
    if (call && last.state === 'reconnecting' && call.resumeDeadline) {
      text = `${text} The call is kept for ${secondsLeft(call.resumeDeadline)} s.`;
    }
    return call && this.#note ? `${text} — ${this.#note}` : text;
  }

  #reset(callId) {
    this.#callId = callId;
    this.#note = null;
    this.#timer.reset();
    this.#ui.sent.hidden = true;
    this.#ui.sent.textContent = '';
  }
}
