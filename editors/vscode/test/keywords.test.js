'use strict';
// The vocabulary contract between NN.g4 and the highlighting, checked with the real engine:
//  - every literal word of the .g4 is highlighted with the scope of its category, in each place
//    that category's words stand;
//  - every word the grammar highlights as vocabulary is a word of the .g4, both in the generated
//    regexes and in what the engine does with words that merely look like vocabulary.
// The scopes below are the contract, stated here independently of the template on purpose.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { tokenize, GRAMMAR_PATH } = require('./helpers/textmate');
const { readVocabulary, keyOf } = require('../scripts/vocabulary');

// For each category (or keyword role): documents with WORD where its words stand, and the scope
// WORD must get there.
const PROBES = {
  'KW:model': [['WORD M {\n}', 'keyword.other.nn']],
  'KW:named': [['model M {\n  WORD x: [1]\n}', 'keyword.other.nn']],
  'KW:layers': [['model M {\n  WORD {\n    dense(1)\n  }\n}', 'keyword.other.nn']],
  'KW:settings': [['model M {\n  WORD {\n    epochs: 1\n  }\n}', 'keyword.other.nn']],
  'KW:value': [['model M {\n  WORD: mse\n}', 'keyword.other.nn']],
  'KW:constant': [
    ['model M {\n  train {\n    shuffle: WORD\n  }\n}', 'constant.language.boolean.nn'],
    ['model M {\n  layers {\n    dense(1, bias: WORD)\n  }\n}', 'constant.language.boolean.nn'],
  ],
  LAYER: [
    ['model M {\n  layers {\n    WORD\n  }\n}', 'support.class.layer.nn'],
    ['model M {\n  layers {\n    h = WORD(1)(x)\n  }\n}', 'support.class.layer.nn'],
  ],
  ACT: [
    [
      'model M {\n  layers {\n    dense(1, activation: WORD)\n  }\n}',
      'support.function.activation.nn',
    ],
    [
      'model M {\n  layers {\n    activation(WORD(alpha: 0.1))\n  }\n}',
      'support.function.activation.nn',
    ],
  ],
  INIT: [
    ['model M {\n  layers {\n    dense(1, init: WORD)\n  }\n}', 'support.function.initializer.nn'],
  ],
  LOSS: [['model M {\n  loss: WORD\n}', 'support.function.loss.nn']],
  OPTIM: [['model M {\n  optimizer: WORD(lr: 0.1)\n}', 'support.function.optimizer.nn']],
  REG: [['model M {\n  regularize: l1(1e-5), WORD(1e-4)\n}', 'support.function.regularizer.nn']],
  SCHED: [
    [
      'model M {\n  train {\n    schedule: WORD(gamma: 0.5)\n  }\n}',
      'support.function.schedule.nn',
    ],
  ],
  DATA: [
    ['model M {\n  data {\n    train: WORD("f")\n  }\n}', 'support.function.data.nn'],
    ['model M {\n  output y: WORD\n}', 'support.function.data.nn'],
  ],
  PARAM: [
    ['model M {\n  train {\n    WORD: 1\n  }\n}', 'variable.parameter.option.nn'],
    ['model M {\n  layers {\n    dense(1, WORD: 2)\n  }\n}', 'variable.parameter.option.nn'],
    [
      'model M {\n  train {\n    early_stopping(monitor: WORD)\n  }\n}',
      'support.constant.option.nn',
    ],
  ],
};
// Every category other than the structural keywords, as a plain value in a setting.
const VALUE_PROBE = 'model M {\n  train {\n    key: WORD\n  }\n}';
const VALUE_SCOPES = {
  LAYER: 'support.class.layer.nn',
  ACT: 'support.function.activation.nn',
  INIT: 'support.function.initializer.nn',
  LOSS: 'support.function.loss.nn',
  OPTIM: 'support.function.optimizer.nn',
  REG: 'support.function.regularizer.nn',
  SCHED: 'support.function.schedule.nn',
  DATA: 'support.function.data.nn',
  PARAM: 'support.constant.option.nn',
};
const VOCABULARY_SCOPES = new Set([
  ...Object.values(PROBES).flatMap((probes) => probes.map(([, scope]) => scope)),
  ...Object.values(VALUE_SCOPES),
]);

