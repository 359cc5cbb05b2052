// The dialer's status line and call duration: the words for each call state, and a timer
// that counts from the moment the call was first connected (kept across a reload).

export const STATUS_TEXT = {
  idle: 'Ready',
  starting: 'Starting the microphone…',
  new: 'Placing the call…',
  calling: 'Calling…',
  ringing: 'Ringing…',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Connection lost — reconnecting…',
  reconnected: 'Reconnected — restoring the audio…',
};
/** Status labels of the end states; the gateway's `reason` follows them. */
const END_LABELS = { hung_up: 'Call ended', rejected: 'Call rejected', not_answered: 'No answer', failed: 'Call lost' };

/**
 * The status line for the page's call record `current` ({call, state, states, cause,
 * reason, audioBlocked}); `idleText` is what to say with no call (the gateway connection's
 * state).
 */
export function statusText(current, idleText) {
  const { state, reason, cause, call } = current;
  if (state === 'failed' && current.states.includes('failed')) return `${END_LABELS.failed}: ${reason}`;
  if (state === 'failed' && cause === 'cancelled') return 'Call cancelled.';
  // The microphone's explanation below the status says it all, with the steps.
  if (state === 'failed' && String(cause).startsWith('microphone_')) return 'Call failed: the microphone could not be used.';
  if (state === 'failed') return `Call failed: ${reason}`;
  if (state === 'reconnecting' && call && call.resumeDeadline) {
    const left = Math.max(0, Math.ceil((call.resumeDeadline - Date.now()) / 1000));
    return `${STATUS_TEXT.reconnecting} The call is kept for ${left} s.`;
  }
  if (state === 'idle') return idleText;
  if (cause !== null || state === 'closed') {
    const endState = current.states.find((s) => END_LABELS[s]);
    const label = END_LABELS[endState] || END_LABELS.hung_up;
    return reason ? `${label}: ${reason}` : label;
  }
  let text = STATUS_TEXT[state] || state;
  if (call && call.muted && state !== 'starting') text += ' — your microphone is muted';
  return current.audioBlocked && call ? `${text} — click or press a key to hear the call.` : text;
}

/** 0:07, 12:34, 1:02:03. */
export function formatDuration(ms) {
  const total = Math.floor(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** The call duration shown in `element`, from `since` (ms since 1970) on. */
export class CallTimer {
  #element;
  #handle = null;
  /** When the call was first connected (ms since 1970), or 0. */
  since = 0;

  constructor(element) {
    this.#element = element;
  }

  start(since) {
    this.stop();
    this.since = since;
    const tick = () => { this.#element.textContent = formatDuration(Math.max(0, Date.now() - this.since)); };
    tick();
    this.#handle = setInterval(tick, 250);
  }

  /** Whether it is counting. */
  get running() { return this.#handle !== null; }

  /** Stops counting; the last duration stays shown. */
  stop() {
    clearInterval(this.#handle);
    this.#handle = null;
  }

  /** Back to 0:00 for a new call. */
  reset() {
    this.stop();
    this.since = 0;
    this.#element.textContent = '0:00';
  }
}
