'use strict';
// Tokenizes .nn text with the engine VS Code itself uses: vscode-textmate on the Oniguruma
// regex library compiled to WebAssembly (vscode-oniguruma).

const fs = require('node:fs');
const path = require('node:path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const ROOT = path.resolve(__dirname, '../..');
const GRAMMAR_PATH = path.join(ROOT, 'syntaxes/nn.tmLanguage.json');
const SCOPE = 'source.nn';

let wasmLoaded;
function onigLib() {
  if (!wasmLoaded) {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    wasmLoaded = oniguruma.loadWASM(
      wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
    );
  }
  return wasmLoaded.then(() => ({
    createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s) => new oniguruma.OnigString(s),
  }));
}

const grammars = new Map();
/** The grammar of a .tmLanguage.json file (the shipped one by default), loaded once. */
function loadGrammar(grammarPath = GRAMMAR_PATH) {
  if (!grammars.has(grammarPath)) {
    const registry = new vsctm.Registry({
      onigLib: onigLib(),
      loadGrammar: async (scopeName) =>
        scopeName === SCOPE
          ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
          : null,
    });
    grammars.set(grammarPath, registry.loadGrammar(SCOPE));
  }
  return grammars.get(grammarPath);
}

/**
 * Tokenizes a whole document. Returns { lines, openRules }: one entry per line, { line, tokens },
 * each token { text, start, end, scopes } with the root scope left out; and how many begin/end
 * rules are still open after the last line (0 when every block and string was closed).
 */
async function tokenize(text, grammarPath) {
  const grammar = await loadGrammar(grammarPath);
  let state = vsctm.INITIAL;
  const lines = text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    const tokens = result.tokens
      .map((t) => ({
        start: t.startIndex,
        end: Math.min(t.endIndex, line.length),
        scopes: t.scopes,
      }))
      .filter((t) => t.end > t.start)
      .map((t) => ({
        ...t,
        text: line.slice(t.start, t.end),
        scopes: t.scopes.filter((s) => s !== SCOPE),
      }));
    return { line, tokens };
  });
  return { lines, openRules: state.depth - 1 };
}

/** The scopes of the token that covers column `column` of line `lineIndex`. */
function scopesAt(lines, lineIndex, column) {
  const token = lines[lineIndex].tokens.find((t) => t.start <= column && column < t.end);
  return token ? token.scopes : [];
}

/** The tokens of a document that are a whole identifier, with their line number. */
function wordTokens(lines) {
  const words = [];
  lines.forEach(({ line, tokens }, index) => {
    for (const match of line.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
      const start = match.index;
      const end = start + match[0].length;
      if (start > 0 && /[0-9.]/.test(line[start - 1])) continue; // the `e` of `1e-3`, `_` of `1_0`
      const covering = tokens.filter((t) => t.start < end && t.end > start);
      words.push({ word: match[0], line: index + 1, column: start + 1, tokens: covering });
    }
  });
  return words;
}

/** The scopes that say something about a token, as opposed to where it stands. */
function leafScopes(scopes) {
  return scopes.filter((s) => !s.startsWith('meta.'));
}

module.exports = { tokenize, loadGrammar, scopesAt, wordTokens, leafScopes, GRAMMAR_PATH, ROOT };
