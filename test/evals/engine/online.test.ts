import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveOnlineChecks } from '../../../evals/engine/online';
import { INTENTS } from '../../../functions/sample-assistant/intents';
import { runCli } from '../../helpers/cli';

let dir = '';
const suite = (name: string, text: string) => {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'evalgate-online-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('deriveOnlineChecks', () => {
  it('applies checks that every case carries to every response, and tag checks to their task', () => {
    // Prepare
    const quality = suite('q', [
      'suite: q',
      'defaults: { assert: [{ type: not-icontains, value: SECRET, online: true }] }',
      'cases:',
      '  - { id: a, input: x, tags: [summarize], assert: [{ type: max-words, value: 50, online: true }, { type: contains, value: "4.2M" }] }',
      '  - { id: b, input: y, tags: [summarize], assert: [{ type: max-words, value: 80, online: true }] }',
      '  - { id: c, input: z, tags: [extract], assert: [{ type: is-json, online: true }, { type: contains, value: Bob }] }',
    ].join('\n'));
    const schema = suite('s', [
      'suite: s',
      'defaults: { assert: [{ type: not-icontains, value: SECRET, online: true }, { type: json-schema, value: { type: object }, online: true }] }',
      'cases:',
      '  - { id: d, input: x, tags: [extract], assert: [{ type: is-json }] }',
    ].join('\n'));

    // Act
    const checks = deriveOnlineChecks([quality, schema], ['summarize', 'extract', 'translate']);

    // Assess
    expect(checks).toEqual({
      all: [{ type: 'not-icontains', value: 'SECRET' }],
      byTag: {
        summarize: [{ type: 'max-words', value: 80 }],
        extract: [{ type: 'is-json' }, { type: 'json-schema', value: { type: 'object' } }],
      },
    });
  });

  it('leaves out assertions that need an expected answer', () => {
    const only = suite('o', 'suite: o\ncases:\n  - { id: a, input: x, tags: [spam], assert: [{ type: starts-with, value: "Verdict: SPAM" }] }');
    expect(deriveOnlineChecks([only], ['spam'])).toEqual({ all: [], byTag: {} });
  });

  it('fails when a suite is invalid', () => {
    const bad = suite('bad', 'suite: bad\ncases:\n  - { id: a, input: x, assert: [{ type: contians, value: y }] }');
    expect(() => deriveOnlineChecks([bad], [])).toThrow(/unknown assertion type 'contians'/);
  });
});

describe('evals/online-checks.json', () => {
  // The sample's live checks are derived for its intents only: the other tags (classic, refund, ...) group cases.
  it(`is up to date with the suites (regenerate: npx evalgate online-checks --tags ${INTENTS.join(',')})`, async () => {
    const { code, stderr } = await runCli(['online-checks', '--tags', INTENTS.join(','), '--check']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
