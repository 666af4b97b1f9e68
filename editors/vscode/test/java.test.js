'use strict';
// JDK discovery (lib/java.js) and the server plan (lib/server.js) on fake directory trees: JDK
// homes with a `release` file and a bin/java that is a shell script printing a version.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { findJava, parseVersion, wellKnownLocations } = require('../lib/java');
const { planServer, serverCommand, bundledJar } = require('../lib/server');

const posixOnly = process.platform === 'win32' ? 'fake bin/java scripts are shell scripts' : false;

function tempDir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnc-java-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A fake JDK home at `home`: bin/java prints `version` as `java -version` does; the release
 * file says it too unless `release` is false.
 */
function fakeJdk(home, version, { release = true } = {}) {
  fs.mkdirSync(path.join(home, 'bin'), { recursive: true });
  const java = path.join(home, 'bin', 'java');
  fs.writeFileSync(java, `#!/bin/sh\necho 'openjdk version "${version}" 2025-04-15' >&2\n`, {
    mode: 0o755,
  });
  if (release)
    fs.writeFileSync(path.join(home, 'release'), `IMPLEMENTOR="Test"\nJAVA_VERSION="${version}"\n`);
  return java;
}

/** findJava on nothing but the fake tree: no real PATH, JAVA_HOME or home folder. */
function find(root, options = {}) {
  return findJava({
    env: {},
    platform: 'linux',
    homedir: path.join(root, 'home'),
    locations: [{ dir: path.join(root, 'jvm'), suffix: '' }],
    ...options,
  });
}

test('versions: modern, 1.x and early-access strings', () => {
  assert.equal(parseVersion('17.0.15'), 17);
  assert.equal(parseVersion('"21.0.2"'), 21);
  assert.equal(parseVersion('1.8.0_292'), 8);
  assert.equal(parseVersion('25-ea'), 25);
  assert.equal(parseVersion('25'), 25);
  assert.equal(parseVersion('not a version'), undefined);
});

test('the newest installed JDK of 17 or later wins', { skip: posixOnly }, (t) => {
  const root = tempDir(t);
  fakeJdk(path.join(root, 'jvm', 'java-11-openjdk'), '11.0.22');
  fakeJdk(path.join(root, 'jvm', 'java-17-openjdk'), '17.0.15');
  const newest = fakeJdk(path.join(root, 'jvm', 'temurin-21-jdk'), '21.0.2');
  fakeJdk(path.join(root, 'jvm', 'java-8-openjdk'), '1.8.0_292');
  const found = find(root);
  assert.equal(found.found, true);
  assert.equal(found.java, newest);
  assert.equal(found.version, 21);
  assert.equal(found.source, 'installed JDKs');
});

test('without a release file the version comes from `java -version`', { skip: posixOnly }, (t) => {
  const root = tempDir(t);
  const java = fakeJdk(path.join(root, 'jvm', 'jdk-22'), '22.0.1', { release: false });
  const found = find(root);
  assert.equal(found.java, java);
  assert.equal(found.version, 22);
});

test('JAVA_HOME wins over a newer installed JDK', { skip: posixOnly }, (t) => {
  const root = tempDir(t);
  const home = path.join(root, 'opt', 'jdk-17');
  const java = fakeJdk(home, '17.0.9');
  fakeJdk(path.join(root, 'jvm', 'jdk-24'), '24');
  const found = find(root, { env: { JAVA_HOME: home } });
  assert.equal(found.java, java);
  assert.equal(found.source, `JAVA_HOME (${home})`);
});

test('the setting nnc.java.home wins over JAVA_HOME and PATH', { skip: posixOnly }, (t) => {
  const root = tempDir(t);
  const chosen = fakeJdk(path.join(root, 'home', 'jdks', 'jdk-21'), '21.0.1');
  const javaHome = path.join(root, 'opt', 'jdk-23');
  fakeJdk(javaHome, '23');
  const found = find(root, {
    javaHome: '~/jdks/jdk-21', // ~ is the user's home folder
    env: { JAVA_HOME: javaHome, PATH: path.join(javaHome, 'bin') },
  });
  assert.equal(found.java, chosen);
  assert.match(found.source, /^setting nnc\.java\.home/);
});

test(
  'a too old JAVA_HOME is skipped, with a note, for `java` on the PATH',
  { skip: posixOnly },
  (t) => {
    const root = tempDir(t);
    const old = path.join(root, 'opt', 'jdk-11');
    fakeJdk(old, '11.0.2');
    // PATH holds a link into a JDK home, as /usr/bin/java does through /etc/alternatives.
    const jdk = path.join(root, 'opt', 'jdk-19');
    fakeJdk(jdk, '19.0.2');
    fs.mkdirSync(path.join(root, 'usr', 'bin'), { recursive: true });
    const link = path.join(root, 'usr', 'bin', 'java');
    fs.symlinkSync(path.join(jdk, 'bin', 'java'), link);
    fakeJdk(path.join(root, 'jvm', 'jdk-25'), '25');

    const found = find(root, {
      env: { JAVA_HOME: old, PATH: `/nonexistent${path.delimiter}${path.dirname(link)}` },
    });
    assert.equal(found.java, link);
    assert.equal(found.version, 19, 'the version of the JDK the link leads into');
    assert.equal(found.home, jdk);
    assert.match(found.source, /^PATH/);
    assert.deepEqual(found.notes, [
      `JAVA_HOME (${old}): ${old}/bin/java is Java 11, older than 17`,
    ]);
  },
);

