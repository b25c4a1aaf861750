/**
 * A "Step Functions Execution Status Change" event as EventBridge delivers it to a Lambda target: the envelope, and
 * a detail whose input is the execution input as a JSON string and whose absent fields are null.
 */
export interface StatusChangeOptions {
  readonly name?: string;
  readonly status?: string;
  readonly input?: unknown;
  /** False: the input was too large for the event, which then carries none. @default true */
  readonly inputIncluded?: boolean;
  readonly startDate?: Date;
  readonly stopDate?: Date;
  readonly error?: string | null;
  readonly cause?: string | null;
}

export const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:ReleaseStateMachine';

/**
 * @example
 * statusChangeEvent({ name: 'rel-1', status: 'ABORTED', input, cause: 'aborted by alice: bad answers' });
 */
export function statusChangeEvent(options: StatusChangeOptions = {}) {
  const name = options.name ?? 'rel-1';
  const executionArn = `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${name}`;
  const startDate = options.startDate ?? new Date('2025-01-01T10:00:00Z');
  const stopDate = options.stopDate ?? new Date(startDate.getTime() + 30 * 60_000);
  return {
    version: '0',
    id: '315c1398-40ff-a850-213b-158f73e60175',
    'detail-type': 'Step Functions Execution Status Change' as const,
    source: 'aws.states' as const,
    account: '123456789012',
    time: stopDate.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'eu-west-1',
    resources: [executionArn],
    detail: {
      executionArn,
      stateMachineArn: STATE_MACHINE_ARN,
      name,
      status: options.status ?? 'ABORTED',
      startDate: startDate.getTime(),
      stopDate: stopDate.getTime(),
      input: options.inputIncluded === false ? null : JSON.stringify(options.input ?? {}),
      inputDetails: { included: options.inputIncluded ?? true },
      output: null,
      outputDetails: null,
      error: options.error ?? null,
      cause: options.cause ?? null,
    },
  };
}
