/** The releases in flight (running executions), with their targets and where each is now; and who the operator is. */
import { userInfo } from 'node:os';
import type { ExecutionSummary } from '../../../functions/ports/release-executions';
import type { OperatorBackend, ReleaseTarget } from './backend';
import { Timeline } from './timeline';

export interface InFlight {
  readonly execution: ExecutionSummary;
  readonly target: ReleaseTarget;
  readonly timeline: Timeline;
}

/**
 * The running executions with their targets and where each is now.
 *
 * @example
 * const [first] = await releasesInFlight(backend); // { execution, target: { functionName: 'assistant', alias: 'live' }, timeline }
 * first.timeline.current; // 'Bake25'
 */
export async function releasesInFlight(backend: OperatorBackend): Promise<InFlight[]> {
  const running = await backend.executions.list({ status: 'RUNNING', limit: 50 });
  return Promise.all(
    running.map(async (execution) => {
      const detail = await backend.executions.describe(execution.executionArn);
      const input = detail.input as { target?: { functionName?: string; alias?: string } } | undefined;
      const timeline = new Timeline(() => undefined);
      for (const event of await backend.executions.events(execution.executionArn)) timeline.add(event);
      return { execution, target: { functionName: input?.target?.functionName ?? '?', alias: input?.target?.alias ?? 'live' }, timeline };
    }),
  );
}

/** Who runs this command, for the record of an abort. @example operatorName({ USER: 'alice' }) // 'alice' */
export const operatorName = (env: Readonly<Record<string, string | undefined>>): string => env.EVALGATE_OPERATOR ?? env.USER ?? userInfo().username;
