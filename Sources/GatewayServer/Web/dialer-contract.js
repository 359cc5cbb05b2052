/*
 * Test contract of the dialer page (browser tests drive the page only through this object;
 * tests/interop/README.md documents it too):
 *
 *   window.gatewayDialer = {
 *     call(number)   // Places a call to `number` (digits, +, *, #; spaces, hyphens, dots,
 *                    // parentheses and slashes ignored; the field shows it grouped), as the
 *                    // Call button does. Returns a Promise that resolves once the call is
 *                    // placed (the gateway's `new` state arrived) and rejects with an Error
 *                    // carrying `code` and `message` when it could not be placed (microphone
 *                    // refused, gateway `error`, a call already in progress, ...).
 *     hangup()       // Hangs up the current call; does nothing without one.
 *     sendDigits(d)  // Sends DTMF digits (0-9 * # A-D) on the current call: the signaling
 *                    // `dtmf` message, plus RTCRtpSender.dtmf once connected. Throws an
 *                    // Error with `code` when there is no call, the digits are invalid or
 *                    // the call is reconnecting.
 *     get state()    // The current state string: 'idle' before any call; the gateway's
 *                    // states (new, calling, ringing, connecting, connected, reconnected,
 *                    // hung_up, rejected, not_answered, closed); 'starting' while the
 *                    // microphone and the offer are prepared; 'reconnecting' while the
 *                    // connection to the gateway is lost and the call waits to be resumed
 *                    // (also right after a reload that found a call to resume); 'failed'
 *                    // when the call never got placed, or was lost (not resumed within the
 *                    // disconnect interval, or the gateway refused the resume: lastCause
 *                    // 'temporary_failure'). After a call the last state stays ('closed' or
 *                    // 'failed').
 *     get lastCause()  // The end cause code of the current/last call (docs/signaling.md),
 *                      // or the error code when it was never placed; null otherwise.
 *     get lastReason() // The human sentence for that cause or error; null otherwise.
 *     get callId()     // The callId of the current/last call (kept when it is resumed), or null.
 *     states         // Array of every state of the current/last call, in order, including
 *                    // 'reconnecting', 'reconnected' and, for a lost call, 'failed' then
 *                    // 'closed' ('starting' and the 'failed' of a call never placed are
 *                    // never in it). A new array per call; a call resumed after a reload
 *                    // starts with 'reconnecting'.
 *     get explanation() // The plain-words explanation the page shows (why the last call
 *                       // failed and what to do, or a microphone or access notice), as
 *                       // {code, kind, text}: `code` the cause or error code explained
 *                       // (user_busy, call_rejected, microphone_blocked, microphone_allowed,
 *                       // token_expired, ...), `kind` its family ('busy', 'no_answer',
 *                       // 'not_allowed', 'number', 'network', 'connection', 'limit',
 *                       // 'session', 'microphone', 'microphone_allowed'), `text` the words
 *                       // shown (title, sentence and steps); null when none is shown.
 *     get levels()   // The level meters now, {microphone, remote}, each 0..100 (-60..0 dBFS;
 *                    // 0 without a call). The page's meters (role="meter") carry the same
 *                    // values in aria-valuenow, updated at most once a second.
 *     get quality()  // The quality indicator's rating: 'measuring' until the gateway's first
 *                    // `quality` report of the call, then 'good', 'fair' or 'poor' (the
 *                    // worse leg).
 *     startRecording() // Starts recording the remote audio (Web Audio, AudioWorklet from a
 *                      // blob URL, ScriptProcessor when worklets are missing). With no
 *                      // remote audio yet, recording begins when it arrives. Returns a
 *                      // Promise that resolves once recording runs or is armed.
 *     stopRecording()  // Returns a Promise resolving to a base64 string: a 16-bit PCM mono
 *                      // WAV file at the AudioContext's sample rate.
 *     microphones()    // A Promise of the browser's audio inputs, [{deviceId, label}]
 *                      // (GatewayClient.microphones(): labels empty before permission).
 *     setMicrophone(id) // Chooses the microphone `id` as the page's Microphone select does:
 *                      // for the next calls and, during a call, switched on it at once.
 *                      // Returns a Promise that rejects with an Error carrying `code`
 *                      // (microphone_missing, ...) when the switch failed; the call goes on
 *                      // with the microphone it had, and the previous choice is kept.
 *     get microphone() // The deviceId chosen (the call's, else the next calls'), or null
 *                      // for the browser's default.
 *     _dropSignaling() // Test hook: closes the page's WebSocket as a failing network would;
 *                      // a call to a phone becomes 'reconnecting' and is resumed by itself.
 *     _restartIce()    // Test hook: an ICE restart of the current call's peer connection
 *                      // (as the page does by itself when ICE is lost while the WebSocket
 *                      // stays up): `resume` with the new offer on the same WebSocket; the
 *                      // gateway keeps DTLS and SRTP, and its states 'reconnected', then
 *                      // 'connected' follow. Returns a Promise that resolves once the answer
 *                      // is applied and ICE is up again, and rejects with an Error carrying
 *                      // `code` ('invalid_state' without a connected call that has a resume
 *                      // token, or the gateway's error code, 'timeout', ...).
 *   }
 *
 * window.gatewayDialer exists once the page's module has run (module scripts run after
 * parsing); document.documentElement.dataset.dialer is then 'ready'.
 */
import { RemoteRecording } from './remote-recording.js';

/**
 * Installs window.gatewayDialer. `page` gives {call, hangup, sendDigits, dropSignaling, restartIce,
 * microphones, setMicrophone, microphone,
 * current: () => the page's call state {call, state, states, cause, reason, callId},
 * explanation, levels, quality: () => the values of the members of those names}.
 * Returns `remoteStream(stream)`, to call when the current call's remote audio (re)starts.
 */
export function installTestContract(page) {
  const recording = new RemoteRecording(() => {
    const { call } = page.current();
    return (call && call.remoteStream) || null;
  });

  window.gatewayDialer = {
    call: (number) => page.call(number),
    hangup: () => page.hangup(),
    sendDigits: (digits) => page.sendDigits(digits),
    get state() { return page.current().state; },
    get lastCause() { return page.current().cause; },
    get lastReason() { return page.current().reason; },
    get callId() { return page.current().callId; },
    get states() { return page.current().states; },
    get explanation() { return page.explanation(); },
    get levels() { return page.levels(); },
    get quality() { return page.quality(); },
    startRecording: () => recording.start(),
    stopRecording: () => recording.stop(),
    microphones: () => page.microphones(),
    setMicrophone: (deviceId) => page.setMicrophone(deviceId),
    get microphone() { return page.microphone(); },
    _dropSignaling: () => page.dropSignaling(),
    _restartIce: () => page.restartIce(),
  };
  document.documentElement.dataset.dialer = 'ready';

  return (stream) => recording.streamArrived(stream);
}
