/**
 * The canonical input of a release execution, as CodePipeline, the CLI, the console and the AppConfig trigger
 * send it. Validated before anything else happens; an error names the field and what is allowed.
 */
import { z } from 'zod';
import { InvalidReleaseInputError } from '../shared/errors';

const ALIAS = /^(?!\d+$)[A-Za-z0-9_-]{1,128}$/;
const VERSION = /^[1-9]\d*$/;

/**
 * A function as Lambda's API takes it (UpdateAlias FunctionName: a name, `123456789012:function:name` or the full
 * ARN), without a qualifier: the alias is `target.alias`.
 */
const FUNCTION = /^(?:(?:arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(?:-gov)?-[a-z]+-\d:)?\d{12}:function:)?([a-zA-Z0-9_-]{1,64})$/;

/**
 * The function's name, whatever form the input gave: Lambda publishes its metrics with the bare name
 * (FunctionName dimension), the release lock is keyed by it and records are listed by it, so an ARN taken as it
 * came would split one alias's releases in two (two locks: two releases at once) and find no metrics at all.
 */
const functionName = z
  .string()
  .min(1, 'functionName is required')
  .transform((value, ctx) => {
    const name = FUNCTION.exec(value)?.[1];
    if (name !== undefined) return name;
    ctx.addIssue({
      code: 'custom',
      message: `functionName must be a Lambda function name (1-64 letters, digits, - or _) or its ARN, without a version or alias (the alias is target.alias), got: ${value.slice(0, 170)}`,
    });
    return z.NEVER;
  });

export const releaseInputSchema = z
  .object({
    target: z
      .object({
        functionName,
        alias: z.string().regex(ALIAS, 'alias must be 1-128 letters, digits, - or _, not only digits').default('live'),
      })
      .strict(),
    candidate: z.union(
      [
        z.object({ version: z.string().regex(VERSION, 'candidate.version must be a published version number such as "7" ($LATEST is never released)') }).strict(),
        z
          .object({
            modelPins: z
              .object({
                configurationVersion: z.string().regex(VERSION, 'modelPins.configurationVersion must be a hosted configuration version number'),
                // Set by the AppConfig trigger: what AppConfig served before the deployment that started this release,
                // so a release refused before it has a Release can still put AppConfig back.
                previousConfigurationVersion: z
                  .string()
                  .regex(VERSION, 'modelPins.previousConfigurationVersion must be a hosted configuration version number (the one AppConfig served before)')
                  .optional(),
              })
              .strict(),
          })
          .strict(),
      ],
      { error: 'candidate must be { version: "N" } or { modelPins: { configurationVersion: "N", previousConfigurationVersion?: "M" } }' },
    ),
    change: z
      .object({
        source: z.enum(['codepipeline', 'manual', 'appconfig']),
        kind: z.enum(['code', 'prompt', 'model']).optional(),
        commit: z.string().regex(/^[0-9a-f]{7,40}$/, 'commit must be a git SHA (7 to 40 hex digits)').optional(),
        testReport: z
          .string()
          .regex(/^(s3:\/\/[a-z0-9.-]{3,63}\/.+|arn:aws[a-z-]*:codebuild:[a-z0-9-]+:\d{12}:report\/.+)$/, 'testReport must be an s3:// URI of a JUnit XML report or a CodeBuild report ARN')
          .optional(),
      })
      .strict(),
  })
  .strict();

export type ReleaseInput = z.output<typeof releaseInputSchema>;

/**
 * @example
 * parseReleaseInput({ target: { functionName: 'assistant' }, candidate: { version: '7' }, change: { source: 'manual' } });
 */
export function parseReleaseInput(input: unknown): ReleaseInput {
  const parsed = releaseInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'input'}: ${issue.message}`);
  throw new InvalidReleaseInputError(`invalid release input: ${problems.join('; ')}`);
}
