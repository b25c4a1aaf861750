/**
 * The longest a release of a state machine may run, kept on the state machine itself so that constructs given only
 * the state machine (EvalGatedReleaseStage) can check it against their own limits. A global symbol, not a module
 * variable: a CDK app may load evalgate twice (its ESM and CommonJS builds), and both must read what either wrote.
 */
import type { Duration } from 'aws-cdk-lib';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';

const KEY = Symbol.for('evalgate.maxReleaseDuration');

/** @example markReleaseDuration(release.stateMachine, Duration.hours(6)); */
export function markReleaseDuration(stateMachine: IStateMachine, duration: Duration): void {
  Object.defineProperty(stateMachine, KEY, { value: duration, enumerable: false });
}

/** @example releaseDurationOf(release.stateMachine); // Duration.hours(6); undefined for a state machine evalgate did not make */
export function releaseDurationOf(stateMachine: IStateMachine): Duration | undefined {
  return (stateMachine as unknown as Record<symbol, Duration | undefined>)[KEY];
}
