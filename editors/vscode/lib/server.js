'use strict';
// How the extension starts `nnc lsp`: which java, which jar, which command line. Plain Node, no
// `vscode`, so that the end-to-end test starts the server exactly as the extension does.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { findJava } = require('./java');

/** The jar the extension carries; the editors Maven module copies it from cli/target/nnc.jar. */
function bundledJar(extensionDir) {
  return path.join(extensionDir, 'server', 'nnc.jar');
}

/** The command line of the server: the same JVM options as bin/nnc, then `lsp`. */
function serverCommand(java, jar) {
  return { command: java, args: ['-Xss8m', '-jar', jar, 'lsp'] };
}

/**
 * What to start, from the extension's settings.
 *
 * options: enabled (nnc.server.enabled), javaHome (nnc.java.home), serverJar (nnc.server.jar),
 * extensionDir, and what findJava takes (env, platform, homedir, locations).
 * Returns { command, args, java, jar, notes } or, when the server cannot or should not start,
 * { reason, hint, notes, disabled }: hint says which setting would help; disabled is true when
 * the settings turned the server off.
 */
function planServer(options) {
  if (options.enabled === false) {
    return {
      reason: 'the language server is turned off (nnc.server.enabled is false)',
      notes: [],
      disabled: true,
    };
  }
  let jar = bundledJar(options.extensionDir);
  if (options.serverJar) {
    const homedir = options.homedir ?? os.homedir();
    jar = options.serverJar.replace(/^~(?=$|[\\/])/, homedir);
  }
  if (!fs.existsSync(jar)) {
    const where = options.serverJar
      ? 'the jar of setting nnc.server.jar'
      : 'the bundled server jar';
    const hint = 'Set nnc.server.jar to an nnc.jar (cli/target/nnc.jar of an nnc build)';
    return { reason: `${where} is missing (${jar})`, hint, notes: [] };
  }
  const java = findJava(options);
  if (!java.found) {
    const hint = 'Set nnc.java.home to a JDK 17 or newer';
    return { reason: java.reason, hint, notes: java.notes };
  }
  return {
    ...serverCommand(java.java, jar),
    java,
    jar,
    notes: [
      ...java.notes,
      `Java ${java.version} from ${java.source}: ${java.java}`,
      `server jar: ${jar}`,
    ],
  };
}

module.exports = { bundledJar, planServer, serverCommand };
