/**
 * The synthesized release state machine end to end: real handlers, fake AWS (test/helpers/fakes), simulated
 * time. After every run production is on exactly one version at 100%, the lock is free, the per-release alarms
 * are gone and a record was written and notified.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TargetRequest } from '../../evals/engine/types';
import { ERROR_NAMES, FAILURE_NAMES } from '../../functions/shared/errors';
import { RELEASE_ENV } from '../../functions/runtime/release-env';
import { createReleaseLogger } from '../../functions/shared/middleware';
import { ALIAS, fakeWorld, FUNCTION, NEW_MODEL, versionOf, type FakeWorld } from '../helpers/fakes';
import { lambdaContext } from '../helpers/fakes/lambda';
import { runRelease, synthesizeRelease, taskOf, taskStatesOf, worldFor, type RunResult, type SynthesizedRelease } from '../helpers/release-run';
import { statusChangeEvent } from '../helpers/status-change-event';

import { makeHandler as makeReconciler } from '../../functions/tasks/reconcile/handler';

const REPORT = 's3://ci-reports/junit.xml';
const codeChange = { target: { functionName: FUNCTION }, candidate: { version: '6' }, change: { source: 'manual', commit: 'abc1234', testReport: REPORT } };
const pinChange = { target: { functionName: FUNCTION }, candidate: { modelPins: { configurationVersion: '3' } }, change: { source: 'appconfig' } };

/** Every version answers the fixture suite correctly, except those listed in `bad`. */
const answers = (bad: readonly string[] = []) => (version: string, request: TargetRequest) => ({
  output: `${bad.includes(version) ? 'bad' : 'good'}:${request.input}`,
  latencyMs: 40,
  costUsd: 0.001,
});

function newWorld(bad: readonly string[] = []): FakeWorld {
  const world = worldFor(answers(bad));
  world.registry.add(versionOf('6', { codeSha256: 'code-6' }));
  world.testReports.reports.set(REPORT, { tests: 42, failures: 0, errors: 0, skipped: 0 });
  return world;
}

const target = { functionName: FUNCTION, alias: ALIAS };

/** What must hold after any release, whatever its outcome. */
async function expectCleanEnd(world: FakeWorld, version: string, releaseId = 'rel-1') {
  expect(await world.router.getRouting(target)).toEqual({ version, additionalWeights: {} });
  expect(world.releaseStore.locks.size).toBe(0);
  expect([...world.healthSource.alarms.keys()].filter((name) => name.includes(releaseId))).toEqual([]);
  const record = [...world.releaseStore.records.values()].find((r) => r.releaseId === releaseId);
  expect(record).toBeDefined();
  expect(world.notifier.messages.some((m) => m.subject.includes(FUNCTION))).toBe(true);
  return record!;
}

/** Sets the candidate's live-score alarm when the canary reaches `state`. */
const degradeAt = (state: string) => (name: string, _event: unknown, world: FakeWorld) => {
  if (name === state) world.healthSource.setAlarm('evalgate-rel-1-live-score', 'ALARM', 'Threshold Crossed: live eval pass rate 0.62 < 0.9');
};

