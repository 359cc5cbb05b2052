// Call link page (/call/<id>): a page an operator made that calls one destination (a number,
// a group of agents, a menu) chosen by the operator. The caller sees its title and a Call
// button while the link is open, or the reason it is not; no number can be typed. During the
// call: status and duration, mute (remembered as on the dialer), hang up, level meters, the
// quality indicator and, when the link has one, a dial pad (the keyboard's digits too).
// link-view.js shows it all; the test contract, window.gatewayLink, is in link-contract.js.
// `?audio=raw` turns the browser's voice processing off (tones and measurements). A call
// survives a reload of the page as on the dialer (docs/signaling.md, "Reconnecting").
import { GatewayClient, GatewayError, RAW_AUDIO_CONSTRAINTS } from './gateway.js';
import { installLinkContract, markLinkReady } from './link-contract.js';
import { linkIdFrom, loadLinkInfo } from './link-info.js';
import { explainLink } from './link-explain.js';
import { LinkView } from './link-view.js';
import { setUpDialPad } from './dialer-pad.js';
import { rememberedMute, rememberMute, watchMicrophonePermission } from './dialer-microphone.js';
import { wakeAudio } from './level-meter.js';
import { STATUS_TEXT } from './dialer-status.js';
import { showQuality } from './quality-view.js';

/** How often the link is asked about again while no call is up (it may open or close). */
const RECHECK_MS = 30000;

const view = new LinkView();
const { ui } = view;
const linkId = linkIdFrom(location.pathname);
const params = new URLSearchParams(location.search);
// Without an id in the address there is nothing to call (and never a client without a link).
const client = linkId ? new GatewayClient({ link: linkId,
  audioConstraints: params.get('audio') === 'raw' ? RAW_AUDIO_CONSTRAINTS : undefined }) : null;

/** What the gateway says of the link ({state, title, dialPad, message}), null until it answered. */
let link = null;
/** The current or last call. */
const current = {
  call: null, callId: null, state: 'idle', states: [], cause: null, reason: null, side: null,
  sentDigits: '', audioBlocked: false,
};
let muteChoice = rememberedMute();
let microphoneNotice = null; // 'microphone_blocked' or 'microphone_allowed', or null

const callInProgress = () => current.call !== null;
const linkOpen = () => Boolean(client && link && link.state === 'open');

// ---- The link ------------------------------------------------------------------------------

async function refreshLink() {
  link = await loadLinkInfo(linkId);
  view.showTitle(link);
  render();
  markLinkReady();
}

setInterval(() => {
  if (!document.hidden && !callInProgress() && link && link.state !== 'missing') refreshLink();
}, RECHECK_MS);

// ---- Calls -------------------------------------------------------------------------------

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (callInProgress() || !linkOpen()) return;
  wakeAudio(); // a click or Enter: the meters' AudioContext may start now
  placeCall().catch(() => { /* shown in the status line */ });
});
ui.hangup.addEventListener('click', () => hangup());
ui.mute.addEventListener('click', () => toggleMute());
// A reloaded page may not start audio before the user interacts with it.
for (const type of ['pointerdown', 'keydown']) {
  document.addEventListener(type, () => { if (callInProgress()) wakeAudio(); }, { capture: true });
}

/** Mutes or unmutes the call, and remembers the choice for the next calls (as the dialer does). */
function toggleMute() {
  muteChoice = !(current.call ? current.call.muted : muteChoice);
  rememberMute(muteChoice);
  if (current.call) current.call.mute(muteChoice); else render();
}

function beginCall(call, state) {
  Object.assign(current, {
    call, callId: call.id, state, states: [], cause: null, reason: null, side: null, sentDigits: '', audioBlocked: false,
  });
  microphoneNotice = null;
  view.clearCall();
  if (muteChoice) call.mute(true);
  watch(call);
}

async function placeCall() {
  if (callInProgress()) throw new GatewayError('busy', 'A call is already in progress.');
  if (!linkOpen()) throw new GatewayError('link_unavailable', (link && link.message) || 'This link cannot be used now.');
  const call = client.createCall(); // no number: the gateway calls the link's destination
  beginCall(call, 'starting');
  render();
  try {
    await call.start();
  } catch (error) {
    if (current.call === call) {
      current.call = null;
      fail(error);
    }
    // Refused by the gateway: the link closed meanwhile; show what it says now.
    if (String(error.code).startsWith('link_')) refreshLink();
    throw error;
  }
}

