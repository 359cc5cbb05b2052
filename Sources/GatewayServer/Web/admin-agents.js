// Agents (GET /api/agents, every 5 s while shown): the roster with presence and activity,
// and the calls waiting for an agent.
import { badge, cell, emptyRow, words } from './admin-format.js';
import { Poller } from './admin-refresh.js';

const PRESENCE_TONE = { available: 'ok', away: 'warn', busy: 'warn', offline: 'idle' };
const ACTIVITY_TEXT = { idle: 'idle', ringing: 'ringing', talking: 'on a call', wrap_up: 'wrapping up' };

export class Agents {
  #ui;
  #poller;

  constructor(context) {
    const $ = (id) => document.getElementById(id);
    this.#ui = { rows: $('agents-rows'), waiting: $('waiting-rows'), summary: $('agents-summary') };
    this.#poller = new Poller(context, {
      path: '/api/agents', what: 'Loading agents', summary: this.#ui.summary, seconds: 5, noun: 'The agents',
      show: (status) => this.#show(status),
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
    this.#ui.waiting.replaceChildren();
    this.#ui.summary.textContent = '';
  }

  #show(status) {
    const agents = (status && status.agents) || [];
    const waiting = (status && status.waiting) || [];
    this.#ui.rows.replaceChildren(...agents.map((agent) => {
      const tr = document.createElement('tr');
      tr.dataset.agent = agent.identity;
      const who = [agent.name ? `${agent.name} (${agent.identity})` : agent.identity];
      if (agent.extension) who.push(` · ext. ${agent.extension}`);
      tr.append(cell('Agent', who.join(''), { header: true }),
                cell('Presence', badge(words(agent.presence), PRESENCE_TONE[agent.presence])),
                cell('Activity', ACTIVITY_TEXT[agent.activity] || words(agent.activity)),
                cell('Call', agent.call), cell('Consoles open', String(agent.sessions ?? 0)));
      return tr;
    }));
    if (!agents.length) this.#ui.rows.append(emptyRow(5, 'No agents are on the roster (agents.roster in the configuration).'));
    this.#ui.waiting.replaceChildren(...waiting.map((call) => {
      const tr = document.createElement('tr');
      tr.append(cell('Call', call.call, { header: true }), cell('Group', call.group),
                cell('Position', call.position), cell('Waited', `${Math.round(call.waitedSeconds)} s`),
                cell('Ringing', (call.ringing || []).join(', ')));
      return tr;
    }));
    if (!waiting.length) this.#ui.waiting.append(emptyRow(5, 'No calls are waiting.'));
    const available = agents.filter((agent) => agent.presence === 'available').length;
    this.#ui.summary.textContent = `${agents.length} agent${agents.length === 1 ? '' : 's'}, ${available} available; `
      + `${waiting.length} call${waiting.length === 1 ? '' : 's'} waiting.`;
  }
}