describe('release state machine, end to end', () => {
  let machine: SynthesizedRelease;
  beforeAll(() => {
    machine = synthesizeRelease();
  });

  it('serves every Task state with a local handler, so no run can reach AWS', () => {
    const states = [...taskStatesOf(machine.asl.States)];
    expect(states).toEqual(expect.arrayContaining(['Prepare', 'CheckUnitTests', 'RunEvalShard', 'DecideGate', 'ShiftTraffic5', 'CheckHealth25', 'Promote', 'Rollback', 'FinalizePromoted']));
    for (const state of states) expect(() => taskOf(state), state).not.toThrow();
  });

  it('promotes a good code change 5% -> 25% -> 100% in under 200 transitions', async () => {
    // Prepare
    const world = newWorld();

    // Act
    const run = await runRelease(machine, world, { input: codeChange });

    // Assess
    expect(run).toMatchObject({ end: 'Promoted' });
    expect(run.error).toBeUndefined();
    expect(run.transitions).toBeLessThan(200);
    expect(world.router.writes.map((w) => [w.version, w.additionalWeights])).toEqual([
      ['5', { '6': 0.05 }],
      ['5', { '6': 0.25 }],
      ['6', {}],
    ]);
    const record = await expectCleanEnd(world, '6');
    expect(record).toMatchObject({ outcome: 'promoted', release: { stableVersion: '5', candidateVersion: '6', change: { kind: 'code' } }, gate: { decision: 'pass' } });
    expect(world.notifier.messages.at(-1)!.subject).toMatch(/assistant:live 5 -> 6 promoted/);
  });

  it('blocks a regressed candidate at the gate before any traffic moves', async () => {
    const world = newWorld(['6']);
    const run = await runRelease(machine, world, { input: codeChange });
    expect(run.end).toBe(FAILURE_NAMES.gateBlocked);
    expect(run.entered).not.toContain('ShiftTraffic5');
    expect(world.router.writes).toEqual([]);
    const record = await expectCleanEnd(world, '5');
    expect(record.outcome).toBe('blocked');
    expect(record.reasons.join('\n')).toMatch(/echo pass rate 0\.33 < 0\.85/);
  });

  it.each([
    ['the first step (5%)', 'CheckHealth5', [['5', { '6': 0.05 }], ['5', {}]]],
    ['the last step (25%)', 'CheckHealth25', [['5', { '6': 0.05 }], ['5', { '6': 0.25 }], ['5', {}]]],
  ])('rolls back when the canary degrades at %s', async (_, state, writes) => {
    const world = newWorld();
    const run = await runRelease(machine, world, { input: codeChange, before: degradeAt(state) });
    expect(run.end).toBe(FAILURE_NAMES.rolledBack);
    expect(world.router.writes.map((w) => [w.version, w.additionalWeights])).toEqual(writes);
    const record = await expectCleanEnd(world, '5');
    expect(record.outcome).toBe('rolled-back');
    expect(record.reasons.join('\n')).toMatch(/live eval pass rate 0\.62 < 0\.9/);
  });

  it('is back on 100% stable within one health-check interval of the alarm', async () => {
    const world = newWorld();
    let alarmedAt = 0;
    let rolledBackAt = 0;
    await runRelease(machine, world, {
      input: codeChange,
      before: (state, event, w) => {
        if (state === 'CheckHealth25' && alarmedAt === 0) {
          w.healthSource.setAlarm('evalgate-rel-1-errors', 'ALARM', 'Threshold Crossed: error rate 0.12 > 0.05');
          alarmedAt = w.clock.now().getTime() - 60_000;
        }
        if (state === 'Rollback') rolledBackAt = w.clock.now().getTime();
      },
    });
    expect(rolledBackAt - alarmedAt).toBeLessThanOrEqual(60_000);
  });

  it('ends a release stopped mid-canary cleanly: the reconciler puts the alias back and records it aborted', async () => {
    // Prepare
    const world = newWorld();
    const stop = new AbortController();
    const startDate = world.clock.now();

    // Act: StopExecution while the 25% step bakes, then the status change event EventBridge sends for it.
    const run = await runRelease(machine, world, { input: codeChange, signal: stop.signal, before: (state) => (state === 'CheckHealth25' ? stop.abort() : undefined) });
    const leftBehind = { routing: await world.router.getRouting(target), lock: world.releaseStore.locks.get(`${FUNCTION}:${ALIAS}`)?.releaseId };
    const event = statusChangeEvent({ name: 'rel-1', status: 'ABORTED', input: codeChange, startDate, stopDate: world.clock.now(), cause: 'aborted by alice: bad answers on slack' });
    const result = await makeReconciler({ ...world, logger: createReleaseLogger() })(event, lambdaContext());

    // Assess: no Catch and no Finalize ran, so the split was the reconciler's to undo.
    expect(run.end).toBe('CheckHealth25');
    expect(run.entered.some((state) => state.startsWith('Finalize') || state === 'Rollback')).toBe(false);
    expect(leftBehind).toEqual({ routing: { version: '5', additionalWeights: { '6': 0.25 } }, lock: 'rel-1' });
    expect(result).toMatchObject({ status: 'reconciled', releaseId: 'rel-1', outcome: 'aborted' });
    const record = await expectCleanEnd(world, '5');
    expect(record).toMatchObject({ outcome: 'aborted', reasons: ['aborted by alice: bad answers on slack', 'alias live back at 100% on version 5'] });
    expect(world.notifier.messages.at(-1)!.subject).toBe('evalgate: assistant:live 5 -> 6 aborted');
  });

  it('refuses a second release of the same alias and leaves the first one unaffected', async () => {
    const world = newWorld();
    world.registry.add(versionOf('7', { codeSha256: 'code-7' }));
    let rival: RunResult | undefined;
    const first = await runRelease(machine, world, {
      input: codeChange,
      before: async (state) => {
        if (state === 'CheckHealth5' && !rival) {
          rival = await runRelease(machine, world, { input: { ...codeChange, candidate: { version: '7' } }, executionName: 'rel-2' });
        }
      },
    });
    expect(rival!.end).toBe(FAILURE_NAMES.refused);
    const refused = world.releaseStore.records.size > 0 ? [...world.releaseStore.records.values()].find((r) => r.releaseId === 'rel-2') : undefined;
    expect(refused).toMatchObject({ outcome: 'refused' });
    expect(refused!.reasons.join('\n')).toMatch(/release rel-1 already in progress for assistant:live/);
    expect(first.end).toBe('Promoted');
    await expectCleanEnd(world, '6');
  });

  it('refuses a release that changes both the prompt and the model before any eval runs', async () => {
    const world = newWorld();
    world.registry.add(versionOf('7', { environment: { [RELEASE_ENV.modelId]: NEW_MODEL, [RELEASE_ENV.promptSha]: 'prompt-b' } }));
    const run = await runRelease(machine, world, { input: { ...codeChange, candidate: { version: '7' } } });
    expect(run.end).toBe(FAILURE_NAMES.refused);
    expect(run.entered).not.toContain('RunEvals');
    expect(world.appInvoker.targets).toEqual([]);
    const record = await expectCleanEnd(world, '5');
    expect(record.reasons.join('\n')).toMatch(/a prompt change and a model change never ship in the same release/);
  });

  it('rolls back to 100% stable when a task fails for good after the first shift', async () => {
    const world = newWorld();
    const run = await runRelease(machine, world, {
      input: codeChange,
      before: (state, _event, w) => {
        if (state === 'ShiftTraffic25') w.router.failNext('setWeight', Object.assign(new Error('AccessDeniedException: not authorized'), { name: 'AccessDeniedException' }));
      },
    });
    expect(run.end).toBe(FAILURE_NAMES.rolledBack);
    const record = await expectCleanEnd(world, '5');
    expect(record.reasons.join('\n')).toMatch(/AccessDeniedException/);
  });

  it.each([
    ['blocks, after waiting five minutes of retries, a candidate that emits no live scores', Infinity, FAILURE_NAMES.gateBlocked, 6],
    ['waits for live scores that reach CloudWatch late, and carries on', 2, 'Promoted', 3],
  ])('%s', async (_, lateBy, end, gateRuns) => {
    // Prepare: version 6 answers well but its live scores arrive only after `lateBy` retries of DecideGate (never: Infinity)
    let world!: FakeWorld;
    world = fakeWorld({ app: (version, request) => (version === '5' && world.healthSource.emitLiveScore(FUNCTION, version, world.clock.now()), answers()(version, request)) });
    world.registry.add(versionOf('6', { codeSha256: 'code-6' }));
    world.testReports.reports.set(REPORT, { tests: 42, failures: 0, errors: 0, skipped: 0 });
    let runs = 0;
    const started = world.clock.now().getTime();

    // Act
    const run = await runRelease(machine, world, {
      input: codeChange,
      before: (state, _event, w) => {
        if (state !== 'DecideGate') return;
        runs += 1;
        if (runs > lateBy) w.healthSource.emitLiveScore(FUNCTION, '6', new Date(started));
      },
    });

    // Assess
    expect(run.end).toBe(end);
    expect(runs).toBe(gateRuns);
    const record = await expectCleanEnd(world, end === 'Promoted' ? '6' : '5');
    if (end !== 'Promoted') expect(record.reasons).toContain('candidate version 6 emitted no live eval-score metrics during the eval run');
  });

  it('rolls back, unpromoted, a candidate the canary saw serve almost nobody', async () => {
    // Act: 1 request a minute: 1.5 reach the candidate in the 30 minutes at 5%, 7.5 per 30 at 25%; 50 are needed
    // before Promote, and the last step bakes on for three more bakes (2 h at 25%, 30 requests) before it gives up
    const world = newWorld();
    const run = await runRelease(machine, world, { input: codeChange, rpm: 1 });

    // Assess
    expect(run.end).toBe(FAILURE_NAMES.rolledBack);
    expect(run.entered).not.toContain('Promote');
    const record = await expectCleanEnd(world, '5');
    expect(record.reasons.join('\n')).toMatch(/too little traffic to judge the candidate: \d+ of the 50 live requests required reached version 6/);
  });

  it('retries a transient fault and carries on', async () => {
    const world = newWorld();
    let failed = false;
    const run = await runRelease(machine, world, {
      input: codeChange,
      before: (state, _event, w) => {
        if (state === 'Promote' && !failed) {
          failed = true;
          w.router.failNext('setWeight', Object.assign(new Error('conflicting update'), { name: ERROR_NAMES.transient }));
        }
      },
    });
    expect(run.end).toBe('Promoted');
    expect(run.entered.filter((s) => s === 'Promote').length).toBeGreaterThanOrEqual(1);
    await expectCleanEnd(world, '6');
  });

  it('releases a model-pin change and reverts AppConfig when it is rolled back', async () => {
    const world = newWorld();
    // The stable code's tests passed when version 5 was released: a model-only change reuses that evidence.
    await world.releaseStore.recordTestEvidence(FUNCTION, 'code-5', { source: 's3-junit', reference: REPORT, tests: 42, failures: 0, errors: 0, skipped: 0 });
    await world.pinStore.deploy('3', 'the pin change that started this release');
    const run = await runRelease(machine, world, { input: pinChange, before: degradeAt('CheckHealth5') });
    expect(run.end).toBe(FAILURE_NAMES.rolledBack);
    const published = world.registry.published[0]!.version;
    expect(published.environment[RELEASE_ENV.modelId]).toBe(NEW_MODEL);
    expect(published.codeSha256).toBe('code-5');
    expect(await world.pinStore.deployedVersion()).toBe('2');
    const record = await expectCleanEnd(world, '5');
    expect(record.release!.change.kind).toBe('model');
  });
});
