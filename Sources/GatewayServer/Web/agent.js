// Agent console (agent.html): sign in with an identity of the agent roster, set presence,
// answer the calls that ring (docs/signaling.md, "Agents"), talk, hang up; a desktop
// notification when a call rings in a background tab, and the agent's recent calls. A phone's call
// survives a dropped connection and a reload of the page (docs/signaling.md, "Reconnecting"):
// the Call resumes it on the session's next connection. Its test contract,
// window.agentConsole and the query parameters, is in agent-contract.js.
import { GatewayError } from './gateway.js';
import { AgentSession, remembered } from './agent-session.js';
import { IncomingList } from './agent-incoming-view.js';
import { PresenceView } from './agent-presence-view.js';
import { CallView } from './agent-call-view.js';
import { callSummary, followState, summaryData } from './agent-call-summary.js';
import { RingTone } from './ring-tone.js';
import { CallNotifications } from './agent-notifications.js';
import { RecentCalls } from './agent-recent-calls.js';
import { installAgentContract } from './agent-contract.js';
import { showQuality } from './quality-view.js';
import { consoleState as pageState, statusText } from './agent-status.js';

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
  incoming: [],             // every IncomingCall of this page, oldest first (at most HISTORY)
  call: null,               // the Call being answered or up
  last: null,               // the current or last accepted call (see agent-contract.js)
  errors: [],
};
let wantedPresence = params.get('presence');     // set once the first connection is up
let autoAnswerLeft = Math.max(0, parseInt(params.get('autoanswer') || '0', 10) || 0);
const autoAnswerMs = Math.max(0, Number(params.get('autoanswer_ms') ?? 500) || 0);

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
const notifications = new CallNotifications({ box: $('notify'), button: $('notify-button'), hint: $('notify-hint') },
  { ringing: () => page.incoming.filter((incoming) => incoming.ringing) });
const recent = new RecentCalls({
  section: $('recent-section'), heading: $('recent-heading'), list: $('recent-list'), empty: $('recent-empty'),
  clear: $('recent-clear'),
}, { isCurrent: (callId) => Boolean(page.call && page.call.id === callId) });
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

const session = new AgentSession({
  client: (client) => {
    clearError(); // a new sign-in: earlier errors are history (window.agentConsole.errors)
    client.addEventListener('presence', () => render());
    client.addEventListener('incoming', (event) => onIncoming(event.detail));
    client.addEventListener('cancel', (event) => {
      const { incoming, reason } = event.detail;
      notifications.close(incoming.callId, reason);
      // Not when the agent signed out (or in as someone else) while it rang.
      if (session.client === client) recent.stoppedRinging(incoming, reason);
      incomingList.update(incoming);
      render();
    });
    client.addEventListener('error', (event) => {
      if (PRESENCE_ERRORS.has(event.detail.code)) presenceView.revert();
      showError(event.detail);
    });
    resumeSavedCall(client);
  },
  connected: () => {
    if (!wantedPresence) return;
    const state = wantedPresence;
    wantedPresence = null;
    try { setPresence(state); } catch (error) { showError(error); }
  },
  change: () => {
    if (session.identity) ui.identity.value = session.identity;
    recent.setIdentity(session.connection === 'signed_out' ? null : session.identity);
    updateRing();
    render();
  },
  // Signing out (or in as someone else) hangs up first: the caller is not left on hold.
  leaving: () => {
    notifications.closeAll('signed_out');
    hangup();
  },
  error: (error) => showError(error),
});

/** The gateway's latest presence for this agent, or null. */
function presence() {
  return session.client ? session.client.presence : null;
}

function setPresence(state) {
  if (session.connection !== 'connected') throw new GatewayError('not_connected', 'Sign in first.');
  session.client.setPresence(state);
}

// ---- Incoming calls --------------------------------------------------------------------

function onIncoming(incoming) {
  page.incoming.push(incoming);
  if (page.incoming.length > HISTORY) page.incoming.shift();
  incomingList.add(incoming);
  notifications.ring(incoming);
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
  // The newest: a call offered again after a reconnection has a second entry.
  const incoming = page.incoming.findLast((entry) => entry.callId === callId);
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
  notifications.close(incoming.callId, 'answered');
  page.call = call;
  page.last = callSummary(incoming.callId, incoming.details, { state: 'answering' });
  watch(call, page.last, incoming.receivedAt);
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
    // A call whose `cancel` came meanwhile says why on its panel, and a hangup while
    // answering was the agent's own doing: no error on top of either.
    const told = (incoming.state === 'cancelled' && incoming.cancelReason !== 'call_gone') || error.code === 'cancelled';
    if (!told) showError(error, 'The call could not be answered: ');
    throw error;
  } finally {
    incomingList.update(incoming);
    updateRing();
    render();
  }
}

