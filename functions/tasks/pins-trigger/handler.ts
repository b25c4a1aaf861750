/**
 * The AppConfig trigger (not a state machine task): AppConfig invokes it asynchronously at ON_DEPLOYMENT_START of
 * every deployment in the model pins' environment. Wiring only: the decision is in functions/release/pins-trigger.ts.
 * Logs ids, versions and the decision, never a deployment's description or the pins document.
 */
import middy from '@middy/core';
import { decidePinsTrigger, pinsDeploymentEventSchema, type PinsDeploymentEvent } from '../../release/pins-trigger';
import type { ReleaseStarter } from '../../ports/release-starter';
import type { PinsTriggerDeps } from '../../release/pins-trigger';
import { releaseTaskChain, type TaskDeps } from '../../shared/middleware';

export type PinsTriggerResult =
  | { readonly skipped: string }
  | { readonly started: { readonly executionName: string; readonly executionArn: string; readonly startDate: string } };

/** What the trigger needs: the decision's deps, the Step Functions starter and a logger. */
export type PinsTriggerHandlerDeps = TaskDeps<PinsTriggerDeps & { readonly starter: ReleaseStarter }>;

/**
 * @example
 * await makeHandler({ config, pinStore, starter, logger })(event, context);
 * // { started: { executionName: 'pins-3-d7', executionArn: 'arn:aws:states:...:pins-3-d7', startDate: '...' } }
 */
export const makeHandler = (deps: PinsTriggerHandlerDeps) =>
  middy(async (event: PinsDeploymentEvent): Promise<PinsTriggerResult> => {
    const deployment = { deploymentNumber: event.DeploymentNumber, configurationVersion: event.ConfigurationVersion };
    const decision = await decidePinsTrigger(event, deps);
    if ('skip' in decision) {
      deps.logger.info('pin deployment not released', { ...deployment, reason: decision.skip });
      return { skipped: decision.skip };
    }
    const { executionName, input } = decision.start;
    const started = await deps.starter.start(executionName, input);
    deps.logger.info('pin change release started', { ...deployment, ...input.candidate.modelPins, executionName, executionArn: started.executionArn });
    return { started: { executionName, executionArn: started.executionArn, startDate: started.startDate.toISOString() } };
  }).use(releaseTaskChain({ task: 'PinsTrigger', schema: pinsDeploymentEventSchema, logger: deps.logger }));
