/**
 * The task handlers the local stage serves the machine's Task states with: each task's makeHandler, the same code
 * its Lambda entry wires to the AWS adapters (functions/tasks/<task>/index.ts), here given the local ones.
 */
import { makeHandler as checkHealth } from '../../functions/tasks/check-health/handler';
import { makeHandler as checkUnitTests } from '../../functions/tasks/check-unit-tests/handler';
import { makeHandler as decideGate } from '../../functions/tasks/decide-gate/handler';
import { makeHandler as finalize } from '../../functions/tasks/finalize/handler';
import { makeHandler as pinsTrigger } from '../../functions/tasks/pins-trigger/handler';
import { makeHandler as prepare } from '../../functions/tasks/prepare/handler';
import { makeHandler as promote } from '../../functions/tasks/promote/handler';
import { makeHandler as reconcile } from '../../functions/tasks/reconcile/handler';
import { makeHandler as rollback } from '../../functions/tasks/rollback/handler';
import { makeHandler as runEvalShard } from '../../functions/tasks/run-eval-shard/handler';
import { makeHandler as shiftTraffic } from '../../functions/tasks/shift-traffic/handler';

/** The two functions outside the state machine: the reconciler (EventBridge) and the AppConfig trigger. */
export const TRIGGER_HANDLERS = { reconcile, pinsTrigger } as const;

export const TASK_HANDLERS = { prepare, checkUnitTests, runEvalShard, decideGate, shiftTraffic, checkHealth, promote, rollback, finalize } as const;

export type TaskHandlers = typeof TASK_HANDLERS;

/** The handler of a Task state: `ShiftTraffic25` -> shiftTraffic, `FinalizeBlocked` -> finalize. */
export function handlerKeyOf(state: string): keyof TaskHandlers {
  if (state.startsWith('Finalize')) return 'finalize';
  const name = state.replace(/\d+$/, '');
  const key = name.charAt(0).toLowerCase() + name.slice(1);
  if (!Object.hasOwn(TASK_HANDLERS, key)) throw new Error(`no local handler for Task state ${state}`);
  return key as keyof TaskHandlers;
}
