// What the gateway said about a dialplan version (validate, save, rollback, trace): each
// finding as "file:line:column path: problem — fix", a button that takes the caret there,
// and each failed test, also a button when its text starts with file:line.

/** The last part of a path: findings name files as the gateway read them (`dir/web.yaml`). */
export function baseName(path) {
  const parts = String(path || '').split('/');
  return parts[parts.length - 1];
}

/** "web.yaml:3:5 contexts.web.rules[0]: unknown key 'mach' — did you mean 'match'?" */
export function findingText(finding) {
  let place = baseName(finding.file);
  if (finding.line > 0) place += `:${finding.line}:${finding.column}`;
  let text = place ? `${place} ` : '';
  if (finding.path) text += `${finding.path}: `;
  text += finding.problem;
  if (finding.fix) text += ` — ${finding.fix}`;
  return text;
}

/** file, line and column at the start of a failed test's line ("dir/web.yaml:12:5: test ..."). */
function testPlace(failure) {
  const match = /^(.+?):(\d+)(?::(\d+))?:/.exec(failure);
  return match ? { file: match[1], line: Number(match[2]), column: Number(match[3] || 1) } : null;
}

export class FindingsView {
  #ui;
  #go;

  /** `ui`: {summary, findings, failures}; `go(file, line, column)` moves the caret there. */
  constructor(ui, go) {
    this.#ui = ui;
    this.#go = go;
  }

  clear(message) {
    this.#ui.findings.replaceChildren();
    this.#ui.failures.replaceChildren();
    this.#ui.summary.textContent = message;
  }

  /** Shows `outcome` ({findings, testFailures, testsRun}) under `summary`. */
  show(outcome, summary) {
    const findings = (outcome && outcome.findings) || [];
    const failures = (outcome && outcome.testFailures) || [];
    this.#ui.findings.replaceChildren(...findings.map((finding) => this.#item(findingText(finding),
      finding.line > 0 ? { file: finding.file, line: finding.line, column: finding.column } : null)));
    this.#ui.failures.replaceChildren(...failures.map((failure) => {
      const place = testPlace(failure);
      const shown = place ? failure.replace(place.file, baseName(place.file)) : failure;
      return this.#item(`Test failed: ${shown}`, place);
    }));
    this.#ui.summary.textContent = summary;
  }

  #item(text, place) {
    const li = document.createElement('li');
    if (!place) {
      li.textContent = text;
      return li;
    }
    const go = document.createElement('button');
    go.type = 'button';
    go.className = 'finding';
    go.textContent = text;
    go.title = 'Show this place in the editor';
    go.addEventListener('click', () => this.#go(place.file, place.line, place.column));
    li.append(go);
    return li;
  }
}

/** "2 findings and 1 failed test" / "no findings". */
export function countText(outcome) {
  const findings = ((outcome && outcome.findings) || []).length;
  const failures = ((outcome && outcome.testFailures) || []).length;
  const parts = [];
  if (findings) parts.push(`${findings} finding${findings === 1 ? '' : 's'}`);
  if (failures) parts.push(`${failures} failed test${failures === 1 ? '' : 's'}`);
  return parts.length ? parts.join(' and ') : 'no findings';
}
