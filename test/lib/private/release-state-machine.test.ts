import { Duration } from 'aws-cdk-lib';
import { StateMachine } from 'aws-local-stepfunctions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRecord } from '../../../functions/release/record';
import { ERROR_NAMES, FAILURE_NAMES } from '../../../functions/shared/errors';
import type { Asl } from '../../../lib/local-stage/asl';
import { aslOf, buildRelease, idOf, logicalIdOf } from '../stack';

type State = Readonly<Record<string, any>>;

const LAMBDA_ERRORS = ['Lambda.ClientExecutionTimeoutException', 'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];
const TRAFFIC_STATES = /^(ShiftTraffic\d+|Promote|Rollback)$/;

/** The promote path: every Choice takes the way forward (gate passed, bake complete). */
function promotePath(asl: Asl): string[] {
  const path: string[] = [];
  let name: string | undefined = asl.StartAt;
  while (name !== undefined) {
    path.push(name);
    const state: State = asl.States[name]!;
    if (state.Type === 'Choice') {
      const forward = state.Choices.find((choice: State) => choice.StringEquals === 'pass' || choice.BooleanEquals === true);
      name = forward.Next;
    } else {
      name = state.Next;
    }
  }
  return path;
}

/** Task states reachable from `from` (Map item processors included), `from` itself too. */
function reachableTasks(asl: Asl, from: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const state: State = asl.States[name]!;
    const nexts = [state.Next, state.Default, ...(state.Choices ?? []).map((c: State) => c.Next), ...(state.Catch ?? []).map((c: State) => c.Next)];
    for (const next of nexts) if (next) visit(next);
  };
  visit(from);
  return [...seen].filter((name) => asl.States[name]!.Type === 'Task');
}

