import type { ReleaseInput } from '../release/input';

/** What a started release is known by: the execution (its name is the release id) and when it started. */
export interface StartedRelease {
  readonly executionArn: string;
  readonly startDate: Date;
}

/** Starts release executions of the state machine (the AppConfig trigger; AWS: Step Functions StartExecution). */
export interface ReleaseStarter {
  /**
   * Starts `input` as the execution `executionName`. Starting the same name with the same input again while it
   * runs returns that execution; any other reuse of the name is a ReleaseAlreadyStartedError.
   */
  start(executionName: string, input: ReleaseInput): Promise<StartedRelease>;
}