test('a setting that is not a JDK is skipped with a note', { skip: posixOnly }, (t) => {
  const root = tempDir(t);
  const java = fakeJdk(path.join(root, 'jvm', 'jdk-17'), '17');
  const found = find(root, { javaHome: path.join(root, 'nowhere') });
  assert.equal(found.java, java);
  assert.match(found.notes[0], /^setting nnc\.java\.home .*: no bin\/java in /);
});

test('macOS bundles keep the JDK home in Contents/Home', { skip: posixOnly }, (t) => {
  const root = tempDir(t);
  const vms = path.join(root, 'JavaVirtualMachines');
  const java = fakeJdk(path.join(vms, 'temurin-21.jdk', 'Contents', 'Home'), '21.0.4');
  fakeJdk(path.join(vms, 'zulu-17.jdk', 'Contents', 'Home'), '17.0.12');
  const found = find(root, {
    platform: 'darwin',
    locations: [{ dir: vms, suffix: 'Contents/Home' }],
  });
  assert.equal(found.java, java);
  const defaults = wellKnownLocations('darwin', '/Users/a').map((l) =>
    path.join(l.dir, '*', l.suffix),
  );
  assert.ok(defaults.includes(path.join('/Library/Java/JavaVirtualMachines/*/Contents/Home')));
});

test('the usual install folders of each platform', () => {
  const where = (platform) =>
    wellKnownLocations(platform, '/home/a', {}).map((l) => path.join(l.dir, '*', l.suffix));
  assert.deepEqual(where('linux'), ['/usr/lib/jvm/*', '/home/a/.sdkman/candidates/java/*']);
  assert.ok(where('win32').some((w) => w.includes('Program Files') && w.includes('Java')));
  assert.ok(where('darwin').includes('/home/a/.sdkman/candidates/java/*'));
});

test('no Java: a reason that says where it looked and what to set', { skip: posixOnly }, (t) => {
  const root = tempDir(t);
  fakeJdk(path.join(root, 'jvm', 'jdk-11'), '11.0.22');
  fs.mkdirSync(path.join(root, 'jvm', 'not-a-jdk'));
  const found = find(root, { javaHome: path.join(root, 'missing') });
  assert.equal(found.found, false);
  const looked = `setting nnc.java.home, JAVA_HOME, PATH, ${path.join(root, 'jvm', '*')}`;
  assert.equal(found.reason, `no Java 17+ found (looked in ${looked})`);
  assert.equal(found.notes.length, 3);
  assert.ok(
    found.notes.some((n) => n.includes('Java 11, older than 17')),
    found.notes.join('\n'),
  );
  assert.equal(
    find(root, { locations: [] }).reason,
    'no Java 17+ found (looked in JAVA_HOME, PATH)',
  );
});

test('the server command line is java -jar nnc.jar lsp', () => {
  assert.deepEqual(serverCommand('/jdk/bin/java', '/ext/server/nnc.jar'), {
    command: '/jdk/bin/java',
    args: ['-Xss8m', '-jar', '/ext/server/nnc.jar', 'lsp'],
  });
  assert.equal(bundledJar('/ext'), path.join('/ext', 'server', 'nnc.jar'));
});

test(
  'the server plan: bundled jar, nnc.server.jar, nnc.server.enabled',
  { skip: posixOnly },
  (t) => {
    const root = tempDir(t);
    const java = fakeJdk(path.join(root, 'jvm', 'jdk-21'), '21');
    const extensionDir = path.join(root, 'extension');
    const base = {
      extensionDir,
      env: {},
      platform: 'linux',
      homedir: path.join(root, 'home'),
      locations: [{ dir: path.join(root, 'jvm'), suffix: '' }],
    };

    const missing = planServer(base);
    assert.equal(missing.command, undefined);
    assert.equal(missing.reason, `the bundled server jar is missing (${bundledJar(extensionDir)})`);

    fs.mkdirSync(path.join(extensionDir, 'server'), { recursive: true });
    fs.writeFileSync(bundledJar(extensionDir), 'jar');
    const plan = planServer(base);
    assert.deepEqual(
      [plan.command, ...plan.args],
      [java, ...serverCommand(java, bundledJar(extensionDir)).args],
    );

    const own = path.join(root, 'home', 'nnc.jar');
    fs.mkdirSync(path.dirname(own), { recursive: true });
    fs.writeFileSync(own, 'jar');
    assert.equal(planServer({ ...base, serverJar: '~/nnc.jar' }).jar, own);
    assert.match(
      planServer({ ...base, serverJar: '/no/such.jar' }).reason,
      /^the jar of setting nnc\.server\.jar is missing/,
    );

    const off = planServer({ ...base, enabled: false });
    assert.equal(off.disabled, true);
    assert.equal(off.command, undefined);

    const noJava = planServer({ ...base, locations: [] });
    assert.equal(noJava.reason, 'no Java 17+ found (looked in JAVA_HOME, PATH)');
    assert.equal(noJava.hint, 'Set nnc.java.home to a JDK 17 or newer');
  },
);
