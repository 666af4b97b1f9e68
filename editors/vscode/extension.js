'use strict';
// The VS Code entry point: starts the nnc language server (`nnc lsp`, from the jar the extension
// carries) on a Java 17+ it finds. Without one the extension says why, once, and the TextMate
// highlighting, snippets and language configuration go on working: they need no code.

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const { planServer } = require('./lib/server');

let client;
let output;
let restarting = Promise.resolve();

async function start(context) {
  const config = vscode.workspace.getConfiguration('nnc');
  const plan = planServer({
    enabled: config.get('server.enabled', true),
    javaHome: config.get('java.home', ''),
    serverJar: config.get('server.jar', ''),
    extensionDir: context.extensionPath,
    env: process.env,
  });
  for (const note of plan.notes) output.appendLine(note);
  if (!plan.command) {
    output.appendLine(`highlighting only: ${plan.reason}`);
    if (!plan.disabled) {
      vscode.window.showWarningMessage(
        `nnc: highlighting only — ${plan.reason}. ${plan.hint}, or turn the language server ` +
          'off with nnc.server.enabled.',
      );
    }
    return;
  }

  output.appendLine(`starting: ${plan.command} ${plan.args.join(' ')}`);
  // No transport: the client then speaks over the process's stdin and stdout and adds no
  // arguments, so the command line is exactly the one the tests start.
  const serverOptions = { command: plan.command, args: plan.args };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'nn' },
      { scheme: 'untitled', language: 'nn' },
    ],
    outputChannel: output, // the server logs to stderr, which the client copies here
  };
  client = new LanguageClient('nnc', 'nnc language server', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    output.appendLine(`the language server did not start: ${error?.message ?? error}`);
    vscode.window.showWarningMessage(
      'nnc: highlighting only — the language server did not start; see the output channel "nnc".',
    );
    client = undefined;
  }
}

async function stop() {
  const running = client;
  client = undefined;
  if (!running) return;
  try {
    await running.stop();
  } catch (error) {
    output.appendLine(`stopping the language server: ${error?.message ?? error}`);
  }
}

async function activate(context) {
  output = vscode.window.createOutputChannel('nnc');
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('nnc')) return undefined;
      output.appendLine('settings changed: restarting the language server');
      // One restart after the other, however fast the settings change.
      restarting = restarting.then(async () => {
        await stop();
        await start(context);
      });
      return restarting;
    }),
  );
  await start(context);
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
