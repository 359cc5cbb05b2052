/*
 * Test contract of the call link page, /call/<id> (browser tests drive and read the page
 * through this object; tests/interop/test_chromium_call_link.py uses it):
 *
 *   window.gatewayLink = {
 *     get id()          // The link id read from the address, or null when it has none.
 *     get link()        // What the gateway says of the link, {state, title, dialPad, message}:
 *                       // state 'open', 'scheduled', 'closed_now', 'expired', 'spent',
 *                       // 'missing' (unknown or revoked: 404) or 'error' (could not be
 *                       // loaded); null until the first answer.
 *     call()            // Calls the link's destination, as the Call button does. Returns a
 *                       // Promise that resolves once the call is placed (the gateway's `new`)
 *                       // and rejects with an Error carrying `code` when it could not be
 *                       // (the link is not open: 'link_unavailable'; microphone refused; a
 *                       // call in progress: 'busy'; the gateway's error code).
 *     hangup()          // Hangs up the current call; does nothing without one.
 *     pressDigit(d)     // A dial pad key (0-9 * #) as the pad or the keyboard gives it: sent
 *                       // as DTMF during a call when the link has a dial pad. Returns true
 *                       // when it was sent, false when it was not (no call, no dial pad).
 *     get state()       // 'idle' before any call; 'starting' while the microphone and the
 *                       // offer are prepared; the gateway's states (new, calling, ringing,
 *                       // connecting, connected, hung_up, rejected, not_answered, closed);
 *                       // 'reconnecting'/'reconnected' while a dropped connection or a
 *                       // reload is taken back; 'failed' when the call was never placed or
 *                       // was lost. The last one stays after a call ('closed' or 'failed').
 *     get states()      // Every state of the current/last call, in order.
 *     get cause()       // The end cause of the current/last call, or the error code of a
 *                       // call never placed ('link_unavailable', ...); null otherwise.
 *     get reason()      // The sentence for that cause or error; null otherwise.
 *     get callId()      // The callId of the current/last call, or null.
 *     get sentDigits()  // The digits sent as DTMF during the current/last call ('' for none).
 *     get explanation() // The explanation shown, {code, kind, text}, or null ('link' is the
 *                       // kind of link_unavailable and link_missing).
 *     get levels()      // The level meters now, {microphone, remote}, each 0..100.
 *     get quality()     // 'measuring', then 'good', 'fair' or 'poor'.
 *     startRecording()  // Records the far end's audio (armed until it arrives); a Promise.
 *     stopRecording()   // A Promise of a base64 16-bit PCM mono WAV of the recording.
 *   }
 *
 * window.gatewayLink exists once the page's module has run; document.documentElement
 * .dataset.link is 'ready' once the link's details are shown (`link` is then not null).
 */
import { RemoteRecording } from './remote-recording.js';

/**
 * Installs window.gatewayLink. `page` gives {id, link(), call, hangup, pressDigit,
 * current: () => the page's call record {call, state, states, cause, reason, callId,
 * sentDigits}, explanation, levels, quality}. Returns `remoteStream(stream)`, to call
 * when the current call's remote audio (re)starts.
 */
export function installLinkContract(page) {
  const recording = new RemoteRecording(() => {
    const { call } = page.current();
    return (call && call.remoteStream) || null;
  });

  window.gatewayLink = {
    get id() { return page.id; },
    get link() { const info = page.link(); return info ? { ...info } : null; },
    call: () => page.call(),
    hangup: () => page.hangup(),
    pressDigit: (digit) => page.pressDigit(String(digit)),
    get state() { return page.current().state; },
    get states() { return [...page.current().states]; },
    get cause() { return page.current().cause; },
    get reason() { return page.current().reason; },
    get callId() { return page.current().callId; },
    get sentDigits() { return page.current().sentDigits; },
    get explanation() { return page.explanation(); },
    get levels() { return page.levels(); },
    get quality() { return page.quality(); },
    startRecording: () => recording.start(),
    stopRecording: () => recording.stop(),
  };

  return (stream) => recording.streamArrived(stream);
}

/** Marks the page as showing its link's details (tests wait for it). */
export function markLinkReady() {
  document.documentElement.dataset.link = 'ready';
}
