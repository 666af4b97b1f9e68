'use strict';
// Reads the built-in vocabulary of the .nn language out of NN.g4, so that the editor's
// highlighting is derived from the grammar instead of restating it.
//
// Two things come out of the .g4:
//  - every vocabulary word: a lexer rule `PREFIX_NAME : 'word' ;` (or several alternatives, each
//    a word), grouped by its PREFIX, the category (KW, LAYER, ACT, ...);
//  - the role of each structural keyword (KW_), read from how the parser rules use it:
//    `KW_MODEL word '{'` declares the model, `KW_INPUT word ':'` names an input, `KW_LAYERS '{'
//    layerStmt* '}'` opens the layer block, and so on. The role decides what the editor expects
//    after the keyword. A keyword used in a way this file does not know is an error, not a guess.

const fs = require('node:fs');
const path = require('node:path');

const DEFAULT_G4 = path.resolve(__dirname, '../../../grammar/src/main/antlr4/nnc/grammar/NN.g4');

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CATEGORY_PREFIX = /^([A-Z][A-Z0-9]*)_[A-Z0-9_]+$/;

// The parser rule a keyword's `{ ... }` block repeats decides the kind of block it opens.
const BLOCK_ROLES = { layerStmt: 'layers', setting: 'settings' };

class GrammarFileError extends Error {}

/** Splits ANTLR grammar text into tokens: literals, char sets, names and punctuation. */
function tokenize(text, file) {
  const tokens = [];
  let i = 0;
  let line = 1;
  const fail = (message) => {
    throw new GrammarFileError(`${file}:${line}: ${message}`);
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) fail('unterminated block comment');
      line += countNewlines(text.slice(i, end));
      i = end + 2;
    } else if (c === "'" || c === '[') {
      const close = c === "'" ? "'" : ']';
      let j = i + 1;
      let raw = '';
      while (j < text.length && text[j] !== close) {
        if (text[j] === '\n') fail(`unterminated ${c === "'" ? 'literal' : 'character set'}`);
        if (text[j] === '\\') raw += text[j++];
        raw += text[j++];
      }
      if (j >= text.length) fail('unterminated literal');
      tokens.push(
        c === "'"
          ? { type: 'literal', value: unescapeLiteral(raw), line }
          : { type: 'set', value: raw, line },
      );
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < text.length && /[A-Za-z0-9_]/.test(text[j])) j++;
      tokens.push({ type: 'name', value: text.slice(i, j), line });
      i = j;
    } else if (text.startsWith('->', i)) {
      tokens.push({ type: 'punct', value: '->', line });
      i += 2;
    } else {
      tokens.push({ type: 'punct', value: c, line });
      i++;
    }
  }
  return tokens;
}

function countNewlines(s) {
  return (s.match(/\n/g) || []).length;
}

function unescapeLiteral(raw) {
  const simple = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
  return raw.replace(/\\(u\{?[0-9A-Fa-f]+\}?|.)/g, (_, e) => {
    if (e[0] === 'u' && e.length > 1)
      return String.fromCodePoint(parseInt(e.replace(/[u{}]/g, ''), 16));
    return simple[e] ?? e;
  });
}

/** Groups tokens into rules: { name, fragment, lexer, alternatives: [{ tokens, label }] }. */
function parseRules(tokens, file) {
  const rules = [];
  let i = 0;
  const skipPast = (value) => {
    while (i < tokens.length && tokens[i].value !== value) i++;
    i++;
  };
  while (i < tokens.length) {
    const t = tokens[i];
    if (t.type === 'name' && ['grammar', 'lexer', 'parser', 'import', 'mode'].includes(t.value)) {
      skipPast(';');
    } else if (
      (t.type === 'name' && ['options', 'tokens', 'channels'].includes(t.value)) ||
      t.value === '@'
    ) {
      skipPast('}');
    } else if (t.type === 'name') {
      const fragment = t.value === 'fragment';
      if (fragment) i++;
      const name = tokens[i];
      if (!name || name.type !== 'name' || tokens[i + 1]?.value !== ':') {
        throw new GrammarFileError(`${file}:${t.line}: expected a rule, found \`${t.value}\``);
      }
      i += 2;
      const body = [];
      while (i < tokens.length && tokens[i].value !== ';') body.push(tokens[i++]);
      i++;
      rules.push({
        name: name.value,
        line: name.line,
        fragment,
        lexer: /^[A-Z]/.test(name.value),
        alternatives: splitAlternatives(body),
      });
    } else {
      throw new GrammarFileError(`${file}:${t.line}: unexpected \`${t.value}\``);
    }
  }
  return rules;
}

function splitAlternatives(body) {
  const alternatives = [];
  let current = [];
  let depth = 0;
  for (const t of body) {
    if (t.value === '(') depth++;
    if (t.value === ')') depth--;
    if (t.value === '|' && depth === 0) {
      alternatives.push(current);
      current = [];
    } else {
      current.push(t);
    }
  }
  alternatives.push(current);
  return alternatives.map((tokens) => {
    const hash = tokens.findIndex((t) => t.value === '#');
    const label = hash >= 0 ? tokens[hash + 1]?.value : undefined;
    const arrow = tokens.findIndex((t) => t.value === '->');
    const cut = Math.min(...[hash, arrow, tokens.length].filter((n) => n >= 0));
    return { tokens: tokens.slice(0, cut), label };
  });
}

