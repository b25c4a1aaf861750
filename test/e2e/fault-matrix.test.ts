/**
 * Fault injection over the synthesized state machine: every task, at every canary step, fails once with a
 * retryable error (the release must carry on as if nothing happened) and fails for good (the release must end
 * cleanly). After every run: the alias at 100% on exactly one version (stable unless promoted), the lock free,
 * a record written, no per-release alarm left.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_NAMES, FAILURE_NAMES } from '../../functions/shared/errors';
import { ALIAS, FUNCTION, versionOf, type FakeWorld } from '../helpers/fakes';
import { runRelease, synthesizeRelease, taskStatesOf, worldFor, type SynthesizedRelease } from '../helpers/release-run';

const REPORT = 's3://ci-reports/junit.xml';
const input = { target: { functionName: FUNCTION }, candidate: { version: '6' }, change: { source: 'manual', testReport: REPORT } };

function newWorld(): FakeWorld {
  const world = worldFor((_version, request) => ({ output: `good:${request.input}`, latencyMs: 40, costUsd: 0.001 }));
  world.registry.add(versionOf('6', { codeSha256: 'code-6' }));
  world.testReports.reports.set(REPORT, { tests: 42, failures: 0, errors: 0, skipped: 0 });
  return world;
}

async function expectCleanEnd(world: FakeWorld, promoted: boolean) {
  expect(await world.router.getRouting({ functionName: FUNCTION, alias: ALIAS })).toEqual({ version: promoted ? '6' : '5', additionalWeights: {} });
  expect(world.releaseStore.locks.size).toBe(0);
  expect([...world.releaseStore.records.values()].map((r) => r.releaseId)).toEqual(['rel-1']);
  expect([...world.healthSource.alarms.keys()].filter((name) => name.startsWith('evalgate-rel-1'))).toEqual([]);
}

const transient = () => Object.assign(new Error('injected: throttled'), { name: ERROR_NAMES.transient });
const permanent = () => Object.assign(new Error('injected: permanent fault'), { name: 'InjectedFaultError' });

describe('fault matrix', () => {
  let machine: SynthesizedRelease;
  // Every Task state a promoted release passes through; Rollback and the Finalize states are covered below.
  let tasks: string[] = [];
  beforeAll(() => {
    machine = synthesizeRelease();
    tasks = [...taskStatesOf(machine.asl.States)].filter((s) => s !== 'Rollback' && !s.startsWith('Finalize'));
  });

  it('covers every task state of the machine', () => {
    expect([...tasks].sort()).toEqual(['CheckHealth25', 'CheckHealth5', 'CheckUnitTests', 'DecideGate', 'Prepare', 'Promote', 'RunEvalShard', 'ShiftTraffic25', 'ShiftTraffic5']);
  });

  it('carries on after a retryable fault in any task', async () => {
    for (const faulty of tasks) {
      const world = newWorld();
      let thrown = false;
      const run = await runRelease(machine, world, {
        input,
        before: (state) => {
          if (state === faulty && !thrown) {
            thrown = true;
            throw transient();
          }
        },
      });
      expect(thrown, faulty).toBe(true);
      expect(run.end, faulty).toBe('Promoted');
      await expectCleanEnd(world, true);
    }
  });

  it('ends cleanly after a permanent fault in any task', async () => {
    for (const faulty of tasks) {
      const world = newWorld();
      const run = await runRelease(machine, world, {
        input,
        before: (state) => {
          if (state === faulty) throw permanent();
        },
      });
      const shifted = run.entered.includes('ShiftTraffic5');
      expect(run.end, faulty).toBe(shifted ? FAILURE_NAMES.rolledBack : FAILURE_NAMES.refused);
      await expectCleanEnd(world, false);
      const record = [...world.releaseStore.records.values()][0]!;
      expect(record.reasons.join('\n'), faulty).toMatch(/injected: permanent fault/);
    }
  });

  it.each([['a retryable fault in Rollback', transient], ['a retryable fault in FinalizeRolledBack', transient]])('still rolls back cleanly with %s', async (name, fault) => {
    const world = newWorld();
    const faulty = name.split(' in ')[1]!;
    let thrown = false;
    const run = await runRelease(machine, world, {
      input,
      before: (state, _event, w) => {
        if (state === 'CheckHealth5') w.healthSource.setAlarm('evalgate-rel-1-errors', 'ALARM', 'Threshold Crossed: error rate 0.2 > 0.05');
        if (state === faulty && !thrown) {
          thrown = true;
          throw fault();
        }
      },
    });
    expect(thrown).toBe(true);
    expect(run.end).toBe(FAILURE_NAMES.rolledBack);
    await expectCleanEnd(world, false);
  });
});
