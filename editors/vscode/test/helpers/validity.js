'use strict';
// What "highlighted correctly" means for a valid .nn document.

const { wordTokens, leafScopes } = require('./textmate');
const { readVocabulary } = require('../../scripts/vocabulary');

// Scopes given only to words of the .g4.
const VOCABULARY_SCOPE = new RegExp(
  '^(keyword\\.other|constant\\.language\\.boolean|support\\.[a-z]+\\.[a-z]+' +
    '|variable\\.parameter\\.option)\\.nn$',
);

const vocabulary = new Set(readVocabulary().entries.map((e) => e.word));

/**
 * Problems of a tokenized document that should be valid, as `line:column: message` strings:
 * a token scoped invalid, a vocabulary scope on a word the .g4 lacks, a word split across tokens
 * or left without a scope of its own, a block or string still open at the end.
 */
function validityProblems({ lines, openRules }) {
  const problems = [];
  lines.forEach(({ tokens }, i) => {
    for (const t of tokens) {
      const invalid = t.scopes.find((s) => s.startsWith('invalid.'));
      if (invalid) problems.push(`${i + 1}:${t.start + 1}: \`${t.text}\` is ${invalid}`);
      const vocabularyScope = t.scopes.find((s) => VOCABULARY_SCOPE.test(s));
      if (vocabularyScope && !vocabulary.has(t.text)) {
        problems.push(
          `${i + 1}:${t.start + 1}: \`${t.text}\` is ${vocabularyScope} but not a word of NN.g4`,
        );
      }
    }
  });
  for (const w of wordTokens(lines)) {
    const where = `${w.line}:${w.column}: \`${w.word}\``;
    if (w.tokens.length !== 1) {
      problems.push(`${where} is split across ${w.tokens.length} tokens`);
    } else if (leafScopes(w.tokens[0].scopes).length === 0) {
      problems.push(
        `${where} has no scope${vocabulary.has(w.word) ? ', though it is a word of NN.g4' : ''}`,
      );
    }
  }
  if (openRules > 0)
    problems.push(`end of file: ${openRules} block(s), list(s) or string(s) left open`);
  return problems;
}

module.exports = { validityProblems };
