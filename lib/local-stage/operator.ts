/**
 * The local stage as the operator commands see it (`--local`): the executions, the alias, the records and the
 * model pins of one stage folder (default `.evalgate/stage/`), kept between commands. A command that runs
 * releases opens the whole stage (the team's synthesized machine, the task handlers, the function's versions);
 * one that only reads (status, history) opens the files alone, in milliseconds.
 *
 * A folder with no stage yet is made for the project of the working directory (`evalgate stage init` with its
 * defaults): the function's version 1 live on its alias, the initial pins deployed.
 */
import type { Context } from 'aws-lambda';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OperatorBackend, ReleaseTarget } from '../../functions/ports/operator-backend';
import type { ExecutionDetail } from '../../functions/ports/release-executions';
import { localStageLogger } from '../../functions/shared/middleware';
import { openProject, projectOf, saveProject, type LocalProject } from './project';
import { seedStage, type Seeded } from './seed';
import { localWorld, type LocalWorld } from './services';
import { LOCAL_PINS_IDS } from './services/pin-store';
import { SimulatedClock } from './clock';
import { LocalStage, stageClock } from './stage';
import { LocalStepFunctions, statusChangeEvent } from './step-functions';
import { TRIGGER_HANDLERS } from './task-handlers';

const LOCAL_CONTEXT = { functionName: 'evalgate-local', awsRequestId: 'local', getRemainingTimeInMillis: () => 900_000 } as unknown as Context;

/** Thresholds of a world that only reads (no alarm is evaluated). */
const READ_ONLY_THRESHOLDS = { errorRate: 0.05, p99DurationMs: 10_000, liveScore: 0.9, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 };

/** What is wrong with a local stage: a usage error to the CLI. */
export class LocalStageError extends Error {
  override readonly name = 'LocalStageError';
}

export interface LocalOperatorOptions {
  readonly dir: string;
  readonly runs: boolean;
  /** The project a fresh stage is made for. @default the working directory's, with cdk.json's app */
  readonly project?: LocalProject;
  /** Lines about the stage itself (synthesis, seeding). */
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

/** Whether a stage folder has been seeded. */
export const isSeeded = (dir: string): boolean => existsSync(join(dir, 'functions.json'));

/** The aliases of the stage: the release targets status and history list. */
function targetsOf(dir: string): ReleaseTarget[] {
  const file = join(dir, 'aliases.json');
  if (!existsSync(file)) return [];
  const { aliases } = JSON.parse(readFileSync(file, 'utf8')) as { aliases: Record<string, unknown> };
  return Object.keys(aliases).map((key) => {
    const cut = key.lastIndexOf(':');
    return { functionName: key.slice(0, cut), alias: key.slice(cut + 1) };
  });
}

export const defaultProject = (appDir: string): LocalProject => ({ appDir, context: {}, environment: {} });

/**
 * Makes a stage afresh in `dir` for `project`: synthesizes it, seeds version 1 and the initial pins, and keeps
 * the project in stage.json for the commands that follow.
 *
 * @example
 * await initStage('.evalgate/stage', { appDir: process.cwd(), context: {}, environment: {} }, { junit });
 */
export async function initStage(
  dir: string,
  project: LocalProject,
  options: { readonly junit?: string; readonly environment?: Readonly<Record<string, string>>; readonly log?: (line: string) => void } = {},
): Promise<{ stage: LocalStage; seeded: Seeded }> {
  const { release, traffic } = await openProject(project, options.log);
  mkdirSync(dir, { recursive: true });
  const stage = LocalStage.open({ dir, release, traffic, environment: project.environment });
  const seeded = await seedStage(stage.world, release, { ...(options.junit === undefined ? {} : { junit: options.junit }), ...(options.environment ? { environment: options.environment } : {}) });
  saveProject(dir, project);
  return { stage, seeded };
}

/**
 * @example
 * const operator = await openLocalOperator({ dir: '.evalgate/stage', runs: true });
 * const { executionArn } = await operator.executions.start('rel-1', input);
 * await operator.stepFunctions.settled(executionArn);
 * await operator.close();
 */
export async function openLocalOperator(options: LocalOperatorOptions): Promise<LocalOperator> {
  const logger = localStageLogger();
  // The EventBridge rule of a stopped execution: its status change goes to the reconciler.
  const reconcileWith = (world: LocalWorld) => {
    const reconcile = TRIGGER_HANDLERS.reconcile({ ...world, logger });
    return async (execution: ExecutionDetail) => {
      await reconcile(statusChangeEvent(execution, world.clock.now()) as never, LOCAL_CONTEXT);
    };
  };
  if (!options.runs) {
    if (!isSeeded(options.dir)) throw new LocalStageError(`no local stage in ${options.dir}: 'evalgate stage init' makes one ('release --local' and 'pins propose --local' make one too)`);
    const clock = stageClock(options.dir);
    const world = localWorld(options.dir, clock, READ_ONLY_THRESHOLDS, { cache: false });
    const stepFunctions = new LocalStepFunctions(options.dir, clock, { onStopped: reconcileWith(world) });
    return {
      where: `local stage ${options.dir}`,
      targets: targetsOf(options.dir),
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
  const project = projectOf(options.dir);
  let stage: LocalStage;
  if (project && isSeeded(options.dir)) {
    const { release, traffic } = await openProject(project, options.log);
    stage = LocalStage.open({ dir: options.dir, release, traffic, environment: project.environment });
  } else {
    const fresh = options.project ?? defaultProject(process.cwd());
    stage = (await initStage(options.dir, fresh, options.log ? { log: options.log } : {})).stage;
    const { functionName, alias } = stage.target;
    options.log?.(`made a local stage in ${options.dir}: ${functionName} version 1 live on '${alias}'${stage.release.initialPins ? ', model pins configuration 1' : ''}`);
  }
  const target = stage.target;
  const stepFunctions = new LocalStepFunctions(options.dir, stage.clock, { runner: stage, onStopped: reconcileWith(stage.world) });
  // The AppConfig extension at ON_DEPLOYMENT_START: a pins deployment goes to the real trigger, which starts a release.
  const pinsTrigger = TRIGGER_HANDLERS.pinsTrigger({ pinsTrigger: { ...LOCAL_PINS_IDS, target }, pinStore: stage.world.pinStore, starter: stepFunctions, logger });
  stage.world.pinStore.onDeploymentStart(async (event) => {
    await pinsTrigger(event, LOCAL_CONTEXT);
  });
  return {
    where: `local stage ${options.dir}`,
    targets: [target],
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
