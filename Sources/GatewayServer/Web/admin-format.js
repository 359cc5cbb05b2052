// Small formatting and DOM helpers shared by the admin console's sections.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

/** "1:05", "1:02:05" for a number of seconds. */
export function duration(seconds) {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A `<time>` element for an ISO 8601 date, shown in the browser's locale; "—" when absent. */
export function timeElement(iso) {
  if (!iso) return text('—');
  const element = document.createElement('time');
  element.dateTime = iso;
  const date = new Date(iso);
  element.textContent = Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
  return element;
}

/** The locale's words for an ISO 8601 date ("" when absent). */
export function dateText(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** "normal_clearing" → "normal clearing". */
export function words(code) {
  return code ? String(code).replaceAll('_', ' ') : '';
}

export function text(value) {
  return document.createTextNode(value === null || value === undefined || value === '' ? '—' : String(value));
}

/**
 * A table cell holding `content` (text, a Node or a list of them). `label` is the column's
 * name, shown before the value when the table is laid out as cards on a narrow screen.
 */
export function cell(label, content, { header = false } = {}) {
  const td = document.createElement(header ? 'th' : 'td');
  if (header) td.scope = 'row';
  td.dataset.label = label;
  setContent(td, content);
  return td;
}

export function setContent(element, content) {
  const nodes = (Array.isArray(content) ? content : [content]).map((part) => (part instanceof Node ? part : text(part)));
  element.replaceChildren(...nodes);
}

/** A `<tr>` with one cell that spans the table: "no calls" and the like. */
export function emptyRow(columns, message) {
  const tr = document.createElement('tr');
  tr.className = 'empty';
  const td = document.createElement('td');
  td.colSpan = columns;
  td.textContent = message;
  tr.append(td);
  return tr;
}

/** A small badge for a state, coloured by `tone` (ok, warn, bad, idle). */
export function badge(label, tone) {
  const span = document.createElement('span');
  span.className = `badge ${tone || ''}`.trim();
  span.textContent = label;
  return span;
}

export function button(label, { className = '', ariaLabel = null, onClick } = {}) {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = label;
  if (className) element.className = className;
  if (ariaLabel) element.setAttribute('aria-label', ariaLabel);
  if (onClick) element.addEventListener('click', onClick);
  return element;
}

/**
 * Runs `refresh` now and every `ms` until the returned function is called; rounds that fall
 * while the browser tab is hidden are skipped, so a console left in the background stays quiet.
 */
export function every(ms, refresh) {
  let timer = null;
  let stopped = false;
  const run = async () => {
    try {
      if (!document.hidden) await refresh();
    } catch {
      // Each section shows its own failures; the next round tries again.
    } finally {
      if (!stopped) timer = setTimeout(run, ms);
    }
  };
  run();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
