/**
 * The local stage as the operator commands see it (`--local`): the executions, the alias, the records and the
 * model pins of one stage folder (default `.evalgate/stage/`), kept between commands. A command that runs
 * releases opens the whole stage (the synthesized machine, the task handlers, the assistant's versions); one that
 * only reads (status, history) opens the files alone, in milliseconds.
 *
 * A fresh folder is seeded as every scenario starts: Lumen Assist version 1 live on `live`, pins configuration 1.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { localWorld, type LocalWorld } from './services';
import { promptBundleSha, type PromptBundleId } from '../../functions/sample-assistant/prompts';
import { RELEASE_ENV } from '../../functions/release/state';
import { UsageError } from '../../bin/cli/exit-codes';
import type { OperatorBackend } from '../../bin/cli/operator/backend';
import { SimulatedClock } from './clock';
import { seedStage } from '../demo/seed';
import { APP_ALIAS, APP_FUNCTION, LocalStage, stageClock } from './stage';
import { LocalStepFunctions, statusChangeEvent } from './step-functions';
import { TRIGGER_HANDLERS } from './task-handlers';
import type { ExecutionDetail } from '../../functions/ports/release-executions';
import { LOCAL_PINS_IDS } from './services/pin-store';
import { localStageLogger } from '../../functions/shared/middleware';
import type { Context } from 'aws-lambda';

const LOCAL_CONTEXT = { functionName: 'evalgate-local', awsRequestId: 'local', getRemainingTimeInMillis: () => 900_000 } as unknown as Context;
import { synthesizeDemo, type SynthesizedRelease } from './synthesize';

/** Synthesis loads aws-cdk-lib (seconds): once per process. */
let synthesized: SynthesizedRelease | undefined;

/** Thresholds of a world that only reads (no alarm is evaluated): the demo's defaults. */
const READ_ONLY_THRESHOLDS = { errorRate: 0.05, p99DurationMs: 10_000, liveScore: 0.9, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 };

export interface LocalOperatorOptions {
  readonly dir: string;
  readonly runs: boolean;
  /** Lines about the stage itself (seeding). */
  readonly log?: (line: string) => void;
}

export interface LocalOperator extends OperatorBackend {
  /** Present when the operator runs releases. */
  readonly stage?: LocalStage;
  readonly stepFunctions: LocalStepFunctions;
}

/** The stage's services without a clock that moves or a machine to run: for reading and publishing. */
export function localStageWorld(dir: string): LocalWorld {
  return localWorld(dir, new SimulatedClock(new Date()), READ_ONLY_THRESHOLDS);
}

export interface PublishOptions {
  readonly promptBundle?: PromptBundleId;
  /** A model id set by hand on the function (what a pin change should not be: Prepare classifies it). */
  readonly modelId?: string;
  readonly description?: string;
}

/**
 * Publishes a version of the assistant from the live one with the changes asked, as the delivery pipeline's
 * publish step would: the same code, the changed environment, the alias untouched. Seeds an empty stage first.
 *
 * @example
 * await publishAssistantVersion(localStageWorld('.evalgate/stage'), { promptBundle: '2024-12' }); // { published: '2', live: '1', ... }
 */
export async function publishAssistantVersion(world: LocalWorld, options: PublishOptions): Promise<{ published: string; live: string; summary: string }> {
  if (!isSeeded(world.dir)) await seedStage(world);
  const target = { functionName: APP_FUNCTION, alias: APP_ALIAS };
  const live = await world.registry.getVersion(APP_FUNCTION, (await world.router.getRouting(target)).version);
  const environment = { ...live.environment };
  if (options.promptBundle) Object.assign(environment, { EVALGATE_PROMPT_BUNDLE: options.promptBundle, [RELEASE_ENV.promptSha]: promptBundleSha(options.promptBundle) });
  if (options.modelId) environment[RELEASE_ENV.modelId] = options.modelId;
  const changed = Object.keys(environment).filter((key) => environment[key] !== live.environment[key]);
  if (changed.length === 0) throw new UsageError(`nothing to publish: version ${live.version} already runs that (give a --prompt-bundle or --model it does not)`);
  const summary = [options.promptBundle && `prompt bundle ${options.promptBundle}`, options.modelId && `model ${options.modelId}`].filter(Boolean).join(', ');
  const published = world.registry.publish(APP_FUNCTION, { codeSha256: live.codeSha256, environment, description: options.description ?? summary });
  return { published: published.version, live: live.version, summary };
}

