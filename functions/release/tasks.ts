/**
 * The release's task functions: one Lambda per task, each in the folder of the same name under functions/.
 * A pure module, so scripts can list the tasks without loading aws-cdk-lib.
 */
export const TASK_NAMES = [
  'prepare',
  'check-unit-tests',
  'run-eval-shard',
  'decide-gate',
  'shift-traffic',
  'check-health',
  'promote',
  'rollback',
  'finalize',
] as const;

export type TaskName = (typeof TASK_NAMES)[number];
