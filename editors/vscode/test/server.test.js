'use strict';
// End to end: starts the language server exactly as extension.js does (lib/server.js finds the
// Java and the jar and builds the command line) and speaks LSP to it over stdio with
// vscode-jsonrpc, the library under vscode-languageclient. It opens models/fashion_mlp.nn with a
// typo in an activation, expects the compiler's message with its "did you mean" under the word,
// then fixes the typo and hovers over a dense layer for its output shape.
//
// It needs a Java 17+ and server/nnc.jar (the editors Maven module copies it from
// cli/target/nnc.jar). Without them it is skipped, saying why; NNC_SERVER_TEST=required (the
// Maven integration-test phase) fails instead, and NNC_SERVER_TEST=later (the Maven test phase,
// before the jar is built) skips it.

const test = require('node:test');
const assert = require('node:assert/strict');
const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const rpc = require('vscode-jsonrpc/node');
const { planServer } = require('../lib/server');

const ROOT = path.resolve(__dirname, '..');
const MODEL = path.resolve(ROOT, '..', '..', 'models', 'fashion_mlp.nn');
const URI = pathToFileURL(MODEL).href;
const TIMEOUT_MS = 60000;

const plan = planServer({ extensionDir: ROOT, env: process.env });

function skipReason() {
  const mode = process.env.NNC_SERVER_TEST;
  if (mode === 'later')
    return 'the Maven build runs it in integration-test, after the jar is built';
  if (plan.command) return false;
  const why = `no language server to start: ${plan.reason}`;
  if (mode === 'required') throw new Error(why);
  return `${why}. Build it with \`mvn -B -ntp -pl editors -am package\` (copies server/nnc.jar)`;
}

/** Where `word` starts and ends on the line that contains `lineText`: an LSP range. */
function rangeOf(text, lineText, word) {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(lineText));
  assert.ok(line >= 0, lineText);
  const character = lines[line].indexOf(word, lines[line].indexOf(lineText));
  return { start: { line, character }, end: { line, character: character + word.length } };
}

/** The server's connection, and a way to wait for the diagnostics of one version. */
function connect(t) {
  const server = childProcess.spawn(plan.command, plan.args, { cwd: path.dirname(MODEL) });
  let stderr = '';
  server.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(server.stdout),
    new rpc.StreamMessageWriter(server.stdin),
  );
  const published = [];
  let notify = () => {};
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    published.push(params);
    notify();
  });
  connection.listen();
  t.after(() => {
    connection.dispose();
    server.kill();
  });

  const diagnosticsOf = (version) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no diagnostics for version ${version}; server stderr:\n${stderr}`)),
        TIMEOUT_MS,
      );
      const look = () => {
        const found = published.find((p) => p.uri === URI && p.version === version);
        if (found) {
          clearTimeout(timer);
          resolve(found.diagnostics);
        }
      };
      notify = look;
      look();
    });
  return { connection, diagnosticsOf, exited, stderr: () => stderr };
}

test(
  "the extension's server reports a typo with its help and hovers with shapes",
  { skip: skipReason(), timeout: 2 * TIMEOUT_MS },
  async (t) => {
    const { connection, diagnosticsOf, exited, stderr } = connect(t);
    const init = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(path.dirname(MODEL)).href,
      capabilities: { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } } },
    });
    assert.equal(init.serverInfo.name, 'nnc');
    assert.ok(init.capabilities.hoverProvider, 'hover');
    connection.sendNotification('initialized', {});

    const fixed = fs.readFileSync(MODEL, 'utf8');
    const typo = fixed.replace('dense(10, activation: softmax)', 'dense(10, activation: softmx)');
    assert.notEqual(typo, fixed, 'models/fashion_mlp.nn ends with dense(10, activation: softmax)');

    connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: URI, languageId: 'nn', version: 1, text: typo },
    });
    const [diagnostic, ...others] = await diagnosticsOf(1);
    assert.deepEqual(others, [], 'one diagnostic');
    assert.match(diagnostic.message, /^unknown activation `softmx`/);
    assert.match(diagnostic.message, /\nhelp: .*did you mean `softmax`\?/);
    assert.deepEqual(diagnostic.range, rangeOf(typo, 'dense(10, activation: softmx)', 'softmx'));
    assert.equal(diagnostic.severity, 1, 'an error');
    assert.equal(diagnostic.source, 'nnc');

    connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ text: fixed }],
    });
    assert.deepEqual(await diagnosticsOf(2), [], 'the fixed model checks');

    const dense = rangeOf(fixed, 'dense(128', 'dense').start;
    const hover = await connection.sendRequest('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: dense.line, character: dense.character + 1 },
    });
    const text = hover.contents.value;
    assert.match(text, /`dense` layer/);
    assert.match(text, /`\[128\]`/, 'the output shape');
    assert.match(text, /parameters: 32,896/, '256·128 weights + 128 biases');

    await connection.sendRequest('shutdown');
    connection.sendNotification('exit');
    assert.equal(await exited, 0, stderr());
  },
);
