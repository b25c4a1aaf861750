/**
 * Renders the release pipeline into JSONPath ASL (functions/release/README.md is the contract: state names,
 * payloads, ResultPaths, Retry/Catch and terminal paths). JSONPath only, no JSONata and no Assign, so the same
 * definition runs on aws-local-stepfunctions.
 *
 * Transitions are the cost of a Standard workflow, so the canary loop is three states per health check
 * (Bake, CheckHealth, Healthy?) and no Pass state sits on the promote path.
 */
import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { FinalizeOutcome } from '../../functions/release/record';
import { LIVE_SCORES_WAIT_MS } from '../../functions/release/release-gate';
import { ERROR_NAMES, FAILURE_NAMES } from '../../functions/shared/errors';
import { validateCanarySteps, type CanaryStep } from '../canary-steps';

import type { TaskName } from '../../functions/release/tasks';

export { TASK_NAMES, type TaskName } from '../../functions/release/tasks';

export interface ReleaseDefinitionProps {
  /** The function behind each task. */
  readonly tasks: Readonly<Record<TaskName, IFunction>>;
  /** Validated canary steps (see validateCanarySteps). */
  readonly canarySteps: readonly CanaryStep[];
  /** The Wait between two health checks. */
  readonly healthCheckInterval: Duration;
  /** Live requests the candidate must serve before the last step completes (0: none). @default 0 */
  readonly minCanaryRequests?: number;
  /** How many eval shards run at once. */
  readonly evalMaxConcurrency: number;
}

/** The states of one canary step, named after its weight. */
export function stepStateNames(weight: number): { shift: string; bake: string; check: string; healthy: string } {
  return { shift: `ShiftTraffic${weight}`, bake: `Bake${weight}`, check: `CheckHealth${weight}`, healthy: `Healthy${weight}?` };
}

// The transient Lambda errors the Step Functions developer guide tells a Lambda task to retry ("Handling transient
// Lambda service exceptions"), and throttling.
const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];
const TASK_ATTEMPTS = 3;
// Rollback is what keeps production from staying split: it gets about two minutes of retries (2+4+...+64 s).
const ROLLBACK_ATTEMPTS = 6;

/** The wait for another AppConfig deployment to end: 30 s, doubling up to 5 min, 12 attempts (about 47 minutes). */
const PINS_DEPLOYMENT_RETRY: sfn.RetryProps = {
  errors: [ERROR_NAMES.deploymentInProgress],
  interval: Duration.seconds(30),
  backoffRate: 2,
  maxDelay: Duration.minutes(5),
  maxAttempts: 12,
};

const RELEASE = { release: sfn.JsonPath.objectAt('$.release') };
const CATCH_ALL = { errors: [sfn.Errors.ALL], resultPath: '$.error' };

type FinalizeField = 'release' | 'gate' | 'health' | 'error';

/**
 * @example
 * const definition = renderReleaseDefinition(new Construct(this, 'Definition'), {
 *   tasks, canarySteps: DEFAULT_CANARY_STEPS, healthCheckInterval: Duration.minutes(1), evalMaxConcurrency: 4,
 * });
 * new sfn.StateMachine(this, 'Release', { definitionBody: sfn.DefinitionBody.fromChainable(definition) });
 */
