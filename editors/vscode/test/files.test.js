'use strict';
// Tokenizes every .nn file this repository has: the fixtures here, and whatever lands in the
// repository's models/ and examples/ folders. Each gets a scope snapshot; valid files must
// also leave no word unhighlighted, no token invalid, and every block closed.
//
// A file counts as deliberately invalid (snapshot only) when it sits under a folder named
// `invalid` or `errors`, or carries an expected-error comment (`// error...`), jlox style.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { tokenize, ROOT } = require('./helpers/textmate');
const { validityProblems } = require('./helpers/validity');
const snapshot = require('./helpers/snapshot');

const REPO = path.resolve(ROOT, '../..');
// Where .nn files live, and the folder under test/snapshots their snapshots go to.
const SOURCES = [
  { dir: path.join(ROOT, 'test/fixtures'), snapshots: 'fixtures' },
  { dir: path.join(REPO, 'models'), snapshots: 'models' },
  { dir: path.join(REPO, 'examples'), snapshots: 'examples' },
];
function nnFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.nn'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

function isDeliberatelyInvalid(relative, text) {
  return (
    relative.split('/').some((part) => part === 'invalid' || part === 'errors') ||
    /\/\/\s*(expect(ed)?\s+)?error(\[|:|\s+at\b)/i.test(text)
  );
}

const expectedSnapshots = new Map(SOURCES.map((s) => [s.snapshots, new Set()]));

for (const source of SOURCES) {
  for (const relative of nnFiles(source.dir)) {
    const file = path.join(source.dir, relative);
    const snapshotName = `${source.snapshots}/${relative}.snap`;
    expectedSnapshots.get(source.snapshots).add(snapshotName);
    test(`${path.relative(REPO, file)}`, async (t) => {
      const text = fs.readFileSync(file, 'utf8');
      const document = await tokenize(text);
      const invalid = isDeliberatelyInvalid(relative, text);

      await t.test('matches its scope snapshot', () => {
        snapshot.matchSnapshot(
          snapshotName,
          snapshot.render(path.relative(REPO, file), document.lines),
        );
      });
      if (!invalid) {
        await t.test('highlights every word, nothing invalid, every block closed', () => {
          assert.deepEqual(validityProblems(document), []);
        });
      }
    });
  }
}

test('every scope snapshot belongs to a .nn file that still exists', () => {
  const orphans = SOURCES.flatMap((s) =>
    snapshot.orphanSnapshots(s.snapshots, expectedSnapshots.get(s.snapshots)),
  );
  if (snapshot.UPDATING) {
    orphans.forEach(snapshot.removeSnapshot);
    return;
  }
  assert.deepEqual(orphans, [], 'remove them, or run `UPDATE_SNAPSHOTS=1 npm test` to do so');
});

test('the fixtures include valid and invalid files', () => {
  const fixtures = nnFiles(SOURCES[0].dir);
  assert.ok(fixtures.some((f) => f.startsWith('valid/')));
  assert.ok(fixtures.some((f) => f.startsWith('invalid/')));
});

test('the validity check finds the mistakes of the invalid fixture', async () => {
  const file = path.join(SOURCES[0].dir, 'invalid/errors.nn');
  const problems = validityProblems(await tokenize(fs.readFileSync(file, 'utf8')));
  for (const expected of [
    '`;` is invalid.illegal.character.nn',
    '`1e` is invalid.illegal.numeric.nn',
    '`\\q` is invalid.illegal.escape.nn',
    '`msgrad` has no scope',
  ]) {
    assert.ok(
      problems.some((p) => p.includes(expected)),
      `expected a problem with ${expected} in:\n${problems.join('\n')}`,
    );
  }
});
