// Media helpers of a Call (call.js): call ids, the microphone (opening it, listing the inputs,
// switching a live call to another one), and ICE gathering.

import { GatewayError, microphoneError } from './errors.js';

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

/**
 * Opens the microphone; a refusal becomes a GatewayError that says what to do. `deviceId`
 * (a microphone of listMicrophones()) is added to the constraints as an exact choice: a
 * device that is gone is `microphone_missing`, never another microphone in its place.
 */
export async function openMicrophone(constraints, deviceId = null) {
  const audio = { ...(constraints || DEFAULT_AUDIO_CONSTRAINTS) };
  if (deviceId) audio.deviceId = { exact: String(deviceId) };
  try {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) throw new TypeError('no mediaDevices');
    return await navigator.mediaDevices.getUserMedia({ audio, video: false });
  } catch (error) {
    throw microphoneError(error);
  }
}

/**
 * The browser's audio inputs, [{deviceId, label}] in its order (its default first). Before the
 * page was allowed the microphone, browsers hide them: at most one entry, with an empty
 * deviceId and label. An empty list without media devices (an insecure page).
 */
export async function listMicrophones() {
  if (!navigator.mediaDevices || !navigator.mediaDevices.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((device) => device.kind === 'audioinput')
    .map(({ deviceId, label }) => ({ deviceId, label }));
}

/**
 * The sender of a peer connection's audio: the one whose track is replaced to switch the
 * microphone (no new offer: RTCRtpSender.replaceTrack keeps the negotiated media). Null when
 * the connection has none.
 */
export function audioSender(pc) {
  if (!pc || pc.signalingState === 'closed') return null;
  const transceiver = pc.getTransceivers().find((t) => t.sender.track ? t.sender.track.kind === 'audio'
    : t.receiver.track && t.receiver.track.kind === 'audio');
  return transceiver ? transceiver.sender : null;
}

/**
 * Opens the microphone `deviceId` and puts its track in place of the one `pc` sends, without a
 * new offer. `enabled()` gives the new track's enabled flag (the call's mute) as it is once the
 * track is in place. Resolves with the new stream; on any failure the new track is stopped,
 * the old one still sends, and it rejects with a GatewayError (microphone_missing,
 * microphone_blocked, ... as openMicrophone; microphone_error when the track cannot be put in).
 */
export async function replaceMicrophone(pc, constraints, deviceId, enabled) {
  const stream = await openMicrophone(constraints, deviceId);
  const stop = () => { for (const track of stream.getTracks()) track.stop(); };
  const track = stream.getAudioTracks()[0];
  if (!track) {
    stop();
    throw microphoneError(Object.assign(new Error('no audio track'), { name: 'NotFoundError' }));
  }
  track.enabled = enabled();
  const sender = audioSender(pc);
  try {
    if (sender) await sender.replaceTrack(track);
  } catch (error) {
    stop();
    throw new GatewayError('microphone_error', `The microphone could not be switched (${error.name || error}).`, { cause: error });
  }
  track.enabled = enabled(); // a mute() during the switch
  return stream;
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
