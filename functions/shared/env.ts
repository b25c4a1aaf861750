/**
 * The environment of the release task functions (set by lib/eval-gated-release.ts), validated at cold start:
 * a function deployed with a missing or malformed variable fails on its first invocation with the variable
 * named, not half-way through a release with an SDK error about an empty bucket name.
 */
import { z } from 'zod';
import { alarmThresholdsSchema } from '../release/alarm-specs';
import { evalShardSchema } from '../release/schemas';

const name = z.string({ error: 'is required' }).min(1, 'must not be empty');
const positiveInt = z
  .string({ error: 'is required' })
  .regex(/^\s*\d+\s*$/, 'must be a whole number')
  .transform(Number)
  .pipe(z.number().positive('must be greater than 0'));

/** A JSON-encoded variable, parsed then validated against `schema`. */
const json = <T extends z.ZodType>(schema: T) =>
  z
    .string({ error: 'is required' })
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `must be JSON: ${(error as Error).message}` });
        return z.NEVER;
      }
    })
    .pipe(schema);

/** The model pins in AppConfig: set by the construct all four or none (`modelPins: false`). */
export const APPCONFIG_VARIABLES = [
  'EVALGATE_APPCONFIG_APPLICATION_ID',
  'EVALGATE_APPCONFIG_ENVIRONMENT_ID',
  'EVALGATE_APPCONFIG_PROFILE_ID',
  'EVALGATE_APPCONFIG_STRATEGY_ID',
] as const;
type AppConfigEnv = Partial<Record<(typeof APPCONFIG_VARIABLES)[number], string>>;

const appConfig = {
  EVALGATE_APPCONFIG_APPLICATION_ID: name.optional(),
  EVALGATE_APPCONFIG_ENVIRONMENT_ID: name.optional(),
  EVALGATE_APPCONFIG_PROFILE_ID: name.optional(),
  EVALGATE_APPCONFIG_STRATEGY_ID: name.optional(),
};

/** A partial set is a broken deployment, not `modelPins: false`: each missing variable is named. */
function appConfigAllOrNone(env: AppConfigEnv, ctx: z.RefinementCtx): void {
  const missing = APPCONFIG_VARIABLES.filter((variable) => env[variable] === undefined);
  if (missing.length === 0 || missing.length === APPCONFIG_VARIABLES.length) return;
  for (const variable of missing) {
    ctx.addIssue({ code: 'custom', path: [variable], message: 'is required with the other EVALGATE_APPCONFIG_ variables (all four or none)' });
  }
}

/**
 * CloudWatchHealthSource takes the thresholds in its constructor, so every task that reads alarms or metrics
 * needs them, not only Prepare which creates the alarms (README lists them for prepare only).
 */
const thresholds = { EVALGATE_ALARM_THRESHOLDS: json(alarmThresholdsSchema) };

