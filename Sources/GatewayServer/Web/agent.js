// Agent console (agent.html): sign in with an identity of the agent roster, set presence,
// answer the calls that ring (docs/signaling.md, "Agents"), talk, hang up. Its test
// contract, window.agentConsole and the query parameters, is in agent-contract.js.
import { GatewayClient, GatewayError } from './gateway.js';
import { IncomingList, callerText } from './agent-incoming-view.js';
import { PresenceView } from './agent-presence-view.js';
import { CallView } from './agent-call-view.js';
import { RingTone } from './ring-tone.js';
import { installAgentContract } from './agent-contract.js';

const STORAGE_KEY = 'gateway.agent';            // {identity, signedIn}
const IDENTITY = /^[A-Za-z0-9._\-@+]{1,64}$/;   // what the gateway accepts (docs/signaling.md)
/** Page reconnection delays after a drop: the first, doubled each time, up to the cap. */
const RECONNECT_FIRST_MS = 1000;
const RECONNECT_MAX_MS = 10000;
const HISTORY = 50;                             // incoming calls kept for window.agentConsole
/** Presence errors: the selector goes back to what the gateway reports. */
const PRESENCE_ERRORS = new Set(['not_an_agent', 'bad_presence', 'rate_limited']);

const $ = (id) => document.getElementById(id);
const ui = {
  form: $('sign-in-form'), identity: $('identity'), signIn: $('sign-in-button'), signOut: $('sign-out-button'),
  status: $('status'), error: $('error'),
};
const params = new URLSearchParams(location.search);

const page = {
  client: null,
  identity: null,
  connection: 'signed_out', // 'signed_out' | 'signing_in' | 'connected' | 'reconnecting'
  presence: null,
  incoming: [],             // every IncomingCall of this page, oldest first (at most HISTORY)
  call: null,               // the Call being answered or up
  last: null,               // the current or last accepted call (see agent-contract.js)
  errors: [],
};
let wantedPresence = params.get('presence');     // set once the first connection is up
let autoAnswerLeft = Math.max(0, parseInt(params.get('autoanswer') || '0', 10) || 0);
const autoAnswerMs = Math.max(0, Number(params.get('autoanswer_ms') ?? 500) || 0);
let reconnectTimer = null;
let reconnectAttempts = 0;

const ring = new RingTone();
const incomingList = new IncomingList($('incoming-list'), $('ring-announcer'), {
  accept: (incoming) => acceptIncoming(incoming).catch(() => { /* shown as an error */ }),
  reject: (incoming) => { try { rejectIncoming(incoming); } catch (error) { showError(error); } },
});
const presenceView = new PresenceView({
  section: $('presence-section'), select: $('presence'), status: $('presence-status'),
  wrapUp: $('wrap-up'), wrapUpText: $('wrap-up-text'), ready: $('ready-button'),
}, {
  set: (state) => { try { setPresence(state); } catch (error) { presenceView.revert(); showError(error); } },
  ready: () => { try { setPresence('available'); } catch (error) { showError(error); } },
});
const callView = new CallView({
  view: $('call-view'), caller: $('call-caller'), details: $('call-details'), state: $('call-state'),
  timer: $('call-timer'), pad: document.querySelector('#call-view .pad'), hangup: $('hangup-button'),
  mute: $('mute-button'), sent: $('sent-digits'),
}, {
  hangup: () => hangup(),
  mute: () => { if (page.call) page.call.mute(!page.call.muted); },
  digit: (digit) => { try { sendDigits(digit); } catch (error) { showError(error); } },
});

// ---- Signing in ------------------------------------------------------------------------

