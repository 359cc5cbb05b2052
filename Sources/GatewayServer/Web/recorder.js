// Records a MediaStream's audio with Web Audio and encodes it as a 16-bit PCM mono WAV.
// Used by the dialer's test hooks to measure what the far end sent.
//
//   const recorder = new StreamRecorder();
//   await recorder.start(call.remoteStream);
//   const wavBase64 = await recorder.stop();

// The processor runs on the audio thread; it is loaded from a blob URL so the page needs
// no extra file. It batches 128-frame render quanta into larger chunks to keep the
// number of messages low, and flushes what it holds when told to stop.
const PROCESSOR_SOURCE = `
class PcmTap extends AudioWorkletProcessor {
  constructor() {
    super();
    this.chunk = new Float32Array(4096);
    this.filled = 0;
    this.stopped = false;
    this.port.onmessage = (event) => {
      if (event.data !== 'stop') return;
      this.flush();
      this.stopped = true;
      this.port.postMessage('stopped');
    };
  }
  flush() {
    if (this.filled > 0) this.port.postMessage(this.chunk.slice(0, this.filled));
    this.filled = 0;
  }
  process(inputs) {
    if (this.stopped) return false;
    const channel = inputs[0] && inputs[0][0];
    if (channel) {
      let offset = 0;
      while (offset < channel.length) {
        const count = Math.min(channel.length - offset, this.chunk.length - this.filled);
        this.chunk.set(channel.subarray(offset, offset + count), this.filled);
        this.filled += count;
        offset += count;
        if (this.filled === this.chunk.length) this.flush();
      }
    }
    return true;
  }
}
registerProcessor('pcm-tap', PcmTap);
`;

/** Mixes every input channel down to one (Web Audio's 'speakers' rules). */
const MONO = { channelCount: 1, channelCountMode: 'explicit', channelInterpretation: 'speakers' };

export class StreamRecorder {
  #context = null;
  #source = null;
  #tap = null;
  #chunks = [];
  #stopped = null;

  /** The AudioContext's sample rate, which is also the WAV's; null before start(). */
  get sampleRate() { return this.#context ? this.#context.sampleRate : null; }

  /** Starts recording `stream`, dropping anything recorded before. */
  async start(stream) {
    await this.#teardown();
    this.#chunks = [];
    const context = new AudioContext();
    this.#context = context;
    // A context made outside a click starts suspended under the autoplay policy.
    if (context.state === 'suspended') context.resume().catch(() => {});
    this.#source = context.createMediaStreamSource(stream);
    if (context.audioWorklet) {
      const url = URL.createObjectURL(new Blob([PROCESSOR_SOURCE], { type: 'text/javascript' }));
      try {
        await context.audioWorklet.addModule(url);
      } finally {
        URL.revokeObjectURL(url);
      }
      const tap = new AudioWorkletNode(context, 'pcm-tap', {
        numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1], ...MONO,
      });
      this.#stopped = new Promise((resolve) => {
        tap.port.onmessage = (event) => {
          if (event.data === 'stopped') resolve();
          else this.#chunks.push(event.data);
        };
      });
      this.#tap = tap;
    } else {
      // Older engines: ScriptProcessorNode runs on the main thread, good enough here.
      const tap = context.createScriptProcessor(4096, 1, 1);
      Object.assign(tap, MONO);
      tap.onaudioprocess = (event) => this.#chunks.push(event.inputBuffer.getChannelData(0).slice());
      this.#stopped = null;
      this.#tap = tap;
    }
    this.#source.connect(this.#tap);
    // Nodes are only processed when connected toward the destination; the tap outputs silence.
    this.#tap.connect(context.destination);
  }

  /** Stops recording and resolves with the WAV file as a base64 string. */
  async stop() {
    const sampleRate = this.sampleRate || 48000;
    await this.#teardown();
    return base64(encodeWav(this.#chunks, sampleRate));
  }

  async #teardown() {
    if (!this.#context) return;
    if (this.#tap && this.#tap.port) {
      this.#tap.port.postMessage('stop');
      // The flush comes back within a render quantum, unless the context is suspended.
      await Promise.race([this.#stopped, new Promise((resolve) => setTimeout(resolve, 500))]);
    }
    if (this.#source) this.#source.disconnect();
    if (this.#tap) this.#tap.disconnect();
    await this.#context.close().catch(() => {});
    this.#context = null;
    this.#source = null;
    this.#tap = null;
  }
}

/** A RIFF/WAVE file with one channel of 16-bit little-endian PCM. */
export function encodeWav(chunks, sampleRate) {
  const frames = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const buffer = new ArrayBuffer(44 + frames * 2);
  const view = new DataView(buffer);
  const ascii = (offset, text) => { for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i)); };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + frames * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);            // fmt chunk size
  view.setUint16(20, 1, true);             // PCM
  view.setUint16(22, 1, true);             // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true);             // block align
  view.setUint16(34, 16, true);            // bits per sample
  ascii(36, 'data');
  view.setUint32(40, frames * 2, true);
  let offset = 44;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const sample = Math.max(-1, Math.min(1, chunk[i]));
      view.setInt16(offset, sample < 0 ? sample * 0x8000 : sample * 0x7fff, true);
      offset += 2;
    }
  }
  return new Uint8Array(buffer);
}

function base64(bytes) {
  let binary = '';
  const step = 0x8000; // keeps String.fromCharCode's argument list small
  for (let i = 0; i < bytes.length; i += step) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + step));
  }
  return btoa(binary);
}
