// Shows a call's quality from the gateway's `quality` messages (docs/signaling.md, "Call
// quality"): a quiet one-line summary per leg while all is well, and a plain-words warning
// while the gateway reports one.
//
//   import { showQuality } from './quality-view.js';
//   showQuality(call, document.getElementById('quality'));

const LEG_NAMES = { browser: 'Your connection', trunk: 'Phone line' };

const WARNING_TEXT = {
  high_loss: (q) => `losing audio packets (${worstLoss(q)} %)`,
  high_jitter: (q) => `uneven packet timing (${Math.max(q.jitterMs, q.farEndJitterMs || 0)} ms jitter)`,
  high_rtt: (q) => `long delay (${q.rttMs} ms round trip)`,
  low_mos: (q) => `poor audio expected (MOS ${q.mos})`,
};

function worstLoss(q) {
  return Math.max(q.lossPercent, q.farEndLossPercent || 0);
}

function summary(q) {
  const parts = [`MOS ${q.mos.toFixed(1)}`, `loss ${worstLoss(q)} %`, `jitter ${q.jitterMs} ms`];
  if (q.rttMs !== undefined) parts.push(`RTT ${q.rttMs} ms`);
  return parts.join(' · ');
}

/** Renders `call`'s quality into `element` until the call ends. */
export function showQuality(call, element) {
  const legs = new Map();
  const render = () => {
    const lines = [];
    let warning = false;
    for (const [leg, q] of legs) {
      const name = LEG_NAMES[leg] || leg;
      if (q.warnings.length > 0) {
        warning = true;
        lines.push(`${name}: ${q.warnings.map((w) => (WARNING_TEXT[w] ? WARNING_TEXT[w](q) : w)).join(', ')}`);
      } else {
        lines.push(`${name}: ${summary(q)}`);
      }
    }
    element.textContent = lines.join('\n');
    element.classList.toggle('warning', warning);
    element.hidden = lines.length === 0;
  };
  call.addEventListener('quality', (event) => {
    legs.set(event.detail.leg, event.detail);
    render();
  });
  call.addEventListener('ended', () => {
    legs.clear();
    render();
  });
  render();
}
