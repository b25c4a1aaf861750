/**
 * `evalgate stage publish`: what a delivery pipeline's publish step does after a build, on the local stage. The
 * app is synthesized again (a new build), and a version is published from the live one: the new build's code and
 * the variables the app owns, the model pins the live version runs (a build knows the initial pins only; pins
 * change through AppConfig, never through a build). The alias does not move.
 */
import { RELEASE_ENV } from '../../functions/runtime/release-env';
import { localStageWorld } from './operator';
import { openProject, projectOf } from './project';
import { PublishError, publishVersion } from './seed';

/** What a build never changes: the pins a version runs come from AppConfig through releases. */
const PINS_VARIABLES: readonly string[] = [RELEASE_ENV.modelId, RELEASE_ENV.fallbackModelId, RELEASE_ENV.pinsVersion];

export interface PublishBuildOptions {
  /** Context of this build's synthesis, on top of the stage's. */
  readonly context?: Readonly<Record<string, string>>;
  readonly set?: Readonly<Record<string, string>>;
  readonly unset?: readonly string[];
  readonly description?: string;
  readonly log?: (line: string) => void;
}

/**
 * @example
 * await publishBuild('.evalgate/stage', { context: { 'app:prompts': 'v2' } }); // { version: '2', live: '1', summary: 'EVALGATE_PROMPT_SHA changed' }
 */
export async function publishBuild(dir: string, options: PublishBuildOptions = {}): Promise<{ functionName: string; version: string; live: string; summary: string }> {
  const project = projectOf(dir);
  if (!project) throw new PublishError(`no local stage in ${dir}: 'evalgate stage init' makes one`);
  const { release } = await openProject({ ...project, context: { ...project.context, ...options.context } }, options.log);
  const world = localStageWorld(dir);
  const target = { functionName: release.target.functionName, alias: release.target.alias };
  const live = await world.registry.getVersion(target.functionName, (await world.router.getRouting(target)).version);

  const environment: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(release.target.environment)) if (!PINS_VARIABLES.includes(key) && live.environment[key] !== value) environment[key] = value;
  for (const key of Object.keys(live.environment)) if (!PINS_VARIABLES.includes(key) && !(key in release.target.environment)) environment[key] = undefined;
  Object.assign(environment, options.set);
  for (const key of options.unset ?? []) environment[key] = undefined;

  const newCode = release.target.codeSha256 !== live.codeSha256 && release.target.code;
  const changed = [...(newCode ? ['new code'] : []), ...Object.keys(environment).map((key) => `${key} ${environment[key] === undefined ? 'removed' : 'changed'}`)];
  const summary = changed.length === 0 ? 'nothing changed' : changed.join(', ');
  const published = await publishVersion(world, target, {
    environment,
    ...(newCode ? { code: { ...newCode, codeSha256: release.target.codeSha256 } } : {}),
    description: options.description ?? summary,
  });
  return { functionName: target.functionName, ...published, summary };
}
