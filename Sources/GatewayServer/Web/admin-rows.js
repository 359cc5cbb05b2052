// Table rows that stay in place between refreshes (live calls, call links): one row per item,
// found again by its key, filled again with the item's new values, moved only when the order
// changed, so that a focused button keeps the focus while the table refreshes underneath it.
import { emptyRow } from './admin-format.js';

export class KeyedRows {
  /** key → the row made for it ({tr, ...} as `make` returns it). */
  rows = new Map();
  #tbody;
  #options;

  /**
   * `key(item)` names an item; `make(item)` returns a new row {tr, ...}; `fill(row, item)`
   * shows the item's values in it; `gone(key)` (optional) hears of a row removed; `columns`
   * and `empty` make the row said with no items; `home` gets the focus when the focused
   * row went away.
   */
  constructor(tbody, { key, make, fill, gone = () => {}, columns, empty, home }) {
    this.#tbody = tbody;
    this.#options = { key, make, fill, gone, columns, empty, home };
  }

  /** Shows `items` in their order. */
  show(items) {
    const { key, make, fill, gone, columns, empty, home } = this.#options;
    const tbody = this.#tbody;
    const seen = new Set(items.map(key));
    let focusLost = false;
    for (const [id, row] of this.rows) {
      if (seen.has(id)) continue;
      if (row.tr.contains(document.activeElement)) focusLost = true;
      row.tr.remove();
      this.rows.delete(id);
      gone(id);
    }
    tbody.querySelector('tr.empty')?.remove();
    const wanted = items.map((item) => {
      let row = this.rows.get(key(item));
      if (!row) {
        row = make(item);
        this.rows.set(key(item), row);
      }
      fill(row, item);
      return row.tr;
    });
    // Rows are moved only when the order changed: moving a row takes the focus off its button.
    const shown = [...tbody.children];
    if (wanted.length !== shown.length || wanted.some((tr, index) => tr !== shown[index])) tbody.append(...wanted);
    if (!items.length) tbody.append(emptyRow(columns, empty));
    if (focusLost) home.focus();
  }

  clear() {
    this.rows.clear();
    this.#tbody.replaceChildren();
  }
}
