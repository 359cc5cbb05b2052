// How the admin console's sections load what they show: one GET whose failure is said in the
// section's summary line and the page's problem line (loadSection), and, for the sections
// that follow what changes (live calls, trunks, agents, call links), the same again every few
// seconds while the section is shown (Poller; rounds that fall while the tab is hidden are
// skipped, a failed round is tried again at the next).
import { every } from './admin-format.js';

/**
 * `GET path` for a section: resolves with the data; on failure puts `failure` in `summary`,
 * tells the page (context.problem) and rejects with the error. `what` names the request in
 * the gateway's error messages ("Loading trunks").
 */
export async function loadSection(context, path, { what, summary, failure }) {
  try {
    return await context.api.get(path, what);
  } catch (error) {
    summary.textContent = failure;
    context.problem(error);
    throw error;
  }
}

export class Poller {
  #context;
  #options;
  #stop = null;

  /**
   * `path`, `what` and `summary` as for loadSection; `seconds` between rounds; `noun` names
   * what failed to load ("The trunks"); `show(data)` renders each answer.
   */
  constructor(context, { path, what, summary, seconds, noun, show }) {
    this.#context = context;
    this.#options = { path, what, summary, seconds, noun, show };
  }

  /** Loads now, then every `seconds` until stop(). */
  start() {
    this.stop();
    this.#stop = every(this.#options.seconds * 1000, () => this.refresh());
  }

  stop() {
    if (this.#stop) this.#stop();
    this.#stop = null;
  }

  /** One round: load and show; rejects when it could not load (said already). */
  async refresh() {
    const { path, what, summary, seconds, noun, show } = this.#options;
    show(await loadSection(this.#context, path, {
      what, summary, failure: `${noun} could not be loaded; retrying every ${seconds} s.`,
    }));
  }
}
