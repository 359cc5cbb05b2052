/*
 * Dialer page. Test contract (browser tests drive the page only through this object):
 *
 *   window.gatewayDialer = {
 *     call(number)   // Places a call to `number` (digits, +, *, #; spaces ignored), as the
 *                    // Call button does. Returns a Promise that resolves once the call is
 *                    // placed (the gateway's `new` state arrived) and rejects with an Error
 *                    // carrying `code` and `message` when it could not be placed (microphone
 *                    // refused, gateway `error`, a call already in progress, ...).
 *     hangup()       // Hangs up the current call; does nothing without one.
 *     sendDigits(d)  // Sends DTMF digits (0-9 * # A-D) on the current call: the signaling
 *                    // `dtmf` message, plus RTCRtpSender.dtmf once connected. Throws an
 *                    // Error with `code` when there is no call or the digits are invalid.
 *     get state()    // The current state string: 'idle' before any call; the gateway's
 *                    // states (new, calling, ringing, connecting, connected, hung_up,
 *                    // rejected, not_answered, closed); 'starting' while the microphone
 *                    // and the offer are prepared; 'failed' when the call never got placed.
 *                    // After a call the last state stays ('closed' or 'failed').
 *     get lastCause()  // The end cause code of the current/last call (docs/signaling.md),
 *                      // or the error code when it was never placed; null otherwise.
 *     get lastReason() // The human sentence for that cause or error; null otherwise.
 *     states         // Array of every gateway state of the current/last call, in order
 *                    // ('starting' and 'failed' are never in it). A new array per call.
 *     startRecording() // Starts recording the remote audio (Web Audio, AudioWorklet from a
 *                      // blob URL, ScriptProcessor when worklets are missing). With no
 *                      // remote audio yet, recording begins when it arrives. Returns a
 *                      // Promise that resolves once recording runs or is armed.
 *     stopRecording()  // Returns a Promise resolving to a base64 string: a 16-bit PCM mono
 *                      // WAV file at the AudioContext's sample rate.
 *   }
 *
 * window.gatewayDialer exists once this module has run (module scripts run after parsing);
 * document.documentElement.dataset.dialer is then 'ready'.
 * `?identity=NAME` in the page URL is passed to the WebSocket as the web identity.
 */
import { GatewayClient, GatewayError } from './gateway.js';
import { StreamRecorder } from './recorder.js';

const STATUS_TEXT = {
  idle: 'Ready',
  starting: 'Starting the microphone…',
  new: 'Placing the call…',
  calling: 'Calling…',
  ringing: 'Ringing…',
  connecting: 'Connecting…',
  connected: 'Connected',
};
/** Status labels of the end states; the gateway's `reason` follows them. */
const END_LABELS = { hung_up: 'Call ended', rejected: 'Call rejected', not_answered: 'No answer' };
/** Keys that dial or send a digit. */
const DIGIT_KEY = /^[0-9*#]$/;
const LONG_PRESS_MS = 600;

const ui = {
  form: document.getElementById('dial-form'),
  number: document.getElementById('number'),
  del: document.getElementById('delete-button'),
  pad: document.querySelector('.pad'),
  call: document.getElementById('call-button'),
  hangup: document.getElementById('hangup-button'),
  mute: document.getElementById('mute-button'),
  status: document.getElementById('status'),
  timer: document.getElementById('timer'),
  timerLine: document.querySelector('.timer'),
  sent: document.getElementById('sent-digits'),
};

const params = new URLSearchParams(location.search);
const client = new GatewayClient({ identity: params.get('identity') || undefined });

/** What the page knows about the current or last call. */
const current = { call: null, state: 'idle', states: [], cause: null, reason: null, connectedAt: 0 };
let timerHandle = null;
let recorder = null;
let armedRecording = null; // a startRecording() waiting for remote audio

function callInProgress() {
  return current.call !== null;
}

// ---- Number field -------------------------------------------------------------------

/** Keeps only what a dial string may hold: digits, + * # and spaces. */
function cleanNumber(text) {
  return text.replace(/[^0-9+*# ]/g, '');
}

function appendToNumber(text) {
  ui.number.value = cleanNumber(ui.number.value + text);
}

ui.number.addEventListener('input', () => {
  const cleaned = cleanNumber(ui.number.value);
  if (cleaned !== ui.number.value) ui.number.value = cleaned;
});

ui.del.addEventListener('click', () => {
  ui.number.value = ui.number.value.replace(/.$/, '').trimEnd();
});

// ---- Dial pad -----------------------------------------------------------------------

/** A digit from the pad or the keyboard: part of the number before a call, DTMF during. */
function pressDigit(digit) {
  if (current.state === 'starting') return; // nothing to send digits to yet
  if (callInProgress()) {
    try {
      sendDigits(digit);
    } catch (error) {
      showStatus(`${STATUS_TEXT[current.state] || current.state} — ${error.message}`);
    }
  } else {
    appendToNumber(digit);
  }
}

// Holding 0 types + (as on phones); the click that follows the long press is swallowed.
let longPressTimer = null;
let longPressFired = false;
ui.pad.addEventListener('pointerdown', (event) => {
  const button = event.target.closest('button[data-digit="0"]');
  longPressFired = false;
  if (!button || callInProgress()) return;
  longPressTimer = setTimeout(() => { longPressFired = true; appendToNumber('+'); }, LONG_PRESS_MS);
});
for (const type of ['pointerup', 'pointerleave', 'pointercancel']) {
  ui.pad.addEventListener(type, () => clearTimeout(longPressTimer));
}
ui.pad.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-digit]');
  if (!button) return;
  if (longPressFired) { longPressFired = false; return; }
  pressDigit(button.dataset.digit);
});

