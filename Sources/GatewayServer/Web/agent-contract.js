/*
 * Test contract of the agent console (agent.html). Browser tests drive the page through this
 * object and the page's query parameters; tests/interop/README.md documents both.
 *
 *   agent.html?identity=alice&presence=available&autoanswer=1&autoanswer_ms=500
 *     identity      signs in at once with this identity (else the remembered one, if the
 *                   agent did not sign out)
 *     presence      sets this presence once the first connection is up
 *     autoanswer    accepts the first N incoming calls by itself (1: the first one)
 *     autoanswer_ms the delay before each such accept (500 ms by default)
 *
 *   window.agentConsole = {
 *     get state()     // 'signed_out', 'signing_in', 'reconnecting' (the connection dropped;
 *                     // a phone's call waits to be resumed meanwhile), 'idle' (signed in,
 *                     // nothing rings), 'ringing' (an incoming call rings), 'answering'
 *                     // (accept sent, no answer yet), or the accepted call's state while it
 *                     // is up ('connecting', 'connected', 'reconnecting', 'reconnected')
 *     get identity()  // the identity signed in with, or null
 *     get presence()  // the gateway's latest {state, activity, wrapUpUntil}, or null
 *     get incoming()  // every incoming call of this page, oldest first: {callId, from,
 *                     // fromName, to, group, keys, state ('ringing', 'accepting', 'accepted',
 *                     // 'rejected', 'cancelled'), cancelReason}
 *     get lastCall()  // the current or last accepted call: {callId, from, fromName, to, group,
 *                     // keys, state, states, cause, reason, side, connectedAt}, or null;
 *                     // `state` is 'answering' until the gateway's first state, 'failed'
 *                     // when the accept was refused (cause: the error code, no 'failed' in
 *                     // `states`) or the call was lost while reconnecting (cause
 *                     // 'temporary_failure'; `states` ends 'failed', 'closed'). A dropped
 *                     // connection adds 'reconnecting', 'reconnected', 'connected' to
 *                     // `states`; a call resumed after a reload starts with 'reconnecting'
 *     get errors()    // every error shown, oldest first: {code, message, callId}
 *     get ringing()   // true while the ring tone plays (a call rings, none is being answered)
 *     get notificationPermission()
 *                     // Notification.permission ('default', 'granted', 'denied'), or
 *                     // 'unsupported' where the page has no Notification API
 *     get notifications()
 *                     // every desktop notification the page made, oldest first: {callId,
 *                     // title, body, visibility (document.visibilityState when it was made),
 *                     // shown (the browser fired its 'show' event), open, closedBy ('answered',
 *                     // 'declined', 'clicked', 'signed_out', 'dismissed', 'error' or the
 *                     // `cancel` reason: 'caller_hung_up', 'answered_elsewhere', ...), at}
 *     get recentCalls()
 *                     // the recent calls list, newest first (at most 20, kept in
 *                     // localStorage per identity): {callId, direction ('incoming'), from,
 *                     // fromName, to, group, outcome ('answered', 'missed', 'declined',
 *                     // 'failed': accepted, never connected), startedAt (when it rang, ms
 *                     // since 1970), connectedAt, endedAt (null while an answered call is up),
 *                     // durationMs (answered calls: connected to ended), reason (a missed
 *                     // call's `cancel` reason), lost (an answered call lost while reconnecting)}
 *     accept(callId)  // Accept, as the button: a Promise resolving to the callId once the
 *                     // gateway answered
 *     reject(callId)  // Decline, as the button
 *     hangup()        // hangs up the current call; nothing without one
 *     sendDigits(d)   // DTMF on the current call (0-9 * # A-D)
 *     mute(on)        // mutes (true) or unmutes (false) the microphone of the current call
 *     setPresence(s)  // as the selector: 'available', 'away', 'busy', 'offline'
 *     signIn(id), signOut()
 *                     // Each of these returns a Promise, rejected when refused (not ringing,
 *                     // no call, not connected, the gateway's error, ...) with an Error whose
 *                     // message is "code: words" and whose `errorCode` is the code
 *     startRecording(), stopRecording()  // the current call's remote audio, as
 *                     // window.gatewayDialer's: stopRecording() resolves to a base64 WAV
 *     _dropSignaling() // test hook: closes the console's WebSocket as a failing network
 *                     // would; the console connects again by itself, and a phone's call is
 *                     // 'reconnecting' until it is resumed on that connection
 *   }
 *
 * window.agentConsole exists once the page's module has run; then
 * document.documentElement.dataset.agentConsole is 'ready'. After a reload during a phone's
 * call, the page finds the call in sessionStorage and resumes it by itself.
 *
 * Notifications in a test: agent-notifications.js makes each one with the real Notification
 * constructor and records it, with the events the browser fires on it, in `notifications`
 * (a test cannot see the desktop). Headless Chromium shows them once the test grants the
 * permission for the page's origin (CDP Browser.grantPermissions ['notifications'], or
 * Browser.setPermission {name: 'notifications'} 'granted', as agent_page.py does) and fires
 * 'show'. A tab in the background is a real one: a second tab opened in front
 * (driver.switch_to.new_window('tab')) makes this one `hidden` with a 'visibilitychange';
 * switching back makes it `visible` again. (CDP Emulation.setFocusEmulationEnabled only
 * fakes focus, not visibility, so it does not do.)
 */
