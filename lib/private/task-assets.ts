/**
 * The prebuilt release functions: `npm run build` bundles every task of functions/tasks/ into one folder of the
 * package (dist/assets/release-tasks, a file per task, shared chunks once), and the constructs reference that
 * folder as the code asset of each function, as aws-cdk-lib does with its own custom resources. A team's synth
 * runs no esbuild and needs none of evalgate's sources or lock file.
 */
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root';

/** Where the build writes the task bundles (scripts/build.ts RELEASE_TASKS_DIR). */
export const releaseTasksDir = (): string => join(packageRoot(), 'dist', 'assets', 'release-tasks');

/**
 * The code of a release function: the prebuilt folder, whose `<task>.mjs` exports the task's `handler`.
 *
 * @example
 * new lambda.Function(this, 'Prepare', { code: releaseTaskCode('prepare'), handler: releaseTaskHandler('prepare'), ... });
 */
export function releaseTaskCode(task: string): lambda.Code {
  const dir = releaseTasksDir();
  if (!existsSync(join(dir, `${task}.mjs`))) {
    throw new Error(`evalgate's prebuilt ${task} function is missing from ${dir}: the package was not built (run 'npm run build' in a checkout of evalgate, or reinstall it)`);
  }
  return lambda.Code.fromAsset(dir);
}

export const releaseTaskHandler = (task: string): string => `${task}.handler`;
