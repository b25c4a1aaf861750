/**
 * Zod schemas of what the state machine carries between tasks (state.ts). Each task validates the parts of the
 * state it receives, so a hand-edited execution input or a state machine wired to the wrong path fails at the
 * boundary with the field named, instead of deep inside a use case.
 */
import { z } from 'zod';
import type { CanaryStep, EvalShard, GateOutcome, HealthVerdict, Release, ShardSummary } from './state';

const VERSION = /^[1-9]\d*$/;
const version = z.string().regex(VERSION, 'must be a published version number such as "7"');
const count = z.number().int().min(0);
const isoDate = z.iso.datetime({ offset: true });

const modelPinsSchema = z.object({ modelId: z.string().min(1), fallbackModelId: z.string().min(1).optional() });

export const evalShardSchema = z
  .object({ suite: z.string().min(1), index: count, from: count, to: count })
  .refine((shard) => shard.from < shard.to, { message: 'from must be less than to', path: ['to'] }) satisfies z.ZodType<EvalShard>;

export const releaseSchema = z.object({
  releaseId: z.string().min(1),
  functionName: z.string().min(1),
  alias: z.string().min(1),
  stableVersion: version,
  candidateVersion: version,
  change: z.object({
    source: z.enum(['codepipeline', 'manual', 'appconfig']),
    kind: z.enum(['code', 'prompt', 'model']),
    commit: z.string().optional(),
    testReport: z.string().optional(),
  }),
  pins: z
    .object({
      configurationVersion: version,
      previousConfigurationVersion: version.optional(),
      proposed: modelPinsSchema,
      previous: modelPinsSchema,
    })
    .optional(),
  codeSha256: z.string().min(1),
  startedAt: isoDate,
  alarmNames: z.array(z.string().min(1)),
  evalShards: z.array(evalShardSchema),
}) satisfies z.ZodType<Release>;

export const shardSummarySchema = z.object({
  suite: z.string().min(1),
  index: count,
  key: z.string().min(1),
  cases: count,
  candidatePassed: count,
  baselinePassed: count,
  errors: count,
  finishedAt: isoDate.optional(),
}) satisfies z.ZodType<ShardSummary>;

export const gateOutcomeSchema = z.object({
  decision: z.enum(['pass', 'block', 'inconclusive']),
  reasons: z.array(z.string()),
  reportKey: z.string().min(1),
  suites: z.array(z.object({ suite: z.string(), passRate: z.number(), minPassRate: z.number(), decision: z.string() })),
}) satisfies z.ZodType<GateOutcome>;

export const canaryStepSchema = z.object({
  step: count,
  weight: z.number().min(0).max(100),
  shiftedAt: isoDate,
}) satisfies z.ZodType<CanaryStep>;

export const healthVerdictSchema = z.object({
  verdict: z.enum(['healthy', 'degraded']),
  bakeComplete: z.boolean(),
  reasons: z.array(z.string()),
  checkedAt: isoDate,
}) satisfies z.ZodType<HealthVerdict>;

/** What a Step Functions Catch puts at its ResultPath. Locally `Cause` is the message; on AWS a JSON string. */
export const taskErrorSchema = z.object({ Error: z.string(), Cause: z.string().optional() });
export type TaskError = z.infer<typeof taskErrorSchema>;

/**
 * An optional part of an event. JSONPath payloads cannot omit a key whose path is missing (Step Functions fails
 * the state), so a state machine may pass null for "absent": both read as undefined.
 *
 * @example
 * z.object({ error: absentOrNull(taskErrorSchema) }).parse({ error: null }); // { error: undefined }
 */
export const absentOrNull = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);
