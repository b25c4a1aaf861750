/**
 * The AppConfig trigger: a custom AppConfig extension whose action, at ON_DEPLOYMENT_START, invokes a Lambda
 * (functions/tasks/pins-trigger) that starts a release of the deployed model pins. The extension is associated with the
 * pins' environment only. Why an extension rather than an EventBridge rule is in README.md, "Model-pin changes
 * from AppConfig".
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as appconfig from 'aws-cdk-lib/aws-appconfig';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { ModelPins } from '../model-pins';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { FailureQueue } from './failure-queue';
import { acknowledge, acknowledgeWildcardResource } from './nag';
import { createReleaseFunction } from './task-functions';

export interface PinsTriggerProps {
  /** The model pins whose deployments start releases. */
  readonly modelPins: ModelPins;
  /** The release state machine the trigger starts. */
  readonly stateMachine: sfn.IStateMachine;
  /** The function a pin change releases, and its alias. */
  readonly target: lambda.IFunction;
  readonly aliasName: string;
}

/**
 * @example
 * const trigger = new PinsTrigger(this, 'PinsTrigger', { modelPins, stateMachine, target, aliasName: 'live' });
 * trigger.function.functionArn;
 */
export class PinsTrigger extends Construct {
  /** The Lambda AppConfig invokes at the start of every deployment in the pins' environment. */
  public readonly function: lambda.Function;
  /** The extension (one action at ON_DEPLOYMENT_START), associated with the pins' environment. */
  public readonly extension: appconfig.Extension;
  /** Deployment events the trigger could not handle after Lambda's retries, and the alarm on them. */
  public readonly failures: FailureQueue;

  constructor(scope: Construct, id: string, props: PinsTriggerProps) {
    super(scope, id);
    const pins = props.modelPins;
    // Built as the task functions are (the prebuilt bundle, its own role and log group).
    this.function = createReleaseFunction(this, 'pins-trigger', { memorySize: 256, timeout: Duration.seconds(30) }, {
      // Parsed by functions/shared/env.ts (PINS_TRIGGER_ENV).
      EVALGATE_STATE_MACHINE_ARN: props.stateMachine.stateMachineArn,
      EVALGATE_TARGET_FUNCTION_NAME: props.target.functionName,
      EVALGATE_TARGET_ALIAS: props.aliasName,
      EVALGATE_APPCONFIG_APPLICATION_ID: pins.applicationId,
      EVALGATE_APPCONFIG_ENVIRONMENT_ID: pins.environmentId,
      EVALGATE_APPCONFIG_PROFILE_ID: pins.configurationProfileId,
      EVALGATE_APPCONFIG_STRATEGY_ID: pins.deploymentStrategyId,
    });
    const role = this.function.role!;
    // AppConfig ignores what an ON_* action does: a pin deployment whose release could not be started must not pass
    // unseen (the pins would be served with no release behind them).
    this.failures = new FailureQueue(this, 'Failures', { what: 'the AppConfig trigger (a model-pin deployment with no release)' });
    this.function.configureAsyncInvoke({ retryAttempts: 2, onFailure: new destinations.SqsDestination(this.failures.queue) });
    acknowledge(this.failures.queue, 'AwsSolutions-SQS3', "it is the trigger's on-failure destination: a dead-letter queue itself");
    props.stateMachine.grantStartExecution(this.function);
    // AppConfigPinStore.deployedVersionBefore: what AppConfig served before the deployment.
    // Each AppConfig action names the application and the environment as required resource types too ("you must
    // include an ARN or pattern for each required resource type", Service Authorization Reference, AWS AppConfig).
    const application = pins.application.applicationArn;
    const environment = pins.environment.environmentArn;
    this.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['appconfig:ListDeployments'], resources: [application, environment] }));
    // AppConfigPinStore.deploymentDescription: whether evalgate made the deployment, when the event does not say.
    const deployments = `${environment}/deployment/*`;
    this.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['appconfig:GetDeployment'], resources: [application, environment, deployments] }));
    acknowledgeWildcardResource(role, deployments, 'reads the deployment that invoked it, by number, in the model pins environment only');

    // The extension's action gets a role AppConfig assumes to invoke the function (InvokeFunction, and InvokeAsync
    // for ON_* action points), on this function only.
    this.extension = new appconfig.Extension(this, 'Extension', {
      description: 'evalgate: a deployment of new model pins starts a release',
      actions: [
        new appconfig.Action({
          name: 'StartPinsRelease',
          description: 'starts the release of the deployed model pins',
          actionPoints: [appconfig.ActionPoint.ON_DEPLOYMENT_START],
          eventDestination: new appconfig.LambdaDestination(this.function),
        }),
      ],
    });
    // LambdaDestination also lets appconfig.amazonaws.com invoke the function from any account: only this one's.
    (this.function.permissionsNode.findChild('AppConfigPermission') as lambda.CfnPermission).sourceAccount = Stack.of(this).account;
    pins.environment.addExtension(this.extension);
  }
}
