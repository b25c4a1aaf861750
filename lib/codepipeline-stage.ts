/**
 * The CodePipeline trigger: a stage that starts a release of the version the pipeline published and waits for its
 * outcome. The release state machine is Standard, so the Step Functions action follows the execution to its end:
 * the stage succeeds when the candidate is promoted and fails when the release is refused, blocked at the eval
 * gate or rolled back. The input is a JSON file in an artifact of an earlier action (`evalgate release ...
 * --print-input > release-input.json`), the canonical release input of functions/release/input.ts.
 */
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledgeWildcardAction, acknowledgeWildcardResource } from './private/nag';
import { releaseDurationOf } from './private/release-duration';

/** Step Functions execution names have at most 80 characters; CodePipeline appends `-<action execution id>` (37). */
const MAX_PREFIX_LENGTH = 43;
const PREFIX = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_PREFIX_LENGTH}}$`);
/** A relative path inside the artifact, of a `.json` file: no leading `/`, no `.` or `..` segment, no backslash. */
const INPUT_FILE = /^(?!\/)(?!.*(^|\/)\.{1,2}(\/|$))[^\\\s]+\.json$/;
/** "Step Functions invoke action: 7 days" (CodePipeline user guide, Quotas: length of time before an action times out). */
const MAX_ACTION_DURATION = Duration.days(7);
/** CodePipeline stage and action names. */
const NAME = /^[A-Za-z0-9.@_-]{1,100}$/;

export interface EvalGatedReleaseStageProps {
  /** The pipeline the stage is added to. */
  readonly pipeline: codepipeline.Pipeline;
  /** The release state machine (`EvalGatedRelease.stateMachine`); it must be a Standard state machine. */
  readonly stateMachine: sfn.IStateMachine;
  /** The artifact that holds the release input file, the output of the action that published the version. */
  readonly input: codepipeline.Artifact;
  /**
   * The release input file, relative to the root of `input`.
   * @default 'release-input.json'
   */
  readonly inputFile?: string;
  /**
   * The stage name.
   * @default 'Release'
   */
  readonly stageName?: string;
  /**
   * The action name.
   * @default 'EvalGatedRelease'
   */
  readonly actionName?: string;
  /**
   * Prepended to the action execution id to name the state machine execution (the release id):
   * `<prefix>-<action execution id>`. Letters, digits, - and _, at most 43 characters.
   * @default 'codepipeline'
   */
  readonly executionNamePrefix?: string;
  /**
   * Where the stage goes in the pipeline.
   * @default - after the last stage
   */
  readonly placement?: codepipeline.StagePlacement;
}

/**
 * @example
 * const publishOutput = new codepipeline.Artifact('ReleaseInput');
 * // ... a build action writes release-input.json into publishOutput
 * new EvalGatedReleaseStage(this, 'ReleaseStage', { pipeline, stateMachine: release.stateMachine, input: publishOutput });
 */
export class EvalGatedReleaseStage extends Construct {
  /** The stage added to the pipeline. */
  public readonly stage: codepipeline.IStage;
  /** The action that starts the release and waits for it. */
  public readonly action: actions.StepFunctionInvokeAction;
  /** The role the action runs with: start and describe releases, read the input artifact. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: EvalGatedReleaseStageProps) {
    super(scope, id);
    const inputFile = props.inputFile ?? 'release-input.json';
    const stageName = props.stageName ?? 'Release';
    const actionName = props.actionName ?? 'EvalGatedRelease';
    const executionNamePrefix = props.executionNamePrefix ?? 'codepipeline';
    validateStageProps({ inputFile, stageName, actionName, executionNamePrefix });
    if (props.stateMachine instanceof sfn.StateMachine && props.stateMachine.stateMachineType !== sfn.StateMachineType.STANDARD) {
      // An Express execution ends within 5 minutes: it could not follow a canary to its outcome.
      throw new Error(`stateMachine must be a Standard state machine (the stage waits for the release's outcome), got: ${props.stateMachine.stateMachineType}`);
    }

    const duration = releaseDurationOf(props.stateMachine);
    if (duration && duration.toSeconds() > MAX_ACTION_DURATION.toSeconds()) {
      // The action would fail at 7 days while the release went on, and the pipeline would report a release it never saw end.
      throw new Error(
        `maxReleaseDuration of the release must be at most ${MAX_ACTION_DURATION.toHumanString()} (CodePipeline's Step Functions invoke action times out after 7 days), got: ${duration.toHumanString()}`,
      );
    }

    // Trusted by the pipeline's role only, not by the whole account as CodePipeline's default action role is.
    this.role = new iam.Role(this, 'ActionRole', {
      assumedBy: new iam.ArnPrincipal(props.pipeline.role.roleArn),
      description: 'evalgate: starts a release from CodePipeline and follows it to its outcome',
    });
    this.action = new FilePathInvokeAction(inputFile, {
      actionName,
      stateMachine: props.stateMachine,
      stateMachineInput: actions.StateMachineInput.filePath(props.input.atPath(inputFile)),
      executionNamePrefix,
      role: this.role,
    });
    this.stage = props.pipeline.addStage({
      stageName,
      actions: [this.action],
      ...(props.placement === undefined ? {} : { placement: props.placement }),
    });
    this.acknowledgeGrants(props, executionNamePrefix);
  }

  /** What aws-cdk-lib grants the action (states:StartExecution is on the state machine itself, no wildcard). */
  private acknowledgeGrants(props: EvalGatedReleaseStageProps, executionNamePrefix: string): void {
    acknowledgeWildcardResource(
      this.role,
      executionArnPattern(props.stateMachine, executionNamePrefix),
      'states:DescribeExecution on the executions this action starts (<prefix>-<action execution id>, known only at run time)',
    );
    acknowledgeWildcardResource(
      this.role,
      props.pipeline.artifactBucket.arnForObjects('*'),
      'reads the input artifact, stored under a key CodePipeline chooses per execution in the pipeline artifact bucket',
    );
    for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*']) {
      acknowledgeWildcardAction(this.role, action, 'aws-cdk-lib Bucket.grantRead on the pipeline artifact bucket: read-only object and bucket reads');
    }
  }
}

