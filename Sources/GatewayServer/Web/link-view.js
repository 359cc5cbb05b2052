// What the call link page shows (link.html): the link's title, the Call / Hang up / Mute
// buttons, the dial pad when the link has one, and the call's status, duration, level meters,
// quality and explanations. link.js decides; this file only shows.
import { showExplanation } from './dialer-explain.js';
import { QualityBadge } from './dialer-quality.js';
import { LevelMeter } from './level-meter.js';
import { CallTimer, statusText } from './dialer-status.js';

/** States in which the call carries audio (meters and the quality indicator show). */
const AUDIO_STATES = new Set(['connecting', 'connected', 'reconnected']);
/** States during which the call is kept but has no audio. */
const AWAY_STATES = new Set(['reconnecting', 'reconnected']);

const $ = (id) => document.getElementById(id);

export class LinkView {
  constructor() {
    this.ui = {
      title: $('link-title'), lead: $('link-lead'), message: $('link-message'),
      form: $('link-form'), call: $('call-button'), hangup: $('hangup-button'), mute: $('mute-button'),
      pad: $('link-pad'), keysHint: $('keys-hint'),
      status: $('status'), explanation: $('explanation'), timerLine: document.querySelector('.timer'),
      sent: $('sent-digits'), levels: $('levels'), micLevel: $('mic-level'), quality: $('quality'),
    };
    this.meters = { microphone: new LevelMeter(this.ui.micLevel), remote: new LevelMeter($('remote-level')) };
    this.qualityBadge = new QualityBadge($('quality-badge'));
    this.timer = new CallTimer($('timer'));
  }

  /** The link's title as the heading and the document's title. */
  showTitle(link) {
    const title = (link && link.title) || 'Call link';
    this.ui.title.textContent = title;
    document.title = link && link.title ? `Call ${link.title}` : title;
  }

  showStatus(text) {
    if (this.ui.status.textContent !== text) this.ui.status.textContent = text;
  }

  /** A new call: no digits sent yet, the duration back to 0:00. */
  clearCall() {
    this.ui.sent.hidden = true;
    this.ui.sent.textContent = '';
    this.timer.reset();
  }

  showSentDigits(digits) {
    this.ui.sent.hidden = !digits;
    this.ui.sent.textContent = digits ? `Sent: ${digits.slice(-24)}` : '';
  }

  /** The explanation shown, as the test contract reports it, or null. */
  shownExplanation() {
    const box = this.ui.explanation;
    return box.hidden ? null : { code: box.dataset.code, kind: box.dataset.kind, text: box.innerText };
  }

  /**
   * Shows the page for `current` (the call record), `link` (the gateway's words on the link,
   * or null while loading), `muteChoice` (the next call's mute), `explanation` (or null) and
   * `idleText` (the status with no call).
   */
  render({ current, link, muteChoice, explanation, idleText }) {
    const ui = this.ui;
    const active = current.call !== null;
    const open = Boolean(link && link.state === 'open');
    const dialPad = Boolean(link && link.dialPad);
    document.body.dataset.state = current.state;
    document.body.dataset.link = link ? link.state : 'loading';
    const focused = document.activeElement;
    const focusWasOnButton = ui.form.contains(focused);

    ui.lead.hidden = !(open && !active);
    // After a call the status tells how it ended; the link's own words go above it.
    ui.message.hidden = active || open || !link || current.state === 'idle';
    ui.message.textContent = link && !open ? link.message : '';
    ui.form.hidden = !(open || active);
    ui.call.hidden = active || !open;
    ui.call.textContent = current.state === 'idle' ? 'Call' : 'Call again';
    ui.hangup.hidden = !active;
    ui.mute.disabled = current.state === 'starting';
    const muted = active ? current.call.muted : muteChoice;
    ui.mute.setAttribute('aria-pressed', String(muted));
    ui.mute.textContent = muted ? 'Muted' : 'Mute';
    ui.mute.title = active ? 'Mute your microphone (M)' : 'Start the call muted';
    ui.pad.hidden = !(active && dialPad && current.state !== 'starting');
    ui.keysHint.hidden = !active;
    ui.keysHint.textContent = dialPad ? 'Keys 0–9, * and # send tones; M mutes and Esc hangs up.' : 'M mutes and Esc hangs up.';
    // The button that had the focus was just hidden (the browser dropped the focus to the
    // page): give the focus to the one that replaced it.
    if (focusWasOnButton && focused.closest('[hidden]')) {
      (active ? ui.hangup : (open ? ui.call : ui.title)).focus();
    }

    ui.timerLine.hidden = !this.timer.since;
    ui.status.classList.toggle('away', AWAY_STATES.has(current.state));
    ui.status.classList.toggle('problem', (current.state === 'failed' && current.cause !== 'cancelled')
      || current.states.some((s) => s === 'rejected' || s === 'not_answered'));
    ui.status.classList.toggle('closed', !active && current.state === 'idle' && Boolean(link) && !open);
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
