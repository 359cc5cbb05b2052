// Trunks (GET /api/trunks, every 5 s while shown): each trunk's address, whether it is
// registered and whether OPTIONS keep-alive finds it up, the round trip and the last error.
import { badge, cell, emptyRow } from './admin-format.js';
import { Poller } from './admin-refresh.js';

const COLUMNS = 5;

/**
 * One state for a trunk, with a tone: down (keep-alive failing or registration failed)
 * wins over registered, registered over up, and a trunk nothing checks is "not probed".
 */
export function trunkState(trunk) {
  const registration = trunk.registration;
  const keepAlive = trunk.keepAlive;
  if (keepAlive && keepAlive.state === 'down') return { label: 'down', tone: 'bad' };
  if (registration && registration.state === 'failed') return { label: 'down (registration failed)', tone: 'bad' };
  if (registration && registration.state === 'registered') return { label: 'registered', tone: 'ok' };
  if (keepAlive && keepAlive.state === 'up') return { label: 'up', tone: 'ok' };
  if (registration && registration.state === 'registering') return { label: 'registering', tone: 'warn' };
  if (keepAlive && keepAlive.state === 'unknown') return { label: 'not probed yet', tone: 'idle' };
  return { label: 'not probed', tone: 'idle' };
}

function lastError(trunk) {
  const reasons = [];
  if (trunk.keepAlive && trunk.keepAlive.reason) reasons.push(`OPTIONS: ${trunk.keepAlive.reason}`);
  if (trunk.registration && trunk.registration.lastError) reasons.push(`REGISTER: ${trunk.registration.lastError}`);
  return reasons.join(' · ');
}

export class Trunks {
  #ui;
  #poller;

  constructor(context) {
    this.#ui = { rows: document.getElementById('trunks-rows'), summary: document.getElementById('trunks-summary') };
    this.#poller = new Poller(context, {
      path: '/api/trunks', what: 'Loading trunks', summary: this.#ui.summary, seconds: 5, noun: 'The trunks',
      show: (trunks) => this.#show(Array.isArray(trunks) ? trunks : []),
    });
  }

  show() {
    this.#poller.start();
  }

  hide() {
    this.#poller.stop();
  }

  reset() {
    this.hide();
    this.#ui.rows.replaceChildren();
    this.#ui.summary.textContent = '';
  }

  #show(trunks) {
    this.#ui.rows.replaceChildren(...trunks.map((trunk) => {
      const tr = document.createElement('tr');
      tr.dataset.trunk = trunk.name;
      const state = trunkState(trunk);
      const roundTrip = trunk.keepAlive && trunk.keepAlive.roundTripMs !== null && trunk.keepAlive.roundTripMs !== undefined
        ? `${trunk.keepAlive.roundTripMs} ms` : '';
      const address = `${trunk.address} (${(trunk.transport || '').toUpperCase()})`;
      tr.append(cell('Name', trunk.name, { header: true }), cell('Address', address), cell('State', badge(state.label, state.tone)),
                cell('OPTIONS round trip', roundTrip), cell('Last error', lastError(trunk)));
      return tr;
    }));
    if (!trunks.length) this.#ui.rows.append(emptyRow(COLUMNS, 'No trunks are configured.'));
    const down = trunks.filter((trunk) => trunkState(trunk).tone === 'bad').length;
    this.#ui.summary.textContent = `${trunks.length} trunk${trunks.length === 1 ? '' : 's'}`
      + (down ? `, ${down} down.` : '.');
  }
}
