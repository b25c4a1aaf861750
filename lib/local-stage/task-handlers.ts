/**
 * The nine task handlers, as their modules export them. Each module also builds its AWS handler when imported
 * (`handler = makeHandler(awsDeps())`), which needs the task's environment to be valid; the local stage never
 * calls those, so placeholder values are set for whatever is missing before the import.
 */
const PLACEHOLDER_ENV: Readonly<Record<string, string>> = {
  AWS_REGION: 'local',
  EVALGATE_TABLE_NAME: 'local',
  EVALGATE_REPORTS_BUCKET: 'local',
  EVALGATE_TOPIC_ARN: 'arn:aws:sns:local:000000000000:local',
  EVALGATE_EVAL_SHARDS: '[{"suite":"quality","index":0,"from":0,"to":1}]',
  EVALGATE_ALARM_THRESHOLDS: '{"errorRate":0.05,"p99DurationMs":10000,"liveScore":0.9,"periodSeconds":60,"evaluationPeriods":3,"datapointsToAlarm":2}',
  EVALGATE_MAX_RELEASE_MINUTES: '360',
  EVALGATE_SUITES_DIR: 'evals/suites',
  EVALGATE_POLICY_FILE: 'evals/policy.yaml',
  EVALGATE_EVAL_CONCURRENCY: '4',
  EVALGATE_STATE_MACHINE_ARN: 'arn:aws:states:local:000000000000:stateMachine:evalgate-release',
  EVALGATE_TARGET_FUNCTION_NAME: 'local',
  EVALGATE_TARGET_ALIAS: 'live',
  EVALGATE_APPCONFIG_APPLICATION_ID: 'local',
  EVALGATE_APPCONFIG_ENVIRONMENT_ID: 'local',
  EVALGATE_APPCONFIG_PROFILE_ID: 'local',
  EVALGATE_APPCONFIG_STRATEGY_ID: 'local',
};

const setPlaceholders = () => {
  for (const [name, value] of Object.entries(PLACEHOLDER_ENV)) process.env[name] ??= value;
};

/** The two functions outside the state machine: the reconciler (EventBridge) and the AppConfig trigger. */
export async function loadTriggerHandlers() {
  setPlaceholders();
  return {
    reconcile: (await import('../../functions/tasks/reconcile/handler')).makeHandler,
    pinsTrigger: (await import('../../functions/tasks/pins-trigger/handler')).makeHandler,
  };
}

export async function loadTaskHandlers() {
  setPlaceholders();
  return {
    prepare: (await import('../../functions/tasks/prepare/handler')).makeHandler,
    checkUnitTests: (await import('../../functions/tasks/check-unit-tests/handler')).makeHandler,
    runEvalShard: (await import('../../functions/tasks/run-eval-shard/handler')).makeHandler,
    decideGate: (await import('../../functions/tasks/decide-gate/handler')).makeHandler,
    shiftTraffic: (await import('../../functions/tasks/shift-traffic/handler')).makeHandler,
    checkHealth: (await import('../../functions/tasks/check-health/handler')).makeHandler,
    promote: (await import('../../functions/tasks/promote/handler')).makeHandler,
    rollback: (await import('../../functions/tasks/rollback/handler')).makeHandler,
    finalize: (await import('../../functions/tasks/finalize/handler')).makeHandler,
  };
}

export type TaskHandlers = Awaited<ReturnType<typeof loadTaskHandlers>>;

/** The handler of a Task state: `ShiftTraffic25` -> shiftTraffic, `FinalizeBlocked` -> finalize. */
export function handlerKeyOf(state: string): keyof TaskHandlers {
  if (state.startsWith('Finalize')) return 'finalize';
  const name = state.replace(/\d+$/, '');
  const key = name.charAt(0).toLowerCase() + name.slice(1);
  const keys = ['prepare', 'checkUnitTests', 'runEvalShard', 'decideGate', 'shiftTraffic', 'checkHealth', 'promote', 'rollback', 'finalize'];
  if (!keys.includes(key)) throw new Error(`no local handler for Task state ${state}`);
  return key as keyof TaskHandlers;
}