document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const inNumberField = event.target === ui.number;
  if (callInProgress()) {
    if (DIGIT_KEY.test(event.key)) {
      event.preventDefault();
      pressDigit(event.key);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      hangup();
    }
    return;
  }
  if (inNumberField) return; // the field handles its own typing; Enter submits the form
  if (DIGIT_KEY.test(event.key) || event.key === '+') {
    event.preventDefault();
    appendToNumber(event.key);
  } else if (event.key === 'Backspace') {
    event.preventDefault();
    ui.del.click();
  }
});

// ---- Calls ---------------------------------------------------------------------------

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  placeCall(ui.number.value).catch(() => { /* shown in the status line */ });
});
ui.hangup.addEventListener('click', () => hangup());
ui.mute.addEventListener('click', () => {
  if (!current.call) return;
  current.call.mute(!current.call.muted);
});

async function placeCall(number) {
  if (callInProgress()) {
    throw new GatewayError('busy', 'A call is already in progress.');
  }
  const typed = String(number);
  const to = typed.replace(/\s/g, '');
  ui.number.value = cleanNumber(typed);
  current.states = [];
  current.cause = null;
  current.reason = null;
  if (!/^\+?[0-9*#]+$/.test(to)) {
    const error = new GatewayError('bad_destination',
      to ? 'The number can hold digits, * and #, with + only at the start.' : 'Enter a number to call.');
    fail(error);
    throw error;
  }
  const call = client.createCall(to);
  current.call = call;
  current.state = 'starting';
  ui.sent.hidden = true;
  ui.sent.textContent = '';
  resetTimer();
  watch(call);
  render();
  try {
    await call.start();
  } catch (error) {
    if (current.call === call) {
      current.call = null;
      fail(error);
    }
    throw error;
  }
}

function watch(call) {
  call.addEventListener('state', (event) => {
    if (current.call !== call) return;
    current.state = event.detail.state;
    current.states.push(event.detail.state);
    if (event.detail.state === 'connected' && !current.connectedAt) startTimer();
    if (event.detail.end) {
      current.cause = event.detail.end.cause;
      current.reason = event.detail.end.reason;
      stopTimer();
    }
    if (event.detail.state === 'closed') current.call = null;
    render();
  });
  call.addEventListener('mute', () => render());
  call.addEventListener('remotestream', (event) => {
    if (armedRecording) {
      const start = armedRecording;
      armedRecording = null;
      start(event.detail.stream);
    }
  });
  call.addEventListener('audioblocked', () => {
    showStatus(`${STATUS_TEXT[current.state]} — click or press a key to hear the call.`);
    const resume = () => call.resumeAudio().then(render).catch(() => {});
    document.addEventListener('pointerdown', resume, { once: true });
    document.addEventListener('keydown', resume, { once: true });
  });
  call.addEventListener('error', (event) => {
    // Errors after placement (bad digits, an unusable answer) do not end the call here.
    if (current.call === call && current.state !== 'starting') {
      showStatus(`${STATUS_TEXT[current.state] || current.state} — ${event.detail.message}`);
    }
  });
}

function fail(error) {
  current.state = 'failed';
  current.cause = error.code || 'error';
  current.reason = error.message || String(error);
  stopTimer();
  render();
}

function hangup() {
  if (current.call) current.call.hangup();
}

function sendDigits(digits) {
  if (!current.call) throw new GatewayError('invalid_state', 'There is no call to send digits to.');
  current.call.sendDigits(digits);
  ui.sent.hidden = false;
  ui.sent.textContent = `Sent: ${(ui.sent.textContent.replace(/^Sent: /, '') + String(digits).replace(/\s/g, '')).slice(-24)}`;
}

// ---- Timer and status ----------------------------------------------------------------

function formatDuration(ms) {
  const total = Math.floor(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

function startTimer() {
  current.connectedAt = performance.now();
  ui.timer.textContent = formatDuration(0);
  timerHandle = setInterval(() => {
    ui.timer.textContent = formatDuration(performance.now() - current.connectedAt);
  }, 250);
}

function stopTimer() {
  clearInterval(timerHandle);
  timerHandle = null;
}

function resetTimer() {
  stopTimer();
  current.connectedAt = 0;
  ui.timer.textContent = '0:00';
}

function showStatus(text) {
  if (ui.status.textContent !== text) ui.status.textContent = text;
}

function statusText() {
  const { state, reason } = current;
  if (state === 'failed') return current.cause === 'cancelled' ? 'Call cancelled.' : `Call failed: ${reason}`;
  if (state === 'idle') return client.connected ? STATUS_TEXT.idle : connectionText;
  if (current.cause !== null || state === 'closed') {
    const endState = current.states.find((s) => END_LABELS[s]);
    const label = END_LABELS[endState] || END_LABELS.hung_up;
    return reason ? `${label}: ${reason}` : label;
  }
  return STATUS_TEXT[state] || state;
}

function render() {
  const active = callInProgress();
  document.body.dataset.state = current.state;
  ui.timerLine.hidden = !current.connectedAt;
  ui.status.classList.toggle('problem', (current.state === 'failed' && current.cause !== 'cancelled')
    || current.states.some((s) => s === 'rejected' || s === 'not_answered')
    || (current.state !== 'failed' && current.cause !== null
      && !['normal_clearing', 'originator_cancel'].includes(current.cause)));
  ui.call.disabled = active;
  ui.hangup.disabled = !active;
  ui.mute.disabled = !active || current.state === 'starting';
  const muted = Boolean(active && current.call.muted);
  ui.mute.setAttribute('aria-pressed', String(muted));
  ui.mute.textContent = muted ? 'Muted' : 'Mute';
  ui.number.readOnly = active;
  ui.del.disabled = active;
  showStatus(statusText());
}

// ---- Gateway connection ----------------------------------------------------------------

let connectionText = 'Connecting to the gateway…';
function connectToGateway() {
  client.connect().then(() => {
    connectionText = STATUS_TEXT.idle;
    if (current.state === 'idle') render();
  }, () => {
    connectionText = 'Cannot reach the gateway. Check that it is running, then reload the page.';
    if (current.state === 'idle') render();
  });
}
client.addEventListener('close', () => {
  connectionText = 'The connection to the gateway closed; it reopens on the next call.';
  if (current.state === 'idle') render();
});

// ---- Recording (test hooks) -------------------------------------------------------------

function startRecording() {
  if (recorder) recorder.stop().catch(() => {}); // a second start replaces the first
  armedRecording = null;
  recorder = new StreamRecorder();
  const target = recorder;
  const begin = (stream) => target.start(stream);
  const stream = current.call && current.call.remoteStream;
  if (stream) return begin(stream);
  // Armed is enough for the caller: the recording starts with the remote audio.
  armedRecording = (remote) => begin(remote).catch((error) => console.error('Recording failed to start:', error));
  return Promise.resolve();
}

async function stopRecording() {
  armedRecording = null;
  const running = recorder;
  recorder = null;
  if (!running) throw new GatewayError('not_recording', 'startRecording() was not called.');
  return running.stop();
}

// ---- Test contract -----------------------------------------------------------------------

window.gatewayDialer = {
  call: (number) => placeCall(number),
  hangup,
  sendDigits,
  get state() { return current.state; },
  get lastCause() { return current.cause; },
  get lastReason() { return current.reason; },
  get states() { return current.states; },
  startRecording,
  stopRecording,
};
document.documentElement.dataset.dialer = 'ready';

render();
connectToGateway();
