// Dialer page: a number field grouped as typed, a dial pad (and the keyboard) for dialing and
// for tones during a call, call / hang up / mute, the call's status and duration, level
// meters for both sides, a quality indicator, and plain words on why a call failed.
// Its test contract, window.gatewayDialer, is in dialer-contract.js. `?identity=NAME` in the
// page URL is passed to the WebSocket as the web identity. A call to a phone survives a
// lost connection and a reload of the page (docs/signaling.md, "Reconnecting").
import { GatewayClient, GatewayError, RAW_AUDIO_CONSTRAINTS } from './gateway.js';
import { installTestContract } from './dialer-contract.js';
import { showQuality } from './quality-view.js';
import { dialString, formatNumber, reformatField, deleteAcrossSeparator, withoutLastDigit } from './dialer-number.js';
import { explain, showExplanation } from './dialer-explain.js';
import { setUpDialPad } from './dialer-pad.js';
import { rememberedMute, rememberMute, watchMicrophonePermission } from './dialer-microphone.js';
import { QualityBadge } from './dialer-quality.js';
import { LevelMeter, wakeAudio } from './level-meter.js';
import { CallTimer, STATUS_TEXT, statusText } from './dialer-status.js';

/** States during which the call is kept but has no audio. */
const AWAY_STATES = new Set(['reconnecting', 'reconnected']);
/** States in which the call carries audio (meters and the quality indicator show). */
const AUDIO_STATES = new Set(['connecting', 'connected', 'reconnected']);

const ui = {
  form: document.getElementById('dial-form'),
  number: document.getElementById('number'),
  del: document.getElementById('delete-button'),
  pad: document.querySelector('.pad'),
  call: document.getElementById('call-button'),
  hangup: document.getElementById('hangup-button'),
  mute: document.getElementById('mute-button'),
  status: document.getElementById('status'),
  explanation: document.getElementById('explanation'),
  timerLine: document.querySelector('.timer'),
  sent: document.getElementById('sent-digits'),
  levels: document.getElementById('levels'),
  micLevel: document.getElementById('mic-level'),
};

const params = new URLSearchParams(location.search);
// ?token= (web_auth.mode: token, docs/tokens.md) or ?identity= (open mode).
const client = new GatewayClient({ identity: params.get('identity') || undefined, token: params.get('token') || undefined,
  audioConstraints: params.get('audio') === 'raw' ? RAW_AUDIO_CONSTRAINTS : undefined });

/** What the page knows about the current or last call. */
const current = {
  call: null, callId: null, state: 'idle', states: [], cause: null, reason: null, side: null,
  audioBlocked: false, // the browser refused to play the far end's audio without a click
};
/** The remembered mute choice: the next call starts with it. */
let muteChoice = rememberedMute();
/** 'microphone_blocked' or 'microphone_allowed' from the browser's permission, or null. */
let microphoneNotice = null;
/** The error code of the last failed connection to the gateway (token_expired…), or null. */
let connectionError = null;
let countdownHandle = null; // refreshes the status while reconnecting

const meters = { microphone: new LevelMeter(ui.micLevel), remote: new LevelMeter(document.getElementById('remote-level')) };
const qualityBadge = new QualityBadge(document.getElementById('quality-badge'));
const timer = new CallTimer(document.getElementById('timer'));

function callInProgress() {
  return current.call !== null;
}

// ---- Number field and dial pad --------------------------------------------------------

function appendToNumber(text) {
  ui.number.value = formatNumber(ui.number.value + text);
}

ui.number.addEventListener('beforeinput', (event) => deleteAcrossSeparator(ui.number, event));
ui.number.addEventListener('input', () => reformatField(ui.number));
ui.del.addEventListener('click', () => { ui.number.value = withoutLastDigit(ui.number.value); });

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

setUpDialPad({
  pad: ui.pad,
  field: ui.number,
  inCall: callInProgress,
  digit: pressDigit,
  plus: () => appendToNumber('+'),
  hangup: () => hangup(),
  toggleMute: () => toggleMute(),
  remove: () => ui.del.click(),
  submit: () => ui.form.requestSubmit(),
});

// ---- Calls ---------------------------------------------------------------------------

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  wakeAudio(); // a click or Enter: the meters' AudioContext may start now
  placeCall(ui.number.value).catch(() => { /* shown in the status line */ });
});
ui.hangup.addEventListener('click', () => hangup());
ui.mute.addEventListener('click', () => toggleMute());
// A reloaded page may not start audio before the user interacts with it.
for (const type of ['pointerdown', 'keydown']) {
  document.addEventListener(type, () => { if (callInProgress()) wakeAudio(); }, { capture: true });
}

/** Mutes or unmutes the call, and remembers the choice for the next calls. */
function toggleMute() {
  muteChoice = !(current.call ? current.call.muted : muteChoice);
  rememberMute(muteChoice);
  if (current.call) current.call.mute(muteChoice); else render();
}

/** A fresh record for a call that starts now. */
function beginCall(call, state) {
  current.call = call;
  current.callId = call.id;
  current.state = state;
  current.states = [];
  current.cause = null;
  current.reason = null;
  current.side = null;
  current.audioBlocked = false;
  microphoneNotice = null;
  connectionError = null;
  ui.sent.hidden = true;
  ui.sent.textContent = '';
  timer.reset();
  if (muteChoice) call.mute(true);
  watch(call);
}

