// Live calls (GET /api/active-calls, every 2 s while shown): one row per call, kept in place
// between refreshes so a focused "Hang up" button stays focused; each call's record (GET
// /api/calls/{id}) adds who, where to and since when, and the duration ticks every second.
import { ApiError, errorWords } from './admin-api.js';
import { badge, button, cell, duration, setContent, words } from './admin-format.js';
import { Poller } from './admin-refresh.js';
import { KeyedRows } from './admin-rows.js';

const COLUMNS = 8;
const KIND_TEXT = { outbound: 'Web → phone', inbound: 'Phone → gateway', echo: 'Echo test' };
const STATE_TONE = { connected: 'ok', reconnecting: 'warn', reconnected: 'warn', ringing: 'idle', calling: 'idle' };

/** The first part of a long call id (the whole one is the cell's title and the button's name). */
function shortId(id) {
  return id.length > 13 ? `${id.slice(0, 8)}…` : id;
}

/** Words for the optional details a call may carry: legs, codecs, quality, SIP Call-ID. */
function details(call) {
  const parts = [];
  const legs = Array.isArray(call.legs) ? call.legs : [];
  for (const leg of legs) {
    const name = leg.name || leg.leg || leg.kind || 'leg';
    const facts = [leg.codec, leg.quality && leg.quality.mos !== undefined ? `MOS ${Number(leg.quality.mos).toFixed(1)}` : null]
      .filter(Boolean);
    parts.push(`${name}${facts.length ? `: ${facts.join(', ')}` : ''}`);
  }
  if (!legs.length && call.codecs) parts.push(`codecs: ${[].concat(call.codecs).join(', ')}`);
  if (!legs.length && call.codec) parts.push(`codec: ${call.codec}`);
  if (!legs.length && call.quality && call.quality.mos !== undefined) parts.push(`MOS ${Number(call.quality.mos).toFixed(1)}`);
  if (call.trace && call.trace.length) parts.push(`dialplan: ${call.trace[call.trace.length - 1]}`);
  if (call.sipCallId) parts.push(`SIP Call-ID ${call.sipCallId}`);
  return parts.join(' · ');
}

export class LiveCalls {
  #context;
  #rows;                   // call id → {tr, cells, call}
  #records = new Map();    // call id → its record, or {pending|missingSince}
  #poller;
  #ticker = null;
  #ui;

  constructor(context) {
    this.#context = context;
    const ui = this.#ui = { rows: document.getElementById('live-rows'), summary: document.getElementById('live-summary'),
                            heading: document.getElementById('live-heading') };
    this.#rows = new KeyedRows(ui.rows, {
      key: (call) => call.id,
      make: (call) => this.#makeRow(call),
      fill: (row, call) => { row.call = call; this.#fill(row); },
      gone: (id) => this.#records.delete(id),
      columns: COLUMNS, empty: 'No calls in progress.', home: ui.heading,
    });
    this.#poller = new Poller(context, {
      path: '/api/active-calls', what: 'Loading live calls', summary: ui.summary, seconds: 2, noun: 'Live calls',
      show: (calls) => this.#show(Array.isArray(calls) ? calls : []),
    });
  }

  show() {
    this.#poller.start();
    this.#ticker = setInterval(() => this.#tick(), 1000);
  }

  hide() {
    this.#poller.stop();
    clearInterval(this.#ticker);
  }

  reset() {
    this.hide();
    this.#rows.clear();
    this.#records.clear();
    this.#ui.summary.textContent = 'Loading…';
  }

  refresh() {
    return this.#poller.refresh();
  }

  #show(calls) {
    this.#rows.show(calls);
    this.#ui.summary.textContent = calls.length === 1 ? '1 call in progress.' : `${calls.length} calls in progress.`;
    for (const call of calls) this.#loadRecord(call.id);
  }

  #makeRow(call) {
    const tr = document.createElement('tr');
    tr.dataset.callId = call.id;
    const cells = {
      id: cell('Call', shortId(call.id), { header: true }), kind: cell('Kind', ''), state: cell('State', ''),
      parties: cell('From → To', ''), trunk: cell('Trunk', ''), duration: cell('Duration', ''),
      details: cell('Details', ''), actions: cell('Actions', []),
    };
    cells.id.title = call.id;
    cells.duration.classList.add('numeric');
    cells.actions.classList.add('actions-cell');
    const hangup = button('Hang up', {
      className: 'hangup small', ariaLabel: `Hang up call ${call.id}`,
      onClick: () => this.#hangup(call.id, hangup),
    });
    cells.actions.append(hangup);
    tr.append(...Object.values(cells));
    return { tr, cells, call };
  }

  #fill(row) {
    const { call, cells } = row;
    const record = this.#records.get(call.id);
    const known = record && record.id ? record : null;
    setContent(cells.kind, KIND_TEXT[call.kind] || words(call.kind));
    const state = call.reconnecting ? 'reconnecting' : call.state || 'in progress';
    setContent(cells.state, badge(words(state), STATE_TONE[state]));
    const from = known ? known.webIdentity || (call.kind === 'inbound' ? 'phone' : '') : '';
    setContent(cells.parties, known ? `${from || '—'} → ${known.destination || '—'}` : '…');
    setContent(cells.trunk, known ? known.trunk || '' : '…');
    setContent(cells.details, details(call) || '');
    this.#tickRow(row);
  }

  #tick() {
    for (const row of this.#rows.rows.values()) this.#tickRow(row);
  }

  #tickRow(row) {
    const record = this.#records.get(row.call.id);
    const since = row.call.startedAt || (record && record.startedAt);
    const value = since ? duration((Date.now() - new Date(since).getTime()) / 1000) : '…';
    if (row.cells.duration.textContent !== value) row.cells.duration.textContent = value;
  }

  /** Fetches a call's record once; one not written yet is asked for again a few seconds later. */
  async #loadRecord(id) {
    const known = this.#records.get(id);
    if (known && (known.id || known.pending || Date.now() - known.missingSince < 4000)) return;
    this.#records.set(id, { pending: true });
    try {
      const record = await this.#context.api.get(`/api/calls/${encodeURIComponent(id)}`, 'Loading a call record');
      this.#records.set(id, record);
    } catch (error) {
      this.#records.set(id, { missingSince: Date.now() });
      if (!(error instanceof ApiError) || error.status !== 404) return;
    }
    const row = this.#rows.rows.get(id);
    if (row) this.#fill(row);
  }

  async #hangup(id, control) {
    control.disabled = true;
    this.#context.clearProblem();
    this.#context.status(`Hanging up call ${id}…`);
    try {
      await this.#context.api.request('POST', `/api/active-calls/${encodeURIComponent(id)}/hangup`,
                                      { what: `Hanging up call ${id}` });
      this.#context.status(`Call ${id} hung up.`);
      await this.refresh().catch(() => {});
      // The disabled button lost the focus and its row is gone: carry on from the heading.
      if (!control.isConnected && (!document.activeElement || document.activeElement === document.body)) this.#ui.heading.focus();
    } catch (error) {
      control.disabled = false;
      this.#context.status('');
      if (error instanceof ApiError && error.status === 404 && !errorWords(error.body)) {
        this.#context.problem(new Error(`Call ${id} could not be hung up: this gateway has no hang-up from the console (404).`));
      } else {
        this.#context.problem(error);
      }
    }
  }
}
