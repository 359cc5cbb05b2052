// The editor of the ICE servers section (admin-ice.js): one row per server, each with its
// URLs (one per line) and its kind: STUN, TURN with a fixed username and credential, or TURN
// with a secret shared with the TURN server and the lifetime of the credentials made from it.
// Passwords are never served back (docs/operations.md, "ICE servers"): a field left empty
// keeps the one the server with the same URLs has, and the row says so while that holds. A
// field the gateway refuses (400 {error, field: "servers[1].username"}) gets its sentence.

/** The gateway takes at most this many servers. */
const MAX_SERVERS = 16;
const DEFAULT_TTL_S = 86400;
const KEEP_HINT = 'One is set: leave empty to keep it, or type a new one.';

/** "turn:a\n  turn:b " → ["turn:a", "turn:b"]. */
export function splitUrls(value) {
  return String(value).split(/\s+/).filter(Boolean);
}

function sameList(a, b) {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/** The kind of a listed server: 'secret', 'turn' (fixed credentials) or 'stun'. */
export function serverKind(server) {
  if (server.hasSecret) return 'secret';
  return server.username || server.hasCredential ? 'turn' : 'stun';
}

export class IceForm {
  #ui;
  #rows = [];      // {li, legend, controls: {urls, kind, username, credential, secret, credentialTtlS}, hints, errors, remove, original}
  #serial = 0;     // makes each row's ids unique

  /** `submit(servers)` sends the list; it resolves with null or a refusal {error, field}. */
  constructor(submit) {
    const $ = (id) => document.getElementById(id);
    const ui = this.#ui = {
      form: $('ice-form'), message: $('ice-form-message'), list: $('ice-servers'), empty: $('ice-empty'),
      add: $('ice-add'), save: $('ice-save'), template: $('ice-server-template'),
    };
    ui.add.addEventListener('click', () => {
      const row = this.#addRow(null);
      this.#update();
      row.controls.urls.focus();
    });
    ui.form.addEventListener('submit', async (event) => {
      event.preventDefault();
      this.clearErrors();
      ui.save.disabled = true;
      try {
        const refusal = await submit(this.servers());
        if (refusal) this.showRefusal(refusal);
      } finally {
        ui.save.disabled = false;
      }
    });
  }

  /** One row per server of a listing (GET /api/ice-servers), passwords empty. */
  load(servers) {
    this.#rows = [];
    this.#ui.list.replaceChildren();
    for (const server of servers) this.#addRow(server);
    this.clearErrors();
    this.#update();
  }

  /** The list as PUT /api/ice-servers takes it; empty passwords are left out (kept). */
  servers() {
    return this.#rows.map(({ controls }) => {
      const server = { urls: splitUrls(controls.urls.value) };
      const kind = controls.kind.value;
      if (kind === 'turn') {
        server.username = controls.username.value.trim();
        if (controls.credential.value) server.credential = controls.credential.value;
      } else if (kind === 'secret') {
        if (controls.secret.value) server.secret = controls.secret.value;
        const ttl = controls.credentialTtlS.value.trim();
        if (ttl) server.credentialTtlS = Number(ttl);
      }
      return server;
    });
  }

  /** Shows a refusal next to its field ("servers[1].urls[0]" → row 2's URLs), focused. */
  showRefusal({ error, field }) {
    const words = error || 'The gateway refused the list.';
    this.#ui.message.textContent = `Not saved: ${words}`;
    this.#ui.message.classList.add('problem');
    const place = /^servers\[(\d+)\](?:\.(\w+))?/.exec(String(field || ''));
    const row = place && this.#rows[Number(place[1])];
    if (!row) return;
    // A field of another kind (a STUN row with turn: URLs needs credentials) shows at the kind.
    let name = place[2] && row.controls[place[2]] ? place[2] : 'kind';
    if (row.controls[name].closest('[hidden]')) name = 'kind';
    const slot = row.errors.get(name);
    slot.textContent = words;
    slot.hidden = false;
    row.controls[name].setAttribute('aria-invalid', 'true');
    row.controls[name].focus();
  }

  clearErrors() {
    this.#ui.message.textContent = '';
    this.#ui.message.classList.remove('problem');
    for (const row of this.#rows) {
      for (const [name, slot] of row.errors) {
        slot.hidden = true;
        slot.textContent = '';
        row.controls[name].removeAttribute('aria-invalid');
      }
    }
  }

  #addRow(server) {
    const li = this.#ui.template.content.firstElementChild.cloneNode(true);
    const prefix = `ice-${++this.#serial}`;
    const row = { li, original: server, controls: {}, hints: {}, errors: new Map() };
    for (const control of li.querySelectorAll('[data-field]')) {
      const name = control.dataset.field;
      control.id = `${prefix}-${name}`;
      control.name = name;
      row.controls[name] = control;
      // Its own hint (data-hint-of), or one the rows share (data-hint: its id), then its error.
      const hint = li.querySelector(`[data-hint-of="${name}"]`);
      if (hint) {
        hint.id = `${control.id}-hint`;
        row.hints[name] = { element: hint, text: hint.innerHTML };
      }
      const slot = document.createElement('p');
      slot.className = 'field-error';
      slot.id = `${control.id}-error`;
      slot.hidden = true;
      control.closest('.field').append(slot);
      const described = [hint ? hint.id : control.dataset.hint, slot.id];
      control.setAttribute('aria-describedby', described.filter(Boolean).join(' '));
      row.errors.set(name, slot);
    }
    for (const label of li.querySelectorAll('label[data-for]')) label.htmlFor = `${prefix}-${label.dataset.for}`;
    row.legend = li.querySelector('legend');
    row.remove = li.querySelector('[data-action="remove"]');
    row.remove.addEventListener('click', () => this.#remove(row));
    const { controls } = row;
    controls.kind.addEventListener('change', () => this.#showKind(row));
    for (const name of ['urls', 'username']) controls[name].addEventListener('input', () => this.#showKept(row));
    if (server) {
      controls.urls.value = (server.urls || []).join('\n');
      controls.kind.value = serverKind(server);
      controls.username.value = server.username || '';
      controls.credentialTtlS.value = String(server.credentialTtlS || DEFAULT_TTL_S);
    }
    this.#rows.push(row);
    this.#ui.list.append(li);
    this.#showKind(row);
    return row;
  }

  #remove(row) {
    const index = this.#rows.indexOf(row);
    this.#rows.splice(index, 1);
    row.li.remove();
    this.#update();
    // The focus goes to the row that took its place, or the one before, or to "Add a server".
    const next = this.#rows[index] || this.#rows[index - 1];
    (next ? next.remove : this.#ui.add).focus();
  }

  /** Numbers the rows and names their Remove buttons; no adding past the gateway's limit. */
  #update() {
    this.#rows.forEach((row, index) => {
      row.legend.textContent = `Server ${index + 1}`;
      row.remove.setAttribute('aria-label', `Remove server ${index + 1}`);
    });
    this.#ui.empty.hidden = this.#rows.length > 0;
    this.#ui.add.disabled = this.#rows.length >= MAX_SERVERS;
    this.#ui.add.title = this.#ui.add.disabled ? `At most ${MAX_SERVERS} servers.` : '';
  }

  #showKind(row) {
    const kind = row.controls.kind.value;
    for (const group of row.li.querySelectorAll('[data-kind]')) group.hidden = group.dataset.kind !== kind;
    row.controls.urls.placeholder = kind === 'stun' ? 'stun:stun.example.org:3478' : 'turn:turn.example.org:3478';
    this.#showKept(row);
  }

  /** A password the gateway keeps when left empty: same URLs (and, for a credential, username). */
  #showKept(row) {
    const { original, controls } = row;
    const sameUrls = Boolean(original) && sameList(splitUrls(controls.urls.value), original.urls || []);
    const kept = {
      credential: sameUrls && original.hasCredential && controls.username.value.trim() === (original.username || ''),
      secret: sameUrls && original.hasSecret,
    };
    for (const name of ['credential', 'secret']) {
      const hint = row.hints[name];
      if (kept[name]) hint.element.textContent = KEEP_HINT;
      else if (hint.element.textContent === KEEP_HINT) hint.element.innerHTML = hint.text;
      controls[name].placeholder = kept[name] ? 'leave empty to keep' : '';
    }
  }
}