/**
 * StepFunctionInvokeAction with the input file as the Step Functions action takes it: a path inside its one input
 * artifact (`assets/input.json` in the CodePipeline action reference). aws-cdk-lib renders `ArtifactPath.location`,
 * `<artifact>::<path>`, the form of CloudFormation actions (the same mistake as aws/aws-cdk#9767, fixed there for
 * Service Catalog only).
 */
class FilePathInvokeAction extends actions.StepFunctionInvokeAction {
  constructor(
    private readonly inputFile: string,
    props: actions.StepFunctionsInvokeActionProps,
  ) {
    super(props);
  }

  protected override bound(scope: Construct, stage: codepipeline.IStage, options: codepipeline.ActionBindOptions): codepipeline.ActionConfig {
    const config = super.bound(scope, stage, options);
    return { ...config, configuration: { ...(config.configuration as Record<string, unknown>), Input: this.inputFile } };
  }
}

/**
 * The ARN pattern aws-cdk-lib's StepFunctionInvokeAction grants states:DescribeExecution on, built the same way so
 * the acknowledgment names exactly that resource.
 */
function executionArnPattern(stateMachine: sfn.IStateMachine, executionNamePrefix: string): string {
  const stack = Stack.of(stateMachine);
  const { account, region, partition, resourceName } = stack.splitArn(stateMachine.stateMachineArn, ArnFormat.COLON_RESOURCE_NAME);
  return stack.formatArn({
    account,
    region,
    partition,
    service: 'states',
    resource: 'execution',
    resourceName: `${resourceName}:${executionNamePrefix}*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * Throws an Error naming the first prop that CodePipeline or Step Functions would refuse.
 *
 * @example
 * validateStageProps({ inputFile: '../input.json', stageName: 'Release', actionName: 'Release', executionNamePrefix: 'cp' });
 * // Error: inputFile must be a relative path to a .json file inside the artifact (no leading /, no . or .. segments), got: ../input.json
 */
export function validateStageProps(props: { inputFile: string; stageName: string; actionName: string; executionNamePrefix: string }): void {
  if (!INPUT_FILE.test(props.inputFile)) {
    throw new Error(`inputFile must be a relative path to a .json file inside the artifact (no leading /, no . or .. segments), got: ${props.inputFile}`);
  }
  if (!NAME.test(props.stageName)) throw new Error(`stageName must be 1-100 letters, digits, ., @, _ or -, got: ${props.stageName}`);
  if (!NAME.test(props.actionName)) throw new Error(`actionName must be 1-100 letters, digits, ., @, _ or -, got: ${props.actionName}`);
  if (!PREFIX.test(props.executionNamePrefix)) {
    throw new Error(`executionNamePrefix must be 1-${MAX_PREFIX_LENGTH} letters, digits, - or _ (the execution name is <prefix>-<36-character action execution id>, at most 80), got: ${props.executionNamePrefix}`);
  }
}
