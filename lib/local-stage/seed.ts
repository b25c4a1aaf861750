/**
 * The starting point of a local stage, as a first deployment leaves AWS: the released function's version 1,
 * from the synthesized code and environment, live at 100% on its alias; the initial model pins hosted and
 * deployed in AppConfig (configuration 1); and, when the team gives its CI's JUnit report, the report where the
 * pipeline's build uploads it, with the live code's unit-test evidence recorded. Versions published later come
 * from the live one, as a delivery pipeline's publish step makes them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { junitTotals } from '../../functions/release/junit';
import { INITIAL_PINS_DESCRIPTION } from '../../functions/release/pins-revert';
import type { LocalRelease } from './assembly';
import type { LocalWorld } from './services';

/** Where the local stage keeps CI's report of the live code: `s3://local-ci-reports/<function>/junit.xml`. */
export const testReportUri = (functionName: string): string => `s3://local-ci-reports/${functionName}/junit.xml`;

export interface SeedOptions {
  /** Variables of version 1 on top of the synthesized ones. */
  readonly environment?: Readonly<Record<string, string>>;
  /** CI's JUnit XML of the live code's unit tests (its text). Without it, code releases are refused at CheckUnitTests, as on AWS. */
  readonly junit?: string;
}

export interface Seeded {
  readonly version: string;
  /** The release input's test report, when a JUnit report was given. */
  readonly testReport?: string;
}

/**
 * @example
 * await seedStage(stage.world, release, { junit: readFileSync('reports/junit.xml', 'utf8') }); // { version: '1', testReport: 's3://local-ci-reports/Handler/junit.xml' }
 */
export async function seedStage(world: LocalWorld, release: LocalRelease, options: SeedOptions = {}): Promise<Seeded> {
  const { functionName, alias, code, codeSha256 } = release.target;
  if (!code) throw new Error(`the local stage cannot run ${functionName}: the template has no code asset for it (synthesize the app, or give --handler)`);
  const environment = { ...release.target.environment, ...options.environment };
  world.registry.setLatest(functionName, { codeSha256, environment, code });
  const live = world.registry.publish(functionName, { codeSha256, environment, code, description: 'deployed with the stack' });
  world.router.createAlias({ functionName, alias }, live.version);
  if (release.initialPins) {
    const pins = await world.pinStore.createHostedVersion(release.initialPins);
    await world.pinStore.deploy(pins, INITIAL_PINS_DESCRIPTION);
  }
  if (options.junit === undefined) return { version: live.version };
  const totals = junitTotals(options.junit);
  const testReport = testReportUri(functionName);
  const file = join(world.dir, 's3', testReport.slice('s3://'.length));
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, options.junit);
  await world.releaseStore.recordTestEvidence(functionName, codeSha256, { source: 's3-junit', reference: testReport, ...totals });
  return { version: live.version, testReport };
}

/** Reads a JUnit report file, naming it when it is not one. */
export function readJunit(file: string): string {
  const xml = readFileSync(file, 'utf8');
  junitTotals(xml);
  return xml;
}

export interface PublishOptions {
  /** Variables to set (a string) or remove (undefined) on top of the live version's. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** New code, with its hash: a new synthesis of the app. @default the live version's code */
  readonly code?: { readonly path: string; readonly exportName: string; readonly codeSha256: string };
  readonly description: string;
}

/**
 * Publishes a version from the live one with the changes asked, as a delivery pipeline's publish step does: the
 * alias does not move. Refuses a version identical to the live one (Lambda would publish nothing new).
 *
 * @example
 * publishVersion(world, { functionName: 'Handler', alias: 'live' }, { environment: { PROMPT_SET: 'v2' }, description: 'new prompts' }); // '2'
 */
export async function publishVersion(world: LocalWorld, target: { readonly functionName: string; readonly alias: string }, options: PublishOptions): Promise<{ version: string; live: string }> {
  const live = await world.registry.getVersion(target.functionName, (await world.router.getRouting(target)).version);
  const environment: Record<string, string> = { ...live.environment };
  for (const [key, value] of Object.entries(options.environment ?? {})) {
    if (value === undefined) delete environment[key];
    else environment[key] = value;
  }
  const code = options.code ?? { ...world.registry.codeOf(target.functionName, live.version)!, codeSha256: live.codeSha256 };
  const published = world.registry.publish(target.functionName, {
    codeSha256: code.codeSha256,
    environment,
    code: { path: code.path, exportName: code.exportName },
    description: options.description,
  });
  if (published.version === live.version) throw new PublishError(`nothing to publish: version ${live.version} already runs that code and environment`);
  return { version: published.version, live: live.version };
}

export class PublishError extends Error {
  override readonly name = 'PublishError';
}
