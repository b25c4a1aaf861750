/**
 * Each release function's Lambda entry (functions/tasks/<task>/index.ts), loaded with its synthesized environment
 * and invoked with one release event on the mocked SDK: what it sends is what the function sends on AWS along
 * that path. The oracle checks it against the table (calls.ts), so a use case that starts calling an adapter
 * method its table lacks fails there instead of on AWS.
 */
import { resolve } from 'node:path';
import { GetFunctionConfigurationCommand, GetAliasCommand, PublishVersionCommand } from '@aws-sdk/client-lambda';
import { ListDeploymentsCommand } from '@aws-sdk/client-appconfig';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { pinsDeploymentEvent } from '../../../functions/release/pins-trigger';
import { shardKey } from '../../../functions/release/eval-shard';
import { lambdaContext } from '../../helpers/fakes/lambda';
import { PINS, RELEASE, sampleInput, sampleRelease, STABLE_MODEL } from './calls';
import type { SdkMocks } from './sdk';
import type { SynthesizedRelease } from './stack';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Where the evals layer puts the suites and the policy (/opt/evalgate) is not on this machine: the layer's
 * sources (RELEASE_DEFAULTS of test/lib/stack.ts) stand in for it.
 */
const LAYER_PATHS: Readonly<Record<string, string>> = {
  EVALGATE_SUITES_DIR: resolve(ROOT, 'evals/suites'),
  EVALGATE_POLICY_FILE: resolve(ROOT, 'evals/policy.yaml'),
};

export interface HandlerRun {
  readonly event: unknown;
  /** Answers that keep the run on its path to the end. */
  readonly stub?: (mocks: SdkMocks) => void;
}

/** One release event per function, on the path that reaches the most calls. */
export function handlerRuns(synth: SynthesizedRelease, configurationProfileId: string): Readonly<Record<string, HandlerRun>> {
  const functionName = synth.target.name;
  const release = sampleRelease(functionName);
  const input = sampleInput(functionName);
  const { stableVersion: stable, candidateVersion: candidate, codeSha256, releaseId } = RELEASE;
  // AppConfig serves `version` (the newest deployment of the pins' profile).
  const deployments = (version: string) => ({ Items: [{ DeploymentNumber: 2, ConfigurationProfileId: configurationProfileId, ConfigurationVersion: version, State: 'COMPLETE' as const }] });
  const routes = (version: string, weights: Record<string, number> = {}) => ({ FunctionVersion: version, RoutingConfig: { AdditionalVersionWeights: weights } });
  const split = routes(stable, { [candidate]: 0.05 });
  const lock = { pk: 'LOCK', sk: 'LOCK', releaseId, expiresAt: 2_000_000_000 };
  const shard = { suite: 'quality', index: 0, from: 0, to: 2 };
  const app = JSON.parse(synth.deploymentOutput) as { appConfig: { applicationId: string; environmentId: string } };
  return {
    prepare: {
      event: { input, executionName: releaseId },
      stub: (m) => {
        m.lambda.on(GetFunctionConfigurationCommand).resolves({ Version: stable, CodeSha256: codeSha256, RevisionId: 'rev-1', LastUpdateStatus: 'Successful', Environment: { Variables: { EVALGATE_MODEL_ID: STABLE_MODEL, EVALGATE_PINS_VERSION: '3' } } });
        m.lambda.on(PublishVersionCommand).resolves({ Version: candidate, CodeSha256: codeSha256, Environment: { Variables: { EVALGATE_MODEL_ID: PINS.modelId, EVALGATE_PINS_VERSION: '4' } } });
      },
    },
    'check-unit-tests': { event: { release: { ...release, change: { source: 'manual', kind: 'code', testReport: `s3://${synth.reportsBucket}/ci/3f2a9c1/junit.xml` } } } },
    'run-eval-shard': { event: { release, shard } },
    'decide-gate': {
      event: { release, evals: [{ suite: 'quality', index: 0, key: shardKey(releaseId, shard), cases: 0, candidatePassed: 0, baselinePassed: 0, errors: 0 }] },
      stub: (m) => m.s3.on(GetObjectCommand).resolves({ Body: { transformToString: async () => JSON.stringify({ ...shard, durationMs: 1, candidate: [], baseline: [] }) } as never }),
    },
    'shift-traffic': { event: { release, step: 0, weight: 5 }, stub: (m) => m.lambda.on(GetAliasCommand).resolves(split) },
    'check-health': { event: { release, canary: { step: 0, weight: 5, shiftedAt: release.startedAt }, bakeMs: 60_000 } },
    promote: {
      event: { release },
      stub: (m) => {
        m.lambda.on(GetAliasCommand).resolves(routes(candidate));
        m.appconfig.on(ListDeploymentsCommand).resolves(deployments('3'));
      },
    },
    rollback: {
      event: { release },
      stub: (m) => {
        m.lambda.on(GetAliasCommand).resolvesOnce(split).resolves(routes(stable));
        m.appconfig.on(ListDeploymentsCommand).resolves(deployments('4'));
      },
    },
    finalize: {
      event: { outcome: 'rolled-back', input, executionName: releaseId, release },
      stub: (m) => m.appconfig.on(ListDeploymentsCommand).resolves(deployments('4')),
    },
    reconcile: {
      event: {
        version: '0', id: 'e-1', 'detail-type': 'Step Functions Execution Status Change', source: 'aws.states', account: '123456789012',
        time: '2025-01-10T13:00:00Z', region: 'us-east-1', resources: [],
        detail: { executionArn: `arn:aws:states:us-east-1:123456789012:execution:x:${releaseId}`, stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:x', name: releaseId, status: 'ABORTED', startDate: Date.parse(release.startedAt), input: JSON.stringify(input), error: 'OperatorAbort', cause: 'stopped by oncall' },
      },
      stub: (m) => {
        m.dynamodb.on(GetCommand).resolves({ Item: { ...lock, release } });
        m.lambda.on(GetAliasCommand).resolvesOnce(split).resolves(routes(stable));
        m.appconfig.on(ListDeploymentsCommand).resolves(deployments('4'));
      },
    },
    'pins-trigger': {
      // Without a Description the trigger reads the deployment to tell evalgate's own from a person's.
      event: pinsDeploymentEvent({ applicationId: app.appConfig.applicationId, environmentId: app.appConfig.environmentId, configurationProfileId, deploymentNumber: 3, configurationVersion: '4' }),
      stub: (m) => m.appconfig.on(ListDeploymentsCommand).resolves(deployments('3')),
    },
  };
}

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

/**
 * The handler of a task's Lambda entry, imported with `environment` as its process environment (it reads and
 * validates it at load, as on a cold start), the evals layer's paths pointing at its sources.
 *
 * @example
 * const handler = await loadEntry('finalize', synth.functions.finalize.environment);
 */
export async function loadEntry(task: string, environment: Readonly<Record<string, string>>): Promise<Handler> {
  const variables = { ...environment, ...Object.fromEntries(Object.keys(LAYER_PATHS).filter((k) => k in environment).map((k) => [k, LAYER_PATHS[k]!])), POWERTOOLS_LOG_LEVEL: 'SILENT' };
  const saved = Object.fromEntries(Object.keys(variables).map((key) => [key, process.env[key]]));
  Object.assign(process.env, variables);
  try {
    const entry = (await import(resolve(ROOT, `functions/tasks/${task}/index.ts`))) as { handler: Handler };
    return entry.handler;
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

export const invoke = (handler: Handler, event: unknown) => handler(event, lambdaContext());