/** Takes back the call an earlier page of this tab left (a reload during a call). */
function resumeSavedCall() {
  const saved = client.savedCalls().find((entry) => !entry.incoming);
  if (!saved) return;
  let call;
  try {
    call = client.restoreCall(saved);
  } catch {
    return; // gone meanwhile
  }
  beginCall(call, 'reconnecting');
  call.resume().catch(() => { /* shown by the `failed` state */ });
  if (call.connectedAt) view.timer.start(call.connectedAt);
}

function watch(call) {
  showQuality(call, ui.quality);
  view.qualityBadge.watch(call);
  call.addEventListener('state', (event) => {
    if (current.call !== call) return;
    const { state, end } = event.detail;
    // A lost call stays 'failed' (with its cause and reason) after its 'closed'.
    if (!(state === 'closed' && current.state === 'failed')) current.state = state;
    current.states.push(state);
    if (state === 'connected' && !view.timer.since) view.timer.start(call.connectedAt || Date.now());
    if (end) {
      current.cause = end.cause;
      current.reason = end.reason;
      current.side = end.side || null;
      view.timer.stop();
    }
    if (state === 'closed') {
      current.call = null;
      refreshLink(); // a one-time link is spent now; a closing one may have closed
    }
    render();
  });
  call.addEventListener('mute', () => render());
  call.addEventListener('remotestream', (event) => {
    remoteStream(event.detail.stream);
    if (current.call === call) view.meters.remote.attach(event.detail.stream);
  });
  call.addEventListener('audioblocked', () => {
    current.audioBlocked = true;
    render();
    const resume = () => call.resumeAudio().then(() => { current.audioBlocked = false; render(); }).catch(() => {});
    document.addEventListener('pointerdown', resume, { once: true });
    document.addEventListener('keydown', resume, { once: true });
  });
  call.addEventListener('error', (event) => {
    // Errors after placement (bad digits, an unusable answer) do not end the call here.
    if (current.call === call && current.state !== 'starting') {
      view.showStatus(`${STATUS_TEXT[current.state] || current.state} — ${event.detail.message}`);
    }
  });
}

function fail(error) {
  current.state = 'failed';
  current.cause = error.code || 'error';
  current.reason = error.message || String(error);
  current.side = 'local';
  view.timer.stop();
  render();
}

function hangup() {
  if (current.call) current.call.hangup();
}

/** A key of the pad or the keyboard: DTMF during a call, when the link has a dial pad. */
function pressDigit(digit) {
  if (!callInProgress() || current.state === 'starting' || !(link && link.dialPad)) return false;
  try {
    current.call.sendDigits(digit);
  } catch (error) {
    view.showStatus(`${STATUS_TEXT[current.state] || current.state} — ${error.message}`);
    return false;
  }
  current.sentDigits += digit;
  view.showSentDigits(current.sentDigits);
  return true;
}

setUpDialPad({
  pad: ui.pad,
  field: null, // no number field: the keys only ever send tones
  inCall: callInProgress,
  digit: pressDigit,
  plus: () => {},
  hangup: () => hangup(),
  toggleMute: () => toggleMute(),
  remove: () => {},
  submit: () => ui.form.requestSubmit(),
});

// ---- Showing it --------------------------------------------------------------------------

/** Why the last call failed, or the microphone's notice, or that the link does not exist. */
function explanation() {
  if (callInProgress()) return null;
  const cause = current.cause;
  if (microphoneNotice && (cause === null || cause === 'cancelled' || String(cause).startsWith('microphone_'))) {
    return explainLink({ code: microphoneNotice, state: current.state });
  }
  if (cause !== null) return explainLink({ code: cause, side: current.side, state: current.state });
  return link && link.state === 'missing' ? explainLink({ code: 'link_missing' }) : null;
}

function render() {
  let idleText = 'Loading the call link…';
  if (link) idleText = linkOpen() ? 'Ready to call.' : link.message;
  view.render({ current, link, muteChoice, explanation: explanation(), idleText });
}

watchMicrophonePermission((permission) => {
  const wasBlocked = microphoneNotice === 'microphone_blocked' || current.cause === 'microphone_blocked';
  if (permission === 'denied') microphoneNotice = 'microphone_blocked';
  else microphoneNotice = wasBlocked ? 'microphone_allowed' : null;
  if (!callInProgress()) render();
});

// ---- Test contract and start ---------------------------------------------------------------

const remoteStream = installLinkContract({
  id: linkId,
  link: () => link,
  call: placeCall,
  hangup,
  pressDigit,
  current: () => current,
  explanation: () => view.shownExplanation(),
  levels: () => ({ microphone: view.meters.microphone.value, remote: view.meters.remote.value }),
  quality: () => view.qualityBadge.rating,
});

// A call this tab had before a reload comes back whatever the link says now (a one-time
// link is spent by that very call).
if (client) resumeSavedCall();
render();
refreshLink();
