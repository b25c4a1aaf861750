/**
 * The calls each release function makes: for every function, the adapter methods its use case calls
 * (functions/release/*.ts), run on the adapters its Lambda entry builds (awsWorld over the synthesized
 * environment, read with the schema its index.ts reads) or, for the operator, those the CLI builds from the stack
 * output (awsOperatorAdapters). What they send is recorded (sdk.ts), so the SDK commands and their inputs come from
 * the adapters themselves, never from this file.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { awsOperatorAdapters } from '../../../functions/adapters/aws/operator';
import { awsWorld, type AwsWorld } from '../../../functions/adapters/aws/world';
import { releaseAlarmNames } from '../../../functions/release/alarm-specs';
import { recordKey } from '../../../functions/release/finalize';
import { lockKey } from '../../../functions/release/prepare';
import { EVALGATE_DEPLOYMENT_PREFIX } from '../../../functions/release/pins-revert';
import { shardKey } from '../../../functions/release/eval-shard';
import type { ReleaseInput } from '../../../functions/release/input';
import type { Release, ReleaseRecord } from '../../../functions/release/state';
import { PINS_TRIGGER_ENV, readEnv, TASK_ENV } from '../../../functions/shared/env';
import { deploymentSchema } from '../../../bin/cli/operator/deployment';
import { stubJsonObject, stubLatestHolds, stubLockHeld, type SdkMocks } from './sdk';
import type { SynthesizedRelease } from './stack';

export type OperatorAdapters = ReturnType<typeof awsOperatorAdapters>;

/** One adapter method call: `label` names it (`port.method`), `run` makes it. */
export interface Use<W> {
  readonly label: string;
  readonly run: (world: W) => Promise<unknown>;
  /** Answers other than the defaults, for a branch that sends more (a held lock is read back). */
  readonly stub?: (mocks: SdkMocks) => void;
}

type Fn = (...args: never[]) => unknown;
type MethodsOf<T> = { [M in keyof T]-?: T[M] extends Fn ? M : never }[keyof T];

/** `port.method(...args)` on a world, type-checked against the adapter. */
function uses<W>() {
  return <P extends keyof W & string, M extends MethodsOf<NonNullable<W[P]>> & string>(
    port: P,
    method: M,
    ...args: Parameters<Extract<NonNullable<W[P]>[M], Fn>>
  ): Use<W> => ({
    label: `${port}.${method}`,
    run: async (world) => {
      const adapter = world[port] as Record<string, (...a: unknown[]) => unknown> | undefined;
      if (!adapter) throw new Error(`${port} is not configured by this function's environment`);
      return adapter[method]!.apply(adapter, args);
    },
  });
}

const task = uses<AwsWorld>();
const operator = uses<OperatorAdapters>();
const withStub = <W>(use: Use<W>, stub: (mocks: SdkMocks) => void, label = use.label): Use<W> => ({ ...use, label, stub });

/** The release every call is made for. */
export const RELEASE = { releaseId: 'rel-1', alias: 'live', stableVersion: '7', candidateVersion: '8', codeSha256: 'sha-7', configurationVersion: '4', previousConfigurationVersion: '3' } as const;
export const STABLE_MODEL = 'gpt-4o-2024-08-06';
export const PINS = { modelId: 'gpt-4o-2024-11-20' } as const;
export const CODEBUILD_REPORT_ARN = 'arn:aws:codebuild:us-east-1:123456789012:report/assistant-unit-tests:6f1c2d3e-aaaa-bbbb-cccc-1234567890ab';

/** A model-pin release of `functionName`: the change that reaches every branch (pins deployed, reverted, $LATEST restored). */
export function sampleRelease(functionName: string): Release {
  const { releaseId, alias, stableVersion, candidateVersion, codeSha256 } = RELEASE;
  return {
    releaseId, functionName, alias, stableVersion, candidateVersion, codeSha256,
    change: { source: 'appconfig', kind: 'model' },
    pins: { configurationVersion: RELEASE.configurationVersion, previousConfigurationVersion: RELEASE.previousConfigurationVersion, proposed: PINS, previous: { modelId: STABLE_MODEL } },
    startedAt: '2025-01-10T12:00:00.000Z', alarmNames: releaseAlarmNames(releaseId), evalShards: [{ suite: 'quality', index: 0, from: 0, to: 20 }],
  };
}

