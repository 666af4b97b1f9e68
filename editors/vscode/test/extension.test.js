'use strict';
// extension.js against stand-ins for the `vscode` API and vscode-languageclient: which command
// line it hands the client, and the one warning (plus the output channel) when it falls back to
// highlighting alone. The real client and server are tested end to end in server.test.js.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');
const { planServer } = require('../lib/server');

/** Loads extension.js with `settings`, recording what it does. */
function loadExtension(settings) {
  const seen = { warnings: [], output: [], clients: [], configListeners: [] };
  const vscode = {
    workspace: {
      getConfiguration: (section) => ({
        get: (key, fallback) => settings[`${section}.${key}`] ?? fallback,
      }),
      onDidChangeConfiguration: (listener) => {
        seen.configListeners.push(listener);
        return { dispose() {} };
      },
    },
    window: {
      createOutputChannel: (name) => {
        seen.channel = name;
        return { appendLine: (line) => seen.output.push(line), append() {}, dispose() {} };
      },
      showWarningMessage: (message) => seen.warnings.push(message),
    },
  };
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, running: false });
      seen.clients.push(this);
    }
    async start() {
      this.running = true;
    }
    async stop() {
      this.running = false;
    }
  }
  const stubs = { vscode, 'vscode-languageclient/node': { LanguageClient } };
  const file = require.resolve('../extension.js');
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request in stubs ? stubs[request] : load.call(this, request, ...rest);
  };
  try {
    delete require.cache[file];
    return { extension: require(file), seen };
  } finally {
    Module._load = load;
  }
}

function fakeContext(extensionPath) {
  return { extensionPath, subscriptions: [] };
}

test('with no jar (or no Java) the extension warns once and only highlights', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-ext-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const { extension, seen } = loadExtension({});
  await extension.activate(fakeContext(dir));
  assert.equal(seen.clients.length, 0);
  assert.equal(seen.channel, 'nnc');
  assert.equal(seen.warnings.length, 1);
  assert.match(
    seen.warnings[0],
    /^nnc: highlighting only — the bundled server jar is missing \(.*\)\. Set nnc\.server\.jar /,
  );
  assert.ok(
    seen.output.some((l) => l.startsWith('highlighting only: ')),
    seen.output.join('\n'),
  );
  await extension.deactivate();
});

test('nnc.server.enabled: false starts nothing and warns of nothing', async () => {
  const { extension, seen } = loadExtension({ 'nnc.server.enabled': false });
  await extension.activate(fakeContext(path.resolve(__dirname, '..')));
  assert.equal(seen.clients.length, 0);
  assert.deepEqual(seen.warnings, []);
  assert.match(seen.output.at(-1), /nnc\.server\.enabled is false/);
});

test('the client gets the command line of lib/server.js for .nn documents', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-ext-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const jar = path.join(dir, 'nnc.jar');
  fs.writeFileSync(jar, 'not started here');
  const settings = { 'nnc.server.jar': jar };
  const plan = planServer({ serverJar: jar, extensionDir: dir, env: process.env });
  if (!plan.command) {
    t.skip(`no Java here: ${plan.reason}`);
    return;
  }
  const { extension, seen } = loadExtension(settings);
  await extension.activate(fakeContext(dir));
  assert.deepEqual(seen.warnings, []);
  const [client] = seen.clients;
  assert.deepEqual(client.serverOptions, { command: plan.command, args: plan.args });
  assert.deepEqual(
    client.clientOptions.documentSelector.map((s) => s.language),
    ['nn', 'nn'],
  );
  assert.equal(client.running, true);

  // A changed nnc setting restarts the client.
  await seen.configListeners[0]({ affectsConfiguration: (s) => s === 'nnc' });
  assert.equal(seen.clients.length, 2);
  assert.equal(client.running, false);
  assert.equal(seen.clients[1].running, true);
  await extension.deactivate();
  assert.equal(seen.clients[1].running, false);
});
