// A line diff of two texts by longest common subsequence, and its hunks with a few lines of
// context around each change (the shape of a unified diff: "@@ -12,4 +12,5 @@").

/** Past this many table cells the middle is shown as removed then added, not matched line by line. */
const MAX_CELLS = 4_000_000;

function splitLines(text) {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();      // a final newline ends the last line
  return lines;
}

/**
 * The edit script from `before` to `after`: a list of {op, text, old, new} where `op` is
 * ' ' (kept), '-' (removed) or '+' (added) and `old`/`new` are 1-based line numbers
 * (null on the side the line is not in).
 */
export function lineDiff(before, after) {
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const ops = [];
  for (let i = 0; i < start; i += 1) ops.push({ op: ' ', text: a[i], old: i + 1, new: i + 1 });
  ops.push(...middle(a, b, start, endA, endB));
  for (let i = endA, j = endB; i < a.length; i += 1, j += 1) ops.push({ op: ' ', text: a[i], old: i + 1, new: j + 1 });
  return ops;
}

/** The changed middle a[start..<endA] → b[start..<endB] by LCS lengths, read back from the top. */
function middle(a, b, start, endA, endB) {
  const n = endA - start;
  const m = endB - start;
  const ops = [];
  if (n * m > MAX_CELLS) {
    for (let i = 0; i < n; i += 1) ops.push({ op: '-', text: a[start + i], old: start + i + 1, new: null });
    for (let j = 0; j < m; j += 1) ops.push({ op: '+', text: b[start + j], old: null, new: start + j + 1 });
    return ops;
  }
  // lcs[i][j]: the longest common subsequence of a's lines from i and b's from j.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[i * width + j] = a[start + i] === b[start + j]
        ? lcs[(i + 1) * width + j + 1] + 1
        : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i] === b[start + j]) {
      ops.push({ op: ' ', text: a[start + i], old: start + i + 1, new: start + j + 1 });
      i += 1;
      j += 1;
    } else if (i < n && (j === m || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])) {
      ops.push({ op: '-', text: a[start + i], old: start + i + 1, new: null });   // removals first, as diff(1) shows them
      i += 1;
    } else {
      ops.push({ op: '+', text: b[start + j], old: null, new: start + j + 1 });
      j += 1;
    }
  }
  return ops;
}

/**
 * The changes of `ops` grouped into hunks with `context` kept lines around them:
 * [{header: "@@ -3,4 +3,5 @@", lines: [ops...]}]; empty when nothing changed.
 */
export function hunks(ops, context = 3) {
  const changed = ops.map((entry, index) => (entry.op === ' ' ? -1 : index)).filter((index) => index >= 0);
  if (!changed.length) return [];
  const groups = [];
  let from = Math.max(0, changed[0] - context);
  let to = Math.min(ops.length - 1, changed[0] + context);
  for (const index of changed.slice(1)) {
    if (index - context <= to + 1) {
      to = Math.min(ops.length - 1, index + context);
    } else {
      groups.push([from, to]);
      from = Math.max(0, index - context);
      to = Math.min(ops.length - 1, index + context);
    }
  }
  groups.push([from, to]);
  return groups.map(([first, last]) => {
    const lines = ops.slice(first, last + 1);
    const oldCount = lines.filter((entry) => entry.op !== '+').length;
    const newCount = lines.filter((entry) => entry.op !== '-').length;
    const oldStart = lines.find((entry) => entry.old !== null)?.old ?? precedingLine(ops, first, 'old');
    const newStart = lines.find((entry) => entry.new !== null)?.new ?? precedingLine(ops, first, 'new');
    return { header: `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, lines };
  });
}

/** For a hunk with no line on one side: the number of the line before it on that side (0 at the top). */
function precedingLine(ops, index, side) {
  for (let i = index - 1; i >= 0; i -= 1) if (ops[i][side] !== null) return ops[i][side];
  return 0;
}