function remembered() {
  try { return JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null') || {}; } catch { return {}; }
}

function remember(identity, signedIn) {
  try { localStorage.setItem(STORAGE_KEY, JSON.stringify({ identity, signedIn })); } catch { /* private mode */ }
}

function signIn(identity) {
  const name = String(identity || '').trim();
  if (!IDENTITY.test(name)) {
    throw new GatewayError('bad_identity', 'An identity is 1 to 64 letters, digits or . _ - @ +.');
  }
  signOut({ forget: false });
  remember(name, true);
  ui.identity.value = name;
  page.identity = name;
  const client = new GatewayClient({ identity: name });
  page.client = client;
  client.addEventListener('presence', (event) => { page.presence = event.detail; render(); });
  client.addEventListener('incoming', (event) => onIncoming(event.detail));
  client.addEventListener('cancel', (event) => { incomingList.update(event.detail.incoming); render(); });
  client.addEventListener('error', (event) => {
    if (PRESENCE_ERRORS.has(event.detail.code)) presenceView.revert();
    showError(event.detail);
  });
  client.addEventListener('close', () => { if (page.client === client) connectionLost(); });
  connect(client, true);
  render();
}

function signOut({ forget = true } = {}) {
  clearTimeout(reconnectTimer);
  reconnectTimer = null;
  const client = page.client;
  page.client = null;
  page.connection = 'signed_out';
  page.presence = null;
  if (client) client.close();
  if (forget && page.identity) remember(page.identity, false);
  render();
}

function connect(client, first) {
  page.connection = first ? 'signing_in' : 'reconnecting';
  client.connect().then(() => {
    if (page.client !== client) return;
    page.connection = 'connected';
    reconnectAttempts = 0;
    if (wantedPresence) {
      const state = wantedPresence;
      wantedPresence = null;
      try { setPresence(state); } catch (error) { showError(error); }
    }
    render();
  }, () => {
    if (page.client !== client) return;
    if (first) {
      showError(new GatewayError('connection_failed', 'Cannot reach the gateway. Check that it is running, then sign in again.'));
      signOut({ forget: false });
    } else {
      connectionLost();
    }
  });
}

/** The WebSocket closed under the agent: try again, 1 s, 2 s, 4 s, ... at most 10 s apart. */
function connectionLost() {
  const client = page.client;
  if (!client || reconnectTimer !== null) return;
  page.connection = 'reconnecting';
  page.presence = null;
  const delay = Math.min(RECONNECT_FIRST_MS * 2 ** Math.min(reconnectAttempts, 8), RECONNECT_MAX_MS);
  reconnectAttempts += 1;
  reconnectTimer = setTimeout(() => {
    reconnectTimer = null;
    if (page.client === client) connect(client, false);
  }, delay);
  updateRing();
  render();
}

function setPresence(state) {
  if (!page.client || page.connection !== 'connected') {
    throw new GatewayError('not_connected', 'Sign in first.');
  }
  page.client.setPresence(state);
}

// ---- Incoming calls --------------------------------------------------------------------

function onIncoming(incoming) {
  page.incoming.push(incoming);
  if (page.incoming.length > HISTORY) page.incoming.shift();
  incomingList.add(incoming);
  incoming.addEventListener('cancel', () => updateRing());
  if (autoAnswerLeft > 0) {
    setTimeout(() => {
      if (autoAnswerLeft <= 0 || !incoming.ringing || page.call) return;
      autoAnswerLeft -= 1;
      acceptIncoming(incoming).catch(() => { /* shown as an error */ });
    }, autoAnswerMs);
  }
  updateRing();
  render();
}

function findIncoming(callId) {
  const incoming = page.incoming.find((entry) => entry.callId === callId);
  if (!incoming) throw new GatewayError('unknown_call', `No incoming call "${callId}" on this console.`, { callId });
  return incoming;
}

async function acceptIncoming(incoming) {
  if (page.call) {
    const error = new GatewayError('busy', 'Hang up the current call before answering another.', { callId: incoming.callId });
    showError(error);
    throw error;
  }
  if (!incoming.ringing) {
    const error = new GatewayError('invalid_state', 'This call no longer rings.', { callId: incoming.callId });
    showError(error);
    throw error;
  }
  ring.prepare();
  const answering = incoming.accept();  // a ringing call starts at once: incoming.call exists from here
  const call = incoming.call;
  page.call = call;
  page.last = {
    callId: incoming.callId, from: incoming.from, fromName: incoming.fromName, to: incoming.to,
    group: incoming.group, keys: incoming.keys, state: 'answering', states: [], cause: null,
    reason: null, side: null, connectedAt: null, answered: false,
  };
  watch(call, page.last);
  incomingList.update(incoming);
  updateRing();
  render();
  try {
    await answering;
    page.last.answered = true;
    return call;
  } catch (error) {
    if (page.call === call) page.call = null;
    Object.assign(page.last, { state: 'failed', cause: error.code, reason: error.message });
    // A call that stopped ringing meanwhile says why on its panel; no error on top of it.
    if (incoming.state !== 'cancelled') showError(error, 'The call could not be answered: ');
    throw error;
  } finally {
    incomingList.update(incoming);
    updateRing();
    render();
  }
}

function rejectIncoming(incoming) {
  incoming.reject();
  incomingList.update(incoming);
  updateRing();
  render();
}

function watch(call, summary) {
  call.addEventListener('state', (event) => {
    const { state, end } = event.detail;
    summary.states.push(state);
    if (!(state === 'closed' && summary.state === 'failed')) summary.state = state;
    if (state === 'connected' && !summary.connectedAt) summary.connectedAt = call.connectedAt || Date.now();
    if (end) Object.assign(summary, { cause: end.cause, reason: end.reason, side: end.side });
    if (state === 'closed' && page.call === call) page.call = null;
    updateRing();
    render();
  });
  call.addEventListener('mute', () => render());
  call.addEventListener('remotestream', (event) => remoteStream(event.detail.stream));
  call.addEventListener('audioblocked', () => {
    callView.note('Click anywhere or press a key to hear the caller.');
    const resume = () => call.resumeAudio().then(() => callView.note(null)).catch(() => {});
    document.addEventListener('pointerdown', resume, { once: true });
    document.addEventListener('keydown', resume, { once: true });
  });
  // Errors of the accept itself reject it; these come later (digits, an unusable answer).
  call.addEventListener('error', (event) => { if (summary.answered) showError(event.detail); });
}

function hangup() {
  if (page.call) page.call.hangup();
}

function sendDigits(digits) {
  if (!page.call) throw new GatewayError('invalid_state', 'There is no call to send digits to.');
  page.call.sendDigits(digits);
  callView.sent(digits);
}

/** Rings while a call rings this console and the agent is not answering one. */
function updateRing() {
  const ringing = page.connection === 'connected' && page.incoming.some((incoming) => incoming.ringing);
  if (ringing && !page.call) ring.start();
  else ring.stop();
}

// ---- Status ------------------------------------------------------------------------------

function consoleState() {
  if (page.connection !== 'connected') return page.connection;
  if (page.call) return page.last.state;
  if (page.incoming.some((incoming) => incoming.ringing)) return 'ringing';
  return 'idle';
}

function statusText(state) {
  switch (state) {
    case 'signed_out': return 'Sign in to take calls.';
    case 'signing_in': return 'Connecting to the gateway…';
    case 'reconnecting': return 'Connection lost — reconnecting…';
    case 'ringing': {
      const first = page.incoming.find((incoming) => incoming.ringing);
      return `Incoming call from ${callerText(first)}.`;
    }
    case 'idle': {
      if (!page.presence) return `Signed in as ${page.identity}.`;
      return page.presence.state === 'available' ? 'Ready for calls.' : 'Not taking calls.';
    }
    default: return page.call ? `On a call with ${callerText(page.last)}.` : '';
  }
}

/** Shows an error in words; `detail` is a GatewayError or an `error` event's detail. */
function showError(detail, prefix = '') {
  const entry = { code: detail.code || 'error', message: detail.message || String(detail), callId: detail.callId ?? null };
  page.errors.push(entry);
  if (page.errors.length > HISTORY) page.errors.shift();
  ui.error.textContent = prefix + entry.message;
  ui.error.hidden = false;
}

function render() {
  const state = consoleState();
  document.body.dataset.state = state;
  const signedOut = page.connection === 'signed_out';
  ui.identity.readOnly = !signedOut;
  ui.signIn.hidden = !signedOut;
  presenceView.show(page.presence, page.connection);
  callView.show(page.last, page.call);
  const text = statusText(state);
  if (ui.status.textContent !== text) ui.status.textContent = text;
}

// ---- Start -------------------------------------------------------------------------------

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  ui.error.hidden = true;
  ring.prepare(); // a click: the ring may play from now on
  try { signIn(ui.identity.value); } catch (error) { showError(error); }
});
ui.signOut.addEventListener('click', () => signOut());
// A console signed in without a click (a reload) gets its ring unlocked by the first one.
document.addEventListener('pointerdown', () => ring.prepare(), { once: true });
document.addEventListener('keydown', (event) => {
  if (!page.call || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest && event.target.closest('input, select, textarea')) return;
  if (/^[0-9*#]$/.test(event.key)) {
    event.preventDefault();
    callView.press(event.key);
  } else if (event.key === 'Escape') {
    event.preventDefault();
    hangup();
  }
});

const remoteStream = installAgentContract({
  state: consoleState,
  identity: () => (page.connection === 'signed_out' ? null : page.identity),
  presence: () => (page.presence ? { ...page.presence } : null),
  incoming: () => page.incoming,
  lastCall: () => {
    if (!page.last) return null;
    const { answered, ...last } = page.last;
    return last;
  },
  errors: () => page.errors,
  remoteStream: () => (page.call && page.call.remoteStream) || null,
  accept: (callId) => acceptIncoming(findIncoming(callId)),
  reject: (callId) => rejectIncoming(findIncoming(callId)),
  hangup,
  sendDigits,
  mute: (on) => { if (page.call) page.call.mute(on); },
  setPresence,
  signIn,
  signOut: () => signOut(),
});

const saved = remembered();
ui.identity.value = params.get('identity') || saved.identity || '';
if (params.get('identity') || (saved.identity && saved.signedIn)) {
  try { signIn(ui.identity.value); } catch (error) { showError(error); }
}
render();