describe('renderReleaseDefinition with the default steps', () => {
  let asl: Asl;
  let shards: unknown[];
  let functionOf: (state: string) => string;

  beforeAll(() => {
    // Arrange
    const { json, stack, release } = buildRelease();
    asl = aslOf(json);
    const prepareId = idOf(stack, release.taskFunctions.prepare);
    shards = JSON.parse(String((json.Resources[prepareId]!.Properties as any).Environment.Variables.EVALGATE_EVAL_SHARDS));
    functionOf = (state) => (asl.States[state] as State).Resource.split(':function:')[1];
  });

  it('renders the states of the README in order on the promote path', () => {
    expect(promotePath(asl)).toEqual([
      'Prepare', 'CheckUnitTests', 'RunEvals', 'DecideGate', 'GatePassed?',
      'ShiftTraffic5', 'Bake5', 'CheckHealth5', 'Healthy5?',
      'ShiftTraffic25', 'Bake25', 'CheckHealth25', 'Healthy25?',
      'Promote', 'FinalizePromoted', 'Promoted',
    ]);
  });

  it('has exactly the states of the terminal paths besides', () => {
    const others = Object.keys(asl.States).filter((name) => !promotePath(asl).includes(name));
    expect(others.sort()).toEqual(
      [ERROR_NAMES.canaryDegraded, 'FinalizeAborted', 'FinalizeBlocked', 'FinalizeRefused', 'FinalizeRollbackFailed', 'FinalizeRolledBack', 'Rollback',
        FAILURE_NAMES.gateBlocked, FAILURE_NAMES.refused, FAILURE_NAMES.rollbackFailed, FAILURE_NAMES.rolledBack].sort(),
    );
  });

  it('is JSONPath only: no JSONata, no Assign', () => {
    const text = JSON.stringify(asl);
    expect(asl.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(text).not.toContain('"Assign"');
    expect(text).not.toContain('{%');
  });

  it('invokes each task function directly (payloadResponseOnly) with the payload and ResultPath of the README', () => {
    expect(asl.States.Prepare).toMatchObject({ Parameters: { 'input.$': '$', 'executionName.$': '$$.Execution.Name' }, ResultPath: '$.release' });
    expect(asl.States.CheckUnitTests).toMatchObject({ Parameters: { 'release.$': '$.release' }, ResultPath: '$.unitTests' });
    expect(asl.States.DecideGate).toMatchObject({ Parameters: { 'release.$': '$.release', 'evals.$': '$.evals' }, ResultPath: '$.gate' });
    expect(asl.States.ShiftTraffic25).toMatchObject({ Parameters: { 'release.$': '$.release', step: 1, weight: 25 }, ResultPath: '$.canary' });
    expect(asl.States.CheckHealth5).toMatchObject({ Parameters: { 'release.$': '$.release', 'canary.$': '$.canary' }, ResultPath: '$.health' });
    // Only the last step, before Promote, asks for the minimum of live requests (50 by default).
    expect((asl.States.CheckHealth5 as State).Parameters.minRequests).toBeUndefined();
    expect((asl.States.CheckHealth25 as State).Parameters.minRequests).toBe(50);
    expect(asl.States.Promote).toMatchObject({ Parameters: { 'release.$': '$.release' }, ResultPath: '$.promotion' });
    expect(asl.States.Rollback).toMatchObject({ Parameters: { 'release.$': '$.release', 'error.$': '$.error' }, ResultPath: '$.rollback' });
    for (const name of Object.keys(asl.States).filter((n) => asl.States[n]!.Type === 'Task')) {
      expect(asl.States[name]!.Resource, name).toMatch(/^arn:aws:lambda:[^:]+:\d{12}:function:Release/);
    }
    expect(functionOf('ShiftTraffic5')).toBe(functionOf('ShiftTraffic25'));
    expect(functionOf('FinalizeRefused')).toBe(functionOf('FinalizePromoted'));
  });

  it('maps RunEvals over the release shards with the item selector, concurrency and ResultPath of the README', () => {
    const map = asl.States.RunEvals as State;
    expect(map).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.release.evalShards',
      ItemSelector: { 'release.$': '$.release', 'shard.$': '$$.Map.Item.Value' },
      MaxConcurrency: 4,
      ResultPath: '$.evals',
    });
    expect(map.ItemProcessor.States.RunEvalShard).toMatchObject({ Type: 'Task', Parameters: { 'release.$': '$.release', 'shard.$': '$.shard' } });
  });

  it('bakes each step with a Wait of the health-check interval and checks health with the step bake in ms', () => {
    for (const weight of [5, 25]) {
      expect(asl.States[`Bake${weight}`]).toEqual({ Type: 'Wait', Seconds: 60, Next: `CheckHealth${weight}` });
      expect((asl.States[`CheckHealth${weight}`] as State).Parameters.bakeMs).toBe(30 * 60_000);
      expect(asl.States[`Healthy${weight}?`]).toMatchObject({
        Type: 'Choice',
        Choices: [
          { Variable: '$.health.verdict', StringEquals: 'degraded', Next: ERROR_NAMES.canaryDegraded },
          { Variable: '$.health.bakeComplete', BooleanEquals: true, Next: weight === 5 ? 'ShiftTraffic25' : 'Promote' },
        ],
        Default: `Bake${weight}`,
      });
    }
  });

  it('catches every task state from the first shift on into Rollback, with the error at $.error', () => {
    const guarded = reachableTasks(asl, 'ShiftTraffic5').filter((name) => name !== 'Rollback' && !name.startsWith('Finalize'));
    expect(guarded.sort()).toEqual(['CheckHealth25', 'CheckHealth5', 'Promote', 'ShiftTraffic25', 'ShiftTraffic5']);
    for (const name of guarded) expect(asl.States[name]!.Catch, name).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Rollback' }]);
    // A degraded canary has no error: the Pass records one, because Rollback and Finalize read $.error.
    expect(asl.States[ERROR_NAMES.canaryDegraded]).toEqual({
      Type: 'Pass',
      ResultPath: '$.error',
      Parameters: { Error: ERROR_NAMES.canaryDegraded, 'Cause.$': 'States.JsonToString($.health.reasons)' },
      Next: 'Rollback',
    });
  });

  it('routes failures before the first shift to FinalizeRefused and FinalizeAborted', () => {
    expect(asl.States.Prepare!.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'FinalizeRefused' }]);
    for (const name of ['CheckUnitTests', 'RunEvals', 'DecideGate']) {
      expect(asl.States[name]!.Catch, name).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'FinalizeAborted' }]);
    }
    expect(asl.States['GatePassed?']).toMatchObject({ Choices: [{ Variable: '$.gate.decision', StringEquals: 'pass', Next: 'ShiftTraffic5' }], Default: 'FinalizeBlocked' });
  });

  it('retries Lambda faults and transient errors on every task, traffic verification on traffic states, Rollback longest', () => {
    const tasks = Object.entries(asl.States).filter(([, s]) => s.Type === 'Task');
    tasks.push(['RunEvalShard', (asl.States.RunEvals as State).ItemProcessor.States.RunEvalShard]);
    for (const [name, state] of tasks) {
      const traffic = TRAFFIC_STATES.test(name);
      expect(state.Retry, name).toEqual([
        {
          ErrorEquals: [...LAMBDA_ERRORS, ERROR_NAMES.transient, ...(traffic ? [ERROR_NAMES.trafficVerification] : [])],
          IntervalSeconds: 2,
          BackoffRate: 2,
          MaxAttempts: name === 'Rollback' ? 6 : 3,
        },
        // DecideGate also waits, a minute at a time, for the candidate's live scores to reach CloudWatch.
        ...(name === 'DecideGate' ? [{ ErrorEquals: [ERROR_NAMES.liveScoresPending], IntervalSeconds: 60, BackoffRate: 1, MaxAttempts: 7 }] : []),
        // The tasks that deploy model pins wait out another AppConfig deployment for about 47 minutes.
        ...(/^(Promote|Rollback|Finalize)/.test(name)
          ? [{ ErrorEquals: [ERROR_NAMES.deploymentInProgress], IntervalSeconds: 30, BackoffRate: 2, MaxDelaySeconds: 300, MaxAttempts: 12 }]
          : []),
      ]);
    }
    expect(asl.States.Rollback!.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'FinalizeRollbackFailed' }]);
  });

  it('ends each terminal path with a Finalize carrying its outcome and only fields that exist on that path', () => {
    const base = { outcome: expect.any(String), 'input.$': '$$.Execution.Input', 'executionName.$': '$$.Execution.Name' };
    const expected: Record<string, [string, string[], string]> = {
      FinalizePromoted: ['promoted', ['release', 'gate', 'health'], 'Promoted'],
      FinalizeBlocked: ['blocked', ['release', 'gate'], FAILURE_NAMES.gateBlocked],
      FinalizeRefused: ['refused', ['error'], FAILURE_NAMES.refused],
      FinalizeAborted: ['aborted', ['release', 'error'], FAILURE_NAMES.refused],
      FinalizeRolledBack: ['rolled-back', ['release', 'gate', 'error'], FAILURE_NAMES.rolledBack],
      FinalizeRollbackFailed: ['failed', ['release', 'gate', 'error'], FAILURE_NAMES.rollbackFailed],
    };
    for (const [name, [outcome, fields, next]] of Object.entries(expected)) {
      const paths = Object.fromEntries(fields.map((field) => [`${field}.$`, `$.${field}`]));
      expect(asl.States[name]!.Parameters, name).toEqual({ ...base, outcome, ...paths });
      expect(asl.States[name]).toMatchObject({ ResultPath: '$.record', Next: next });
    }
    for (const name of Object.values(FAILURE_NAMES).filter((n) => n !== FAILURE_NAMES.failed)) {
      expect(asl.States[name]).toMatchObject({ Type: 'Fail', Error: name });
    }
    expect(asl.States.Promoted).toEqual({ Type: 'Succeed' });
  });

  describe('on aws-local-stepfunctions', () => {
    const input = { target: { functionName: 'assistant' }, candidate: { version: '2' }, change: { source: 'manual' } };
    // No quote or backslash: aws-local-stepfunctions 3 strips every backslash from an intrinsic's string result, so
    // its States.JsonToString of a reason with a quote is not JSON (on AWS it is).
    const DEGRADED_REASONS = ['alarm x is ALARM: 3 errors', 'alarm y is ALARM: p99 above 8000 ms'];
    const fail = (name: string) => Object.assign(new Error(`${name} failed`), { name: ERROR_NAMES.trafficVerification });

    /** Runs the machine with every task overridden; each bake completes on its 30th health check (30 min / 1 min). */
    async function run(options: { failing?: string; degradeAtCheck?: number } = {}) {
      const calls: Record<string, any[]> = {};
      let checks = 0;
      const handlers: Record<string, (event: any) => unknown> = {};
      const results: Record<string, (event: any) => unknown> = {
        Prepare: () => ({ releaseId: 'rel-1', evalShards: shards }),
        CheckUnitTests: () => ({ tests: 10, failures: 0 }),
        RunEvalShard: (event) => ({ suite: event.shard.suite, index: event.shard.index }),
        DecideGate: () => ({ decision: 'pass', reasons: [] }),
        ShiftTraffic: (event) => ({ step: event.step, weight: event.weight, shiftedAt: '2025-01-01T00:00:00Z' }),
        CheckHealth: () => {
          checks += 1;
          const degraded = checks === options.degradeAtCheck;
          return { verdict: degraded ? 'degraded' : 'healthy', bakeComplete: checks % 30 === 0, reasons: degraded ? DEGRADED_REASONS : [] };
        },
        Promote: () => ({ version: '2' }),
        Rollback: () => ({ version: '1' }),
        Finalize: (event) => ({ outcome: event.outcome }),
      };
      const names = [...Object.keys(asl.States).filter((name) => asl.States[name]!.Type === 'Task'), 'RunEvalShard'];
      for (const name of names) {
        const result = results[name.replace(/\d+$/, '').replace(/^Finalize.*/, 'Finalize')]!;
        handlers[name] = (event) => {
          (calls[name] ??= []).push(event);
          if (name === options.failing) throw fail(name);
          return result(event);
        };
      }
      const waits = Object.fromEntries(Object.keys(asl.States).filter((n) => n.startsWith('Bake')).map((n) => [n, 0]));
      const retries = Object.fromEntries(names.map((n) => [n, 0]));
      const machine = new StateMachine(asl as never, { validationOptions: { checkArn: false } });
      const execution = machine.run(input, {
        overrides: { taskResourceLocalHandlers: handlers as never, waitTimeOverrides: waits, retryIntervalOverrides: retries },
        context: { Execution: { Id: 'arn:aws:states:us-east-1:123456789012:execution:release:rel-1', Name: 'rel-1', Input: input, StartTime: '2025-01-01T00:00:00Z', RoleArn: 'arn:aws:iam::123456789012:role/r' } } as never,
      });
      const error = await execution.result.then(() => undefined, (e: Error) => e.message);
      const entered: string[] = [];
      for await (const event of execution.eventLogs) if (event.type === 'StateEntered') entered.push(event.state.name);
      return { calls, entered, error };
    }

    it('promotes through both steps in under 200 state transitions', async () => {
      const { entered, error, calls } = await run();
      expect(error).toBeUndefined();
      // 5 before the shift + one per shard, per step a shift and 30 x (Bake, CheckHealth, Healthy?), then 3.
      expect(entered).toHaveLength(5 + shards.length + 2 * (1 + 30 * 3) + 3);
      expect(entered.length).toBeLessThan(200);
      expect(calls.RunEvalShard!.map((event) => event.shard)).toEqual(shards);
      expect(calls.FinalizePromoted![0]).toMatchObject({ outcome: 'promoted', executionName: 'rel-1', input, health: { bakeComplete: true } });
    });

    it('rolls back a degraded canary with the degradation as $.error, which the record lists reason by reason', async () => {
      const { entered, error, calls } = await run({ degradeAtCheck: 3 });
      expect(error).toContain('rolled back');
      expect(entered.slice(-4)).toEqual([ERROR_NAMES.canaryDegraded, 'Rollback', 'FinalizeRolledBack', FAILURE_NAMES.rolledBack]);
      const degradedError = { Error: ERROR_NAMES.canaryDegraded, Cause: JSON.stringify(DEGRADED_REASONS) };
      expect(calls.Rollback![0].error).toEqual(degradedError);
      expect(calls.FinalizeRolledBack![0]).toMatchObject({ outcome: 'rolled-back', error: degradedError });
      expect(buildRecord(calls.FinalizeRolledBack![0], new Date('2025-01-01T01:00:00Z')).reasons).toEqual(DEGRADED_REASONS);
    });

    it('rolls back when the first shift fails, before any health verdict exists', async () => {
      const { entered, calls } = await run({ failing: 'ShiftTraffic5' });
      expect(entered.slice(-3)).toEqual(['Rollback', 'FinalizeRolledBack', FAILURE_NAMES.rolledBack]);
      expect(calls.FinalizeRolledBack![0]).toMatchObject({ outcome: 'rolled-back', error: { Error: ERROR_NAMES.trafficVerification } });
      expect(calls.FinalizeRolledBack![0].health).toBeUndefined();
    });

    it('records a failed rollback and ends in RollbackFailed', async () => {
      const { entered, calls } = await run({ degradeAtCheck: 1, failing: 'Rollback' });
      expect(calls.Rollback).toHaveLength(1 + 6); // the first attempt and its six retries
      expect(entered.slice(-2)).toEqual(['FinalizeRollbackFailed', FAILURE_NAMES.rollbackFailed]);
    });

    it('refuses without a release when Prepare fails, aborts with it when CheckUnitTests fails', async () => {
      const refused = await run({ failing: 'Prepare' });
      expect(refused.entered).toEqual(['Prepare', 'FinalizeRefused', FAILURE_NAMES.refused]);
      expect(refused.calls.FinalizeRefused![0]).not.toHaveProperty('release');
      const aborted = await run({ failing: 'CheckUnitTests' });
      expect(aborted.entered).toEqual(['Prepare', 'CheckUnitTests', 'FinalizeAborted', FAILURE_NAMES.refused]);
      expect(aborted.calls.FinalizeAborted![0]).toMatchObject({ outcome: 'aborted', release: { releaseId: 'rel-1' } });
    });
  });
});