import { RemoteRecording } from './remote-recording.js';

/**
 * chromedriver cannot report an error that has a `code` property (it takes it for a status
 * of its own and fails the whole command), so errors leave the contract without one.
 */
function plainError(error) {
  const code = (error && error.code) || 'error';
  return Object.assign(new Error(`${code}: ${(error && error.message) || error}`), { errorCode: code });
}

/** An action of the contract: always a Promise, rejected with a plainError. */
function action(run) {
  return async (...args) => {
    try {
      return await run(...args);
    } catch (error) {
      throw plainError(error);
    }
  };
}

/** Plain data of an IncomingCall, safe to hand to a test. */
export function incomingData(incoming) {
  const { callId, from, fromName, to, group, keys, state, cancelReason } = incoming;
  return { callId, from, fromName, to, group, keys, state, cancelReason };
}

/**
 * Installs window.agentConsole. `page` gives the getters {state, identity, presence,
 * incoming, lastCall, errors, ringing, notifications, notificationPermission, recentCalls,
 * remoteStream} (functions) and the actions {accept, reject,
 * hangup, sendDigits, mute, setPresence, signIn, signOut, dropSignaling}. Returns `remoteStream(stream)`,
 * to call when the current call's remote audio starts.
 */
export function installAgentContract(page) {
  const recording = new RemoteRecording(() => page.remoteStream());
  window.agentConsole = {
    get state() { return page.state(); },
    get identity() { return page.identity(); },
    get presence() { return page.presence(); },
    get incoming() { return page.incoming().map(incomingData); },
    get lastCall() { return page.lastCall(); },
    get errors() { return page.errors().map((error) => ({ ...error })); },
    get ringing() { return page.ringing(); },
    get notificationPermission() { return page.notificationPermission(); },
    get notifications() { return page.notifications().map((entry) => ({ ...entry })); },
    get recentCalls() { return page.recentCalls(); },
    accept: action(async (callId) => (await page.accept(callId)).id),
    reject: action((callId) => { page.reject(callId); }),
    hangup: action(() => { page.hangup(); }),
    sendDigits: action((digits) => { page.sendDigits(digits); }),
    mute: action((on = true) => { page.mute(on); }),
    setPresence: action((state) => { page.setPresence(state); }),
    signIn: action((identity) => { page.signIn(identity); }),
    signOut: action(() => { page.signOut(); }),
    startRecording: action(() => recording.start()),
    stopRecording: action(() => recording.stop()),
    _dropSignaling: action(() => { page.dropSignaling(); }),
  };
  document.documentElement.dataset.agentConsole = 'ready';
  return (stream) => recording.streamArrived(stream);
}
