// Desktop notifications of the agent console (agent.html): a call that rings while the tab is
// in the background (document.visibilityState is not 'visible') shows a notification naming
// the caller and the group, if the agent allowed them. Clicking it brings the tab forward;
// it is closed as soon as the call stops ringing here (answered, declined, cancelled, taken
// by someone else). Permission is only ever asked from the agent's click on "Allow desktop
// notifications": browsers ignore, or hold against the site, a request made without one.

import { callerText } from './agent-incoming-view.js';

/** Notifications kept in `history` (the test contract's `notifications`). */
const HISTORY = 50;

const HINT = {
  default: 'Get a notification when a call rings while this tab is in the background.',
  denied: 'Desktop notifications are blocked for this site. To allow them, click the icon '
    + 'left of the address, open the site settings, set Notifications to Allow, then come back to this tab.',
  granted: 'Desktop notifications are on for calls that ring while this tab is in the background.',
  // Browsers offer notifications only to pages opened over HTTPS (or from this computer).
  insecure: 'Desktop notifications need the console to be opened over HTTPS.',
};

/** True where the page may use the Notification API (it needs a secure context). */
function supported() {
  return typeof Notification === 'function' && window.isSecureContext;
}

/** The words of a notification for `incoming` (an IncomingCall): {title, body}. */
export function notificationText(incoming) {
  const body = [incoming.group ? `Group ${incoming.group}` : 'Direct call'];
  if (incoming.to) body.push(`dialed ${incoming.to}`);
  if (incoming.keys) body.push(`keys pressed ${incoming.keys}`);
  return { title: `Incoming call from ${callerText(incoming)}`, body: body.join(' · ') };
}

export class CallNotifications {
  #ui;
  #ringing;
  #open = new Map(); // callId → {notification, entry}, while shown
  /** Every notification this page showed, oldest first (see agent-contract.js). */
  history = [];

  /**
   * `ui`: {box, button, hint} elements; `ringing()`: the IncomingCalls ringing now (a call
   * that started ringing while the tab was in front gets its notification when the tab goes
   * to the background).
   */
  constructor(ui, { ringing }) {
    this.#ui = ui;
    this.#ringing = ringing;
    ui.button.addEventListener('click', () => this.#ask());
    document.addEventListener('visibilitychange', () => {
      this.render();
      for (const incoming of this.#ringing()) this.ring(incoming);
    });
    // The agent may change the site setting at any time; Chromium tells the page.
    navigator.permissions?.query({ name: 'notifications' })
      .then((status) => status.addEventListener('change', () => this.render()))
      .catch(() => { /* no Permissions API: render() on visibility changes is enough */ });
    this.render();
  }

  /** 'default', 'granted', 'denied', or 'unsupported' (no Notification API here). */
  get permission() {
    return supported() ? Notification.permission : 'unsupported';
  }

  /** Shows the button while the agent has not chosen, and a line saying what holds. */
  render() {
    const permission = this.permission;
    const insecure = permission === 'unsupported' && !window.isSecureContext;
    const ui = this.#ui;
    ui.box.hidden = permission === 'unsupported' && !insecure;
    ui.button.hidden = permission !== 'default';
    const text = HINT[insecure ? 'insecure' : permission] || '';
    if (ui.hint.textContent !== text) ui.hint.textContent = text;
    ui.hint.classList.toggle('problem', permission === 'denied');
  }

  /** A call rings: a notification, if the tab is in the background and they are allowed. */
  ring(incoming) {
    if (!incoming.ringing || this.#open.has(incoming.callId)) return;
    if (document.visibilityState === 'visible' || this.permission !== 'granted') return;
    const { title, body } = notificationText(incoming);
    let notification;
    try {
      // `tag`: a second notification of the same call replaces the first; `requireInteraction`:
      // it stays while the call rings (this page closes it when the ringing stops).
      notification = new Notification(title, { body, tag: `call-${incoming.callId}`, requireInteraction: true });
    } catch {
      return; // e.g. Chromium on Android allows them only from a service worker
    }
    const entry = {
      callId: incoming.callId, title, body, visibility: document.visibilityState, shown: false,
      open: true, closedBy: null, at: Date.now(),
    };
    this.history.push(entry);
    if (this.history.length > HISTORY) this.history.shift();
    this.#open.set(incoming.callId, { notification, entry });
    notification.addEventListener('show', () => { entry.shown = true; });
    notification.addEventListener('click', () => {
      window.focus(); // brings this tab forward; the call's Accept and Decline are there
      this.close(incoming.callId, 'clicked');
    });
    notification.addEventListener('close', () => this.#forget(incoming.callId, 'dismissed'));
    notification.addEventListener('error', () => this.#forget(incoming.callId, 'error'));
  }

  /**
   * The call `callId` stopped ringing here; `why`: 'answered', 'declined', 'clicked',
   * 'signed_out' or the `cancel` reason ('caller_hung_up', 'answered_elsewhere', ...).
   */
  close(callId, why) {
    const open = this.#open.get(callId);
    if (!open) return;
    this.#forget(callId, why);
    open.notification.close();
  }

  /** Closes every notification (signing out). */
  closeAll(why) {
    for (const callId of [...this.#open.keys()]) this.close(callId, why);
  }

  #forget(callId, why) {
    const open = this.#open.get(callId);
    if (!open) return;
    this.#open.delete(callId);
    Object.assign(open.entry, { open: false, closedBy: why });
  }

  async #ask() {
    const hadFocus = document.activeElement === this.#ui.button;
    try {
      await Notification.requestPermission();
    } catch {
      /* the browser refused to ask: render() shows the permission as it is */
    }
    this.render();
    // The button is gone once the agent chose: focus goes to the line that says the outcome.
    if (hadFocus && this.#ui.button.hidden) this.#ui.hint.focus();
  }
}
