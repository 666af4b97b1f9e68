'use strict';
// scripts/vocabulary.js and scripts/generate-grammar.js: what they read from a .g4, what they
// refuse, and that the committed output is what they produce now.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
  readVocabulary,
  parseVocabulary,
  keyOf,
  DEFAULT_G4,
  GrammarFileError,
} = require('../scripts/vocabulary');
const {
  generate,
  staleFiles,
  GRAMMAR_FILE,
  TemplateError,
} = require('../scripts/generate-grammar');

const G4 = fs.readFileSync(DEFAULT_G4, 'utf8');

function withGrammar(text, fn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nn-g4-'));
  const file = path.join(dir, 'NN.g4');
  fs.writeFileSync(file, text);
  try {
    return fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** NN.g4 with `alternative` added to the `member` rule and `rule` added to the lexer rules. */
function g4With({ alternative, rule }) {
  let text = G4;
  if (alternative)
    text = text.replace(
      /(\n\s*\| KW_DATA '\{' setting\* '\}'\s*# dataMember)/,
      `$1\n    | ${alternative}`,
    );
  if (rule) text = text.replace('// ---- literals', `${rule}\n// ---- literals`);
  assert.notEqual(text, G4, 'the edit applied');
  return text;
}

test('the committed grammar and snippets are what the generator produces now', () => {
  assert.deepEqual(
    staleFiles(),
    [],
    'NN.g4 or a template changed: run `npm run generate` in editors/vscode and commit the result',
  );
});

test('generation is deterministic', () => {
  assert.deepEqual(generate(), generate());
});

test("every `PREFIX_NAME : 'word' ;` rule of NN.g4 is read, with its category", () => {
  // An independent, deliberately naive reading of the same rules.
  const naive = [
    ...G4.matchAll(/^\s*([A-Z][A-Z0-9]*)_[A-Z0-9_]+\s*:\s*'([A-Za-z_][A-Za-z0-9_]*)'\s*;/gm),
  ].map((m) => `${m[1]} ${m[2]}`);
  const read = readVocabulary().entries.map((e) => `${e.category} ${e.word}`);
  assert.ok(naive.length > 50);
  assert.deepEqual(read, naive);
});

test('every built-in token the `word` rule accepts is read as vocabulary', () => {
  const { rules, entries } = readVocabulary();
  const wordRule = rules.find((r) => r.name === 'word');
  const tokens = wordRule.alternatives.map((a) => a.tokens[0].value).filter((t) => t !== 'ID');
  const read = new Set(entries.map((e) => e.rule));
  assert.deepEqual(
    tokens.filter((t) => !read.has(t)),
    [],
  );
});

test('structural keywords get their role from the parser rules', () => {
  const roles = Object.fromEntries(
    readVocabulary()
      .entries.filter((e) => e.category === 'KW')
      .map((e) => [e.word, e.role]),
  );
  assert.equal(roles.model, 'model');
  assert.equal(roles.input, 'named');
  assert.equal(roles.layers, 'layers');
  assert.equal(roles.train, 'settings');
  assert.equal(roles.loss, 'value');
  assert.equal(roles.true, 'constant');
});

test('a new keyword is highlighted according to how the parser uses it', () => {
  const text = g4With({
    alternative: "KW_METRICS ':' value (',' value)*  # metricsMember",
    rule: "KW_METRICS : 'metrics' ;",
  });
  const files = withGrammar(text, (file) => generate(file));
  const grammar = JSON.parse(files[GRAMMAR_FILE]);
  const valueKeywords = grammar.repository['member-contents'].patterns.find((p) =>
    p.match?.includes('optimizer'),
  );
  assert.match(valueKeywords.match, /\bmetrics\b/);
});

test('a keyword used in a way the reader does not know is an error that says where', () => {
  const text = g4With({
    alternative: "KW_METRICS '[' value ']'  # metricsMember",
    rule: "KW_METRICS : 'metrics' ;",
  });
  assert.throws(
    () => withGrammar(text, (file) => generate(file)),
    (e) =>
      e instanceof GrammarFileError && /NN\.g4:\d+: rule `member` uses KW_METRICS/.test(e.message),
  );
});

test('a category the grammar template does not highlight is an error', () => {
  const text = g4With({ rule: "METRIC_TOP5 : 'top5' ;" });
  assert.throws(
    () => withGrammar(text, (file) => generate(file)),
    (e) => e instanceof TemplateError && /never highlights: METRIC/.test(e.message),
  );
});

test('a category the template asks for but the .g4 lost is an error', () => {
  const text = G4.replace(/^REG_L[12]\s*:.*$/gm, '');
  assert.throws(
    () => withGrammar(text, (file) => generate(file)),
    (e) => e instanceof TemplateError && /asks for `REG`/.test(e.message),
  );
});

test('the reader copes with literals, comments and rule shapes it may meet', () => {
  const { entries } = parseVocabulary(`
    grammar T; // it's a comment with a quote
    options { caseInsensitive = false; }
    program : KW_MODEL ID '{' '}' EOF ;
    value : (KW_TRUE | KW_FALSE) # boolValue ;
    /* a block comment: KW_NOT_A_RULE : 'nope' ; */
    KW_MODEL : 'model' ;
    KW_TRUE : 'true' | 'True' ;
    KW_FALSE : 'false' ;
    LINE_COMMENT : '//' ~[\\r\\n]* -> channel(HIDDEN) ;
    QUOTE_CHAR : '\\'' ;
    OP_ARROW : '->' ;
    fragment ACT_HIDDEN : 'hidden' ;
    PLAIN : 'plain' ;
    ACT_RELU : 'relu' ;
  `);
  assert.deepEqual(
    entries.map((e) => `${keyOf(e)} ${e.word}`),
    ['KW:model model', 'KW:constant true', 'KW:constant True', 'KW:constant false', 'ACT relu'],
  );
});

test('the reader refuses what it cannot highlight', () => {
  assert.throws(
    () => parseVocabulary("ACT_A : 'relu' ;\nACT_B : 'relu' ;"),
    /spelled by both ACT_A and ACT_B/,
  );
  assert.throws(() => parseVocabulary("KW_ORPHAN : 'orphan' ;"), /KW_ORPHAN is never used/);
  assert.throws(() => parseVocabulary("ACT_A : 'relu ;"), /unterminated literal/);
});
