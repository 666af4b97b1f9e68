#!/usr/bin/env node
'use strict';
// Runs before `npm test` and `npm run package` (and first in the Maven build): say what to do
// when the pinned tools are not installed, instead of failing on a missing module later.

const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
function missingTools() {
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies)].filter(
    (name) => !fs.existsSync(path.join(root, 'node_modules', name, 'package.json')),
  );
}

let missing = missingTools();
// The Maven build passes --install: a missing or partial node_modules is then repaired with
// `npm ci` (the exact versions of package-lock.json) before anything needs it.
if (missing.length > 0 && process.argv.includes('--install')) {
  console.error(`editors/vscode: ${missing.join(', ')} not installed; running npm ci`);
  const { spawnSync } = require('node:child_process');
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (npm.status !== 0) {
    console.error(
      'editors/vscode: npm ci failed' + (npm.error ? ` (${npm.error.message})` : '') + '.',
    );
  }
  missing = missingTools();
}

if (missing.length > 0) {
  console.error(
    `editors/vscode: ${missing.join(', ')} not installed.\n` +
      'Run `npm ci --prefix editors/vscode` from the repository root first ' +
      '(it installs the exact ' +
      'versions of package-lock.json from the npm registry).',
  );
  process.exit(1);
}
