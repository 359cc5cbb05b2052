// Dialplan revisions (GET /api/dialplans/revisions): every stored version, newest first,
// each with "Roll back" (POST /api/dialplans/rollback/{id}) but the one running.
import { badge, button, cell, emptyRow, timeElement } from './admin-format.js';

const SOURCE_TEXT = {
  startup: 'start-up', 'file-change': 'file changed', sighup: 'reload (SIGHUP)', api: 'saved here or by API', rollback: 'roll-back',
};

export class RevisionList {
  #context;
  #rows;
  #rollback;

  /** `rollback(id, control)` is run by a row's button. */
  constructor(context, rows, rollback) {
    this.#context = context;
    this.#rows = rows;
    this.#rollback = rollback;
  }

  clear() {
    this.#rows.replaceChildren();
  }

  /** Loads the list; `running` is the running revision's id (its row says so instead of offering a roll-back). */
  async refresh(running) {
    let revisions;
    try {
      revisions = await this.#context.api.get('/api/dialplans/revisions?limit=50', 'Loading dialplan revisions');
    } catch (error) {
      this.#rows.replaceChildren(emptyRow(5, 'The revisions could not be loaded.'));
      this.#context.problem(error);
      return;
    }
    revisions = Array.isArray(revisions) ? revisions : [];
    this.#rows.replaceChildren(...revisions.map((revision) => {
      const tr = document.createElement('tr');
      tr.dataset.revision = String(revision.id);
      const files = (revision.fileNames || []).map((name) => name.split('/').pop()).join(', ');
      const note = [revision.note, files ? `(${files})` : ''].filter(Boolean).join(' ');
      const action = revision.id === running
        ? badge('running', 'ok')
        : button('Roll back', {
          ariaLabel: `Roll back to revision ${revision.id}`,
          onClick: (event) => this.#rollback(revision.id, event.currentTarget),
        });
      tr.append(cell('Revision', String(revision.id), { header: true }), cell('Stored', timeElement(revision.createdAt)),
                cell('Source', SOURCE_TEXT[revision.source] || revision.source), cell('Note', note), cell('Actions', action));
      tr.lastChild.classList.add('actions-cell');
      return tr;
    }));
    if (!revisions.length) this.#rows.append(emptyRow(5, 'No revisions are stored yet.'));
  }
}
