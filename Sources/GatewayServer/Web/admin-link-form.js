// The form that makes a call link (POST /api/call-links): label, destination (a number with an
// optional dialplan context, a group of agents, or a menu), the title callers see, the dial
// pad, dates (datetime-local in the operator's time, sent as ISO 8601 UTC), opening hours
// (days, from, to, time zone: the browser's by default) and one-time use. A field the
// gateway refuses (400 {error, field}) gets the gateway's sentence next to it.

/** The draft field a refusal names → the control that shows it (the longest prefix wins). */
const FIELD_CONTROLS = {
  label: 'link-label',
  displayName: 'link-display-name',
  destination: 'link-kind',
  'destination.kind': 'link-kind',
  'destination.number': 'link-number',
  'destination.context': 'link-context',
  'destination.group': 'link-group',
  'destination.menu': 'link-menu',
  dialPad: 'link-dial-pad',
  validFrom: 'link-valid-from',
  validUntil: 'link-valid-until',
  neverExpires: 'link-never-expires',
  hours: 'link-days',
  'hours.days': 'link-days',
  'hours.from': 'link-hours-from',
  'hours.to': 'link-hours-to',
  'hours.timeZone': 'link-time-zone',
  oneTime: 'link-one-time',
};

/** A refusal found on this side, before anything is sent. */
class DraftError extends Error {
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

/** "2026-11-22T10:00" (a datetime-local value, the operator's own time) → "2026-11-22T09:00:00Z". */
export function isoUtc(localValue) {
  const date = new Date(localValue);
  if (!localValue || Number.isNaN(date.getTime())) return null;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The browser's time zone (IANA name), or UTC when it does not say. */
export function browserTimeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export class LinkForm {
  #ui;
  #errors = new Map();   // control id → its error paragraph

  /** `submit(draft)` sends the draft; it resolves with null or a refusal {error, field}. */
  constructor(submit) {
    const $ = (id) => document.getElementById(id);
    this.#ui = {
      form: $('link-form'), message: $('link-form-message'), kind: $('link-kind'), create: $('link-create'),
      label: $('link-label'), displayName: $('link-display-name'), number: $('link-number'), context: $('link-context'),
      group: $('link-group'), menu: $('link-menu'), dialPad: $('link-dial-pad'), validFrom: $('link-valid-from'),
      validUntil: $('link-valid-until'), neverExpires: $('link-never-expires'), hoursOn: $('link-hours-on'),
      hours: $('link-hours'), days: $('link-days'), hoursFrom: $('link-hours-from'), hoursTo: $('link-hours-to'),
      timeZone: $('link-time-zone'), zones: $('time-zones'), oneTime: $('link-one-time'),
    };
    const ui = this.#ui;
    for (const id of new Set(Object.values(FIELD_CONTROLS))) this.#addErrorSlot($(id));
    ui.kind.addEventListener('change', () => this.#showKind());
    ui.neverExpires.addEventListener('change', () => this.#showExpiry());
    ui.hoursOn.addEventListener('change', () => { ui.hours.hidden = !ui.hoursOn.checked; });
    ui.form.addEventListener('submit', async (event) => {
      event.preventDefault();
      this.clearErrors();
      let draft;
      try {
        draft = this.draft();
      } catch (error) {
        if (!(error instanceof DraftError)) throw error;
        this.showRefusal({ field: error.field, error: error.message });
        return;
      }
      ui.create.disabled = true;
      try {
        const refusal = await submit(draft);
        if (refusal) this.showRefusal(refusal); else this.reset();
      } finally {
        ui.create.disabled = false;
      }
    });
    this.reset();
  }

  /** Empty again, with the defaults: a number, a dial pad, Mon–Fri 09:00–17:00 here. */
  reset() {
    const ui = this.#ui;
    ui.form.reset();
    ui.timeZone.value = browserTimeZone();
    if (!ui.zones.childElementCount && typeof Intl.supportedValuesOf === 'function') {
      ui.zones.replaceChildren(...Intl.supportedValuesOf('timeZone').map((zone) => new Option(zone)));
    }
    ui.hours.hidden = true;
    this.#showKind();
    this.#showExpiry();
    this.clearErrors();
  }

  /** The Draft of the contract (docs: the admin API's POST /api/call-links) from the form. */
  draft() {
    const ui = this.#ui;
    const text = (input) => input.value.trim();
    const draft = { label: text(ui.label), dialPad: ui.dialPad.checked, oneTime: ui.oneTime.checked };
    if (text(ui.displayName)) draft.displayName = text(ui.displayName);
    const kind = ui.kind.value;
    if (kind === 'agents') draft.destination = { kind, group: text(ui.group) };
    else if (kind === 'menu') draft.destination = { kind, menu: text(ui.menu) };
    else {
      draft.destination = { kind: 'number', number: text(ui.number) };
      if (text(ui.context)) draft.destination.context = text(ui.context);
    }
    if (ui.validFrom.value) draft.validFrom = this.#date(ui.validFrom, 'validFrom');
    if (ui.neverExpires.checked) draft.neverExpires = true;
    else if (ui.validUntil.value) draft.validUntil = this.#date(ui.validUntil, 'validUntil');
    if (ui.hoursOn.checked) {
      draft.hours = {
        days: [...ui.days.querySelectorAll('input[name="day"]:checked')].map((box) => box.value),
        from: ui.hoursFrom.value, to: ui.hoursTo.value, timeZone: text(ui.timeZone),
      };
    }
    return draft;
  }

  #date(input, field) {
    const iso = isoUtc(input.value);
    if (!iso) throw new DraftError(field, 'Enter a whole date and time.');
    return iso;
  }

  /** Shows a refusal {error, field}: next to its field (focused), and in the form's message. */
  showRefusal({ error, field }) {
    const words = error || 'The gateway refused the link.';
    this.#ui.message.textContent = `The link was not made: ${words}`;
    this.#ui.message.classList.add('problem');
    const control = this.#control(field);
    if (!control) return;
    const slot = this.#errors.get(control.id);
    slot.textContent = words;
    slot.hidden = false;
    control.setAttribute('aria-invalid', 'true');
    // A refused field hidden behind an unchecked box or another destination kind shows first.
    if (control.closest('#link-hours')) { this.#ui.hoursOn.checked = true; this.#ui.hours.hidden = false; }
    (control.matches('fieldset') ? control.querySelector('input') : control).focus();
  }

  clearErrors() {
    this.#ui.message.textContent = '';
    this.#ui.message.classList.remove('problem');
    for (const [id, slot] of this.#errors) {
      slot.hidden = true;
      slot.textContent = '';
      document.getElementById(id).removeAttribute('aria-invalid');
    }
  }

  /** The control for a draft field: "hours.days[2]" → the days, "destination.x" → the kind. */
  #control(field) {
    let name = String(field || '').replace(/\[\d+\]/g, '');
    while (name && !FIELD_CONTROLS[name]) name = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '';
    return name ? document.getElementById(FIELD_CONTROLS[name]) : null;
  }

  /** An error paragraph after the control, read with it (aria-describedby). */
  #addErrorSlot(control) {
    const slot = document.createElement('p');
    slot.className = 'field-error';
    slot.id = `${control.id}-error`;
    slot.hidden = true;
    const field = control.closest('.field');
    if (control.matches('fieldset')) control.append(slot);
    else if (field) field.append(slot);
    else (control.closest('label.check') || control).after(slot);
    control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), slot.id].filter(Boolean).join(' '));
    this.#errors.set(control.id, slot);
  }

  #showKind() {
    const kind = this.#ui.kind.value;
    for (const field of this.#ui.form.querySelectorAll('[data-kind]')) field.hidden = field.dataset.kind !== kind;
  }

  #showExpiry() {
    const never = this.#ui.neverExpires.checked;
    this.#ui.validUntil.disabled = never;
    if (never) this.#ui.validUntil.value = '';
  }
}
