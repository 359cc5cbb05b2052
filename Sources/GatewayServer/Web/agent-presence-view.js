// The agent console's presence (agent.html): the selector the agent changes, the line that
// says what the gateway reported (presence and activity), and the wrap-up countdown. The
// selector always comes back to the gateway's word: a refused change must not look accepted.

const PRESENCE_TEXT = { available: 'Available', away: 'Away', busy: 'Busy', offline: 'Offline' };
const ACTIVITY_TEXT = { idle: 'idle', ringing: 'ringing', talking: 'on a call', wrap_up: 'wrapping up' };

export function presenceText(presence) {
  if (!presence) return 'No presence reported yet.';
  const state = PRESENCE_TEXT[presence.state] || presence.state;
  const activity = ACTIVITY_TEXT[presence.activity] || presence.activity;
  return `${state} — ${activity}`;
}

/** Whole seconds left until `until` (ms since 1970), never negative. */
export function secondsLeft(until) {
  return Math.max(0, Math.ceil((until - Date.now()) / 1000));
}

export class PresenceView {
  #ui;
  #presence = null;
  #countdown = null;

  /**
   * `ui`: {section, select, status, wrapUp, wrapUpText, ready} elements; `actions`:
   * {set(state) (the agent picked a presence), ready() (ends the wrap-up)}.
   */
  constructor(ui, actions) {
    this.#ui = ui;
    ui.select.addEventListener('change', () => actions.set(ui.select.value));
    ui.ready.addEventListener('click', () => actions.ready());
  }

  /** Shows the gateway's latest presence (null: none yet) on a connection in `connection`. */
  show(presence, connection) {
    this.#presence = presence;
    const ui = this.#ui;
    ui.section.hidden = connection === 'signed_out';
    ui.select.disabled = connection !== 'connected';
    if (presence && PRESENCE_TEXT[presence.state]) ui.select.value = presence.state;
    let text = presenceText(presence);
    if (connection === 'reconnecting') text = 'Presence unknown while the connection is lost.';
    else if (connection === 'signing_in') text = 'Waiting for the gateway…';
    if (ui.status.textContent !== text) ui.status.textContent = text;
    const wrapping = connection === 'connected' && presence && presence.activity === 'wrap_up';
    ui.wrapUp.hidden = !wrapping;
    if (wrapping && this.#countdown === null) this.#countdown = setInterval(() => this.#tick(), 500);
    if (!wrapping) {
      clearInterval(this.#countdown);
      this.#countdown = null;
    }
    this.#tick();
  }

  /** Puts the selector back to the gateway's presence (after a refused change). */
  revert() {
    if (this.#presence && PRESENCE_TEXT[this.#presence.state]) this.#ui.select.value = this.#presence.state;
  }

  #tick() {
    const presence = this.#presence;
    if (!presence || presence.activity !== 'wrap_up') return;
    const text = presence.wrapUpUntil
      ? `Wrap-up: ${secondsLeft(presence.wrapUpUntil)} s before the next call.`
      : 'Wrap-up before the next call.';
    if (this.#ui.wrapUpText.textContent !== text) this.#ui.wrapUpText.textContent = text;
  }
}
