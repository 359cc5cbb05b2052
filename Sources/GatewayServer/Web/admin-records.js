// Call records (GET /api/calls?limit=200&q=&direction=&cause=): a filtered table, newest first;
// a row opens the record with its events (GET /api/calls/{id}) in a dialog. "Export CSV"
// links to /api/calls.csv with the same filters.
import { cell, duration, emptyRow, setContent, text, timeElement, dateText, words } from './admin-format.js';
import { loadSection } from './admin-refresh.js';

const LIMIT = 200;
const COLUMNS = 8;
const DIRECTION_TEXT = { outbound: 'Web → phone', inbound: 'Phone → gateway', echo: 'Echo test' };
const SIDE_TEXT = { web: 'web user', sip: 'phone side', gateway: 'gateway' };

/** Talk time of an answered call, or why there is none. */
export function talkTime(record) {
  if (!record.endedAt) return 'in progress';
  if (!record.answeredAt) return 'not answered';
  return duration((new Date(record.endedAt) - new Date(record.answeredAt)) / 1000);
}

/**
 * The filters again on this side: a gateway that does not filter yet sends every record, and
 * the table must still show only what was asked for. `q` is looked for where the gateway
 * looks: the id, identity, destination, trunk and SIP Call-ID.
 */
function matches(record, filters) {
  if (filters.direction && record.direction !== filters.direction) return false;
  if (filters.cause && record.cause !== filters.cause) return false;
  if (!filters.q) return true;
  const needle = filters.q.toLowerCase();
  return ['id', 'webIdentity', 'destination', 'trunk', 'sipCallId']
    .some((key) => typeof record[key] === 'string' && record[key].toLowerCase().includes(needle));
}

export class CallRecords {
  #context;
  #ui;
  #loaded = false;
  #opener = null;

  constructor(context) {
    this.#context = context;
    const $ = (id) => document.getElementById(id);
    this.#ui = {
      form: $('records-filter'), q: $('records-q'), direction: $('records-direction'), cause: $('records-cause'),
      csv: $('records-csv'), rows: $('records-rows'), summary: $('records-summary'),
      dialog: $('record-dialog'), heading: $('record-heading'), facts: $('record-facts'), events: $('record-events'),
      close: $('record-close'),
    };
    const ui = this.#ui;
    ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.refresh().catch(() => {});
    });
    for (const control of [ui.q, ui.direction, ui.cause]) control.addEventListener('input', () => this.#updateCsvLink());
    ui.direction.addEventListener('change', () => this.refresh().catch(() => {}));
    ui.close.addEventListener('click', () => ui.dialog.close());
    ui.dialog.addEventListener('close', () => this.#opener?.focus());
    this.#updateCsvLink();
  }

  show() {
    if (!this.#loaded) this.refresh().catch(() => {});
  }

  hide() {
    if (this.#ui.dialog.open) this.#ui.dialog.close();
  }

  reset() {
    this.hide();
    this.#loaded = false;
    this.#ui.rows.replaceChildren();
    this.#ui.summary.textContent = '';
  }

  #filters() {
    return { q: this.#ui.q.value.trim(), direction: this.#ui.direction.value, cause: this.#ui.cause.value.trim() };
  }

  #query(filters) {
    const params = new URLSearchParams({ limit: String(LIMIT) });
    for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
    return params.toString();
  }

  #updateCsvLink() {
    this.#ui.csv.href = `/api/calls.csv?${this.#query(this.#filters())}`;
  }

  async refresh() {
    const filters = this.#filters();
    this.#updateCsvLink();
    this.#ui.summary.textContent = 'Loading…';
    const records = await loadSection(this.#context, `/api/calls?${this.#query(filters)}`, {
      what: 'Loading call records', summary: this.#ui.summary, failure: 'The call records could not be loaded.',
    });
    this.#loaded = true;
    const shown = (Array.isArray(records) ? records : []).filter((record) => matches(record, filters));
    this.#ui.rows.replaceChildren(...shown.map((record) => this.#row(record)));
    if (!shown.length) this.#ui.rows.append(emptyRow(COLUMNS, 'No call records match.'));
    const filtered = filters.q || filters.direction || filters.cause;
    this.#ui.summary.textContent = `${shown.length} record${shown.length === 1 ? '' : 's'}`
      + (filtered ? ` match${shown.length === 1 ? 'es' : ''} the filters` : '') + (shown.length >= LIMIT ? ` (the newest ${LIMIT})` : '') + '.';
  }

  #row(record) {
    const tr = document.createElement('tr');
    tr.dataset.callId = record.id;
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'link';
    open.append(timeElement(record.startedAt));
    open.setAttribute('aria-label', `Call ${record.id}, started ${dateText(record.startedAt)}: details`);
    open.addEventListener('click', () => this.open(record.id, open));
    tr.append(
      cell('Started', open, { header: true }),
      cell('Direction', DIRECTION_TEXT[record.direction] || record.direction),
      cell('Identity', record.webIdentity),
      cell('Destination', record.destination),
      cell('Trunk', record.trunk),
      cell('Duration', talkTime(record)),
      cell('Cause', words(record.cause)),
      cell('Side', SIDE_TEXT[record.hangupSide] || record.hangupSide),
    );
    // The whole row opens the record for a mouse; the button is the keyboard's way in.
    tr.addEventListener('click', (event) => {
      if (event.target.closest('button, a')) return;
      this.open(record.id, open);
    });
    return tr;
  }

  /** Shows record `id` with its events; `opener` gets the focus back when it closes. */
  async open(id, opener) {
    this.#opener = opener;
    let record;
    try {
      record = await this.#context.api.get(`/api/calls/${encodeURIComponent(id)}`, `Loading call ${id}`);
    } catch (error) {
      this.#context.problem(error);
      return;
    }
    const ui = this.#ui;
    ui.heading.textContent = `Call ${record.id}`;
    const facts = [
      ['Direction', DIRECTION_TEXT[record.direction] || record.direction],
      ['Identity', record.webIdentity], ['Destination', record.destination], ['Trunk', record.trunk],
      ['SIP Call-ID', record.sipCallId], ['Started', timeElement(record.startedAt)],
      ['Answered', timeElement(record.answeredAt)], ['Ended', timeElement(record.endedAt)],
      ['Talk time', talkTime(record)], ['Hung up by', SIDE_TEXT[record.hangupSide] || record.hangupSide],
      ['Cause', words(record.cause)], ['SIP status', record.sipStatus], ['Q.850 cause', record.q850],
    ];
    ui.facts.replaceChildren(...facts.flatMap(([name, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = name;
      const dd = document.createElement('dd');
      setContent(dd, value instanceof Node ? value : text(value));
      return [dt, dd];
    }));
    const events = record.events || [];
    ui.events.replaceChildren(...events.map((event) => {
      const li = document.createElement('li');
      const kind = document.createElement('strong');
      kind.textContent = words(event.kind);
      li.append(timeElement(event.at), ' ', kind, event.detail ? `: ${event.detail}` : '');
      return li;
    }));
    if (!events.length) {
      const li = document.createElement('li');
      li.textContent = 'Nothing happened along the way.';
      ui.events.append(li);
    }
    if (!ui.dialog.open) ui.dialog.showModal();
    ui.close.focus();
  }
}