const entries = readVocabulary().entries;
const words = new Set(entries.map((e) => e.word));

/** The scopes of WORD, put in `template` as `word`; the token must be exactly the word. */
async function scopesOfWord(template, word) {
  const lineIndex = template.split('\n').findIndex((l) => l.includes('WORD'));
  const column = template.split('\n')[lineIndex].indexOf('WORD');
  const { lines } = await tokenize(template.replace('WORD', word));
  const token = lines[lineIndex].tokens.find((t) => t.start <= column && column < t.end);
  assert.ok(token, `no token at \`${word}\``);
  assert.equal(
    token.text,
    word,
    `\`${word}\` is not one token in:\n${template.replace('WORD', word)}`,
  );
  return token.scopes;
}

test('every category and keyword role of NN.g4 has probes here', () => {
  const keys = [...new Set(entries.map(keyOf))];
  const missing = keys.filter((k) => !PROBES[k]);
  assert.deepEqual(missing, [], 'add probes for them to test/keywords.test.js');
});

for (const entry of entries) {
  test(`${entry.rule} '${entry.word}' is highlighted as its category`, async () => {
    const probes = [...(PROBES[keyOf(entry)] ?? [])];
    if (VALUE_SCOPES[entry.category]) probes.push([VALUE_PROBE, VALUE_SCOPES[entry.category]]);
    assert.ok(probes.length > 0, `no probe for ${keyOf(entry)}`);
    for (const [template, scope] of probes) {
      const scopes = await scopesOfWord(template, entry.word);
      assert.ok(
        scopes.includes(scope),
        `\`${entry.word}\` in\n${template.replace('WORD', entry.word)}\n` +
          `has ${scopes.join(' ')}, not ${scope}`,
      );
    }
  });
}

test('every word in the generated grammar is a word of NN.g4', () => {
  const grammar = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8'));
  const regexes = [];
  (function collect(node) {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (['match', 'begin', 'end', 'while'].includes(key) && typeof value === 'string')
          regexes.push(value);
        else collect(value);
      }
    }
  })(grammar.repository);
  assert.ok(regexes.length > 20, 'found the regexes');
  const found = new Set();
  for (const regex of regexes) {
    const literal = regex
      .replace(/\\./g, ' ') // escapes: \b \s \( ...
      .replace(/\[(?:[^\]\\]|\\.)*\]/g, ' ') // character classes
      .replace(/\(\?(?:<?[=!]|:)/g, '('); // group openers
    for (const m of literal.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
      if (/[A-Za-z]/.test(m[0])) found.add(m[0]);
    }
  }
  assert.deepEqual(
    [...found].filter((w) => !words.has(w)),
    [],
  );
  assert.deepEqual(
    [...words].filter((w) => !found.has(w)),
    [],
    'every .g4 word appears in a regex',
  );
});

test('words that only look like vocabulary are not highlighted as vocabulary', async () => {
  const lookalikes = [...words]
    .flatMap((w) => [`${w}x`, `x${w}`, `${w}_`, w.toUpperCase(), `${w}2`])
    .filter((w) => !words.has(w));
  const settings = lookalikes.map((w) => `    key: ${w}\n    ${w} = 1\n`).join('');
  const document = `model M {\n  train {\n${settings}  }\n}`;
  const { lines } = await tokenize(document);
  const wrong = lines
    .flatMap(({ tokens }) => tokens)
    .filter((t) => t.scopes.some((s) => VOCABULARY_SCOPES.has(s)) && !words.has(t.text))
    .map((t) => `${t.text}: ${t.scopes.at(-1)}`);
  assert.deepEqual(wrong, []);
});
