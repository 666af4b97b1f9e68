'use strict';
// Scope snapshots: each source line, then a caret line per token under it with its scopes.
// `UPDATE_SNAPSHOTS=1 npm test` rewrites them; otherwise a difference fails the test, and the
// diff of the .snap file is what a reviewer reads.

const fs = require('node:fs');
const path = require('node:path');

const SNAPSHOT_DIR = path.resolve(__dirname, '../snapshots');
const UPDATING = ['1', 'true', 'yes'].includes(process.env.UPDATE_SNAPSHOTS ?? '');

/** Renders tokenized lines; whitespace-only tokens and the root scope are left out. */
function render(source, lines) {
  const out = [
    `# ${source}`,
    '# Scopes of each token; regenerate with UPDATE_SNAPSHOTS=1 npm test.',
  ];
  for (const { line, tokens } of lines) {
    out.push(`>${line}`);
    for (const t of tokens) {
      if (t.text.trim() === '') continue;
      out.push(` ${' '.repeat(t.start)}${'^'.repeat(t.end - t.start)} ${t.scopes.join(' ')}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/**
 * Compares `actual` with the snapshot `name` (a path under test/snapshots), or writes it when
 * updating. Throws an Error with a readable message on a mismatch.
 */
function matchSnapshot(name, actual) {
  const file = path.join(SNAPSHOT_DIR, name);
  if (UPDATING) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  if (!fs.existsSync(file)) {
    throw new Error(
      `no scope snapshot ${path.relative(process.cwd(), file)}; create it with ` +
        '`UPDATE_SNAPSHOTS=1 npm test` in editors/vscode and review it',
    );
  }
  const expected = fs.readFileSync(file, 'utf8');
  if (expected !== actual) {
    const e = expected.split('\n');
    const a = actual.split('\n');
    const at = e.findIndex((line, i) => line !== a[i]);
    throw new Error(
      `scopes differ from ${path.relative(process.cwd(), file)} at its line ${at + 1}:\n` +
        `  expected: ${e[at]}\n  actual:   ${a[at]}\n` +
        'If the change is intended, run `UPDATE_SNAPSHOTS=1 npm test` in editors/vscode.',
    );
  }
}

/** Snapshot files under `dir` (relative to test/snapshots) that `expected` does not list. */
function orphanSnapshots(dir, expected) {
  const root = path.join(SNAPSHOT_DIR, dir);
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true })
    .map((f) => path.join(dir, f).split(path.sep).join('/'))
    .filter((f) => f.endsWith('.snap') && !expected.has(f));
}

/** Deletes a snapshot, and the folders it leaves empty. */
function removeSnapshot(name) {
  let file = path.join(SNAPSHOT_DIR, name);
  fs.rmSync(file);
  while ((file = path.dirname(file)) !== SNAPSHOT_DIR && fs.readdirSync(file).length === 0) {
    fs.rmdirSync(file);
  }
}

module.exports = { render, matchSnapshot, orphanSnapshots, removeSnapshot, UPDATING, SNAPSHOT_DIR };
