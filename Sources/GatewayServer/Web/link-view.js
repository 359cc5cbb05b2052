// What the call link page shows (link.html): the link's title, the Call / Hang up / Mute
// buttons, the dial pad when the link has one, and the call's status block (duration, level
// meters, quality and explanations: call-status-view.js, as on the dialer). link.js decides;
// this file only shows.
import { CallStatusView } from './call-status-view.js';

const $ = (id) => document.getElementById(id);

export class LinkView {
  constructor() {
    this.ui = {
      title: $('link-title'), lead: $('link-lead'), message: $('link-message'),
      form: $('link-form'), call: $('call-button'), hangup: $('hangup-button'), mute: $('mute-button'),
      pad: $('link-pad'), keysHint: $('keys-hint'),
    };
    /** The call's status block. */
    this.callStatus = new CallStatusView(document.querySelector('.call-status'));
  }

  /** The link's title as the heading and the document's title. */
  showTitle(link) {
    const title = (link && link.title) || 'Call link';
    this.ui.title.textContent = title;
    document.title = link && link.title ? `Call ${link.title}` : title;
  }

  /**
   * Shows the page for `current` (the call record), `link` (the gateway's words on the link,
   * or null while loading), `explanation` (or null) and `idleText` (the status with no call).
   * The Mute button is page-call.js's to show.
   */
  render({ current, link, explanation, idleText }) {
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
    ui.pad.hidden = !(active && dialPad && current.state !== 'starting');
    ui.keysHint.hidden = !active;
    ui.keysHint.textContent = dialPad ? 'Keys 0–9, * and # send tones; M mutes and Esc hangs up.' : 'M mutes and Esc hangs up.';
    // The button that had the focus was just hidden (the browser dropped the focus to the
    // page): give the focus to the one that replaced it.
    if (focusWasOnButton && focused.closest('[hidden]')) {
      (active ? ui.hangup : (open ? ui.call : ui.title)).focus();
    }

    this.callStatus.render(current, { explanation, idleText });
    this.callStatus.ui.status.classList.toggle('closed', !active && current.state === 'idle' && Boolean(link) && !open);
  }
}
