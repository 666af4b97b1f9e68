#!/usr/bin/env node
'use strict';
// Runs before `npm test` and `npm run package` (and first in the Maven build): say what to do
// when the pinned tools are not installed, instead of failing on a missing module later.

const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const missing = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies)].filter(
  (name) => !fs.existsSync(path.join(root, 'node_modules', name, 'package.json')),
);

if (missing.length > 0) {
  console.error(
    `editors/vscode: ${missing.join(', ')} not installed.\n` +
      'Run `npm ci --prefix editors/vscode` from the repository root first ' +
      '(it installs the exact ' +
      'versions of package-lock.json from the npm registry).',
  );
  process.exit(1);
}