/**
 * Takes back the call an earlier page of this tab left behind (a reload during a phone's
 * call), if its disconnect interval has not run out: it shows as reconnecting, then
 * connected, as after a dropped connection.
 */
function resumeSavedCall(client) {
  const saved = client.savedCalls().find((entry) => entry.incoming);
  if (!saved || page.call) return;
  let call;
  try {
    call = client.restoreCall(saved);
  } catch {
    return; // gone meanwhile
  }
  page.call = call;
  page.last = callSummary(call.id, saved.incoming, { state: 'reconnecting', connectedAt: saved.connectedAt, answered: true });
  watch(call, page.last, null);
  call.resume().catch(() => { /* shown by the `failed` state */ });
  render();
}

function rejectIncoming(incoming) {
  incoming.reject();
  notifications.close(incoming.callId, 'declined');
  recent.declined(incoming);
  incomingList.update(incoming);
  updateRing();
  render();
}

/** Follows an accepted call; `rangAt`: when it rang here (null for a call resumed after a reload). */
function watch(call, summary, rangAt) {
  showQuality(call, document.getElementById('quality'));
  call.addEventListener('state', (event) => {
    followState(summary, call, event.detail);
    if (event.detail.state === 'connected') recent.answered(summary, rangAt);
    // A refused accept is not a call of its own: its `cancel` (or the ringing going on) tells.
    if (event.detail.state === 'closed' && summary.answered) recent.ended(summary, rangAt);
    if (event.detail.state === 'closed' && page.call === call) page.call = null;
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
  const ringing = session.connection === 'connected' && page.incoming.some((incoming) => incoming.ringing);
  if (ringing && !page.call) ring.start();
  else ring.stop();
}

// ---- Status ------------------------------------------------------------------------------

function consoleState() {
  return pageState(session.connection, page);
}

/** Shows an error in words; `detail` is a GatewayError or an `error` event's detail. */
function showError(detail, prefix = '') {
  const entry = { code: detail.code || 'error', message: detail.message || String(detail), callId: detail.callId ?? null };
  page.errors.push(entry);
  if (page.errors.length > HISTORY) page.errors.shift();
  ui.error.textContent = prefix + entry.message;
  ui.error.hidden = false;
}

function clearError() {
  ui.error.hidden = true;
  ui.error.textContent = '';
}

function render() {
  const state = consoleState();
  document.body.dataset.state = state;
  const signedOut = session.connection === 'signed_out';
  ui.identity.readOnly = !signedOut;
  ui.signIn.hidden = !signedOut;
  presenceView.show(presence(), session.connection);
  callView.show(page.last, page.call);
  const text = statusText(state, { page, presence: presence(), identity: session.identity });
  if (ui.status.textContent !== text) ui.status.textContent = text;
}

// ---- Start -------------------------------------------------------------------------------

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  ring.prepare(); // a click: the ring may play from now on
  try { session.signIn(ui.identity.value); } catch (error) { showError(error); }
});
ui.signOut.addEventListener('click', () => session.signOut());
// A console signed in without a click (a reload) gets its ring unlocked by the first one.
document.addEventListener('pointerdown', () => ring.prepare(), { once: true });

const remoteStream = installAgentContract({
  state: consoleState,
  identity: () => (session.connection === 'signed_out' ? null : session.identity),
  presence,
  incoming: () => page.incoming,
  lastCall: () => summaryData(page.last),
  errors: () => page.errors,
  ringing: () => ring.playing,
  notifications: () => notifications.history,
  notificationPermission: () => notifications.permission,
  recentCalls: () => recent.calls,
  remoteStream: () => (page.call && page.call.remoteStream) || null,
  accept: (callId) => acceptIncoming(findIncoming(callId)),
  reject: (callId) => rejectIncoming(findIncoming(callId)),
  hangup,
  sendDigits,
  mute: (on) => { if (page.call) page.call.mute(on); },
  setPresence,
  signIn: (identity) => session.signIn(identity),
  signOut: () => session.signOut(),
  dropSignaling: () => { if (session.client) session.client.dropConnection(); },
});

const saved = remembered();
ui.identity.value = params.get('identity') || saved.identity || '';
if (params.get('token')) {
  // Token mode (docs/tokens.md): the token names the agent; the page signs in at once.
  try { session.signIn(null, { token: params.get('token') }); } catch (error) { showError(error); }
} else if (params.get('identity') || (saved.identity && saved.signedIn)) {
  try { session.signIn(ui.identity.value); } catch (error) { showError(error); }
}
render();