/** Whether a stage folder has been seeded. */
export const isSeeded = (dir: string): boolean => existsSync(join(dir, 'functions.json'));

/**
 * @example
 * const operator = await openLocalOperator({ dir: '.evalgate/stage', runs: true });
 * const { executionArn } = await operator.executions.start('rel-1', input);
 * await operator.stepFunctions.settled(executionArn);
 * await operator.close();
 */
export async function openLocalOperator(options: LocalOperatorOptions): Promise<LocalOperator> {
  const targets = [{ functionName: APP_FUNCTION, alias: APP_ALIAS }];
  const triggers = TRIGGER_HANDLERS;
  const logger = localStageLogger();
  // The EventBridge rule of a stopped execution: its status change goes to the reconciler.
  const reconcileWith = (world: LocalWorld) => {
    const reconcile = triggers.reconcile({ ...world, logger });
    return async (execution: ExecutionDetail) => {
      await reconcile(statusChangeEvent(execution, world.clock.now()) as never, LOCAL_CONTEXT);
    };
  };
  if (!options.runs) {
    if (!isSeeded(options.dir)) throw new UsageError(`no local stage in ${options.dir}: 'evalgate stage init' makes one ('release --local' and 'pins propose --local' seed one too)`);
    const clock = stageClock(options.dir);
    const world = localWorld(options.dir, clock, READ_ONLY_THRESHOLDS, { cache: false });
    const stepFunctions = new LocalStepFunctions(options.dir, clock, { onStopped: reconcileWith(world) });
    return {
      where: `local stage ${options.dir}`,
      targets,
      executions: stepFunctions,
      stepFunctions,
      router: world.router,
      releaseStore: world.releaseStore,
      pinStore: world.pinStore,
      noteOn: (arn) => (stepFunctions.orphaned(arn) ? `the process running it is gone: 'evalgate abort --local' rolls it back` : undefined),
      pollMs: 100,
      close: async () => undefined,
    };
  }
  // The stage runs the sample assistant, its suites and its traffic from the checkout (paths relative to it).
  if (!existsSync(join('evals', 'suites')) || !existsSync(join('functions', 'assistant'))) {
    throw new UsageError(`the local stage runs from the evalgate checkout (evals/ and functions/ here); ${process.cwd()} is not one`);
  }
  synthesized ??= synthesizeDemo();
  const stage = await LocalStage.open({ dir: options.dir, synthesized });
  if (!isSeeded(options.dir)) {
    await seedStage(stage.world);
    options.log?.(`seeded a fresh local stage in ${options.dir}: ${APP_FUNCTION} version 1 live on '${APP_ALIAS}', model pins configuration 1`);
  }
  const stepFunctions = new LocalStepFunctions(options.dir, stage.clock, { runner: stage, onStopped: reconcileWith(stage.world) });
  // The AppConfig extension at ON_DEPLOYMENT_START: a pins deployment goes to the real trigger, which starts a release.
  const pinsTrigger = triggers.pinsTrigger({
    pinsTrigger: { ...LOCAL_PINS_IDS, target: targets[0]! },
    pinStore: stage.world.pinStore,
    starter: stepFunctions,
    logger,
  });
  stage.world.pinStore.onDeploymentStart(async (event) => {
    await pinsTrigger(event, LOCAL_CONTEXT);
  });
  return {
    where: `local stage ${options.dir}`,
    targets,
    stage,
    executions: stepFunctions,
    stepFunctions,
    router: stage.world.router,
    releaseStore: stage.world.releaseStore,
    pinStore: stage.world.pinStore,
    pollMs: 100,
    close: () => stage.close(),
  };
}
