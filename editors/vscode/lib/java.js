'use strict';
// Finds a Java 17+ runtime for the nnc language server. Plain Node, no `vscode`: the tests run it
// on fake directory trees.
//
// Order: the setting `nnc.java.home`, then JAVA_HOME, then `java` on the PATH, then the folders
// where installers put JDKs. The first three are choices someone made, so the first of them that
// is Java 17 or newer wins; among the installed JDKs found in the well-known folders the newest
// wins. A candidate that is missing or too old is skipped with a note saying why, and when
// nothing qualifies the result carries a reason a person can act on.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const childProcess = require('node:child_process');

const MIN_VERSION = 17;

/** The major version in a Java version string: "17.0.15" -> 17, "1.8.0_292" -> 8, "25-ea" -> 25. */
function parseVersion(text) {
  const match = /^\s*"?(\d+)(?:\.(\d+))?/.exec(text ?? '');
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 && match[2] !== undefined ? Number(match[2]) : major;
}

/** The JAVA_VERSION of a JDK's `release` file, or undefined when it has none. */
function releaseVersion(home) {
  let text;
  try {
    text = fs.readFileSync(path.join(home, 'release'), 'utf8');
  } catch {
    return undefined;
  }
  const line = /^JAVA_VERSION=(.*)$/m.exec(text);
  return line ? parseVersion(line[1].trim()) : undefined;
}

/** The major version that `java -version` prints (on standard error), or undefined. */
function runVersion(java) {
  const result = childProcess.spawnSync(java, ['-version'], { encoding: 'utf8', timeout: 15000 });
  if (result.error || result.status !== 0) return undefined;
  const match = /version "([^"]+)"/.exec(`${result.stderr}\n${result.stdout}`);
  return match ? parseVersion(match[1]) : undefined;
}

function executableName(platform) {
  return platform === 'win32' ? 'java.exe' : 'java';
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function expandHome(dir, homedir) {
  if (dir === '~') return homedir;
  if (dir.startsWith('~/') || dir.startsWith('~\\')) return path.join(homedir, dir.slice(2));
  return dir;
}

/**
 * Where installers put JDKs on `platform`: each entry is a folder whose subfolders are JDKs, with
 * the JDK home `suffix` below each subfolder (macOS bundles keep it in Contents/Home).
 */
function wellKnownLocations(platform, homedir, env = {}) {
  const sdkman = { dir: path.join(homedir, '.sdkman', 'candidates', 'java'), suffix: '' };
  if (platform === 'darwin') {
    return [
      { dir: '/Library/Java/JavaVirtualMachines', suffix: 'Contents/Home' },
      { dir: path.join(homedir, 'Library/Java/JavaVirtualMachines'), suffix: 'Contents/Home' },
      sdkman,
    ];
  }
  if (platform === 'win32') {
    const programFiles = env.ProgramFiles || 'C:\\Program Files';
    return ['Java', 'Eclipse Adoptium', 'Microsoft', 'Zulu']
      .map((vendor) => ({ dir: path.win32.join(programFiles, vendor), suffix: '' }))
      .concat([sdkman]);
  }
  return [{ dir: '/usr/lib/jvm', suffix: '' }, sdkman];
}

function describeLocation({ dir, suffix }) {
  return path.join(dir, '*', suffix);
}

/** The folders named `java` on a PATH. */
function onPath(env, platform) {
  const pathValue = env.PATH ?? env.Path ?? '';
  const delimiter = platform === 'win32' ? ';' : path.delimiter;
  return pathValue
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, executableName(platform)))
    .find(isExecutable);
}

/**
 * A Java 17+ to run the server with.
 *
 * options: javaHome (the setting), env (process.env), platform, homedir, locations (overrides
 * wellKnownLocations), minVersion.
 * Returns { found: true, java, home, version, source, notes } or
 *         { found: false, reason, notes }; notes say which candidates were skipped and why.
 */
function findJava(options = {}) {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const homedir = options.homedir ?? os.homedir();
  const minVersion = options.minVersion ?? MIN_VERSION;
  const locations = options.locations ?? wellKnownLocations(platform, homedir, env);
  const exe = executableName(platform);
  const notes = [];

  // A JDK home: its bin/java and its version (release file first: no process to start).
  const inspectHome = (home, java = path.join(home, 'bin', exe)) => {
    if (!isExecutable(java)) return { problem: `no ${path.join('bin', exe)} in ${home}` };
    const version = releaseVersion(home) ?? runVersion(java);
    if (version === undefined) return { problem: `could not tell the version of ${java}` };
    if (version < minVersion)
      return { problem: `${java} is Java ${version}, older than ${minVersion}` };
    return { java, home, version };
  };
  const accept = (candidate, source) => {
    if (candidate.problem) {
      notes.push(`${source}: ${candidate.problem}`);
      return undefined;
    }
    return { found: true, ...candidate, source, notes };
  };

  if (options.javaHome) {
    const home = expandHome(options.javaHome, homedir);
    const chosen = accept(inspectHome(home), `setting nnc.java.home (${home})`);
    if (chosen) return chosen;
  }
  if (env.JAVA_HOME) {
    const chosen = accept(inspectHome(env.JAVA_HOME), `JAVA_HOME (${env.JAVA_HOME})`);
    if (chosen) return chosen;
  }
  const pathJava = onPath(env, platform);
  if (pathJava) {
    // /usr/bin/java is usually a chain of links into a JDK: its release file tells the version.
    let real = pathJava;
    try {
      real = fs.realpathSync(pathJava);
    } catch {
      // keep the link itself
    }
    const chosen = accept(
      inspectHome(path.dirname(path.dirname(real)), pathJava),
      `PATH (${pathJava})`,
    );
    if (chosen) return chosen;
  }

  let best;
  const seen = new Set();
  for (const location of locations) {
    let entries;
    try {
      entries = fs.readdirSync(location.dir).sort();
    } catch {
      continue;
    }
    for (const entry of entries) {
      const home = path.join(location.dir, entry, location.suffix);
      let real = home;
      try {
        real = fs.realpathSync(home);
      } catch {
        continue;
      }
      if (seen.has(real)) continue;
      seen.add(real);
      const candidate = inspectHome(home);
      if (candidate.problem) notes.push(`${describeLocation(location)}: ${candidate.problem}`);
      else if (!best || candidate.version > best.version) best = candidate;
    }
  }
  if (best) return { found: true, ...best, source: 'installed JDKs', notes };

  const looked = [
    ...(options.javaHome ? ['setting nnc.java.home'] : []),
    'JAVA_HOME',
    'PATH',
    ...locations.map(describeLocation),
  ];
  return {
    found: false,
    reason: `no Java ${minVersion}+ found (looked in ${looked.join(', ')})`,
    notes,
  };
}

module.exports = {
  MIN_VERSION,
  findJava,
  parseVersion,
  releaseVersion,
  runVersion,
  wellKnownLocations,
};
