// The agent console's recent calls (agent.html): the agent's last 20 calls, newest first —
// answered (with how long they lasted), missed (the caller hung up or the call moved on
// while it rang here) and declined — with caller, group and time. A call a colleague answered
// is not the agent's and is not listed. The console places no calls, so all are incoming
// (`direction` leaves room for placed ones). Kept in localStorage per identity, so they
// survive a reload and each agent sharing a computer sees only their own; the tabs of one
// agent share the list (a call is one entry, whichever tab took it).

import { callerText, cancelText } from './agent-incoming-view.js';
import { formatDuration } from './dialer-status.js';

const KEEP = 20;
const STORAGE_PREFIX = 'gateway.agent.recentCalls.';
const OUTCOME_TEXT = { answered: 'Answered', missed: 'Missed', declined: 'Declined', failed: 'Not connected' };
/**
 * Which word wins when two tabs (or a call offered again after a reconnection) tell of the
 * same call: answered above everything, then not connected and declined, then missed.
 */
const RANK = { missed: 0, declined: 1, failed: 1, answered: 2 };
/** `cancel` reasons that are not the agent's missed call: another tab of theirs recorded it. */
const NOT_MISSED = new Set(['answered_elsewhere', 'declined_elsewhere']);

/**
 * `list` with `entry` added, or merged into the entry of the same call: newest first
 * (by the time the call rang), at most KEEP.
 */
export function mergeCall(list, entry) {
  const old = list.find((item) => item.callId === entry.callId);
  let merged = entry;
  if (old) {
    merged = RANK[entry.outcome] >= RANK[old.outcome] ? { ...old, ...entry } : old;
    merged = { ...merged, startedAt: Math.min(old.startedAt, entry.startedAt) };
  }
  return [merged, ...list.filter((item) => item.callId !== entry.callId)]
    .sort((a, b) => b.startedAt - a.startedAt)
    .slice(0, KEEP);
}

/** "14:05" today, "3 Mar, 14:05" on another day, in the browser's language. */
function timeText(ms) {
  const date = new Date(ms);
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (date.toDateString() === new Date().toDateString()) return time;
  return `${date.toLocaleDateString([], { day: 'numeric', month: 'short' })}, ${time}`;
}

export class RecentCalls {
  #ui;
  #isCurrent;
  #identity = null;
  #calls = [];

  /**
   * `ui`: {section, list, empty, clear, heading} elements; `isCurrent(callId)`: true while
   * that call is up on this page (its entry says so instead of a duration).
   */
  constructor(ui, { isCurrent }) {
    this.#ui = ui;
    this.#isCurrent = isCurrent;
    ui.clear.addEventListener('click', () => {
      this.clear();
      ui.heading.focus(); // the button is disabled now: keep the agent's place in the page
    });
    // Another tab of the same agent recorded a call, or cleared the list.
    window.addEventListener('storage', (event) => {
      if (this.#identity && event.key === this.#key()) this.#load();
    });
  }

  /** The calls shown, newest first, as plain data (the test contract's `recentCalls`). */
  get calls() { return this.#calls.map((call) => ({ ...call })); }

  /** Shows the list of `identity` (null: signed out, nothing shown). */
  setIdentity(identity) {
    if (identity === this.#identity) return;
    this.#identity = identity;
    this.#load();
  }

  /** An accepted call is up (`summary`: agent-call-summary.js; `rangAt`: when it rang here). */
  answered(summary, rangAt) {
    this.#record(summary, 'answered', {
      startedAt: rangAt || summary.connectedAt || Date.now(), connectedAt: summary.connectedAt, endedAt: null, durationMs: null,
    });
  }

  /** The accepted call ended: answered with its duration, or not connected at all. */
  ended(summary, rangAt) {
    const endedAt = Date.now();
    const connected = Boolean(summary.connectedAt);
    this.#record(summary, connected ? 'answered' : 'failed', {
      startedAt: rangAt || summary.connectedAt || endedAt,
      connectedAt: summary.connectedAt,
      endedAt,
      durationMs: connected ? Math.max(0, endedAt - summary.connectedAt) : null,
      lost: summary.state === 'failed',
    });
  }

  /** The agent declined `incoming`. */
  declined(incoming) {
    this.#record(incoming, 'declined', { startedAt: incoming.receivedAt, endedAt: Date.now() });
  }

  /** `incoming` stopped ringing here without an answer (its `cancel` reason). */
  stoppedRinging(incoming, reason) {
    if (NOT_MISSED.has(reason)) return;
    this.#record(incoming, 'missed', { startedAt: incoming.receivedAt, endedAt: Date.now(), reason });
  }

  /** Forgets this agent's list. */
  clear() {
    this.#calls = [];
    this.#save();
    this.render();
  }

  render() {
    const ui = this.#ui;
    ui.section.hidden = !this.#identity;
    ui.empty.hidden = this.#calls.length > 0;
    ui.clear.disabled = this.#calls.length === 0;
    ui.list.replaceChildren(...this.#calls.map((call) => this.#item(call)));
  }

  #record(call, outcome, facts) {
    if (!this.#identity) return;
    const { callId, from = '', fromName = null, to = '', group = null } = call;
    const entry = {
      callId, direction: 'incoming', from, fromName, to, group, outcome,
      connectedAt: null, endedAt: null, durationMs: null, reason: null, lost: false, ...facts,
    };
    // Read again first: another tab of this agent may have written since.
    this.#calls = mergeCall(this.#read(), entry);
    this.#save();
    this.render();
  }

  #item(call) {
    const item = element('li', 'recent-call');
    item.dataset.callId = call.callId;
    item.dataset.outcome = call.outcome;
    const top = element('p', 'recent-line');
    const outcome = OUTCOME_TEXT[call.outcome] || call.outcome;
    top.append(element('span', 'recent-caller', callerText(call)),
      element('span', 'recent-outcome', call.lost ? `${outcome}, call lost` : outcome));
    const facts = element('p', 'recent-line recent-facts');
    facts.append(fact('Group', call.group || 'Direct call'));
    const when = element('time', '', timeText(call.startedAt));
    when.dateTime = new Date(call.startedAt).toISOString();
    facts.append(fact('At', when));
    if (call.outcome === 'answered') {
      let lasted = call.durationMs !== null ? formatDuration(call.durationMs) : 'unknown';
      if (call.endedAt === null && this.#isCurrent(call.callId)) lasted = 'on the call now';
      facts.append(fact('Duration', lasted));
    }
    if (call.outcome === 'missed' && call.reason) facts.append(fact('Why', cancelText(call.reason)));
    item.append(top, facts);
    return item;
  }

  #key() { return STORAGE_PREFIX + this.#identity; }

  #load() {
    this.#calls = this.#identity ? this.#read() : [];
    this.render();
  }

  #read() {
    try {
      const value = JSON.parse(localStorage.getItem(this.#key()) || '[]');
      return Array.isArray(value)
        ? value.filter((call) => call && typeof call.callId === 'string' && Number.isFinite(call.startedAt)).slice(0, KEEP)
        : [];
    } catch {
      return this.#calls; // private mode, or a broken value: what this page knows
    }
  }

  #save() {
    try {
      if (this.#calls.length) localStorage.setItem(this.#key(), JSON.stringify(this.#calls));
      else localStorage.removeItem(this.#key());
    } catch { /* private mode: the list lasts as long as the page */ }
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** One fact of an entry: its label is read out by screen readers, the value is shown. */
function fact(label, value) {
  const span = element('span', 'recent-fact');
  span.append(element('span', 'visually-hidden', `${label}: `), value);
  return span;
}
