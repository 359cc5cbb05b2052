// Dialer page: a number field grouped as typed, a dial pad (and the keyboard) for dialing and
// for tones during a call, call / hang up / mute, the call's status and duration, level
// meters for both sides, a quality indicator, and plain words on why a call failed.
// Its test contract, window.gatewayDialer, is in dialer-contract.js. `?identity=NAME` in the
// page URL is passed to the WebSocket as the web identity. A call to a phone survives a
// lost connection and a reload of the page (docs/signaling.md, "Reconnecting"); the page's
// one call is followed by page-call.js, shown by call-status-view.js as on a call link's page.
// The Microphone select (microphone-choice.js) picks the input of the next calls and of the
// call in progress.
import { GatewayClient, GatewayError, RAW_AUDIO_CONSTRAINTS } from './gateway.js';
import { installTestContract } from './dialer-contract.js';
import { dialString, formatNumber, reformatField, deleteAcrossSeparator, withoutLastDigit } from './dialer-number.js';
import { explain } from './dialer-explain.js';
import { setUpDialPad } from './dialer-pad.js';
import { wakeAudio } from './level-meter.js';
import { STATUS_TEXT } from './dialer-status.js';
import { CallStatusView } from './call-status-view.js';
import { PageCall } from './page-call.js';
import { MicrophoneChoice } from './microphone-choice.js';

const view = new CallStatusView(document.querySelector('.call-status'));
const ui = {
  form: document.getElementById('dial-form'),
  number: document.getElementById('number'),
  del: document.getElementById('delete-button'),
  pad: document.querySelector('.pad'),
  call: document.getElementById('call-button'),
  hangup: document.getElementById('hangup-button'),
  mute: document.getElementById('mute-button'),
};

const params = new URLSearchParams(location.search);
// ?token= (web_auth.mode: token, docs/tokens.md) or ?identity= (open mode).
const client = new GatewayClient({ identity: params.get('identity') || undefined, token: params.get('token') || undefined,
  audioConstraints: params.get('audio') === 'raw' ? RAW_AUDIO_CONSTRAINTS : undefined });

const page = new PageCall(client, view, { hangup: ui.hangup, mute: ui.mute }, {
  render: () => render(),
  began: () => { connectionError = null; },
  changed: (state) => {
    updateCountdown();
    // The first call's microphone permission names the inputs: the select may show now.
    if (state === 'new' || state === 'reconnected') microphones.refresh();
  },
  remoteStream: (stream) => remoteStream(stream),
});
const { current } = page;
const microphones = new MicrophoneChoice(
  { row: document.querySelector('.microphone-choice'), select: document.getElementById('microphone') },
  client, { call: () => current.call, trouble: (message) => page.showTrouble(message) });
/** The error code of the last failed connection to the gateway (token_expired…), or null. */
let connectionError = null;
let countdownHandle = null; // refreshes the status while reconnecting

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
  if (page.inProgress) {
    try {
      page.sendDigits(digit);
    } catch (error) {
      page.showTrouble(error.message);
    }
  } else {
    appendToNumber(digit);
  }
}

setUpDialPad({
  pad: ui.pad,
  field: ui.number,
  inCall: () => page.inProgress,
  digit: pressDigit,
  plus: () => appendToNumber('+'),
  hangup: () => page.hangup(),
  toggleMute: () => page.toggleMute(),
  remove: () => ui.del.click(),
  submit: () => ui.form.requestSubmit(),
});

// ---- Calls ---------------------------------------------------------------------------

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  wakeAudio(); // a click or Enter: the meters' AudioContext may start now
  placeCall(ui.number.value).catch(() => { /* shown in the status line */ });
});

async function placeCall(number) {
  if (page.inProgress) throw new GatewayError('busy', 'A call is already in progress.');
  const to = dialString(number);
  ui.number.value = formatNumber(to);
  if (!/^\+?[0-9*#]+$/.test(to)) {
    const error = new GatewayError('bad_destination',
      to ? 'The number can hold digits, * and #, with + only at the start.' : 'Enter a number to call.');
    Object.assign(current, { states: [], callId: null });
    page.fail(error);
    throw error;
  }
  await page.place(client.createCall(to));
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

function render() {
  const active = page.inProgress;
  document.body.dataset.state = current.state;
  ui.call.disabled = active;
  ui.hangup.disabled = !active;
  page.renderMute('Start the next calls muted');
  ui.number.readOnly = active;
  ui.del.disabled = active;
  view.render(current, {
    explanation: page.explanation(explain, current.state === 'idle' ? connectionError : null),
    idleText: client.connected ? STATUS_TEXT.idle : connectionText,
  });
}

// ---- Gateway connection --------------------------------------------------------------------

let connectionText = 'Connecting to the gateway…';
/**
 * The status line without a call while the connection is down: reconnecting by itself after
 * a drop, or for good (the gateway unreachable at first, or refusing the page's token).
 */
function connectionLost(error, reconnecting) {
  connectionError = reconnecting ? null : error.code || 'connection_failed';
  if (reconnecting) connectionText = 'The connection to the gateway was lost; reconnecting…';
  else if (String(connectionError).startsWith('token_')) connectionText = `The gateway refused this page: ${error.message}`;
  else connectionText = 'Cannot reach the gateway. Check that it is running, then reload the page.';
  if (current.state === 'idle') render();
}
client.addEventListener('close', (event) => connectionLost(event.detail.error, event.detail.reconnect));
client.addEventListener('hello', () => {
  connectionText = STATUS_TEXT.idle;
  connectionError = null;
  if (current.state === 'idle') render();
});

// ---- Test contract and start -----------------------------------------------------------

const remoteStream = installTestContract({
  call: placeCall,
  hangup: () => page.hangup(),
  sendDigits: (digits) => page.sendDigits(digits),
  dropSignaling: () => client.dropConnection(),
  restartIce: () => (current.call ? current.call.restartIce()
    : Promise.reject(new GatewayError('invalid_state', 'There is no call to restart ICE on.'))),
  current: () => current,
  explanation: () => view.shownExplanation(),
  levels: () => ({ microphone: view.meters.microphone.value, remote: view.meters.remote.value }),
  quality: () => view.qualityBadge.rating,
  microphones: () => GatewayClient.microphones(),
  setMicrophone: (deviceId) => microphones.choose(deviceId),
  microphone: () => (current.call && current.call.microphone) || client.microphone,
});

const resumed = page.resumeSaved();
if (resumed) ui.number.value = formatNumber(resumed.destination);
render();
client.connect().catch((error) => connectionLost(error, false));
