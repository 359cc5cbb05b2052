// Media helpers of a Call (call.js): call ids, the microphone, and ICE gathering.

import { microphoneError } from './errors.js';

/**
 * The browser's voice processing on: without echo cancellation a user on loudspeakers sends
 * the phone its own voice back.
 */
export const DEFAULT_AUDIO_CONSTRAINTS = Object.freeze({
  echoCancellation: true,
  autoGainControl: true,
  noiseSuppression: true,
});

/**
 * Voice processing off: for music, tones and measurements, which echo cancellation, noise
 * suppression and gain control would distort (they lower a steady tone tenfold). Pages take
 * it with `?audio=raw`.
 */
export const RAW_AUDIO_CONSTRAINTS = Object.freeze({
  echoCancellation: false,
  autoGainControl: false,
  noiseSuppression: false,
});

/** The client does not wait longer than this for ICE candidates before sending the offer. */
export const ICE_GATHERING_CAP_MS = 2000;

/** A callId the gateway accepts: 1 to 64 characters of A-Za-z0-9._- (docs/signaling.md). */
export function newCallId() {
  const random = globalThis.crypto && crypto.randomUUID
    ? crypto.randomUUID().replaceAll('-', '')
    : Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  return `c${Date.now().toString(36)}-${random}`.slice(0, 64);
}

/** Opens the microphone; a refusal becomes a GatewayError that says what to do. */
export async function openMicrophone(constraints) {
  try {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) throw new TypeError('no mediaDevices');
    return await navigator.mediaDevices.getUserMedia({ audio: constraints || DEFAULT_AUDIO_CONSTRAINTS, video: false });
  } catch (error) {
    throw microphoneError(error);
  }
}

/**
 * Resolves when ICE gathering completes, or after `capMs`, whichever comes first. `again`:
 * called before the setLocalDescription of an ICE restart, it waits for the new gathering
 * (the state still says 'complete' from the previous one).
 */
export function iceGatheringDone(pc, capMs = ICE_GATHERING_CAP_MS, { again = false } = {}) {
  if (!again && pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onState);
      pc.removeEventListener('icecandidate', onCandidate);
      resolve();
    };
    const onState = () => { if (pc.iceGatheringState === 'complete') finish(); };
    const onCandidate = (event) => { if (!event.candidate) finish(); };
    const timer = setTimeout(finish, capMs);
    pc.addEventListener('icegatheringstatechange', onState);
    pc.addEventListener('icecandidate', onCandidate);
  });
}
