// Audio level meters: how loud a MediaStream is (the microphone, the far end), from a Web
// Audio AnalyserNode, drawn as a bar inside an element with role="meter".
//
//   <div class="level" role="meter" aria-label="Your microphone" aria-valuemin="0"
//        aria-valuemax="100" aria-valuenow="0"><span class="level-bar"></span></div>
//
//   const meter = new LevelMeter(element);
//   meter.attach(call.localStream);   // measures until detach() or another attach()
//
// The bar moves ten times a second; aria-valuenow changes at most once a second, so that
// assistive technology is not flooded.

const FLOOR_DB = -60;      // this level and below shows as 0; 0 dBFS as 100
const FRAME_MS = 100;
const ANNOUNCE_MS = 1000;
const FALL = 0.7;          // share of the level kept per frame when the sound gets quieter

let sharedContext = null;

/** The page's AudioContext for meters (one for all of them), or null without Web Audio. */
export function audioContext() {
  if (!sharedContext) {
    const Context = globalThis.AudioContext || globalThis.webkitAudioContext;
    if (!Context) return null;
    sharedContext = new Context();
  }
  return sharedContext;
}

/**
 * Lets the meters run: browsers keep an AudioContext suspended until the user clicked or
 * typed on the page. Call it from a click or key handler (the Call button's, say).
 */
export function wakeAudio() {
  const context = audioContext();
  if (context && context.state === 'suspended') context.resume().catch(() => {});
}

/** The words a screen reader says for a level. */
function describe(value) {
  if (value < 5) return 'silent';
  if (value < 35) return 'quiet';
  if (value < 85) return 'good';
  return 'very loud';
}

/** One meter: a stream's loudness in 0…100 (-60…0 dBFS) shown in `element`. */
export class LevelMeter {
  #element;
  #bar;
  #stream = null;
  #source = null;
  #analyser = null;
  #samples = null;
  #timer = null;
  #value = 0;
  #announcedAt = 0;

  constructor(element) {
    this.#element = element;
    this.#bar = element.querySelector('.level-bar');
    this.#show(0, true);
  }

  /** The level now, 0…100. */
  get value() { return this.#value; }

  /** Measures `stream`'s audio (null: nothing). The same stream again changes nothing. */
  attach(stream) {
    if (stream === this.#stream) return;
    this.detach();
    const context = audioContext();
    if (!stream || !context || stream.getAudioTracks().length === 0) return;
    try {
      this.#source = context.createMediaStreamSource(stream);
    } catch {
      return; // a stream without live audio yet
    }
    this.#stream = stream;
    this.#analyser = context.createAnalyser();
    this.#analyser.fftSize = 2048;
    this.#samples = new Float32Array(this.#analyser.fftSize);
    this.#source.connect(this.#analyser);
    this.#timer = setInterval(() => this.#measure(), FRAME_MS);
  }

  /** Stops measuring; the meter shows 0. */
  detach() {
    clearInterval(this.#timer);
    this.#timer = null;
    if (this.#source) this.#source.disconnect();
    this.#source = null;
    this.#analyser = null;
    this.#stream = null;
    this.#value = 0;
    this.#show(0, true);
  }

  #measure() {
    this.#analyser.getFloatTimeDomainData(this.#samples);
    let sum = 0;
    for (const sample of this.#samples) sum += sample * sample;
    const rms = Math.sqrt(sum / this.#samples.length);
    const db = rms > 0 ? 20 * Math.log10(rms) : -Infinity;
    const level = Math.round(Math.min(100, Math.max(0, ((db - FLOOR_DB) / -FLOOR_DB) * 100)));
    // Rises at once, falls gently, as the meters of a mixing desk do.
    const value = level >= this.#value ? level : Math.max(level, Math.floor(this.#value * FALL));
    this.#value = value;
    this.#show(value, false);
  }

  #show(value, now) {
    if (this.#bar) this.#bar.style.transform = `scaleX(${value / 100})`;
    const time = Date.now();
    const announced = Number(this.#element.getAttribute('aria-valuenow'));
    if (announced === value || (!now && time - this.#announcedAt < ANNOUNCE_MS)) return;
    this.#announcedAt = time;
    this.#element.setAttribute('aria-valuenow', String(value));
    this.#element.setAttribute('aria-valuetext', `${value} of 100, ${describe(value)}`);
  }
}
