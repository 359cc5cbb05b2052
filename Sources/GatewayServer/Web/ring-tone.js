// The agent console's ring: two short beeps every 3 s, made with Web Audio so the page
// needs no sound file. Browsers start an AudioContext made outside a click suspended, so
// prepare() is called from the sign-in click; a ring before any click may stay silent.

const BEEP_HZ = 880;
const BEEP_S = 0.18;
const GAP_S = 0.12;
const PERIOD_MS = 3000;
const LEVEL = 0.15;

export class RingTone {
  #context = null;
  #timer = null;

  /** True while ringing (also when the browser keeps the audio silent). */
  get playing() { return this.#timer !== null; }

  /** Creates (or wakes) the AudioContext; call it from a click or a key press. */
  prepare() {
    try {
      if (!this.#context) this.#context = new AudioContext();
      if (this.#context.state === 'suspended') this.#context.resume().catch(() => {});
    } catch {
      this.#context = null; // no Web Audio: the console still shows the call
    }
  }

  start() {
    if (this.#timer !== null) return;
    this.prepare();
    this.#burst();
    this.#timer = setInterval(() => this.#burst(), PERIOD_MS);
  }

  stop() {
    clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Two beeps, each with a short fade in and out so they do not click. */
  #burst() {
    const context = this.#context;
    if (!context || context.state !== 'running') return;
    for (const offset of [0, BEEP_S + GAP_S]) {
      const at = context.currentTime + 0.02 + offset;
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = BEEP_HZ;
      gain.gain.setValueAtTime(0, at);
      gain.gain.linearRampToValueAtTime(LEVEL, at + 0.01);
      gain.gain.setValueAtTime(LEVEL, at + BEEP_S - 0.02);
      gain.gain.linearRampToValueAtTime(0, at + BEEP_S);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + BEEP_S);
    }
  }
}
