'use strict';
// Every snippet, expanded with each of its choices, is highlighted like a valid file: the
// snippets cannot spell a word the .g4 lacks or produce text the grammar marks invalid.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { tokenize, ROOT } = require('./helpers/textmate');
const { validityProblems } = require('./helpers/validity');

const SNIPPETS_PATH = path.join(ROOT, 'snippets/nn.code-snippets');
// Where each snippet's text goes in a file; `SNIPPET` marks the spot.
const CONTEXTS = {
  file: 'SNIPPET',
  member: 'model M {\n  input x: [4]\nSNIPPET\n}',
  layer:
    'model M {\n  input a: [4]\n  input b: [4]\n  layers {\n    hidden = dense(4)\nSNIPPET\n  }\n}',
  setting: 'model M {\n  train {\nSNIPPET\n  }\n}',
};
const SNIPPET_CONTEXTS = {
  model: 'file',
  input: 'member',
  output: 'member',
  layers: 'member',
  optimizer: 'member',
  train: 'member',
  data: 'member',
  dense: 'layer',
  named: 'layer',
  from: 'layer',
  dropout: 'layer',
  flatten: 'layer',
  activation: 'layer',
  add: 'layer',
  concat: 'layer',
  early_stopping: 'setting',
};

function readSnippets() {
  // The generated file starts with a `//` line; VS Code and IntelliJ read it as JSON with comments.
  const text = fs.readFileSync(SNIPPETS_PATH, 'utf8').replace(/^\/\/.*\n/gm, '');
  return JSON.parse(text);
}

/** The texts a snippet body can expand to: defaults, then each choice of each choice list. */
function expansions(body) {
  const text = Array.isArray(body) ? body.join('\n') : body;
  const choiceLists = [...text.matchAll(/\$\{(\d+)\|([^|]*)\|\}/g)];
  const expand = (chosen) =>
    text
      .replace(/\$\{(\d+)\|([^|]*)\|\}/g, (m, n, list) => chosen.get(m) ?? list.split(',')[0])
      .replace(/\$\{\d+:([^}]*)\}/g, '$1')
      .replace(/\$\d+/g, '');
  const results = [expand(new Map())];
  for (const list of choiceLists) {
    for (const choice of list[2].split(',')) results.push(expand(new Map([[list[0], choice]])));
  }
  return [...new Set(results)];
}

const snippets = readSnippets();

test('every snippet has a prefix, a description and a body', () => {
  for (const [name, s] of Object.entries(snippets)) {
    assert.equal(typeof s.prefix, 'string', name);
    assert.equal(typeof s.description, 'string', name);
    assert.ok(Array.isArray(s.body) && s.body.length > 0, name);
  }
});

test('there are snippets for a model skeleton and the common layers', () => {
  const prefixes = new Set(Object.values(snippets).map((s) => s.prefix));
  for (const p of [
    'model',
    'dense',
    'dropout',
    'flatten',
    'activation',
    'add',
    'concat',
    'train',
    'data',
  ]) {
    assert.ok(prefixes.has(p), `no \`${p}\` snippet`);
  }
});

for (const [name, s] of Object.entries(snippets)) {
  test(`snippet "${name}" expands to valid, fully highlighted text`, async () => {
    const context = SNIPPET_CONTEXTS[s.prefix];
    assert.ok(context, `say in test/snippets.test.js where the \`${s.prefix}\` snippet goes`);
    for (const text of expansions(s.body)) {
      const indented = text.replace(/\t/g, '    ');
      const document = CONTEXTS[context].replace('SNIPPET', indented);
      assert.deepEqual(validityProblems(await tokenize(document)), [], `in:\n${document}`);
    }
  });
}
