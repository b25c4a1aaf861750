/**
 * Where a deployed evalgate release pipeline is: the `EvalgateRelease` stack output every EvalGatedRelease writes
 * (a JSON document: state machine, table, target, AppConfig ids), read from the outputs file
 * `cdk deploy --outputs-file cdk-outputs.json` writes. One file can hold several pipelines (several functions, or
 * stacks); `--function` picks one.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../exit-codes';

export const deploymentSchema = z
  .object({
    evalgate: z.literal(1),
    stateMachineArn: z.string().regex(/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:.+$/),
    tableName: z.string().min(1),
    functionName: z.string().min(1),
    alias: z.string().min(1),
    appConfig: z
      .object({ applicationId: z.string().min(1), environmentId: z.string().min(1), configurationProfileId: z.string().min(1), deploymentStrategyId: z.string().min(1) })
      .strict()
      .optional(),
  })
  .strict();

export type Deployment = z.infer<typeof deploymentSchema>;

const isPipelineOutput = (value: unknown): value is string => typeof value === 'string' && value.startsWith('{') && value.includes('"evalgate"');

/**
 * The pipelines in an outputs file; throws a UsageError naming the file and what it lacks.
 *
 * @example
 * readDeployments('cdk-outputs.json'); // [{ evalgate: 1, stateMachineArn: 'arn:aws:states:...', functionName: 'assistant', ... }]
 */
export function readDeployments(file: string, cwd = process.cwd()): Deployment[] {
  let outputs: unknown;
  try {
    outputs = JSON.parse(readFileSync(resolve(cwd, file), 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError(
      missing
        ? `${file} not found: deploy with 'npx cdk deploy --outputs-file ${file}', pass --outputs FILE, or use --local for the local stage`
        : `${file} is not JSON: ${(error as Error).message}`,
    );
  }
  const found: Deployment[] = [];
  for (const [stack, values] of Object.entries((outputs ?? {}) as Record<string, Record<string, unknown>>)) {
    for (const [key, value] of Object.entries(values ?? {})) {
      if (!isPipelineOutput(value)) continue;
      const parsed = deploymentSchema.safeParse(JSON.parse(value));
      if (!parsed.success) throw new UsageError(`${file}: ${stack}.${key} is not an evalgate pipeline output: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      found.push(parsed.data);
    }
  }
  if (found.length === 0) throw new UsageError(`${file} holds no evalgate pipeline output (an EvalGatedRelease writes one named EvalgateRelease...)`);
  return found;
}

/**
 * The pipeline of `functionName`, or the only one when none is named.
 *
 * @example
 * selectDeployment(readDeployments('cdk-outputs.json'), 'assistant');
 */
export function selectDeployment(deployments: readonly Deployment[], functionName: string | undefined): Deployment {
  const matching = functionName === undefined ? deployments : deployments.filter((d) => d.functionName === functionName);
  if (matching.length === 1) return matching[0]!;
  const known = deployments.map((d) => d.functionName).join(', ');
  if (matching.length === 0) throw new UsageError(`no evalgate pipeline releases function '${functionName}'; the outputs name: ${known}`);
  throw new UsageError(`several evalgate pipelines (${known}): say which with --function`);
}
