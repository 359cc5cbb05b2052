// ICE servers (GET /api/ice-servers, when shown): the STUN and TURN servers browsers get in
// `hello`, where the list comes from (the configuration's webrtc.ice_servers, or this console,
// by whom and when), the editor that changes it (admin-ice-form.js, PUT) and the way back to
// the configuration's list (DELETE, after a confirmation). Credentials and secrets are never
// served; the listing only says whether a server has one (docs/operations.md, "ICE servers").
import { cell, emptyRow, setContent, text, timeElement } from './admin-format.js';
import { IceForm } from './admin-ice-form.js';
import { loadSection } from './admin-refresh.js';

const COLUMNS = 3;

/** "STUN", "TURN", or "STUN and TURN" from a server's URL schemes. */
export function kindText(server) {
  const schemes = new Set((server.urls || []).map((url) => (/^turns?:/i.test(url) ? 'TURN' : 'STUN')));
  return [...schemes].sort().join(' and ') || '—';
}

/** 86400 → "1 day", 7200 → "2 hours", 900 → "15 minutes", 601 → "601 seconds". */
export function lifetimeText(seconds) {
  const units = [[86400, 'day'], [3600, 'hour'], [60, 'minute']];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const count = seconds / size;
      return `${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} seconds`;
}

/** What a listed server has in the way of credentials, in words (never the values). */
export function credentialsText(server) {
  if (server.hasSecret) {
    return `Shared secret set: each browser gets its own credentials, valid ${lifetimeText(server.credentialTtlS || 86400)}`;
  }
  if (server.username) return `Username ${server.username}, ${server.hasCredential ? 'credential set' : 'no credential'}`;
  return 'None';
}

export class IceServers {
  #context;
  #ui;
  #form;
  #listing = null;

  constructor(context) {
    this.#context = context;
    const $ = (id) => document.getElementById(id);
    const ui = this.#ui = {
      heading: $('ice-heading'), summary: $('ice-summary'), source: $('ice-source'), rows: $('ice-rows'),
      reset: $('ice-reset'), confirm: $('ice-reset-dialog'), formHeading: $('ice-form-heading'),
    };
    this.#form = new IceForm((servers) => this.#save(servers));
    ui.reset.addEventListener('click', () => {
      ui.confirm.returnValue = '';
      ui.confirm.showModal();
    });
    ui.confirm.addEventListener('close', () => {
      if (ui.confirm.returnValue === 'reset') this.#reset();
      else ui.reset.focus();
    });
  }

  show() {
    this.refresh().catch(() => {});
  }

  hide() {
    if (this.#ui.confirm.open) this.#ui.confirm.close();
  }

  reset() {
    this.hide();
    this.#listing = null;
    this.#ui.rows.replaceChildren();
    this.#ui.summary.textContent = '';
    this.#ui.source.replaceChildren();
    this.#ui.reset.hidden = true;
    this.#form.load([]);
  }

  /** Loads the listing; the editor starts from it (unsaved edits are dropped). */
  async refresh() {
    this.#show(await loadSection(this.#context, '/api/ice-servers', {
      what: 'Loading the ICE servers', summary: this.#ui.summary, failure: 'The ICE servers could not be loaded.',
    }));
  }

  #show(listing) {
    const servers = listing && Array.isArray(listing.servers) ? listing.servers : [];
    this.#listing = { ...listing, servers };
    const ui = this.#ui;
    const fromConsole = listing.source === 'console';
    ui.rows.replaceChildren(...servers.map((server, index) => {
      const tr = document.createElement('tr');
      tr.dataset.index = String(index);
      const urls = document.createElement('span'); // one grid item when the row is a card
      urls.className = 'ice-urls';
      urls.append(...(server.urls || []).map(codeText));
      tr.append(cell('URLs', urls, { header: true }), cell('Kind', kindText(server)),
                cell('Credentials', credentialsText(server)));
      return tr;
    }));
    if (!servers.length) ui.rows.append(emptyRow(COLUMNS, 'No ICE servers: browsers offer only their own addresses.'));
    const count = `${servers.length} server${servers.length === 1 ? '' : 's'}`;
    ui.summary.textContent = fromConsole ? `${count}, set in the console.` : `${count}, from the configuration.`;
    if (fromConsole) {
      // updatedBy names the operator ("operator ops") or the API key that set it.
      setContent(ui.source, [`Set in the console by ${listing.updatedBy || 'someone unknown'} on `, timeElement(listing.updatedAt),
        '; it wins over the configuration\'s list (', codeText('webrtc.ice_servers'), ') until you go back to that one.']);
    } else {
      setContent(ui.source, [text('From the configuration: '), codeText('webrtc.ice_servers'),
        ' in the gateway\'s configuration file.']);
    }
    ui.reset.hidden = !fromConsole;
    this.#form.load(servers);
  }

  /** PUT the editor's list; a refusal {error, field} goes back to the editor. */
  async #save(servers) {
    this.#context.clearProblem();
    this.#context.status('Saving the ICE servers…');
    const { data, refusal } = await this.#context.api.submit('PUT', '/api/ice-servers', { servers },
      { what: 'Saving the ICE servers', refused: 'The gateway refused the list.' });
    if (refusal) {
      this.#context.status('');   // said in the editor, next to its field
      return refusal;
    }
    this.#show(data);
    this.#context.status(`ICE servers saved (${this.#listing.servers.length}); connections opened from now on get them.`);
    return null;
  }

  async #reset() {
    this.#context.clearProblem();
    this.#context.status('Going back to the configuration\'s ICE servers…');
    try {
      const { data } = await this.#context.api.request('DELETE', '/api/ice-servers', { what: 'Resetting the ICE servers' });
      this.#show(data);
      this.#context.status('Browsers get the configuration\'s ICE servers again.');
    } catch (error) {
      this.#context.status('');
      this.#context.problem(error);
    }
    this.#ui.heading.focus();
  }
}

function codeText(value) {
  const code = document.createElement('code');
  code.textContent = value;
  return code;
}
