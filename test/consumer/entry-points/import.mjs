// Runs the ESM builds: import of every entry point, as an ESM app or a bundler's output does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

// The app's own install (the packed tarball), never another copy further up the tree.
const installed = new URL('../node_modules/evalgate/', import.meta.url).href;

// The exports each entry point must have (the same list as require.cjs).
const entries = JSON.parse(readFileSync(new URL('./entries.json', import.meta.url), 'utf8'));
for (const [entry, names] of Object.entries(entries)) {
  const module = await import(entry);
  for (const name of names) assert.ok(module[name] !== undefined, `import('${entry}').${name} is missing`);
  const url = import.meta.resolve(entry);
  assert.ok(url.startsWith(installed) && url.endsWith('.mjs'), `import('${entry}') must load the app's ESM build, got: ${url}`);
}
console.log(`import: ${Object.keys(entries).join(', ')}`);
