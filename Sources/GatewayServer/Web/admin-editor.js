// The dialplan text area with line numbers in a gutter beside it (the text does not wrap,
// so line N of the gutter is line N of the text), the caret's line and column under it,
// and a way to put the caret on a line and column a finding names.

/**
 * The UTF-16 offset of 1-based `line` and `column` in `text`, counting columns in Unicode
 * scalars as the gateway's findings do; past the end of a line it stops at the line's end.
 */
export function offsetOf(text, line, column) {
  let offset = 0;
  for (let current = 1; current < line; current += 1) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset);
  let scalars = 1;
  while (scalars < column && offset < lineEnd) {
    const code = text.codePointAt(offset);
    offset += code > 0xffff ? 2 : 1;
    scalars += 1;
  }
  return offset;
}

/** The 1-based line and column (in Unicode scalars) of UTF-16 `offset` in `text`. */
export function positionOf(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line, column: [...before.slice(lineStart)].length + 1 };
}

export class CodeEditor {
  #textarea;
  #gutter;
  #caret;
  #lines = 0;

  /** `onInput()` runs after every edit. */
  constructor({ textarea, gutter, caret }, { onInput }) {
    this.#textarea = textarea;
    this.#gutter = gutter;
    this.#caret = caret;
    textarea.addEventListener('input', () => {
      this.#numberLines();
      this.#showCaret();
      onInput();
    });
    textarea.addEventListener('scroll', () => { gutter.scrollTop = textarea.scrollTop; });
    for (const name of ['keyup', 'click', 'select', 'focus']) textarea.addEventListener(name, () => this.#showCaret());
    // Tab is left to the browser: it moves on to the next control, so the editor never traps the keyboard.
  }

  get value() {
    return this.#textarea.value;
  }

  set value(text) {
    this.#textarea.value = text;
    this.#textarea.scrollTop = 0;
    this.#numberLines();
    this.#showCaret();
  }

  set disabled(on) {
    this.#textarea.disabled = on;
  }

  /** Puts the caret on `line`:`column`, scrolls it into view and focuses the editor. */
  moveTo(line, column) {
    const textarea = this.#textarea;
    const offset = offsetOf(textarea.value, Math.max(1, line), Math.max(1, column));
    textarea.focus();
    textarea.setSelectionRange(offset, offset);
    const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
    textarea.scrollTop = Math.max(0, (line - 1) * lineHeight - textarea.clientHeight / 3);
    this.#gutter.scrollTop = textarea.scrollTop;
    this.#showCaret();
  }

  #numberLines() {
    const count = this.#textarea.value.split('\n').length;
    if (count === this.#lines) return;
    this.#lines = count;
    this.#gutter.textContent = Array.from({ length: count }, (_, index) => index + 1).join('\n') + '\n';
    this.#gutter.scrollTop = this.#textarea.scrollTop;
  }

  #showCaret() {
    const { line, column } = positionOf(this.#textarea.value, this.#textarea.selectionStart);
    const text = `Line ${line}, column ${column}`;
    if (this.#caret.textContent !== text) this.#caret.textContent = text;
  }
}
