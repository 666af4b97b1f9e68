'use strict';
// package.json and language-configuration.json as VS Code and IntelliJ read them. IntelliJ's
// TextMate plugin takes a folder with a package.json as a VS Code extension and reads
// contributes.languages / grammars / snippets and the language configuration from it.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const semver = require('semver');
const { ROOT } = require('./helpers/textmate');

const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const exists = (file) => fs.existsSync(path.join(ROOT, file));
const pkg = JSON.parse(read('package.json'));
const config = JSON.parse(read('language-configuration.json')); // strict JSON on purpose
const [language] = pkg.contributes.languages;
const [grammar] = pkg.contributes.grammars;

test('the extension contributes language `nn` for .nn files', () => {
  assert.equal(pkg.contributes.languages.length, 1);
  assert.equal(language.id, 'nn');
  assert.deepEqual(language.extensions, ['.nn']);
  assert.ok(exists(language.configuration), language.configuration);
  assert.ok(exists(language.icon.light) && exists(language.icon.dark));
});

test('the grammar is contributed for `nn` under the scope name it declares', () => {
  assert.equal(grammar.language, 'nn');
  assert.ok(exists(grammar.path), grammar.path);
  const tm = JSON.parse(read(grammar.path));
  assert.equal(tm.scopeName, grammar.scopeName);
  assert.deepEqual(tm.fileTypes, ['nn']);
});

test('snippets are contributed in a form IntelliJ reads too (.code-snippets or .json)', () => {
  for (const s of pkg.contributes.snippets) {
    assert.equal(s.language, 'nn');
    assert.ok(exists(s.path), s.path);
    assert.match(s.path, /\.(code-snippets|json)$/);
  }
});

test('the extension icon is a 128x128 PNG, as the marketplace wants', () => {
  const png = fs.readFileSync(path.join(ROOT, pkg.icon));
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  assert.equal(png.readUInt32BE(16), 128);
  assert.equal(png.readUInt32BE(20), 128);
});

test('the entry point starts the language client when a .nn file opens', () => {
  assert.equal(pkg.main, './extension.js');
  assert.ok(exists(pkg.main), pkg.main);
  assert.ok(exists('lib/java.js') && exists('lib/server.js'));
  assert.deepEqual(pkg.activationEvents, ['onLanguage:nn']);
  const settings = pkg.contributes.configuration.properties;
  assert.equal(settings['nnc.server.enabled'].default, true);
  assert.equal(settings['nnc.java.home'].default, '');
  assert.equal(settings['nnc.server.jar'].default, '');
});

test('the tools and the language client are pinned, in package.json and the lockfile', () => {
  const lock = JSON.parse(read('package-lock.json'));
  const pins = { '@vscode/vsce': '3.9.2', 'vscode-textmate': '9.3.2', 'vscode-oniguruma': '2.0.1' };
  for (const [name, version] of Object.entries(pins)) {
    assert.equal(pkg.devDependencies[name], version, name);
    assert.equal(lock.packages[`node_modules/${name}`].version, version, name);
  }
  assert.deepEqual(pkg.dependencies, { 'vscode-languageclient': '8.1.0' });
  assert.deepEqual(lock.packages[''].dependencies, pkg.dependencies);
  assert.equal(lock.packages['node_modules/vscode-languageclient'].version, '8.1.0');
});

test('the language client supports every VS Code the extension declares', () => {
  const client = JSON.parse(read('node_modules/vscode-languageclient/package.json'));
  assert.ok(
    semver.subset(pkg.engines.vscode, client.engines.vscode),
    `engines.vscode ${pkg.engines.vscode} is not within the client's ${client.engines.vscode}`,
  );
});

test('the .vsix carries client and server, and leaves out what only the build needs', () => {
  const ignored = read('.vscodeignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  for (const entry of ['test/**', 'scripts/**', 'templates/**']) {
    assert.ok(ignored.includes(entry), `.vscodeignore lacks ${entry}`);
  }
  // vsce adds the production dependencies (vscode-languageclient) unless node_modules is ignored
  // or the package script says --no-dependencies.
  for (const kept of ['node_modules', 'server', 'lib', 'extension.js']) {
    assert.ok(!ignored.some((l) => l.startsWith(kept)), `.vscodeignore drops ${kept}`);
  }
  assert.doesNotMatch(pkg.scripts.package, /--no-dependencies/);
});

test('comments toggle with // and /* */', () => {
  assert.equal(config.comments.lineComment, '//');
  assert.deepEqual(config.comments.blockComment, ['/*', '*/']);
});

test('brackets match, close and surround', () => {
  const pairs = [
    ['{', '}'],
    ['[', ']'],
    ['(', ')'],
  ];
  assert.deepEqual(config.brackets, pairs);
  const closing = config.autoClosingPairs.map((p) => [p.open, p.close]);
  for (const pair of [...pairs, ['"', '"']]) {
    assert.ok(
      closing.some(([o, c]) => o === pair[0] && c === pair[1]),
      `auto-closes ${pair[0]}`,
    );
    assert.ok(
      config.surroundingPairs.some(([o, c]) => o === pair[0] && c === pair[1]),
      `surrounds with ${pair[0]}`,
    );
  }
  assert.deepEqual(config.autoClosingPairs.find((p) => p.open === '"').notIn, [
    'string',
    'comment',
  ]);
});

test('indentation grows after an open {, ( or [ and shrinks at the closing one', () => {
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  for (const line of [
    'model M {',
    '    layers {  // the stack',
    '        dense(',
    '    input x: [',
  ]) {
    assert.ok(increase.test(line), line);
  }
  for (const line of ['        dense(64)', '    }', 'input x: [28, 28]', '    layers { }']) {
    assert.ok(!increase.test(line), line);
  }
  for (const line of ['    }', '  )', ']']) assert.ok(decrease.test(line), line);
  assert.ok(!decrease.test('    dense(1)'));
});

test('a word is an identifier or a whole number such as 1e-3', () => {
  const word = new RegExp(`^(?:${config.wordPattern})$`);
  for (const w of ['leaky_relu', 'beta1', '1e-3', '1_000', '0.5', '.5', '-2'])
    assert.ok(word.test(w), w);
  assert.ok(!word.test('a.b'));
});

test('folding markers and on-enter rules are valid regexes', () => {
  new RegExp(config.folding.markers.start);
  new RegExp(config.folding.markers.end);
  for (const rule of config.onEnterRules) {
    new RegExp(rule.beforeText);
    if (rule.afterText) new RegExp(rule.afterText);
  }
  assert.ok(new RegExp(config.folding.markers.start).test('// #region layers'));
});
