// Recording a call's remote audio for the pages' test contracts (dialer-contract.js,
// agent-contract.js): a test asks for a recording as soon as the call connects, which may
// be before the far end's track arrived, so a start without remote audio is armed and
// begins with the stream.

import { GatewayError } from './errors.js';
import { StreamRecorder } from './recorder.js';

export class RemoteRecording {
  #currentStream;
  #recorder = null;
  #armed = null; // a start() waiting for remote audio

  /** `currentStream()`: the current call's remote MediaStream, or null. */
  constructor(currentStream) {
    this.#currentStream = currentStream;
  }

  /** Starts recording (a second start replaces the first); resolves once running or armed. */
  start() {
    if (this.#recorder) this.#recorder.stop().catch(() => {});
    this.#armed = null;
    const recorder = new StreamRecorder();
    this.#recorder = recorder;
    const stream = this.#currentStream();
    if (stream) return recorder.start(stream);
    this.#armed = (remote) => recorder.start(remote).catch((error) => console.error('Recording failed to start:', error));
    return Promise.resolve();
  }

  /** Stops; resolves with a base64 16-bit PCM mono WAV at the AudioContext's rate. */
  async stop() {
    this.#armed = null;
    const running = this.#recorder;
    this.#recorder = null;
    if (!running) throw new GatewayError('not_recording', 'startRecording() was not called.');
    return running.stop();
  }

  /** The current call's remote audio (re)started: an armed recording begins with it. */
  streamArrived(stream) {
    const start = this.#armed;
    this.#armed = null;
    if (start) start(stream);
  }
}