async function placeCall(number) {
  if (callInProgress()) {
    throw new GatewayError('busy', 'A call is already in progress.');
  }
  const to = dialString(number);
  ui.number.value = formatNumber(to);
  current.states = [];
  current.callId = null;
  if (!/^\+?[0-9*#]+$/.test(to)) {
    const error = new GatewayError('bad_destination',
      to ? 'The number can hold digits, * and #, with + only at the start.' : 'Enter a number to call.');
    fail(error);
    throw error;
  }
  const call = client.createCall(to);
  beginCall(call, 'starting');
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
  beginCall(call, 'reconnecting');
  ui.number.value = formatNumber(saved.number);
  call.resume().catch(() => { /* shown by the `failed` state */ });
  if (call.connectedAt) timer.start(call.connectedAt);
  render();
  return true;
}

function watch(call) {
  showQuality(call, document.getElementById('quality'));
  qualityBadge.watch(call);
  call.addEventListener('state', (event) => {
    if (current.call !== call) return;
    const { state, end } = event.detail;
    // A lost call stays 'failed' (with its cause and reason) after its 'closed'.
    if (!(state === 'closed' && current.state === 'failed')) current.state = state;
    current.states.push(state);
    if (state === 'connected' && !timer.since) timer.start(call.connectedAt || Date.now());
    if (end) {
      current.cause = end.cause;
      current.reason = end.reason;
      current.side = end.side || null;
      timer.stop();
    }
    if (state === 'closed') current.call = null;
    updateCountdown();
    render();
  });
  call.addEventListener('mute', () => render());
  call.addEventListener('remotestream', (event) => {
    remoteStream(event.detail.stream);
    if (current.call === call) meters.remote.attach(event.detail.stream);
  });
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
  current.side = 'local';
  timer.stop();
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

// ---- Status ---------------------------------------------------------------------------

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

/** What to explain now: why the last call failed, or the microphone or access trouble. */
function explanation() {
  if (callInProgress()) return null;
  const cause = current.cause;
  if (microphoneNotice && (cause === null || cause === 'cancelled' || String(cause).startsWith('microphone_'))) {
    return explain({ code: microphoneNotice, state: current.state });
  }
  if (cause !== null) return explain({ code: cause, side: current.side, state: current.state });
  return current.state === 'idle' && connectionError ? explain({ code: connectionError }) : null;
}

function render() {
  const active = callInProgress();
  document.body.dataset.state = current.state;
  ui.timerLine.hidden = !timer.since;
  ui.status.classList.toggle('away', AWAY_STATES.has(current.state));
  ui.status.classList.toggle('problem', (current.state === 'failed' && current.cause !== 'cancelled')
    || current.states.some((s) => s === 'rejected' || s === 'not_answered')
    || (current.state !== 'failed' && current.cause !== null
      && !['normal_clearing', 'originator_cancel'].includes(current.cause)));
  ui.call.disabled = active;
  ui.hangup.disabled = !active;
  ui.mute.disabled = current.state === 'starting';
  const muted = active ? current.call.muted : muteChoice;
  ui.mute.setAttribute('aria-pressed', String(muted));
  ui.mute.textContent = muted ? 'Muted' : 'Mute';
  ui.mute.title = active ? 'Mute your microphone (M)' : 'Start the next calls muted';
  ui.number.readOnly = active;
  ui.del.disabled = active;
  renderMedia(active);
  showExplanation(ui.explanation, explanation());
  showStatus(statusText(current, client.connected ? STATUS_TEXT.idle : connectionText));
}

/** The meters and the quality indicator follow the call's audio. */
function renderMedia(active) {
  const call = current.call;
  const audio = active && AUDIO_STATES.has(current.state);
  if (active && call.localStream) meters.microphone.attach(call.localStream);
  if (active && call.remoteStream) meters.remote.attach(call.remoteStream);
  if (!active) {
    meters.microphone.detach();
    meters.remote.detach();
  }
  ui.levels.hidden = !active || current.state === 'starting';
  ui.micLevel.classList.toggle('muted', Boolean(active && call.muted));
  ui.micLevel.setAttribute('aria-label', active && call.muted ? 'Your microphone level (muted)' : 'Your microphone level');
  qualityBadge.show(audio);
}

// ---- Gateway connection and the microphone permission ------------------------------------

let connectionText = 'Connecting to the gateway…';
function connectToGateway() {
  client.connect().then(() => {
    connectionText = STATUS_TEXT.idle;
    connectionError = null;
    if (current.state === 'idle') render();
  }, (error) => {
    connectionError = error && error.code ? error.code : 'connection_failed';
    connectionText = String(connectionError).startsWith('token_')
      ? `The gateway refused this page: ${error.message}`
      : 'Cannot reach the gateway. Check that it is running, then reload the page.';
    if (current.state === 'idle') render();
  });
}
client.addEventListener('close', () => {
  connectionText = 'The connection to the gateway closed; it reopens on the next call.';
  if (current.state === 'idle') render();
});

watchMicrophonePermission((permission) => {
  const wasBlocked = microphoneNotice === 'microphone_blocked' || current.cause === 'microphone_blocked';
  if (permission === 'denied') microphoneNotice = 'microphone_blocked';
  else microphoneNotice = wasBlocked ? 'microphone_allowed' : null;
  if (!callInProgress()) render();
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
  explanation: () => {
    const box = ui.explanation;
    return box.hidden ? null : { code: box.dataset.code, kind: box.dataset.kind, text: box.innerText };
  },
  levels: () => ({ microphone: meters.microphone.value, remote: meters.remote.value }),
  quality: () => (qualityBadge.rating),
});

resumeSavedCall();
render();
connectToGateway();