export function renderReleaseDefinition(scope: Construct, props: ReleaseDefinitionProps): sfn.IChainable {
  validateCanarySteps(props.canarySteps, props.healthCheckInterval);
  const fn = props.tasks;

  /** `resultPath` undefined: the result replaces the state (Step Functions' default, written as no ResultPath). */
  const invoke = (
    id: string,
    task: TaskName,
    payload: Record<string, unknown>,
    resultPath: string | undefined,
    opts: { traffic?: boolean; attempts?: number; deploysPins?: boolean } = {},
  ) => {
    const state = new tasks.LambdaInvoke(scope, id, {
      lambdaFunction: fn[task],
      payload: sfn.TaskInput.fromObject(payload),
      payloadResponseOnly: true,
      // Replaced by the explicit retrier below, which also covers the release's own transient errors.
      retryOnServiceExceptions: false,
      ...(resultPath === undefined ? {} : { resultPath }),
    });
    const errors = [...LAMBDA_SERVICE_ERRORS, ERROR_NAMES.transient, ...(opts.traffic ? [ERROR_NAMES.trafficVerification] : [])];
    state.addRetry({ errors, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: opts.attempts ?? TASK_ATTEMPTS });
    // AppConfig runs one deployment per environment at a time: a person's deployment that bakes holds it for as
    // long as their strategy says. Waited out for about 45 minutes (30 s doubling to 5 min), not seconds.
    if (opts.deploysPins) state.addRetry(PINS_DEPLOYMENT_RETRY);
    return state;
  };

  const finalize = (id: string, outcome: FinalizeOutcome, fields: readonly FinalizeField[], end: sfn.State): sfn.IChainable => {
    const payload: Record<string, unknown> = {
      outcome,
      input: sfn.JsonPath.objectAt('$$.Execution.Input'),
      executionName: sfn.JsonPath.executionName,
    };
    for (const field of fields) payload[field] = sfn.JsonPath.objectAt(`$.${field}`);
    return invoke(id, 'finalize', payload, '$.record', { deploysPins: true }).next(end);
  };
  const fail = (name: string, cause: string) => new sfn.Fail(scope, name, { error: name, cause });

  // Terminal paths. Each Finalize is given only the fields that exist on every path into it.
  const refused = fail(FAILURE_NAMES.refused, 'the release was refused or aborted before any traffic moved');
  const finalizeRefused = finalize('FinalizeRefused', 'refused', ['error'], refused);
  const finalizeAborted = finalize('FinalizeAborted', 'aborted', ['release', 'error'], refused);
  const finalizeBlocked = finalize('FinalizeBlocked', 'blocked', ['release', 'gate'], fail(FAILURE_NAMES.gateBlocked, 'the eval gate did not pass'));
  const finalizeRollbackFailed = finalize(
    'FinalizeRollbackFailed',
    'failed',
    ['release', 'gate', 'error'],
    fail(FAILURE_NAMES.rollbackFailed, 'rollback failed after its retries: the alias may still be split'),
  );
  // A failed rollback's own error replaces $.error: it is what the operator must act on (the alias may be split).
  const rollback = invoke('Rollback', 'rollback', { ...RELEASE, error: sfn.JsonPath.objectAt('$.error') }, '$.rollback', {
    traffic: true,
    attempts: ROLLBACK_ATTEMPTS,
    deploysPins: true,
  })
    .addCatch(finalizeRollbackFailed, CATCH_ALL)
    .next(finalize('FinalizeRolledBack', 'rolled-back', ['release', 'gate', 'error'], fail(FAILURE_NAMES.rolledBack, 'the candidate was rolled back')));
  // A degraded canary threw nothing, but Rollback and Finalize read `$.error` with a JSONPath, and a path that does
  // not exist fails the state (States.Runtime): the Pass records the verdict there, its reasons as a JSON array.
  const degraded = new sfn.Pass(scope, ERROR_NAMES.canaryDegraded, {
    parameters: { Error: ERROR_NAMES.canaryDegraded, Cause: sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$.health.reasons')) },
    resultPath: '$.error',
  }).next(rollback);

  // From the first shift on, every task that can fail rolls back (principle 5: never leave production split).
  const promote = invoke('Promote', 'promote', RELEASE, '$.promotion', { traffic: true, deploysPins: true })
    .addCatch(rollback, CATCH_ALL)
    .next(finalize('FinalizePromoted', 'promoted', ['release', 'gate', 'health'], new sfn.Succeed(scope, 'Promoted')));

  let next: sfn.IChainable = promote;
  for (let i = props.canarySteps.length - 1; i >= 0; i--) {
    const step = props.canarySteps[i]!;
    const names = stepStateNames(step.weight);
    const shift = invoke(names.shift, 'shift-traffic', { ...RELEASE, step: i, weight: step.weight }, '$.canary', { traffic: true });
    const bake = new sfn.Wait(scope, names.bake, { time: sfn.WaitTime.duration(props.healthCheckInterval) });
    const check = invoke(
      names.check,
      'check-health',
      {
        ...RELEASE,
        canary: sfn.JsonPath.objectAt('$.canary'),
        bakeMs: step.bake.toMilliseconds(),
        // Before Promote: the candidate must have been seen serving (functions/release/canary.ts).
        ...(i === props.canarySteps.length - 1 && props.minCanaryRequests ? { minRequests: props.minCanaryRequests } : {}),
      },
      '$.health',
    );
    const healthy = new sfn.Choice(scope, names.healthy)
      .when(sfn.Condition.stringEquals('$.health.verdict', 'degraded'), degraded)
      .when(sfn.Condition.booleanEquals('$.health.bakeComplete', true), next)
      .otherwise(bake);
    shift.addCatch(rollback, CATCH_ALL).next(bake).next(check.addCatch(rollback, CATCH_ALL)).next(healthy);
    next = shift;
  }

  const runEvals = new sfn.Map(scope, 'RunEvals', {
    itemsPath: '$.release.evalShards',
    itemSelector: { ...RELEASE, shard: sfn.JsonPath.objectAt('$$.Map.Item.Value') },
    maxConcurrency: props.evalMaxConcurrency,
    resultPath: '$.evals',
    // No ResultPath: each iteration's output is the shard summary. An explicit "$" means the same on AWS, but
    // aws-local-stepfunctions stores it under a key named "$", so the default is written as no field at all.
  }).itemProcessor(invoke('RunEvalShard', 'run-eval-shard', { ...RELEASE, shard: sfn.JsonPath.objectAt('$.shard') }, undefined));

  return invoke('Prepare', 'prepare', { input: sfn.JsonPath.entirePayload, executionName: sfn.JsonPath.executionName }, '$.release')
    .addCatch(finalizeRefused, CATCH_ALL)
    .next(invoke('CheckUnitTests', 'check-unit-tests', RELEASE, '$.unitTests').addCatch(finalizeAborted, CATCH_ALL))
    .next(runEvals.addCatch(finalizeAborted, CATCH_ALL))
    .next(
      invoke('DecideGate', 'decide-gate', { ...RELEASE, evals: sfn.JsonPath.objectAt('$.evals') }, '$.gate')
        // The candidate's live scores reach CloudWatch minutes after its eval run: asked again every minute, past the
        // wait DecideGate allows (it then blocks on their absence itself).
        .addRetry({ errors: [ERROR_NAMES.liveScoresPending], interval: Duration.minutes(1), backoffRate: 1, maxAttempts: LIVE_SCORES_WAIT_MS / 60_000 + 2 })
        .addCatch(finalizeAborted, CATCH_ALL),
    )
    .next(
      new sfn.Choice(scope, 'GatePassed?')
        .when(sfn.Condition.stringEquals('$.gate.decision', 'pass'), next)
        .otherwise(finalizeBlocked),
    );
}
