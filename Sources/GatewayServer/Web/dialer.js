// Dialer page: a number field, a dial pad, call / hang up / mute, and the call's status.
// Its test contract, window.gatewayDialer, is in dialer-contract.js. `?identity=NAME` in the
// page URL is passed to the WebSocket as the web identity. A call to a phone survives a
// lost connection and a reload of the page (docs/signaling.md, "Reconnecting").
import { GatewayClient, GatewayError } from './gateway.js';
import { installTestContract } from './dialer-contract.js';
import { showQuality } from './quality-view.js';

const STATUS_TEXT = {
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
/** States during which the call is kept but has no audio. */
const AWAY_STATES = new Set(['reconnecting', 'reconnected']);
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
// ?token= (web_auth.mode: token, docs/tokens.md) or ?identity= (open mode).
const client = new GatewayClient({ identity: params.get('identity') || undefined, token: params.get('token') || undefined });

/** What the page knows about the current or last call. */
const current = {
  call: null, callId: null, state: 'idle', states: [], cause: null, reason: null, connectedAt: 0,
  audioBlocked: false, // the browser refused to play the far end's audio without a click
};
let timerHandle = null;
let countdownHandle = null; // refreshes the status while reconnecting

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
  current.callId = null;
  current.cause = null;
  current.reason = null;
  current.audioBlocked = false;
  if (!/^\+?[0-9*#]+$/.test(to)) {
    const error = new GatewayError('bad_destination',
      to ? 'The number can hold digits, * and #, with + only at the start.' : 'Enter a number to call.');
    fail(error);
    throw error;
  }
  const call = client.createCall(to);
  current.call = call;
  current.callId = call.id;
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

/**
 * Takes back the call the previous page of this tab left behind (a reload during a call to
 * a phone), if its disconnect interval has not run out: it shows as reconnecting, then
 * connected. Returns true when there was one.
 */
function resumeSavedCall() {
  // An agent's call (the console's, same tab and identity) is not the dialer's to take.
  const saved = client.savedCalls().find((entry) => !entry.incoming);
  if (!saved) return false;
  let call;
  try {
    call = client.restoreCall(saved);
  } catch {
    return false; // gone meanwhile
  }
  current.call = call;
  current.callId = call.id;
  current.state = 'reconnecting';
  current.states = [];
  current.cause = null;
  current.reason = null;
  current.audioBlocked = false;
  ui.number.value = cleanNumber(saved.number);
  resetTimer();
  watch(call);
  call.resume().catch(() => { /* shown by the `failed` state */ });
  if (call.connectedAt) startTimer(call.connectedAt);
  render();
  return true;
}

function watch(call) {
  showQuality(call, document.getElementById('quality'));
  call.addEventListener('state', (event) => {
    if (current.call !== call) return;
    const { state, end } = event.detail;
    // A lost call stays 'failed' (with its cause and reason) after its 'closed'.
    if (!(state === 'closed' && current.state === 'failed')) current.state = state;
    current.states.push(state);
    if (state === 'connected' && !current.connectedAt) startTimer(call.connectedAt || Date.now());
    if (end) {
      current.cause = end.cause;
      current.reason = end.reason;
      stopTimer();
    }
    if (state === 'closed') current.call = null;
    updateCountdown();
    render();
  });
  call.addEventListener('mute', () => render());
  call.addEventListener('remotestream', (event) => remoteStream(event.detail.stream));
  call.addEventListener('audioblocked', () => {
    // Likely after a reload: the new page may not play audio before the user interacts.
    current.audioBlocked = true;
    render();
    const resume = () => call.resumeAudio().then(() => { current.audioBlocked = false; render(); }).catch(() => {});
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

/** Runs the call duration from `since` (ms since 1970: it goes on across a reload). */
function startTimer(since) {
  stopTimer();
  current.connectedAt = since;
  const tick = () => { ui.timer.textContent = formatDuration(Math.max(0, Date.now() - current.connectedAt)); };
  tick();
  timerHandle = setInterval(tick, 250);
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

/** While reconnecting, the status counts down the time the phone is kept on the line. */
function updateCountdown() {
  const away = current.state === 'reconnecting';
  if (away && countdownHandle === null) countdownHandle = setInterval(render, 1000);
  if (!away && countdownHandle !== null) {
    clearInterval(countdownHandle);
    countdownHandle = null;
  }
}

function showStatus(text) {
  if (ui.status.textContent !== text) ui.status.textContent = text;
}

function statusText() {
  const { state, reason } = current;
  if (state === 'failed' && current.states.includes('failed')) return `${END_LABELS.failed}: ${reason}`;
  if (state === 'failed') return current.cause === 'cancelled' ? 'Call cancelled.' : `Call failed: ${reason}`;
  if (state === 'reconnecting' && current.call && current.call.resumeDeadline) {
    const left = Math.max(0, Math.ceil((current.call.resumeDeadline - Date.now()) / 1000));
    return `${STATUS_TEXT.reconnecting} The call is kept for ${left} s.`;
  }
  if (state === 'idle') return client.connected ? STATUS_TEXT.idle : connectionText;
  if (current.cause !== null || state === 'closed') {
    const endState = current.states.find((s) => END_LABELS[s]);
    const label = END_LABELS[endState] || END_LABELS.hung_up;
    return reason ? `${label}: ${reason}` : label;
  }
  const text = STATUS_TEXT[state] || state;
  return current.audioBlocked && current.call ? `${text} — click or press a key to hear the call.` : text;
}

function render() {
  const active = callInProgress();
  document.body.dataset.state = current.state;
  ui.timerLine.hidden = !current.connectedAt;
  ui.status.classList.toggle('away', AWAY_STATES.has(current.state));
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

// ---- Test contract and start -----------------------------------------------------------

const remoteStream = installTestContract({
  call: placeCall,
  hangup,
  sendDigits,
  dropSignaling: () => client.dropConnection(),
  restartIce: () => (current.call ? current.call.restartIce()
    : Promise.reject(new GatewayError('invalid_state', 'There is no call to restart ICE on.'))),
  current: () => current,
});

resumeSavedCall();
render();
connectToGateway();
