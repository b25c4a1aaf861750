/**
 * Every scenario of the local stage end to end: the synthesized state machine, the real handlers, the local
 * adapters (state in a temporary folder), the sample assistant's versions in workers and live traffic through
 * the alias. Asserts the final alias, the AppConfig pins, the release record, the lock and the notifications.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAssembly } from '../helpers/demo-assembly';
import demo from '../../lib/demo/scenarios';
import { openProject, type OpenedProject } from '../../lib/local-stage/project';
import { runScenario, type ScenarioResult } from '../../lib/local-stage/run-scenario';

let project: OpenedProject;
let baseDir = '';
const lines: string[] = [];
const run = (name: string) =>
  runScenario(demo.scenarios.find((s) => s.name === name)!, { ...project, junit: demo.junit, baseDir, print: (line) => lines.push(line) });
const state = (result: ScenarioResult, file: string) => JSON.parse(readFileSync(join(result.dir, file), 'utf8'));

beforeAll(async () => {
  project = await openProject({ appDir: process.cwd(), template: await demoAssembly('fast'), traffic: 'evals/traffic', context: {}, environment: {} });
  baseDir = mkdtempSync(join(tmpdir(), 'evalgate-stage-'));
}, 120_000);
afterAll(() => rmSync(baseDir, { recursive: true, force: true }));

describe('local stage scenarios', () => {
  it('prompt-change: a better prompt bundle passes the gate against the live one and is promoted 5% -> 25% -> 100%', async () => {
    const result = await run('prompt-change');
    expect(result).toMatchObject({ ok: true, end: 'Promoted', serving: '2', pins: '1' });
    expect(result.record!.release!.change.kind).toBe('prompt');
    expect(result.record!.gate!.decision).toBe('pass');
    // The machine of these tests bakes each step 5 minutes, checked every minute: five health checks a step.
    expect(lines.join('\n')).toMatch(/ShiftTraffic5: 5% [\s\S]*5 health checks over 5 simulated min[\s\S]*ShiftTraffic25: 25% [\s\S]*5 health checks over 5 simulated min[\s\S]*Promote/);
  }, 120_000);

  it('unpinned-model: refused by the AppConfig validator and by Prepare, nothing changed', async () => {
    const result = await run('unpinned-model');
    expect(result).toMatchObject({ ok: true, end: 'ReleaseRefused', serving: '1', pins: '1' });
    expect(lines.join('\n')).toMatch(/AppConfig validator: .*modelId 'gpt-4o' is not pinned/);
    expect(result.record!.reasons.join('\n')).toMatch(/claude-3-5-sonnet-latest' is not pinned/);
    expect(state(result, 'appconfig.json').versions).not.toHaveProperty('2');
  });

  it('regressed-model: blocked at the gate with the regressed cases in the report, no traffic moved, AppConfig reverted', async () => {
    const result = await run('regressed-model');
    expect(result).toMatchObject({ ok: true, end: 'GateBlocked', serving: '1', pins: '1' });
    expect(result.record!.reasons.join('\n')).toMatch(/quality regressed against the baseline/);
    expect(result.record!.reasons).toContain('model pins reverted to configuration 1');
    expect(state(result, 'appconfig.json').deployments.at(-1)).toMatchObject({ configurationVersion: '1', description: '[evalgate] revert of blocked release rel-regressed-model' });
    expect(lines.join('\n')).toMatch(/regressed cases \(\d+\):\n {5}quality\/classic_revenue_summary: contains: output does not contain '4\.2M'/);
    const summary = readFileSync(join(result.dir, 'reports/releases/rel-regressed-model/summary.md'), 'utf8');
    expect(summary).toMatch(/Regressions/);
    expect(summary).toMatch(/quality\/classic\\_json\\_extraction/);
  });

  it('live-regression: passes the gate, degrades on live traffic at 5%, rolled back with AppConfig reverted', async () => {
    const result = await run('live-regression');
    expect(result).toMatchObject({ ok: true, end: 'RolledBack', serving: '1', pins: '1' });
    expect(result.record!.reasons.join('\n')).toMatch(/live-score is ALARM/);
    const timeline = lines.join('\n');
    expect(timeline).toMatch(/ShiftTraffic5/);
    expect(timeline.split('live-regression: pin change')[1]).not.toMatch(/ShiftTraffic25/);
    expect(JSON.stringify(state(result, 'alarms.json'))).not.toMatch(/evalgate-rel-live-regression/);
    expect(Object.keys(state(result, 'releases.json').locks)).toEqual([]);
  });

  it('mixed-change: refused before any eval runs', async () => {
    const result = await run('mixed-change');
    expect(result).toMatchObject({ ok: true, end: 'ReleaseRefused', serving: '1', transitions: 3 });
    expect(result.record!.reasons.join('\n')).toMatch(/a prompt change and a model change never ship in the same release/);
  });

  it('concurrent-release: the second release is refused, the first promoted', async () => {
    const result = await run('concurrent-release');
    expect(result).toMatchObject({ ok: true, end: 'Promoted', serving: '3' });
    expect(lines.join('\n')).toMatch(/second release rel-concurrent-2 -> ReleaseRefused/);
    const notified = state(result, 'notifications.json');
    expect(JSON.stringify(notified)).toMatch(/1 -> 3 promoted/);
  }, 120_000);
});
