import { beforeEach, describe, expect, it } from 'vitest';
import { finalize } from '../../../functions/release/finalize';
import { lockKey } from '../../../functions/release/prepare';
import type { FinalizeEvent } from '../../../functions/release/record';
import type { GateOutcome, HealthVerdict, Release } from '../../../functions/release/state';
import { ERROR_NAMES, TransientReleaseError } from '../../../functions/shared/errors';
import { ALIAS, fakeWorld, FUNCTION, GOOD_MODEL, NEW_MODEL, releaseOf, STABLE, versionOf, type FakeWorld } from '../../helpers/fakes';

const KEY = lockKey(FUNCTION, ALIAS);
const input = { target: { functionName: FUNCTION }, candidate: { version: '6' }, change: { source: 'manual' } };
const release = releaseOf();
const gate: GateOutcome = { decision: 'block', reasons: ['echo pass rate 0.67 < 0.90'], reportKey: 'releases/rel-1/report.json', suites: [] };
const degraded: HealthVerdict = { verdict: 'degraded', bakeComplete: false, reasons: ['alarm evalgate-rel-1-errors is ALARM: 3 errors'], checkedAt: '2025-01-01T10:20:00.000Z' };
const event = (overrides: Partial<FinalizeEvent>): FinalizeEvent => ({ outcome: 'promoted', input, executionName: 'rel-1', release, ...overrides });
/** A model-pin change 2 -> 3; `null`: the stable version predates pin tracking (no configuration version to return to). */
const modelRelease = (previousConfigurationVersion: string | null = '2'): Release =>
  releaseOf({
    change: { source: 'appconfig', kind: 'model' },
    pins: { configurationVersion: '3', ...(previousConfigurationVersion ? { previousConfigurationVersion } : {}), proposed: { modelId: NEW_MODEL }, previous: { modelId: GOOD_MODEL } },
  });
const pinChangeInput = { target: { functionName: FUNCTION }, candidate: { modelPins: { configurationVersion: '3' } }, change: { source: 'appconfig' } };
const modelEvent = (overrides: Partial<FinalizeEvent>, previous?: string | null): FinalizeEvent =>
  event({ input: pinChangeInput, release: modelRelease(previous), ...overrides });

