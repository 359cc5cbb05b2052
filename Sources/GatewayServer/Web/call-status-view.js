// The call status block the dialer (index.html) and the call link page (link.html) share: the
// status line, the plain-words explanation of a failed call, the duration, the quality badge,
// the level meters of both sides, the digits sent and the quality figures. Each page holds an
// empty <section class="call-status" data-status="its first words">; this fills it (one
// markup for both, since the modules below and the pages' tests rely on its ids) and shows a
// page's call record in it.
import { showExplanation } from './dialer-explain.js';
import { QualityBadge } from './dialer-quality.js';
import { LevelMeter } from './level-meter.js';
import { CallTimer, statusText } from './dialer-status.js';

/** States in which the call carries audio (meters and the quality indicator show). */
const AUDIO_STATES = new Set(['connecting', 'connected', 'reconnected']);
/** States during which the call is kept but has no audio. */
const AWAY_STATES = new Set(['reconnecting', 'reconnected']);
/** End causes that are no trouble: the status is not shown as a problem. */
const PLAIN_ENDS = new Set(['normal_clearing', 'originator_cancel']);

const MARKUP = `
  <p id="status" class="status" role="status" aria-live="polite" aria-atomic="true"></p>
  <div id="explanation" class="explanation" aria-live="polite" aria-atomic="true" hidden>
    <h2 class="explanation-title"></h2>
    <p class="explanation-text"></p>
    <ol class="explanation-steps" hidden></ol>
  </div>
  <p class="timer" hidden><span class="visually-hidden">Duration: </span><span id="timer">0:00</span></p>
  <p id="quality-badge" class="quality-badge" hidden><span class="bars" aria-hidden="true"><i></i><i></i><i></i></span><span class="quality-label">Call quality: measuring…</span></p>
  <div id="levels" class="levels" hidden>
    <span class="level-name" aria-hidden="true">You</span>
    <div id="mic-level" class="level" role="meter" aria-label="Your microphone level"
         aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><span class="level-bar"></span></div>
    <span class="level-name" aria-hidden="true">Other side</span>
    <div id="remote-level" class="level" role="meter" aria-label="Other side's level"
         aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><span class="level-bar"></span></div>
  </div>
  <p id="sent-digits" class="sent-digits" hidden></p>
  <p id="quality" class="quality" role="status" aria-live="polite" hidden></p>`;

export class CallStatusView {
  /** Fills `section` (the page's .call-status) and takes its parts. */
  constructor(section) {
    section.innerHTML = MARKUP;
    const part = (selector) => section.querySelector(selector);
    this.ui = {
      status: part('#status'), explanation: part('#explanation'), timerLine: part('.timer'),
      sent: part('#sent-digits'), levels: part('#levels'), micLevel: part('#mic-level'), quality: part('#quality'),
    };
    this.ui.status.textContent = section.dataset.status || '';
    this.meters = { microphone: new LevelMeter(this.ui.micLevel), remote: new LevelMeter(part('#remote-level')) };
    this.qualityBadge = new QualityBadge(part('#quality-badge'));
    this.timer = new CallTimer(part('#timer'));
  }

  showStatus(text) {
    if (this.ui.status.textContent !== text) this.ui.status.textContent = text;
  }

  /** A new call: no digits sent yet, the duration back to 0:00. */
  clearCall() {
    this.showSentDigits('');
    this.timer.reset();
  }

  /** "Sent: 5#" (the last 24 digits); hidden with none. */
  showSentDigits(digits) {
    this.ui.sent.hidden = !digits;
    this.ui.sent.textContent = digits ? `Sent: ${digits.slice(-24)}` : '';
  }

  /** The explanation shown, as the pages' test contracts report it, or null. */
  shownExplanation() {
    const box = this.ui.explanation;
    return box.hidden ? null : { code: box.dataset.code, kind: box.dataset.kind, text: box.innerText };
  }

  /**
   * Shows the call record `current` ({call, state, states, cause, reason, audioBlocked}):
   * the status line (`idleText` with no call), `explanation` (or null), the duration, and
   * the meters and quality badge while the call has audio.
   */
  render(current, { explanation, idleText }) {
    const { ui } = this;
    const active = current.call !== null;
    ui.timerLine.hidden = !this.timer.since;
    ui.status.classList.toggle('away', AWAY_STATES.has(current.state));
    ui.status.classList.toggle('problem', (current.state === 'failed' && current.cause !== 'cancelled')
      || current.states.some((s) => s === 'rejected' || s === 'not_answered')
      || (current.state !== 'failed' && current.cause !== null && !PLAIN_ENDS.has(current.cause)));
    this.#renderMedia(current, active);
    showExplanation(ui.explanation, explanation);
    this.showStatus(statusText(current, idleText));
  }

  /** The meters and the quality indicator follow the call's audio. */
  #renderMedia(current, active) {
    const { call } = current;
    if (active && call.localStream) this.meters.microphone.attach(call.localStream);
    if (active && call.remoteStream) this.meters.remote.attach(call.remoteStream);
    if (!active) {
      this.meters.microphone.detach();
      this.meters.remote.detach();
    }
    this.ui.levels.hidden = !active || current.state === 'starting';
    this.ui.micLevel.classList.toggle('muted', Boolean(active && call.muted));
    this.ui.micLevel.setAttribute('aria-label', active && call.muted ? 'Your microphone level (muted)' : 'Your microphone level');
    this.qualityBadge.show(active && AUDIO_STATES.has(current.state));
  }
}
