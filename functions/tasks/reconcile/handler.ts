/**
 * The reconciler (not a state machine task): an EventBridge rule sends it the "Step Functions Execution Status
 * Change" events of the release state machine. Wiring only; the logic is in functions/release/reconcile.ts.
 */
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import middy from '@middy/core';
import { z } from 'zod';
import { reconcile, RECONCILED_STATUSES, type ReconcileResult, type ReconcileDeps } from '../../release/reconcile';
import { releaseTaskChain, type TaskDeps } from '../../shared/middleware';

/** Fields Step Functions leaves out are sent as null (`output`, `error`, `cause`; `input` when too large). */
export const executionStatusChangeSchema = EventBridgeSchema.extend({
  source: z.literal('aws.states'),
  'detail-type': z.literal('Step Functions Execution Status Change'),
  detail: z.object({
    executionArn: z.string().min(1),
    stateMachineArn: z.string().min(1),
    name: z.string().min(1).max(80),
    status: z.string().min(1),
    /** Epoch milliseconds. */
    startDate: z.number().int().nonnegative(),
    input: z.string().nullish(),
    error: z.string().nullish(),
    cause: z.string().nullish(),
  }),
});

export type ExecutionStatusChange = z.infer<typeof executionStatusChangeSchema>;

/** The rule only sends these; anything else (a rule edited by hand) is skipped. */
const isReconciled = (status: string): status is (typeof RECONCILED_STATUSES)[number] => (RECONCILED_STATUSES as readonly string[]).includes(status);

export type ReconcileTaskDeps = TaskDeps<ReconcileDeps>;

/**
 * @example
 * await makeHandler({ ...fakeWorld(), logger })(statusChangeEvent, context); // { status: 'reconciled', releaseId: 'rel-1', ... }
 */
export const makeHandler = (deps: ReconcileTaskDeps) =>
  middy(async ({ detail }: ExecutionStatusChange): Promise<ReconcileResult> => {
    const releaseId = detail.name;
    if (!isReconciled(detail.status)) {
      return { status: 'nothing-to-do', releaseId, reason: `execution ${detail.status}: only ${RECONCILED_STATUSES.slice(0, -1).join(', ')} and ${RECONCILED_STATUSES.at(-1)} executions are reconciled` };
    }
    deps.logger.info('reconciling an ended release', { releaseId, executionStatus: detail.status });
    const result = await reconcile(
      {
        executionName: releaseId,
        status: detail.status,
        input: detail.input ?? undefined,
        startedAt: new Date(detail.startDate),
        ...(detail.error ? { error: detail.error } : {}),
        ...(detail.cause ? { cause: detail.cause } : {}),
      },
      deps,
    );
    // The status only: the reasons carry the operator's cause, which stays in the record.
    deps.logger.info('reconciled', { releaseId, result: result.status });
    return result;
  }).use(releaseTaskChain({ task: 'Reconcile', schema: executionStatusChangeSchema, logger: deps.logger }));