describe('finalize', () => {
  let world: FakeWorld;

  beforeEach(async () => {
    world = fakeWorld();
    world.clock.set('2025-01-01T10:45:00Z');
    await world.releaseStore.acquireLock(KEY, 'rel-1', new Date('2025-01-01T11:30:00Z'));
    for (const name of release.alarmNames) world.healthSource.setAlarm(name, 'OK');
  });

  it('cleans up, records and notifies a promotion', async () => {
    // Act
    const record = await finalize(event({ outcome: 'promoted', gate: { ...gate, decision: 'pass', reasons: ['echo pass rate 1.00 >= 0.90'] } }), world);

    // Assess
    expect(record).toMatchObject({
      releaseId: 'rel-1',
      functionName: FUNCTION,
      alias: ALIAS,
      outcome: 'promoted',
      reasons: ['echo pass rate 1.00 >= 0.90'],
      input,
      startedAt: '2025-01-01T10:00:00.000Z',
      endedAt: '2025-01-01T10:45:00.000Z',
      durationMs: 45 * 60_000,
    });
    expect(world.healthSource.alarms.size).toBe(0);
    expect(world.releaseStore.locks.has(KEY)).toBe(false);
    expect(world.releaseStore.records.get('rel-1')).toEqual(record);
    expect(await world.reportStore.getJson('releases/rel-1/record.json')).toEqual(record);
    expect(world.notifier.messages).toEqual([
      {
        subject: 'evalgate: assistant:live 5 -> 6 promoted',
        message: {
          releaseId: 'rel-1',
          functionName: FUNCTION,
          alias: ALIAS,
          outcome: 'promoted',
          reasons: ['echo pass rate 1.00 >= 0.90'],
          stableVersion: '5',
          candidateVersion: '6',
          kind: 'code',
          reportKey: 'releases/rel-1/report.json',
          recordKey: 'releases/rel-1/record.json',
          durationMs: 45 * 60_000,
        },
      },
    ]);
  });

  it.each<[string, Partial<FinalizeEvent>, string, string[]]>([
    ['a blocked gate', { outcome: 'blocked', gate }, 'evalgate: assistant:live 5 -> 6 blocked', ['echo pass rate 0.67 < 0.90']],
    ['a degraded canary', { outcome: 'rolled-back', gate, health: degraded }, 'evalgate: assistant:live 5 -> 6 rolled-back', degraded.reasons as string[]],
    [
      'a degraded canary as the state machine reports it (its reasons as the JSON Cause of $.error)',
      { outcome: 'rolled-back', gate, error: { Error: ERROR_NAMES.canaryDegraded, Cause: JSON.stringify([...degraded.reasons, 'alarm evalgate-rel-1-live-score is ALARM: "score" 0.7']) } },
      'evalgate: assistant:live 5 -> 6 rolled-back',
      [...degraded.reasons, 'alarm evalgate-rel-1-live-score is ALARM: "score" 0.7'],
    ],
    [
      'a degraded canary once, with both the verdict and the error made of it',
      { outcome: 'rolled-back', gate, health: degraded, error: { Error: ERROR_NAMES.canaryDegraded, Cause: JSON.stringify(degraded.reasons) } },
      'evalgate: assistant:live 5 -> 6 rolled-back',
      degraded.reasons as string[],
    ],
    [
      'a degraded canary whose Cause is not the JSON list, as any other error',
      { outcome: 'rolled-back', error: { Error: ERROR_NAMES.canaryDegraded, Cause: '["alarm x is ALARM: "p99"' } },
      'evalgate: assistant:live 5 -> 6 rolled-back',
      ['CanaryDegraded: ["alarm x is ALARM: "p99"'],
    ],
    [
      'a fault after the first shift (AWS Cause: JSON)',
      { outcome: 'rolled-back', error: { Error: 'TrafficVerificationError', Cause: '{"errorType":"TrafficVerificationError","errorMessage":"alias live did not read back","trace":[]}' } },
      'evalgate: assistant:live 5 -> 6 rolled-back',
      ['TrafficVerificationError: alias live did not read back'],
    ],
    ['missing unit-test evidence', { outcome: 'aborted', error: { Error: 'MissingTestEvidenceError', Cause: 'no unit-test evidence' } }, 'evalgate: assistant:live 5 -> 6 refused', ['MissingTestEvidenceError: no unit-test evidence']],
    ['an eval shard that broke', { outcome: 'aborted', error: { Error: 'States.TaskFailed', Cause: 'boom' } }, 'evalgate: assistant:live 5 -> 6 failed', ['States.TaskFailed: boom']],
    ['missing evidence reported as failed', { outcome: 'failed', error: { Error: 'MissingTestEvidenceError' } }, 'evalgate: assistant:live 5 -> 6 refused', ['MissingTestEvidenceError']],
  ])('records %s', async (_name, overrides, subject, reasons) => {
    // Act
    const record = await finalize(event(overrides), world);

    // Assess
    expect(record.reasons).toEqual(reasons);
    expect(world.notifier.messages.map((m) => m.subject)).toEqual([subject]);
    expect(world.releaseStore.locks.has(KEY)).toBe(false);
  });

  it('records a refused Prepare without touching the lock another release holds', async () => {
    // Prepare
    world.releaseStore.locks.set(KEY, { releaseId: 'rel-0', expiresAt: new Date('2025-01-01T11:30:00Z') });
    world.healthSource.alarms.clear();
    world.healthSource.setAlarm('evalgate-rel-0-errors', 'OK');

    // Act
    const record = await finalize(
      { outcome: 'refused', input, executionName: 'rel-1', error: { Error: 'ReleaseLockedError', Cause: 'release rel-0 already in progress for assistant:live' } },
      world,
    );

    // Assess
    expect(record).toMatchObject({ releaseId: 'rel-1', functionName: FUNCTION, alias: ALIAS, outcome: 'refused', reasons: ['ReleaseLockedError: release rel-0 already in progress for assistant:live'] });
    expect(record).not.toHaveProperty('durationMs');
    expect(world.releaseStore.locks.get(KEY)?.releaseId).toBe('rel-0');
    expect([...world.healthSource.alarms.keys()]).toEqual(['evalgate-rel-0-errors']);
    expect(world.notifier.messages.map((m) => m.subject)).toEqual(['evalgate: assistant:live refused']);
  });

  it('frees the lock and deletes the alarms of a Prepare killed by its timeout, which left no Release', async () => {
    // Prepare: Prepare took the lock and created the alarms, then Lambda ended it (Sandbox.Timedout)
    world.healthSource.alarms.clear();
    const killed = { ...input, target: { functionName: `arn:aws:lambda:us-east-1:123456789012:function:${FUNCTION}` } };
    for (const name of ['evalgate-rel-1-errors', 'evalgate-rel-1-p99', 'evalgate-rel-1-live-score', 'evalgate-rel-0-errors']) world.healthSource.setAlarm(name, 'INSUFFICIENT_DATA');

    // Act
    const record = await finalize({ outcome: 'failed', input: killed, executionName: 'rel-1', error: { Error: 'Sandbox.Timedout', Cause: 'Task timed out after 60.00 seconds' } }, world);

    // Assess
    expect(record).toMatchObject({ outcome: 'failed', functionName: FUNCTION });
    expect(world.releaseStore.locks.has(KEY)).toBe(false);
    expect([...world.healthSource.alarms.keys()]).toEqual(['evalgate-rel-0-errors']);
  });

  it('records a refusal of input too malformed to name its target', async () => {
    // Act
    const record = await finalize({ outcome: 'refused', input: { candidate: 7 }, executionName: 'rel-9', error: { Error: 'InvalidReleaseInputError', Cause: 'target: required' } }, world);

    // Assess
    expect(record).toMatchObject({ functionName: 'unknown-function', alias: 'live', input: { candidate: 7 } });
  });

  it.each([
    ['deleteAlarms', 'delete the release alarms'],
    ['releaseLock', 'release the lock'],
    ['putRecord', 'store the record'],
    ['putJson', 'write the record to the reports bucket'],
    ['notify', 'notify'],
  ] as const)('attempts every step when %s fails, then asks for a retry', async (method, step) => {
    // Prepare
    const fakes = { deleteAlarms: world.healthSource, releaseLock: world.releaseStore, putRecord: world.releaseStore, putJson: world.reportStore, notify: world.notifier };
    (fakes[method] as { failNext(method: string, error: Error): unknown }).failNext(method, new Error('service unavailable'));

    // Act
    const act = finalize(event({ outcome: 'blocked', gate }), world);

    // Assess
    await expect(act).rejects.toThrow(new TransientReleaseError(`finalize of release rel-1 is incomplete: could not ${step}: service unavailable`));
    const done = {
      deleteAlarms: world.healthSource.alarms.size === 0,
      releaseLock: !world.releaseStore.locks.has(KEY),
      putRecord: world.releaseStore.records.has('rel-1'),
      putJson: world.reportStore.objects.has('releases/rel-1/record.json'),
      notify: world.notifier.messages.length === 1,
    };
    expect(done).toEqual({ deleteAlarms: true, releaseLock: true, putRecord: true, putJson: true, notify: true, [method]: false });
  });

  it('completes on retry', async () => {
    // Prepare
    world.releaseStore.failNext('putRecord', new Error('throttled'));
    await finalize(event({ outcome: 'blocked', gate }), world).catch(() => undefined);

    // Act
    const record = await finalize(event({ outcome: 'blocked', gate }), world);

    // Assess
    expect(world.releaseStore.records.get('rel-1')).toEqual(record);
  });

  describe('model pins', () => {
    const deployed = () => world.pinStore.deployments.map((d) => d.configurationVersion);

    const candidate = versionOf('6', { environment: { EVALGATE_MODEL_ID: NEW_MODEL, EVALGATE_PINS_VERSION: '3' } });

    beforeEach(async () => {
      // The AppConfig trigger deployed the new pins, then started the release; Prepare published the candidate from $LATEST.
      await world.pinStore.deploy('3', 'the pin change that started the release');
      world.registry.add(candidate);
      world.registry.deployLatest(FUNCTION, candidate);
    });

    it("stops the pin change's own deployment while it still bakes, which AppConfig would not let a revert run beside", async () => {
      // Prepare: the person's deployment of configuration 3 uses a strategy with a bake, and is still baking
      world = fakeWorld();
      world.clock.set('2025-01-01T10:45:00Z');
      await world.pinStore.startDeployment('3', 'the pin change that started the release');
      await expect(world.pinStore.deploy('2', 'anything')).rejects.toMatchObject({ name: 'DeploymentInProgressError' });

      // Act
      const record = await finalize(modelEvent({ outcome: 'blocked', gate }), world);

      // Assess
      expect(world.pinStore.stopped).toEqual([2]);
      expect(await world.pinStore.deployedVersion()).toBe('2');
      expect(record.reasons).toContain('model pins reverted to configuration 2: deployment 2 of configuration 3, still in progress, was stopped and rolled back by AppConfig');
    });

    it("gives $LATEST the stable version's environment back when the release does not promote", async () => {
      // Act
      await finalize(modelEvent({ outcome: 'blocked', gate }), world);

      // Assess
      expect(world.registry.latestOf(FUNCTION)).toEqual({ codeSha256: STABLE.codeSha256, environment: STABLE.environment });
    });

    it('leaves $LATEST with the promoted pins, and alone once someone deployed to it', async () => {
      // Act
      await finalize(modelEvent({ outcome: 'promoted' }), world);
      world.registry.deployLatest(FUNCTION, { codeSha256: 'code-9', environment: {} });
      await finalize(modelEvent({ outcome: 'blocked', gate, executionName: 'rel-2' }), world);

      // Assess
      expect(world.registry.latestOf(FUNCTION)).toEqual({ codeSha256: 'code-9', environment: {} });
    });

    it.each<[string, Partial<FinalizeEvent>, string]>([
      ['blocked at the gate', { outcome: 'blocked', gate }, 'blocked'],
      ['refused after Prepare (missing unit-test evidence)', { outcome: 'aborted', error: { Error: 'MissingTestEvidenceError', Cause: 'no unit-test evidence' } }, 'refused'],
      ['failed before any traffic (an eval shard broke)', { outcome: 'aborted', error: { Error: 'States.TaskFailed', Cause: 'boom' } }, 'failed'],
      ['failed in Rollback after its retries', { outcome: 'failed', gate, error: { Error: 'TrafficVerificationError', Cause: 'alias live did not read back' } }, 'failed'],
    ])('reverts AppConfig to the pins the stable version runs when the release is %s', async (_name, overrides, outcome) => {
      // Act
      const record = await finalize(modelEvent(overrides), world);

      // Assess
      expect(record.outcome).toBe(outcome);
      expect(await world.pinStore.deployedVersion()).toBe('2');
      expect(world.pinStore.deployments.at(-1)).toEqual({ configurationVersion: '2', description: `[evalgate] revert of ${outcome} release rel-1` });
      expect(record.reasons.at(-1)).toBe('model pins reverted to configuration 2');
      expect(world.releaseStore.records.get('rel-1')).toEqual(record);
      expect(world.notifier.messages[0]?.message).toMatchObject({ reasons: record.reasons, kind: 'model' });
      expect(world.releaseStore.locks.has(KEY)).toBe(false);
    });

    it('records the gate reasons first, then what became of the pins', async () => {
      // Act
      const record = await finalize(modelEvent({ outcome: 'blocked', gate }), world);

      // Assess
      expect(record.reasons).toEqual(['echo pass rate 0.67 < 0.90', 'model pins reverted to configuration 2']);
    });

    it('frees the lock only once the pins are back', async () => {
      // Prepare
      const lockHeldAtDeploy: boolean[] = [];
      const deploy = world.pinStore.deploy.bind(world.pinStore);
      world.pinStore.deploy = async (version, description) => {
        lockHeldAtDeploy.push(world.releaseStore.locks.has(KEY));
        await deploy(version, description);
      };

      // Act
      await finalize(modelEvent({ outcome: 'blocked', gate }), world);

      // Assess
      expect(lockHeldAtDeploy).toEqual([true]);
      expect(world.releaseStore.locks.has(KEY)).toBe(false);
    });

    it('is a no-op when AppConfig already serves the previous pins, and says so', async () => {
      // Prepare: a retried Finalize, or a release whose pins were never deployed.
      await world.pinStore.deploy('2', 'reverted earlier');
      const before = deployed();

      // Act
      const record = await finalize(modelEvent({ outcome: 'blocked', gate }), world);

      // Assess
      expect(deployed()).toEqual(before);
      expect(record.reasons.at(-1)).toBe('model pins already on configuration 2');
    });

    it('leaves the pins alone when the release is promoted (the new pins are what serves)', async () => {
      // Act
      const record = await finalize(modelEvent({ outcome: 'promoted', gate: { ...gate, decision: 'pass', reasons: ['echo pass rate 1.00 >= 0.90'] } }), world);

      // Assess
      expect(deployed()).toEqual(['3']);
      expect(record.reasons.join('\n')).not.toMatch(/model pins/);
    });

    it('records where the pins stand after a rollback, finding Rollback\'s revert done', async () => {
      // Prepare: Rollback put configuration 2 back.
      await world.pinStore.deploy('2', '[evalgate] rollback of release rel-1');

      // Act
      const record = await finalize(modelEvent({ outcome: 'rolled-back', gate, health: degraded }), world);

      // Assess
      expect(deployed()).toEqual(['3', '2']);
      expect(record.reasons).toEqual([...degraded.reasons, 'model pins already on configuration 2']);
    });

    it.each<[string, Partial<FinalizeEvent>]>([
      ['blocked', { outcome: 'blocked', gate }],
      ['rolled back', { outcome: 'rolled-back', gate, health: degraded }],
    ])('leaves a configuration deployed after this release alone when it is %s, and says so', async (_name, overrides) => {
      // Prepare: someone deployed configuration 4 while the release ran.
      world.pinStore.add('4', { modelId: 'sim.assistant-2025-04-01' });
      await world.pinStore.deploy('4', 'a newer snapshot');

      // Act
      const record = await finalize(modelEvent(overrides), world);

      // Assess
      expect(deployed()).toEqual(['3', '4']);
      expect(record.reasons.at(-1)).toBe('model pins not reverted to configuration 2: AppConfig serves configuration 4, which this release did not deploy; left to the change that did');
    });

    it.each<[string, Partial<FinalizeEvent>]>([
      ['blocked', { outcome: 'blocked', gate }],
      ['failed', { outcome: 'aborted', error: { Error: 'States.TaskFailed', Cause: 'boom' } }],
    ])('never touches the pins for a %s code change', async (_name, overrides) => {
      // Act
      const record = await finalize(event(overrides), world);

      // Assess
      expect(deployed()).toEqual(['3']);
      expect(record.reasons.join('\n')).not.toMatch(/model pins/);
    });

    it('records that the pins must be reverted by hand when the pipeline has no pin store (modelPins: false), and completes', async () => {
      // Prepare: a model-pin release started before the pipeline was redeployed with modelPins: false.
      const { pinStore: _pinStore, ...withoutPins } = world;

      // Act
      const record = await finalize(modelEvent({ outcome: 'blocked', gate }), withoutPins);

      // Assess
      expect(record.reasons.at(-1)).toBe(
        'model pins not reverted: this pipeline has no pin store (modelPins: false); deploy model pins configuration version 2 in AppConfig by hand',
      );
      expect(world.releaseStore.records.get('rel-1')).toEqual(record);
      expect(world.releaseStore.locks.has(KEY)).toBe(false);
      expect(deployed()).toEqual(['3']);
    });

    it('records that the pins must be reverted by hand when the stable version predates pin tracking', async () => {
      // Act
      const record = await finalize(modelEvent({ outcome: 'blocked', gate }, null), world);

      // Assess
      expect(record.reasons.at(-1)).toMatch(/^model pins not reverted: live version 5 predates pin tracking, so configuration 3 may still be deployed; .* by hand$/);
      expect(deployed()).toEqual(['3']);
    });

    describe('a pin change refused by Prepare (no Release)', () => {
      /** What the AppConfig trigger started: configuration 3 deployed over 2. */
      const triggered = (candidate: unknown = { modelPins: { configurationVersion: '3', previousConfigurationVersion: '2' } }, source = 'appconfig') => ({
        target: { functionName: FUNCTION },
        candidate,
        change: { source },
      });
      const refusal = (input: unknown): FinalizeEvent => ({
        outcome: 'refused',
        input,
        executionName: 'pins-3-d2',
        error: { Error: 'ReleaseLockedError', Cause: 'release rel-0 already in progress for assistant:live' },
      });

      it('puts back the configuration AppConfig served before, and says so', async () => {
        // Act
        const record = await finalize(refusal(triggered()), world);

        // Assess
        expect(world.pinStore.deployments.at(-1)).toEqual({ configurationVersion: '2', description: '[evalgate] revert of refused pin change pins-3-d2' });
        expect(record.reasons).toEqual([
          'ReleaseLockedError: release rel-0 already in progress for assistant:live',
          'model pins reverted to configuration 2: the refused configuration 3 is not live',
        ]);
      });

      it('says the pins are back when a retried Finalize finds them so', async () => {
        // Prepare
        await finalize(refusal(triggered()), world);

        // Act
        const record = await finalize(refusal(triggered()), world);

        // Assess
        expect(deployed()).toEqual(['3', '2']);
        expect(record.reasons.at(-1)).toBe('model pins already on configuration 2');
      });

      it('leaves a configuration deployed since alone', async () => {
        // Prepare
        world.pinStore.add('4', { modelId: 'sim.assistant-2025-04-01' });
        await world.pinStore.deploy('4', 'a newer snapshot');

        // Act
        const record = await finalize(refusal(triggered()), world);

        // Assess
        expect(deployed()).toEqual(['3', '4']);
        expect(record.reasons.at(-1)).toMatch(/^model pins not reverted to configuration 2: AppConfig serves configuration 4/);
      });

      it.each<[string, unknown]>([
        ['a manual model-pin release (AppConfig never deployed it)', triggered(undefined, 'manual')],
        ['a pin change without the previous configuration', triggered({ modelPins: { configurationVersion: '3' } })],
        ['a code change', triggered({ version: '6' }, 'manual')],
        ['input too malformed to read', { candidate: 7 }],
      ])('changes nothing in AppConfig for %s', async (_name, input) => {
        // Act
        const record = await finalize(refusal(input), world);

        // Assess
        expect(deployed()).toEqual(['3']);
        expect(record.reasons.join('\n')).not.toMatch(/model pins/);
      });

      it('records a revert that failed and asks for a retry', async () => {
        // Prepare
        world.pinStore.failNext('deploy', new Error('ThrottlingException'));

        // Act
        const act = finalize(refusal(triggered()), world);

        // Assess
        await expect(act).rejects.toThrow(new TransientReleaseError('finalize of release pins-3-d2 is incomplete: could not revert the model pins to configuration 2: ThrottlingException'));
        expect(world.releaseStore.records.get('pins-3-d2')?.reasons.at(-1)).toBe('could not revert the model pins to configuration 2: ThrottlingException');
      });
    });

    it('attempts every other step when AppConfig fails, records it, asks for a retry, and completes on retry', async () => {
      // Prepare
      world.pinStore.failNext('deploy', new Error('ThrottlingException'));

      // Act
      const act = finalize(modelEvent({ outcome: 'blocked', gate }), world);

      // Assess
      await expect(act).rejects.toThrow(new TransientReleaseError('finalize of release rel-1 is incomplete: could not revert the model pins to configuration 2: ThrottlingException'));
      expect(await world.pinStore.deployedVersion()).toBe('3');
      expect(world.releaseStore.locks.has(KEY)).toBe(false);
      expect(world.healthSource.alarms.size).toBe(0);
      expect(world.releaseStore.records.get('rel-1')?.reasons.at(-1)).toBe('could not revert the model pins to configuration 2: ThrottlingException');

      // Act: the state machine retries
      const record = await finalize(modelEvent({ outcome: 'blocked', gate }), world);

      // Assess
      expect(await world.pinStore.deployedVersion()).toBe('2');
      expect(record.reasons.at(-1)).toBe('model pins reverted to configuration 2');
      expect(world.releaseStore.records.get('rel-1')).toEqual(record);
    });
  });
});