/** The execution input of that release, as the AppConfig trigger starts it. */
export const sampleInput = (functionName: string): ReleaseInput => ({
  target: { functionName, alias: RELEASE.alias },
  candidate: { modelPins: { configurationVersion: RELEASE.configurationVersion, previousConfigurationVersion: RELEASE.previousConfigurationVersion } },
  change: { source: 'appconfig', kind: 'model' },
});

/** The table: every release function and the operator, with the adapter methods each use case calls. */
export function releaseCalls(synth: SynthesizedRelease) {
  const functionName = synth.target.name;
  const { releaseId, alias, stableVersion: stable, candidateVersion: candidate, codeSha256 } = RELEASE;
  const target = { functionName, alias };
  const key = lockKey(functionName, alias);
  const alarms = releaseAlarmNames(releaseId);
  const stableVersion = { functionName, version: stable, codeSha256, environment: { EVALGATE_MODEL_ID: STABLE_MODEL } };
  const release = sampleRelease(functionName);
  const record: ReleaseRecord = { releaseId, functionName, alias, outcome: 'rolled-back', reasons: ['alarm evalgate-rel-1-errors is ALARM'], input: {}, release, startedAt: release.startedAt, endedAt: '2025-01-10T13:00:00.000Z' };
  const since = new Date(release.startedAt);
  const request = { input: 'Summarize: Revenue up 32% to $4.2M', vars: {}, caseId: 'classic_revenue_summary' };
  const invoke = (version: string): Use<AwsWorld> => ({
    label: `appInvoker.target(${version}).invoke`,
    run: (world) => world.appInvoker.target(functionName, version).invoke(request, new AbortController().signal),
  });
  const move = [task('router', 'getRouting', target), task('router', 'setWeight', target, stable, candidate, 5), task('router', 'verifyWeight', target, stable, candidate, 5)];
  const deployPins = (version: string, why: string) => [
    task('pinStore', 'deployedVersion'),
    // A revert first looks for the release's own deployment still baking, and stops it (pins-revert.ts).
    task('pinStore', 'inProgressDeployment'),
    task('pinStore', 'stopDeployment', 3),
    task('pinStore', 'deploy', version, `${EVALGATE_DEPLOYMENT_PREFIX}${why}`),
  ];
  const candidateVersion = { ...stableVersion, version: candidate, environment: { ...stableVersion.environment, ...PINS, EVALGATE_PINS_VERSION: '4' } };
  const endRelease = [
    task('healthSource', 'deleteAlarms', alarms),
    task('releaseStore', 'releaseLock', key, releaseId),
    task('releaseStore', 'putRecord', record),
    task('reportStore', 'putJson', recordKey(releaseId), record),
    task('notifier', 'notify', 'evalgate: rolled back', { releaseId }),
    ...deployPins(RELEASE.previousConfigurationVersion, `revert of rolled-back release ${releaseId}`),
    // A model-pin release not promoted: $LATEST back on the stable version's environment.
    task('registry', 'getVersion', functionName, stable),
    task('registry', 'getVersion', functionName, candidate),
    withStub(task('registry', 'restoreLatest', candidateVersion, stableVersion.environment), stubLatestHolds(codeSha256, candidateVersion.environment)),
  ];
  const executionArn = `${deployment(synth).stateMachineArn.replace(':stateMachine:', ':execution:')}:${releaseId}`;

  const tasks: Readonly<Record<string, readonly Use<AwsWorld>[]>> = {
    // prepare.ts, candidate.ts: the lock, the live and candidate versions, a model-pin candidate, the alarms.
    prepare: [
      task('releaseStore', 'acquireLock', key, releaseId, new Date('2025-01-10T18:00:00Z')),
      withStub(task('releaseStore', 'acquireLock', key, releaseId, new Date('2025-01-10T18:00:00Z')), stubLockHeld, 'releaseStore.acquireLock (held)'),
      task('router', 'getRouting', target),
      task('registry', 'getVersion', functionName, stable),
      task('registry', 'getVersion', functionName, candidate),
      task('pinStore', 'getVersion', RELEASE.configurationVersion),
      task('registry', 'publishWithEnvironment', stableVersion, candidateVersion.environment, 'evalgate pins 4'),
      task('healthSource', 'createReleaseAlarms', { releaseId, functionName, alias, candidateVersion: candidate }),
      task('releaseStore', 'attachRelease', key, releaseId, release),
      task('healthSource', 'deleteAlarms', alarms),
      task('releaseStore', 'releaseLock', key, releaseId),
    ],
    // unit-tests.ts: a JUnit report in the reports bucket (README: s3://<reports bucket>/ci/<commit>/junit.xml) or CodeBuild.
    'check-unit-tests': [
      task('testReports', 'read', `s3://${synth.reportsBucket}/ci/3f2a9c1/junit.xml`),
      task('testReports', 'read', CODEBUILD_REPORT_ARN),
      task('releaseStore', 'recordTestEvidence', functionName, codeSha256, { source: 's3-junit', reference: 's3://x/y', tests: 3, failures: 0, errors: 0, skipped: 0 }),
      task('releaseStore', 'getTestEvidence', functionName, codeSha256),
    ],
    // eval-shard.ts: the candidate and the live version invoked by number, the results stored; the Bedrock judge.
    'run-eval-shard': [
      invoke(candidate),
      invoke(stable),
      task('reportStore', 'putJson', shardKey(releaseId, { suite: 'quality', index: 0 }), {}),
      { label: 'judge.grade', run: (world) => world.judge.grade({ rubric: 'mentions the figure', output: 'Revenue up', input: request.input }) },
    ],
    // release-gate.ts: every shard's results, the report and its summary, whether the candidate emits live scores.
    'decide-gate': [
      withStub(task('reportStore', 'getJson', shardKey(releaseId, { suite: 'quality', index: 0 })), stubJsonObject),
      task('reportStore', 'putJson', `releases/${releaseId}/report.json`, {}),
      task('reportStore', 'putText', `releases/${releaseId}/summary.md`, '# gate', 'text/markdown; charset=utf-8'),
      task('healthSource', 'hasLiveScoreMetrics', functionName, candidate, since),
    ],
    // traffic.ts shiftTraffic: move, read back, read the lock (the fence).
    'shift-traffic': [...move, task('releaseStore', 'getLock', key)],
    // canary.ts: the release's alarms and the team's (EVALGATE_EXTRA_ALARMS).
    'check-health': [
      { label: 'healthSource.describeAlarms', run: (world) => world.healthSource.describeAlarms([...alarms, ...world.extraAlarms]) },
      task('healthSource', 'countAliasInvocations', target, candidate, since),
    ],
    // traffic.ts promote: all traffic on the candidate, the pins it was released with deployed, the fence.
    promote: [...move, ...deployPins(RELEASE.configurationVersion, `promotion of release ${releaseId}`), task('releaseStore', 'getLock', key)],
    // traffic.ts rollback, pins-revert.ts.
    rollback: [...move, ...deployPins(RELEASE.previousConfigurationVersion, `rollback of release ${releaseId}`)],
    // finalize.ts: alarms, lock, record (table and bucket), notification; the pins and $LATEST of a release not promoted.
    finalize: endRelease,
    // reconcile.ts: the lock and the record, the fence, then Rollback's and Finalize's work.
    reconcile: [
      task('releaseStore', 'getLock', key),
      task('releaseStore', 'findRecord', functionName, alias, releaseId, since),
      task('releaseStore', 'fenceLock', key, releaseId, 'stopped by oncall'),
      ...move,
      ...endRelease,
    ],
    // pins-trigger.ts: who made the deployment, what AppConfig served before it; the release it starts.
    'pins-trigger': [
      task('pinStore', 'deploymentDescription', 3),
      task('pinStore', 'deployedVersionBefore', 3),
      task('starter', 'start', 'pins-4-d3', sampleInput(functionName)),
    ],
  };

  // bin/cli: release, status, history, abort (operator/*), pins propose.
  const operatorCalls: readonly Use<OperatorAdapters>[] = [
    operator('executions', 'start', releaseId, { target }),
    operator('executions', 'describe', executionArn),
    operator('executions', 'events', executionArn),
    operator('executions', 'list', { status: 'RUNNING', limit: 50 }),
    operator('executions', 'stop', executionArn, 'OperatorAbort', 'stopped by oncall'),
    operator('router', 'getRouting', target),
    operator('releaseStore', 'recentRecords', functionName, alias, 10),
    operator('releaseStore', 'findRecord', functionName, alias, releaseId, since),
    operator('pinStore', 'deployedVersion'),
    operator('pinStore', 'getVersion', RELEASE.previousConfigurationVersion),
    operator('pinStore', 'createHostedVersion', PINS),
    operator('pinStore', 'deploy', RELEASE.configurationVersion, 'pins proposed by oncall: gpt-4o-2024-11-20'),
  ];
  return { tasks, operator: operatorCalls, executionArn };
}

