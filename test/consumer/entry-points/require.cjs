// Runs the CommonJS builds: require() of every entry point, as a CommonJS CDK app or handler does.
const assert = require('node:assert/strict');
const { join } = require('node:path');

// The app's own install (the packed tarball), never another copy further up the tree.
const installed = join(__dirname, '..', 'node_modules', 'evalgate');

// The exports each entry point must have (the same list as import.mjs).
const entries = require('./entries.json');
for (const [entry, names] of Object.entries(entries)) {
  const module = require(entry);
  for (const name of names) assert.ok(module[name] !== undefined, `require('${entry}').${name} is missing`);
  const file = require.resolve(entry);
  assert.ok(file.startsWith(installed) && file.endsWith('.cjs'), `require('${entry}') must load the app's CommonJS build, got: ${file}`);
}
console.log(`require(): ${Object.keys(entries).join(', ')}`);
