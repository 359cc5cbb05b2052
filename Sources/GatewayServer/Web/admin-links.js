// Call links (GET /api/call-links, every 10 s while shown): the links operators made, newest
// first, each with its destination, state, uses and address (Copy), Details (GET
// /api/call-links/{id}: the link and its recent uses) and Revoke (DELETE, after a
// confirmation); and the form that makes one (admin-link-form.js). Rows stay in place between
// refreshes, so a focused button keeps the focus.
import { badge, button, cell, emptyRow, setContent, text, timeElement, words } from './admin-format.js';
import { copyText, destinationText, hoursText, linkAddress } from './admin-link-format.js';
import { LinkForm } from './admin-link-form.js';
import { Poller } from './admin-refresh.js';
import { KeyedRows } from './admin-rows.js';

const COLUMNS = 8;
const STATE_TONE = { open: 'ok', scheduled: 'warn', closed_now: 'warn', expired: 'idle', spent: 'idle', revoked: 'bad' };

export class CallLinks {
  #context;
  #ui;
  #rows;                // link id → {tr, cells, link, copy, details, revoke}
  #poller;
  #form;
  #opener = null;       // the button that opened a dialog gets the focus back
  #revoking = null;     // the link the confirmation asks about

  constructor(context) {
    this.#context = context;
    const $ = (id) => document.getElementById(id);
    const ui = this.#ui = {
      rows: $('links-rows'), summary: $('links-summary'), heading: $('links-heading'),
      created: $('link-created'), createdUrl: $('link-created-url'), createdCopy: $('link-created-copy'),
      dialog: $('link-dialog'), dialogHeading: $('link-dialog-heading'), facts: $('link-facts'), uses: $('link-uses'),
      close: $('link-dialog-close'), confirm: $('link-revoke-dialog'), confirmText: $('link-revoke-text'),
    };
    this.#rows = new KeyedRows(ui.rows, {
      key: (link) => link.id,
      make: (link) => this.#makeRow(link),
      fill: (row, link) => { row.link = link; this.#fill(row); },
      columns: COLUMNS, empty: 'No call links yet. Make one with the form below.', home: ui.heading,
    });
    this.#poller = new Poller(context, {
      path: '/api/call-links', what: 'Loading call links', summary: ui.summary, seconds: 10, noun: 'The call links',
      show: (data) => this.#show(data && Array.isArray(data.links) ? data.links : []),
    });
    this.#form = new LinkForm((draft) => this.#create(draft));
    ui.createdCopy.addEventListener('click', () => this.#copy(ui.createdUrl.textContent, 'the new link'));
    ui.close.addEventListener('click', () => ui.dialog.close());
    ui.dialog.addEventListener('close', () => this.#opener?.focus());
    ui.confirm.addEventListener('close', () => {
      const link = this.#revoking;
      this.#revoking = null;
      if (link && ui.confirm.returnValue === 'revoke') this.#revoke(link);
      else this.#opener?.focus();
    });
  }

  show() {
    this.#poller.start();
  }

  hide() {
    this.#poller.stop();
    for (const dialog of [this.#ui.dialog, this.#ui.confirm]) if (dialog.open) dialog.close();
  }

  reset() {
    this.hide();
    this.#rows.clear();
    this.#ui.summary.textContent = '';
    this.#ui.created.hidden = true;
    this.#form.reset();
  }

  refresh() {
    return this.#poller.refresh();
  }

  #show(links) {
    this.#rows.show(links);
    const open = links.filter((link) => link.state === 'open').length;
    this.#ui.summary.textContent = `${links.length} call link${links.length === 1 ? '' : 's'}, ${open} open.`;
  }

  #makeRow(link) {
    const tr = document.createElement('tr');
    tr.dataset.linkId = link.id;
    const row = { tr, link };
    const cells = row.cells = {
      label: cell('Label', '', { header: true }), destination: cell('Destination', ''), state: cell('State', ''),
      uses: cell('Uses', ''), lastUsed: cell('Last used', ''), createdBy: cell('Created by', ''),
      address: cell('Address', []), actions: cell('Actions', []),
    };
    cells.uses.classList.add('numeric');
    cells.actions.classList.add('actions-cell');
    row.url = document.createElement('code');
    row.url.className = 'link-url';
    row.copy = button('Copy', { className: 'small', onClick: () => this.#copy(linkAddress(row.link), `“${row.link.label}”`) });
    const address = document.createElement('span'); // one grid item when the row is a card
    address.className = 'address';
    address.append(row.url, ' ', row.copy);
    cells.address.append(address);
    row.details = button('Details', { className: 'small', onClick: () => this.open(row.link.id, row.details) });
    row.revoke = button('Revoke', { className: 'small danger', onClick: () => this.#confirmRevoke(row.link, row.revoke) });
    cells.actions.append(row.details, ' ', row.revoke);
    tr.append(...Object.values(cells));
    return row;
  }

  #fill(row) {
    const { link, cells } = row;
    const revoked = link.state === 'revoked';
    setContent(cells.label, link.label);
    setContent(cells.destination, destinationText(link.destination));
    setContent(cells.state, this.#state(link));
    setContent(cells.uses, String(link.uses ?? 0));
    setContent(cells.lastUsed, timeElement(link.lastUsedAt));
    setContent(cells.createdBy, link.createdBy);
    const address = linkAddress(link);
    if (row.url.textContent !== address) row.url.textContent = address;
    for (const control of [row.copy, row.revoke]) {
      if (control.hidden !== revoked && control === document.activeElement) row.details.focus();
      control.hidden = revoked;   // a revoked link's address calls nothing: nothing to copy
    }
    row.copy.setAttribute('aria-label', `Copy the address of ${link.label}`);
    row.details.setAttribute('aria-label', `Details and uses of ${link.label}`);
    row.revoke.setAttribute('aria-label', `Revoke ${link.label}`);
  }

  /** The state as a badge, with the gateway's sentence for operators after it. */
  #state(link) {
    const state = document.createElement('span'); // one grid item when the row is a card
    state.append(badge(words(link.state), STATE_TONE[link.state]));
    if (link.stateText) {
      const sentence = document.createElement('span');
      sentence.className = 'state-text';
      sentence.textContent = link.stateText;
      state.append(' ', sentence);
    }
    return state;
  }

  async #copy(value, what) {
    const copied = await copyText(value);
    this.#context.status(copied ? `Copied the address of ${what}.` : `Could not copy: select the address of ${what} and copy it.`);
  }

  /** Sends the form's draft; a refusal {error, field} goes back to the form. */
  async #create(draft) {
    this.#context.clearProblem();
    this.#context.status('Making the call link…');
    const { data: link, refusal } = await this.#context.api.submit('POST', '/api/call-links', draft,
      { what: 'Making the call link', refused: 'The gateway refused the link.' });
    if (refusal) {
      // Said once, in the form's own message (a lost session goes to the sign-in form).
      this.#context.status('');
      return refusal;
    }
    const address = linkAddress(link);
    this.#ui.createdUrl.textContent = address;
    this.#ui.created.hidden = false;
    this.#context.status(`Call link “${link.label}” made: ${address}`);
    await this.refresh().catch(() => {});
    return null;
  }

  #confirmRevoke(link, opener) {
    this.#opener = opener;
    this.#revoking = link;
    this.#ui.confirmText.textContent = `Whoever has the address of “${link.label}” will no longer be able to call `
      + `through it. Its uses stay listed. This cannot be undone.`;
    this.#ui.confirm.returnValue = '';
    this.#ui.confirm.showModal();
  }

  async #revoke(link) {
    this.#context.clearProblem();
    this.#context.status(`Revoking “${link.label}”…`);
    try {
      await this.#context.api.request('DELETE', `/api/call-links/${encodeURIComponent(link.id)}`, { what: `Revoking “${link.label}”` });
      this.#context.status(`Call link “${link.label}” revoked.`);
    } catch (error) {
      this.#context.status('');
      this.#context.problem(error);
    }
    await this.refresh().catch(() => {});
    const row = this.#rows.rows.get(link.id);
    (row && !row.revoke.hidden ? row.revoke : row ? row.details : this.#ui.heading).focus();
  }

  /** Shows link `id` with its recent uses; `opener` gets the focus back when it closes. */
  async open(id, opener) {
    this.#opener = opener;
    let link;
    try {
      link = await this.#context.api.get(`/api/call-links/${encodeURIComponent(id)}`, 'Loading the call link');
    } catch (error) {
      this.#context.problem(error);
      return;
    }
    const ui = this.#ui;
    ui.dialogHeading.textContent = `Call link “${link.label}”`;
    const until = link.neverExpires ? 'never expires' : timeElement(link.validUntil);
    const facts = [
      ['Address', linkAddress(link)], ['Destination', destinationText(link.destination)],
      ['Title for callers', link.displayName], ['State', this.#state(link)], ['Valid from', timeElement(link.validFrom || link.createdAt)],
      ['Valid until', until], ['Hours', hoursText(link.hours)], ['Dial pad', link.dialPad === false ? 'no' : 'yes'],
      ['One call only', link.oneTime ? 'yes' : 'no'], ['Uses', String(link.uses ?? 0)], ['Last used', timeElement(link.lastUsedAt)],
      ['Created', [timeElement(link.createdAt), ` by ${link.createdBy || '—'}`]],
      ['Revoked', timeElement(link.revokedAt)], ['Spent', timeElement(link.spentAt)],
    ];
    ui.facts.replaceChildren(...facts.flatMap(([name, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = name;
      const dd = document.createElement('dd');
      setContent(dd, value === null || value === undefined ? text(value) : value);
      return [dt, dd];
    }));
    const uses = Array.isArray(link.recentUses) ? link.recentUses : [];
    ui.uses.replaceChildren(...uses.map((use) => {
      const tr = document.createElement('tr');
      tr.append(cell('When', timeElement(use.at), { header: true }),
                cell('Outcome', badge(words(use.outcome), use.outcome === 'placed' ? 'ok' : 'bad')),
                cell('Detail', words(use.detail)), cell('Call', use.callId));
      return tr;
    }));
    if (!uses.length) ui.uses.append(emptyRow(4, 'Nobody has called through this link yet.'));
    if (!ui.dialog.open) ui.dialog.showModal();
    ui.close.focus();
  }
}