type MethodSet<T> = { readonly [M in MethodsOf<NonNullable<T>>]: true };
type AdapterPort = 'registry' | 'router' | 'healthSource' | 'pinStore' | 'releaseStore' | 'reportStore' | 'testReports' | 'notifier' | 'appInvoker' | 'starter' | 'judge';

/**
 * Every public method of every adapter a release function or the CLI can reach. Typed from the adapters, so a
 * method added to one fails the typecheck here until it is listed; the oracle then fails until some function's
 * table calls it (or the method is gone again).
 */
export const ADAPTER_METHODS: { readonly [P in AdapterPort]: MethodSet<AwsWorld[P]> } & { readonly executions: MethodSet<OperatorAdapters['executions']> } = {
  registry: { getVersion: true, publishWithEnvironment: true, restoreLatest: true },
  router: { getRouting: true, setWeight: true, verifyWeight: true },
  healthSource: { createReleaseAlarms: true, deleteAlarms: true, describeAlarms: true, hasLiveScoreMetrics: true, countAliasInvocations: true },
  pinStore: { createHostedVersion: true, getVersion: true, deployedVersion: true, deployedVersionBefore: true, deploymentDescription: true, deploy: true, inProgressDeployment: true, stopDeployment: true },
  releaseStore: {
    acquireLock: true, attachRelease: true, getLock: true, fenceLock: true, releaseLock: true,
    putRecord: true, recentRecords: true, findRecord: true, recordTestEvidence: true, getTestEvidence: true,
  },
  reportStore: { putJson: true, putText: true, getJson: true },
  testReports: { read: true },
  notifier: { notify: true },
  appInvoker: { target: true },
  starter: { start: true },
  judge: { grade: true },
  executions: { start: true, describe: true, events: true, list: true, stop: true },
};

