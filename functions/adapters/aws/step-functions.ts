/**
 * Starting releases on AWS: StartExecution of the release state machine (Standard). Step Functions makes a retried
 * start idempotent: the same name and input while the execution runs returns that execution. Any other reuse of the
 * name (another input, or an execution that has ended) is ExecutionAlreadyExists, raised as a named error.
 */
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ReleaseStarter, StartedRelease } from '../../ports/release-starter';
import type { ReleaseInput } from '../../release/input';
import { ReleaseAlreadyStartedError } from '../../shared/errors';
import { isServiceError } from './service-errors';

/**
 * @example
 * const starter = new StepFunctionsReleaseStarter(new SFNClient({}), stateMachineArn);
 * await starter.start('pins-3-d7', input); // { executionArn: 'arn:aws:states:...:execution:...:pins-3-d7', startDate }
 */
export class StepFunctionsReleaseStarter implements ReleaseStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(executionName: string, input: ReleaseInput): Promise<StartedRelease> {
    try {
      const { executionArn, startDate } = await this.client.send(
        new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: executionName, input: JSON.stringify(input) }),
      );
      return { executionArn: executionArn!, startDate: startDate! };
    } catch (error) {
      if (isServiceError(error, 'ExecutionAlreadyExists')) {
        throw new ReleaseAlreadyStartedError(
          `release ${executionName} was not started: an execution of that name has ended or runs another input (${error.message}); start the release under another name`,
          { cause: error },
        );
      }
      throw error;
    }
  }
}