describe('renderReleaseDefinition with custom steps', () => {
  it('renders one shift, bake, check and choice per step, with the interval and concurrency given', () => {
    // Arrange
    const { json } = buildRelease({
      canarySteps: [
        { weight: 10, bake: Duration.minutes(10) },
        { weight: 50, bake: Duration.minutes(20) },
        { weight: 90, bake: Duration.hours(1) },
      ],
      healthCheckInterval: Duration.minutes(2),
      evalMaxConcurrency: 8,
    });

    // Act
    const asl = aslOf(json);

    // Assess
    expect(promotePath(asl).slice(5, -3)).toEqual(
      [10, 50, 90].flatMap((w) => [`ShiftTraffic${w}`, `Bake${w}`, `CheckHealth${w}`, `Healthy${w}?`]),
    );
    expect([10, 50, 90].map((w) => asl.States[`Bake${w}`]!.Seconds)).toEqual([120, 120, 120]);
    expect([10, 50, 90].map((w) => (asl.States[`CheckHealth${w}`] as State).Parameters.bakeMs)).toEqual([600_000, 1_200_000, 3_600_000]);
    expect([10, 50, 90].map((w) => (asl.States[`ShiftTraffic${w}`] as State).Parameters.step)).toEqual([0, 1, 2]);
    expect((asl.States.RunEvals as State).MaxConcurrency).toBe(8);
    expect(logicalIdOf(json, 'AWS::StepFunctions::StateMachine')).toMatch(/^ReleaseStateMachine/);
  });
});