/** The pipeline the CLI finds in the stack output (bin/cli/operator/deployment.ts). */
export const deployment = (synth: SynthesizedRelease) => deploymentSchema.parse(JSON.parse(synth.deploymentOutput));

/**
 * The world a task's Lambda entry builds: `awsWorld(readEnv(<schema>))`, the schema named in its index.ts.
 *
 * @example
 * worldOf('reconcile', env); // awsWorld(readEnv(TASK_ENV.finalize, env))
 */
export function worldOf(taskName: string, environment: Readonly<Record<string, string>>): AwsWorld {
  const entry = readFileSync(resolve(import.meta.dirname, `../../../functions/tasks/${taskName}/index.ts`), 'utf8');
  const schema = /readEnv\((TASK_ENV\.(\w+)|PINS_TRIGGER_ENV)\)/.exec(entry);
  if (!schema) throw new Error(`functions/tasks/${taskName}/index.ts reads no environment schema this oracle knows`);
  const env = schema[2] === undefined ? readEnv(PINS_TRIGGER_ENV, environment) : readEnv(TASK_ENV[schema[2] as keyof typeof TASK_ENV], environment);
  return awsWorld(env);
}

/** The adapters `evalgate release | status | history | abort | pins propose` use on AWS. */
export const operatorWorld = (synth: SynthesizedRelease): OperatorAdapters => awsOperatorAdapters(deployment(synth));