/** The lexer rules that spell built-in words: `PREFIX_NAME : 'word' ('|' 'word')* ;`. */
function vocabularyRules(rules, file) {
  const entries = [];
  const seen = new Map();
  for (const rule of rules) {
    const prefix = CATEGORY_PREFIX.exec(rule.name);
    if (!rule.lexer || rule.fragment || !prefix) continue;
    // Words only: LINE_COMMENT, ERROR_CHAR or a punctuation token such as `OP_ARROW : '->'`
    // are not vocabulary.
    const wordsOnly = rule.alternatives.every(
      (alt) =>
        alt.tokens.length === 1 &&
        alt.tokens[0].type === 'literal' &&
        IDENTIFIER.test(alt.tokens[0].value),
    );
    if (!wordsOnly) continue;
    for (const alt of rule.alternatives) {
      const word = alt.tokens[0].value;
      if (seen.has(word)) {
        throw new GrammarFileError(
          `${file}:${rule.line}: '${word}' is spelled by both ` +
            `${seen.get(word)} and ${rule.name}`,
        );
      }
      seen.set(word, rule.name);
      entries.push({ word, rule: rule.name, category: prefix[1] });
    }
  }
  return entries;
}

/**
 * The role of each structural keyword, from its uses in the parser rules:
 * model, named, layers, settings, value, or constant (`(KW_TRUE | KW_FALSE)`).
 * Rules whose every alternative is one token (such as `word`, which lists every built-in word
 * as a possible name) say nothing about roles and are skipped.
 */
function keywordRoles(rules, keywordRules, file) {
  const roles = new Map();
  const addRole = (name, role, line) => {
    const known = roles.get(name);
    if (known && known !== role) {
      throw new GrammarFileError(
        `${file}:${line}: ${name} is used both as a ${known} keyword ` +
          `and as a ${role} keyword; scripts/vocabulary.js cannot highlight both`,
      );
    }
    roles.set(name, role);
  };
  for (const rule of rules) {
    if (rule.lexer) continue;
    if (rule.alternatives.every((alt) => alt.tokens.length === 1)) continue;
    for (const alt of rule.alternatives) {
      const ts = alt.tokens;
      ts.forEach((t, k) => {
        if (!keywordRules.has(t.value)) return;
        const [a, b] = [ts[k + 1], ts[k + 2]];
        const before = ts[k - 1]?.value;
        if (a?.type === 'name' && b?.type === 'literal' && b.value === '{') {
          addRole(t.value, 'model', t.line);
        } else if (a?.type === 'name' && b?.type === 'literal' && b.value === ':') {
          addRole(t.value, 'named', t.line);
        } else if (a?.type === 'literal' && a.value === '{' && BLOCK_ROLES[b?.value]) {
          addRole(t.value, BLOCK_ROLES[b.value], t.line);
        } else if (a?.type === 'literal' && a.value === ':') {
          addRole(t.value, 'value', t.line);
        } else if (['(', '|'].includes(before) && ['|', ')'].includes(a?.value)) {
          addRole(t.value, 'constant', t.line);
        } else {
          throw new GrammarFileError(
            `${file}:${t.line}: rule \`${rule.name}\` uses ${t.value} in a ` +
              'way scripts/vocabulary.js does not know; teach keywordRoles() what the editor ' +
              'should expect after it',
          );
        }
      });
    }
  }
  return roles;
}

/**
 * Reads NN.g4. Returns { file, entries: [{ word, rule, category, role? }] } in .g4 order;
 * structural keywords (category KW) carry the role their parser rules give them.
 */
function readVocabulary(file = DEFAULT_G4) {
  return parseVocabulary(fs.readFileSync(file, 'utf8'), file);
}

function parseVocabulary(text, file = '<grammar>') {
  const rules = parseRules(tokenize(text, file), file);
  const entries = vocabularyRules(rules, file);
  const keywordRuleNames = new Set(entries.filter((e) => e.category === 'KW').map((e) => e.rule));
  const roles = keywordRoles(rules, keywordRuleNames, file);
  for (const e of entries) {
    if (e.category !== 'KW') continue;
    e.role = roles.get(e.rule);
    if (!e.role) {
      throw new GrammarFileError(
        `${file}: ${e.rule} is never used by a parser rule, so the editor ` +
          'cannot tell what it does',
      );
    }
  }
  return { file, rules, entries };
}

/** The key a template asks for: a category (`ACT`), or a keyword role (`KW:layers`). */
function keyOf(entry) {
  return entry.category === 'KW' ? `KW:${entry.role}` : entry.category;
}

module.exports = { DEFAULT_G4, GrammarFileError, readVocabulary, parseVocabulary, keyOf };
