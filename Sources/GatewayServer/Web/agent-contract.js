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
 *     get state()     // 'signed_out', 'signing_in', 'reconnecting' (the connection dropped),
 *                     // 'idle' (signed in, nothing rings), 'ringing' (an incoming call rings),
 *                     // 'answering' (accept sent, no answer yet), or the accepted call's
 *                     // state while it is up ('connecting', 'connected')
 *     get identity()  // the identity signed in with, or null
 *     get presence()  // the gateway's latest {state, activity, wrapUpUntil}, or null
 *     get incoming()  // every incoming call of this page, oldest first: {callId, from,
 *                     // fromName, to, group, keys, state ('ringing', 'accepting', 'accepted',
 *                     // 'rejected', 'cancelled'), cancelReason}
 *     get lastCall()  // the current or last accepted call: {callId, from, fromName, to, group,
 *                     // keys, state, states, cause, reason, side, connectedAt}, or null;
 *                     // `state` is 'answering' until the gateway's first state, 'failed'
 *                     // when the accept was refused (cause: the error code)
 *     get errors()    // every error shown, oldest first: {code, message, callId}
 *     accept(callId)  // Accept, as the button: a Promise resolving to the callId once the
 *                     // gateway answered, rejecting with an Error carrying `code`
 *     reject(callId)  // Decline, as the button; throws an Error with `code` unless it rings
 *     hangup()        // hangs up the current call; nothing without one
 *     sendDigits(d)   // DTMF on the current call (0-9 * # A-D); throws without one
 *     mute(on)        // mutes (true) or unmutes (false) the microphone of the current call
 *     setPresence(s)  // as the selector: 'available', 'away', 'busy', 'offline'
 *     signIn(id), signOut()
 *     startRecording(), stopRecording()  // the current call's remote audio, as
 *                     // window.gatewayDialer's: stopRecording() resolves to a base64 WAV
 *   }
 *
 * window.agentConsole exists once the page's module has run; then
 * document.documentElement.dataset.agentConsole is 'ready'.
 */
import { RemoteRecording } from './remote-recording.js';

/** Plain data of an IncomingCall, safe to hand to a test. */
export function incomingData(incoming) {
  const { callId, from, fromName, to, group, keys, state, cancelReason } = incoming;
  return { callId, from, fromName, to, group, keys, state, cancelReason };
}

/**
 * Installs window.agentConsole. `page` gives the getters {state, identity, presence,
 * incoming, lastCall, errors, remoteStream} (functions) and the actions {accept, reject,
 * hangup, sendDigits, mute, setPresence, signIn, signOut}. Returns `remoteStream(stream)`,
 * to call when the current call's remote audio starts.
 */
export function installAgentContract(page) {
  const recording = new RemoteRecording(() => page.remoteStream());
  window.agentConsole = {
    get state() { return page.state(); },
    get identity() { return page.identity(); },
    get presence() { return page.presence(); },
    get incoming() { return page.incoming().map(incomingData); },
    get lastCall() { const last = page.lastCall(); return last ? { ...last, states: [...last.states] } : null; },
    get errors() { return page.errors().map((error) => ({ ...error })); },
    accept: (callId) => page.accept(callId).then((call) => call.id),
    reject: (callId) => page.reject(callId),
    hangup: () => page.hangup(),
    sendDigits: (digits) => page.sendDigits(digits),
    mute: (on = true) => page.mute(on),
    setPresence: (state) => page.setPresence(state),
    signIn: (identity) => page.signIn(identity),
    signOut: () => page.signOut(),
    startRecording: () => recording.start(),
    stopRecording: () => recording.stop(),
  };
  document.documentElement.dataset.agentConsole = 'ready';
  return (stream) => recording.streamArrived(stream);
}
