// The dialer's call quality indicator: one word and three bars for the worse of the call's
// legs, from the gateway's `quality` messages (docs/signaling.md, "Call quality"). The
// figures behind it are shown by quality-view.js.
//
//   const badge = new QualityBadge(element);
//   badge.watch(call);          // a new call: 'measuring' until the first report
//   badge.show(connected);      // visible only while the call has audio

const LABELS = { measuring: 'measuring…', good: 'good', fair: 'fair', poor: 'poor' };
const RANK = { good: 0, fair: 1, poor: 2 };

/** A rating of one leg's report. MOS bands after ITU-T G.107 (E-model) user satisfaction. */
export function rate(report) {
  const warnings = report.warnings || [];
  if (report.mos < 3.1 || warnings.includes('low_mos') || warnings.includes('high_loss')) return 'poor';
  if (report.mos < 3.8 || warnings.length > 0) return 'fair';
  return 'good';
}

export class QualityBadge {
  #element;
  #label;
  #legs = new Map();
  #call = null;

  constructor(element) {
    this.#element = element;
    this.#label = element.querySelector('.quality-label');
    this.#render();
  }

  /** The rating shown: 'measuring', 'good', 'fair' or 'poor'. */
  get rating() {
    let worst = null;
    for (const report of this.#legs.values()) {
      const rating = rate(report);
      if (worst === null || RANK[rating] > RANK[worst]) worst = rating;
    }
    return worst || 'measuring';
  }

  /** Follows `call`'s quality reports from now on. */
  watch(call) {
    this.#call = call;
    this.#legs.clear();
    call.addEventListener('quality', (event) => {
      if (this.#call !== call) return;
      this.#legs.set(event.detail.leg, event.detail);
      this.#render();
    });
    this.#render();
  }

  /** Shows the indicator (true) or hides it. */
  show(visible) {
    this.#element.hidden = !visible;
  }

  #render() {
    const rating = this.rating;
    this.#element.dataset.rating = rating;
    const text = `Call quality: ${LABELS[rating]}`;
    if (this.#label.textContent !== text) this.#label.textContent = text;
  }
}
