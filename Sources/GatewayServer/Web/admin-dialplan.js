// Dialplan (docs/dialplans.md, "Changing the dialplan while calls are up"): the running
// files in an editor, one file at a time; Validate, Diff against the running version,
// Trace a call through the edited files, Save (checked first: a refused version changes
// nothing) and roll back to a stored revision. Edits of every file are kept until saved
// or discarded, and every request sends all of them, as the gateway wants the whole set.
import { ApiError, errorWords } from './admin-api.js';
import { CodeEditor } from './admin-editor.js';
import { lineDiff, hunks } from './admin-diff.js';
import { FindingsView, baseName, countText } from './admin-findings.js';
import { RevisionList } from './admin-revisions.js';
import { dateText } from './admin-format.js';

export class DialplanEditor {
  #context;
  #ui;
  #editor;
  #findings;
  #revisions;
  #running = null;              // GET /api/dialplans: {revision, loadedAt, files, contexts, …}
  #edited = new Map();          // file name → the editor's text
  #file = null;                 // the file in the editor

  constructor(context) {
    this.#context = context;
    const $ = (id) => document.getElementById(id);
    const ui = this.#ui = {
      running: $('dialplan-running'), file: $('dialplan-file'), validate: $('dialplan-validate'), diffButton: $('dialplan-diff'),
      discard: $('dialplan-discard'), diffSummary: $('diff-summary'), diff: $('diff'), traceForm: $('trace-form'),
      from: $('trace-from'), to: $('trace-to'), trace: $('trace-output'), saveForm: $('save-form'), note: $('save-note'),
      save: $('dialplan-save'),
    };
    this.#editor = new CodeEditor({ textarea: $('dialplan-text'), gutter: $('dialplan-gutter'), caret: $('dialplan-caret') },
                                  { onInput: () => this.#edit() });
    this.#findings = new FindingsView({ summary: $('findings-summary'), findings: $('findings'), failures: $('test-failures') },
                                      (file, line, column) => this.goTo(file, line, column));
    this.#revisions = new RevisionList(context, $('revisions-rows'), (id, control) => this.rollback(id, control));
    ui.file.addEventListener('change', () => this.#open(ui.file.value));
    ui.validate.addEventListener('click', () => this.validate());
    ui.diffButton.addEventListener('click', () => this.showDiff());
    ui.discard.addEventListener('click', () => this.#discard());
    ui.traceForm.addEventListener('submit', (event) => { event.preventDefault(); this.trace(); });
    ui.saveForm.addEventListener('submit', (event) => { event.preventDefault(); this.save(); });
  }

  show() {
    // Edits in progress are kept when coming back; the running version is read again otherwise.
    if (!this.#running || !this.#dirtyNames().length) this.load();
    else this.#revisions.refresh(this.#running.revision);
  }

  hide() {}

  reset() {
    this.#running = null;
    this.#edited.clear();
    this.#file = null;
    this.#ui.file.replaceChildren();
    this.#editor.value = '';
    this.#revisions.clear();
    this.#findings.clear('Validate to check the edited files and run their tests.');
    this.#ui.diff.hidden = true;
    this.#ui.trace.hidden = true;
  }

  /** Reads the running version into the editor (edits are dropped) and the revision list. */
  async load() {
    let running;
    try {
      running = await this.#context.api.get('/api/dialplans', 'Loading the dialplan');
    } catch (error) {
      this.#ui.running.textContent = error instanceof ApiError && error.status === 404
        ? 'No dialplan is loaded: calls are routed by the calls: section of the configuration.'
        : 'The dialplan could not be loaded.';
      if (!(error instanceof ApiError && error.status === 404)) this.#context.problem(error);
      this.#editor.disabled = true;
      return;
    }
    this.#running = running;
    this.#editor.disabled = running.files.length === 0;
    this.#edited = new Map(running.files.map((file) => [file.name, file.contents]));
    const keep = this.#edited.has(this.#file) ? this.#file : (running.files[0] && running.files[0].name);
    this.#fillPicker();
    this.#open(keep);
    this.#showRunning();
    await this.#revisions.refresh(running.revision);
  }

  #showRunning() {
    const running = this.#running;
    const count = (list, noun) => `${list.length} ${noun}${list.length === 1 ? '' : 's'}`;
    this.#ui.running.textContent = `Running ${running.revision ? `revision ${running.revision}` : 'version (not stored)'}, `
      + `loaded ${dateText(running.loadedAt)} · ${count(running.contexts || [], 'context')}, ${count(running.menus || [], 'menu')}`
      + this.#dirtyText();
  }

  #dirtyNames() {
    if (!this.#running) return [];
    return this.#running.files.filter((file) => this.#edited.get(file.name) !== file.contents).map((file) => file.name);
  }

  #dirtyText() {
    const dirty = this.#dirtyNames().length;
    return dirty ? ` · unsaved changes in ${dirty} file${dirty === 1 ? '' : 's'}.` : '.';
  }