/** One schema per task function: each reads exactly the variables its construct sets for it. */
export const TASK_ENV = {
  prepare: z
    .object({
      EVALGATE_TABLE_NAME: name,
      ...appConfig,
      EVALGATE_EVAL_SHARDS: json(z.array(evalShardSchema).min(1, 'must list at least one shard')),
      ...thresholds,
      EVALGATE_MAX_RELEASE_MINUTES: positiveInt,
    })
    .superRefine(appConfigAllOrNone),
  /** The buckets JUnit reports may be read from: the reports bucket and `testReportBuckets`. */
  checkUnitTests: z.object({ EVALGATE_TABLE_NAME: name, EVALGATE_TEST_REPORT_BUCKETS: json(z.array(name)).optional() }),
  runEvalShard: z.object({
    EVALGATE_REPORTS_BUCKET: name,
    EVALGATE_SUITES_DIR: name,
    EVALGATE_EVAL_CONCURRENCY: positiveInt,
    /** Pinned judge for llm-rubric; the offline simulated judge when unset, as in `evalgate eval`. */
    EVALGATE_JUDGE_MODEL_ID: name.optional(),
  }),
  decideGate: z.object({ EVALGATE_REPORTS_BUCKET: name, EVALGATE_SUITES_DIR: name, EVALGATE_POLICY_FILE: name, ...thresholds }),
  // The table: ShiftTraffic and Promote read the release lock after moving the alias (the reconciler's fence).
  shiftTraffic: z.object({ EVALGATE_TABLE_NAME: name }),
  checkHealth: z.object({ EVALGATE_EXTRA_ALARMS: json(z.array(name)).optional(), ...thresholds }),
  // The AppConfig ids: Promote deploys the pins of a model-pin release AppConfig does not serve yet.
  promote: z.object({ EVALGATE_TABLE_NAME: name, ...appConfig }).superRefine(appConfigAllOrNone),
  rollback: z.object(appConfig).superRefine(appConfigAllOrNone),
  // The AppConfig ids: Finalize reverts the model pins of a release that ends blocked, refused or failed.
  finalize: z
    .object({ EVALGATE_TABLE_NAME: name, EVALGATE_REPORTS_BUCKET: name, EVALGATE_TOPIC_ARN: name, ...appConfig, ...thresholds })
    .superRefine(appConfigAllOrNone),
} as const;

/**
 * The AppConfig trigger (functions/tasks/pins-trigger), created only when model pins are managed: every AppConfig id is
 * required, with the state machine it starts and the target and alias a pin change releases.
 */
export const PINS_TRIGGER_ENV = z.object({
  EVALGATE_STATE_MACHINE_ARN: z.string({ error: 'is required' }).regex(/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:.+$/, 'must be a state machine ARN'),
  EVALGATE_TARGET_FUNCTION_NAME: name,
  EVALGATE_TARGET_ALIAS: name,
  EVALGATE_APPCONFIG_APPLICATION_ID: name,
  EVALGATE_APPCONFIG_ENVIRONMENT_ID: name,
  EVALGATE_APPCONFIG_PROFILE_ID: name,
  EVALGATE_APPCONFIG_STRATEGY_ID: name,
});

/**
 * The AppConfig ids of the model pins, or undefined when the pipeline manages none (`modelPins: false`). The env
 * must come from readEnv, which has checked the variables are all four or none.
 *
 * @example
 * const ids = appConfigIds(readEnv(TASK_ENV.rollback));
 * const pinStore = ids && new AppConfigPinStore(new AppConfigClient({}), ids);
 */
export function appConfigIds(env: AppConfigEnv) {
  const {
    EVALGATE_APPCONFIG_APPLICATION_ID: applicationId,
    EVALGATE_APPCONFIG_ENVIRONMENT_ID: environmentId,
    EVALGATE_APPCONFIG_PROFILE_ID: configurationProfileId,
    EVALGATE_APPCONFIG_STRATEGY_ID: deploymentStrategyId,
  } = env;
  if (applicationId === undefined || environmentId === undefined || configurationProfileId === undefined || deploymentStrategyId === undefined) return undefined;
  return { applicationId, environmentId, configurationProfileId, deploymentStrategyId };
}

export class InvalidEnvironmentError extends Error {
  override readonly name = 'InvalidEnvironmentError';
}

/**
 * @example
 * const env = readEnv(TASK_ENV.finalize, process.env); // { EVALGATE_TABLE_NAME: 'releases', ... }
 * readEnv(TASK_ENV.finalize, {}); // throws InvalidEnvironmentError: EVALGATE_TABLE_NAME: is required; ...
 */
export function readEnv<T extends z.ZodType>(schema: T, env: Readonly<Record<string, string | undefined>> = process.env): z.output<T> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const [variable, ...inside] = issue.path;
    const where = inside.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
    return `${String(variable)}${where}: ${issue.message}`;
  });
  throw new InvalidEnvironmentError(`invalid function environment: ${problems.join('; ')}`);
}
