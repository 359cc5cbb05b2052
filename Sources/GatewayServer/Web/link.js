// Call link page (/call/<id>): a page an operator made that calls one destination (a number,
// a group of agents, a menu) chosen by the operator. The caller sees its title and a Call
// button while the link is open, or the reason it is not; no number can be typed. During the
// call: status and duration, mute (the client keeps the choice for the next call), hang up,
// level meters, the quality indicator and, when the link has one, a dial pad (the keyboard's
// digits too). link-view.js shows it all; the call itself is followed by page-call.js, as on
// the dialer; the test contract, window.gatewayLink, is in link-contract.js. `?audio=raw`
// turns the browser's voice processing off (tones and measurements). A call survives a
// reload of the page as on the dialer (docs/signaling.md, "Reconnecting").
import { GatewayClient, GatewayError, RAW_AUDIO_CONSTRAINTS } from './gateway.js';
import { installLinkContract, markLinkReady } from './link-contract.js';
import { linkIdFrom, loadLinkInfo } from './link-info.js';
import { explainLink } from './link-explain.js';
import { LinkView } from './link-view.js';
import { setUpDialPad } from './dialer-pad.js';
import { wakeAudio } from './level-meter.js';
import { PageCall } from './page-call.js';

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
const page = new PageCall(client, view.callStatus, { hangup: ui.hangup, mute: ui.mute }, {
  render: () => render(),
  began: () => {},
  // A one-time link is spent once its call ended; a closing one may have closed.
  changed: (state) => { if (state === 'closed') refreshLink(); },
  remoteStream: (stream) => remoteStream(stream),
});
const { current } = page;

const linkOpen = () => Boolean(client && link && link.state === 'open');

// ---- The link ------------------------------------------------------------------------------

async function refreshLink() {
  link = await loadLinkInfo(linkId);
  view.showTitle(link);
  render();
  markLinkReady();
}

setInterval(() => {
  if (!document.hidden && !page.inProgress && link && link.state !== 'missing') refreshLink();
}, RECHECK_MS);

// ---- Calls -------------------------------------------------------------------------------

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (page.inProgress || !linkOpen()) return;
  wakeAudio(); // a click or Enter: the meters' AudioContext may start now
  placeCall().catch(() => { /* shown in the status line */ });
});

async function placeCall() {
  if (page.inProgress) throw new GatewayError('busy', 'A call is already in progress.');
  if (!linkOpen()) throw new GatewayError('link_unavailable', (link && link.message) || 'This link cannot be used now.');
  try {
    await page.place(client.createCall()); // no number: the gateway calls the link's destination
  } catch (error) {
    // Refused by the gateway: the link closed meanwhile; show what it says now.
    if (String(error.code).startsWith('link_')) refreshLink();
    throw error;
  }
}

/** A key of the pad or the keyboard: DTMF during a call, when the link has a dial pad. */
function pressDigit(digit) {
  if (!page.inProgress || current.state === 'starting' || !(link && link.dialPad)) return false;
  try {
    page.sendDigits(digit);
  } catch (error) {
    page.showTrouble(error.message);
    return false;
  }
  return true;
}

setUpDialPad({
  pad: ui.pad,
  field: null, // no number field: the keys only ever send tones
  inCall: () => page.inProgress,
  digit: pressDigit,
  plus: () => {},
  hangup: () => page.hangup(),
  toggleMute: () => page.toggleMute(),
  remove: () => {},
  submit: () => ui.form.requestSubmit(),
});

// ---- Showing it --------------------------------------------------------------------------

function render() {
  let idleText = 'Loading the call link…';
  if (link) idleText = linkOpen() ? 'Ready to call.' : link.message;
  page.renderMute('Start the call muted');
  view.render({
    current, link, idleText,
    // Why the last call failed, or the microphone's notice, or that the link does not exist.
    explanation: page.explanation(explainLink, link && link.state === 'missing' ? 'link_missing' : null),
  });
}

// ---- Test contract and start ---------------------------------------------------------------

const remoteStream = installLinkContract({
  id: linkId,
  link: () => link,
  call: placeCall,
  hangup: () => page.hangup(),
  pressDigit,
  current: () => current,
  explanation: () => view.callStatus.shownExplanation(),
  levels: () => ({ microphone: view.callStatus.meters.microphone.value, remote: view.callStatus.meters.remote.value }),
  quality: () => view.callStatus.qualityBadge.rating,
});

// A call this tab had before a reload comes back whatever the link says now (a one-time
// link is spent by that very call).
if (client) page.resumeSaved();
render();
refreshLink();