  #fillPicker() {
    const dirty = new Set(this.#dirtyNames());
    this.#ui.file.replaceChildren(...[...this.#edited.keys()].map((name) => {
      const option = document.createElement('option');
      option.value = name;
      option.textContent = baseName(name) + (dirty.has(name) ? ' (edited)' : '');
      return option;
    }));
    if (this.#file) this.#ui.file.value = this.#file;
  }

  #open(name) {
    if (!name || !this.#edited.has(name)) return;
    this.#file = name;
    this.#ui.file.value = name;
    this.#editor.value = this.#edited.get(name);
  }

  #edit() {
    if (this.#file === null) return;
    const wasDirty = this.#dirtyNames().includes(this.#file);
    this.#edited.set(this.#file, this.#editor.value);
    if (wasDirty !== this.#dirtyNames().includes(this.#file)) this.#fillPicker();
    this.#showRunning();
  }

  #discard() {
    if (!this.#running) return;
    this.#edited = new Map(this.#running.files.map((file) => [file.name, file.contents]));
    this.#fillPicker();
    this.#open(this.#file);
    this.#showRunning();
    this.#context.status('Changes discarded: the editor shows the running version.');
  }

  #files() {
    return [...this.#edited].map(([name, contents]) => ({ name, contents }));
  }

  /** Opens the file a finding names (as sent, or by its last part) and puts the caret on line:column. */
  goTo(file, line, column) {
    const name = this.#edited.has(file) ? file : [...this.#edited.keys()].find((known) => baseName(known) === baseName(file));
    if (name && name !== this.#file) this.#open(name);
    this.#editor.moveTo(line, column);
  }

  async #busy(work) {
    const buttons = [this.#ui.validate, this.#ui.save, this.#ui.diffButton];
    for (const control of buttons) control.disabled = true;
    try {
      return await work();
    } finally {
      for (const control of buttons) control.disabled = false;
    }
  }

  async validate() {
    if (!this.#running) return;
    this.#context.clearProblem();
    this.#context.status('Validating…');
    await this.#busy(async () => {
      try {
        const { data } = await this.#context.api.request('POST', '/api/dialplans/validate',
                                                         { body: { files: this.#files() }, accept: [422], what: 'Validating' });
        const summary = data.accepted
          ? `Valid: no findings; ${data.testsRun} test${data.testsRun === 1 ? '' : 's'} passed.`
          : `Not valid: ${countText(data)}.`;
        this.#findings.show(data, summary);
        this.#context.status(summary);
      } catch (error) {
        this.#context.status('');
        this.#context.problem(error);
      }
    });
  }

  showDiff() {
    if (!this.#running) return;
    const lines = [];
    let changed = 0;
    for (const file of this.#running.files) {
      const after = this.#edited.get(file.name) ?? '';
      const parts = hunks(lineDiff(file.contents, after));
      if (!parts.length) continue;
      changed += 1;
      lines.push({ op: 'file', text: `--- ${baseName(file.name)} (running)\n+++ ${baseName(file.name)} (edited)` });
      for (const part of parts) {
        lines.push({ op: 'hunk', text: part.header });
        for (const entry of part.lines) lines.push({ op: entry.op, text: `${entry.op}${entry.text}` });
      }
    }
    const ui = this.#ui;
    ui.diff.replaceChildren(...lines.map((line) => {
      const span = document.createElement('span');
      span.className = { '+': 'added', '-': 'removed', hunk: 'hunk', file: 'file' }[line.op] || 'kept';
      span.textContent = `${line.text}\n`;
      return span;
    }));
    ui.diff.hidden = !changed;
    ui.diffSummary.textContent = changed
      ? `${changed} file${changed === 1 ? ' differs' : 's differ'} from the running version.`
      : 'No changes: the edited files equal the running version.';
    this.#context.status(ui.diffSummary.textContent);
  }

  async trace() {
    const from = this.#ui.from.value.trim();
    const to = this.#ui.to.value.trim();
    if (!from || !to) {
      this.#context.problem(new Error('To trace a call, enter where it comes from (a context or entry point) and the number it dials.'));
      (from ? this.#ui.to : this.#ui.from).focus();
      return;
    }
    this.#context.clearProblem();
    this.#context.status('Tracing…');
    const output = this.#ui.trace;
    try {
      const { status, data } = await this.#context.api.request('POST', '/api/dialplans/trace',
                                                               { body: { files: this.#files(), from, to }, accept: [422], what: 'Tracing' });
      if (status !== 422 && data && Array.isArray(data.lines)) {
        output.textContent = data.lines.join('\n');
        output.hidden = false;
        this.#context.status(`Trace of ${from} → ${to}: ${data.lines.length} line${data.lines.length === 1 ? '' : 's'}.`);
      } else {
        output.hidden = true;
        this.#findings.show(data, `The edited files do not load, so the call cannot be traced: ${countText(data)}.`);
        this.#context.status('The call could not be traced: fix the findings first.');
      }
    } catch (error) {
      output.hidden = true;
      this.#context.status('');
      const missing = error instanceof ApiError && error.status === 404 && !errorWords(error.body);
      this.#context.problem(missing ? new Error('This gateway cannot trace calls from the console (404); '
        + 'use gatewayd dialplan route --from FROM --to NUMBER on its host.') : error);
    }
  }

  async save() {
    if (!this.#running) return;
    const note = this.#ui.note.value.trim();
    this.#context.clearProblem();
    this.#context.status('Saving…');
    await this.#busy(async () => {
      try {
        const body = { files: this.#files() };
        if (note) body.note = note;
        const { data } = await this.#context.api.request('PUT', '/api/dialplans', { body, accept: [422], what: 'Saving' });
        if (!data.accepted) {
          const summary = `Not saved: ${countText(data)}. The running dialplan is unchanged.`;
          this.#findings.show(data, summary);
          this.#context.status(summary);
          return;
        }
        this.#ui.note.value = '';
        const summary = data.unchanged ? 'Saved: the files equal the running version; nothing changed.'
          : `Saved as revision ${data.revision ?? '(not stored)'}; new calls use it.`;
        this.#findings.show(data, `No findings; ${data.testsRun} test${data.testsRun === 1 ? '' : 's'} passed.`);
        await this.load();
        this.#context.status(summary);
      } catch (error) {
        this.#context.status('');
        this.#context.problem(error);
      }
    });
  }

  async rollback(id, control) {
    const dropped = this.#dirtyNames().length;
    control.disabled = true;
    this.#context.clearProblem();
    this.#context.status(`Rolling back to revision ${id}…`);
    try {
      const { data } = await this.#context.api.request('POST', `/api/dialplans/rollback/${encodeURIComponent(id)}`,
                                                       { accept: [422], what: `Rolling back to revision ${id}` });
      if (!data.accepted) {
        const summary = `Revision ${id} was not put back: ${countText(data)}. The running dialplan is unchanged.`;
        this.#findings.show(data, summary);
        this.#context.status(summary);
        control.disabled = false;
        return;
      }
      await this.load();
      document.getElementById('revisions-heading').focus();     // the row's button is gone
      this.#context.status(`Rolled back to revision ${id}: revision ${data.revision ?? '(not stored)'} is running now.`
        + (dropped ? ' The unsaved edits were replaced by it.' : ''));
    } catch (error) {
      control.disabled = false;
      this.#context.status('');
      this.#context.problem(error);
    }
  }
}
