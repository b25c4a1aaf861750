/**
 * A complete sample delivery pipeline for the demo assistant, created by DemoStack only with the context flag
 * `evalgate:samplePipeline=true`: Source (a zip in a versioned S3 bucket, or a repository through a CodeStar
 * connection) -> Build (unit tests with a JUnit report, `evalgate eval` of the candidate) -> Publish (a new Lambda
 * version, the live alias untouched, and the release input file) -> Release (lib/codepipeline-stage.ts).
 */
import { ArnFormat, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { PUBLISH_ENV, publishBuildSpec } from './buildspecs/publish';
import { TEST_AND_EVAL_ENV, testAndEvalBuildSpec, unitTestReportKey } from './buildspecs/test-and-eval';
import { acknowledgeFinding as acknowledge, acknowledgeWildcardAction, acknowledgeWildcardResource, EvalGatedReleaseStage, type EvalGatedRelease } from 'evalgate';

/** The context flag that adds the sample pipeline to the demo stack (`cdk synth -c evalgate:samplePipeline=true`). */
export const SAMPLE_PIPELINE_CONTEXT = 'evalgate:samplePipeline';
/** With CONNECTION_ARN_CONTEXT and REPOSITORY_CONTEXT (`owner/name`) the source is a repository, not S3. */
export const CONNECTION_ARN_CONTEXT = 'evalgate:connectionArn';
export const REPOSITORY_CONTEXT = 'evalgate:repository';
/** The branch of that repository; default `main`. */
export const BRANCH_CONTEXT = 'evalgate:branch';
/** The key of the source zip in the source bucket. */
export const SOURCE_KEY = 'evalgate.zip';
/** The file the Publish action writes and the Release stage reads. */
export const RELEASE_INPUT_FILE = 'release-input.json';

const CONNECTION_ARN = /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[0-9a-f-]+$/;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** A repository reached through a CodeStar (CodeConnections) connection. */
export interface RepositoryConnection {
  /** The ARN of the connection (it must be AVAILABLE: confirm it in the console once). */
  readonly connectionArn: string;
  /** `owner/name`. */
  readonly repository: string;
  /**
   * The branch to build.
   * @default 'main'
   */
  readonly branch?: string;
}

export interface SamplePipelineProps {
  /** The function the pipeline publishes versions of (the demo assistant). */
  readonly target: lambda.IFunction;
  /** Its release pipeline. */
  readonly release: EvalGatedRelease;
  /**
   * Where the source comes from.
   * @default - the repository named by the context `evalgate:connectionArn` and `evalgate:repository` (branch
   * `evalgate:branch`) when both are set, else the zip `evalgate.zip` in a versioned S3 bucket
   */
  readonly connection?: RepositoryConnection;
}

/**
 * @example
 * new SamplePipeline(this, 'SamplePipeline', { target: assistant, release });
 */
export class SamplePipeline extends Construct {
  public readonly pipeline: codepipeline.Pipeline;
  /** The bucket to put `evalgate.zip` in, unless the source is a repository connection. */
  public readonly sourceBucket: s3.Bucket | undefined;
  /** The unit-test reports of every build (the JUnit file the release's CheckUnitTests reads is also in S3). */
  public readonly unitTestReports: codebuild.ReportGroup;
  /** The `evalgate eval` reports of every build: one test case per eval case. */
  public readonly evalReports: codebuild.ReportGroup;
  /** Unit tests and `evalgate eval` of the candidate code. */
  public readonly buildProject: codebuild.PipelineProject;
  /** Publishes the new version and writes the release input file. */
  public readonly publishProject: codebuild.PipelineProject;
  /** The Release stage. */
  public readonly releaseStage: EvalGatedReleaseStage;

  constructor(scope: Construct, id: string, props: SamplePipelineProps) {
    super(scope, id);
    const connection = props.connection ?? connectionFromContext(this);
    if (connection) validateConnection(connection);

    this.pipeline = new codepipeline.Pipeline(this, 'Pipeline', {
      pipelineType: codepipeline.PipelineType.V2,
      // One account and region: the artifact bucket is S3-encrypted, no customer key to pay for.
      crossAccountKeys: false,
      restartExecutionOnUpdate: false,
    });
    const source = new codepipeline.Artifact('Source');
    // Trusted by the pipeline's role only (CodePipeline's default action role trusts the whole account).
    const sourceRole = new iam.Role(this, 'SourceActionRole', { assumedBy: new iam.ArnPrincipal(this.pipeline.role.roleArn) });
    const { action: sourceAction, bucket } = connection
      ? { action: this.repositorySource(connection, source, sourceRole), bucket: undefined }
      : this.bucketSource(source, sourceRole);
    this.sourceBucket = bucket;
    acknowledgeArtifactAccess(sourceRole, this.pipeline.artifactBucket, 'read-write');
    this.pipeline.addStage({ stageName: 'Source', actions: [sourceAction] });

    this.unitTestReports = new codebuild.ReportGroup(this, 'UnitTestReports', { type: codebuild.ReportGroupType.TEST });
    this.evalReports = new codebuild.ReportGroup(this, 'EvalReports', { type: codebuild.ReportGroupType.TEST });
    this.buildProject = this.createBuildProject(props);
    this.publishProject = this.createPublishProject(props, RELEASE_INPUT_FILE);

    const buildAction = new actions.CodeBuildAction({
      actionName: 'UnitTestsAndEvals',
      project: this.buildProject,
      input: source,
      variablesNamespace: 'Build',
      ...(sourceAction instanceof actions.CodeStarConnectionsSourceAction
        ? { environmentVariables: { [TEST_AND_EVAL_ENV.sourceCommit]: { value: sourceAction.variables.commitId } } }
        : {}),
    });
    this.pipeline.addStage({ stageName: 'Build', actions: [buildAction] });
    const releaseInput = new codepipeline.Artifact('ReleaseInput');
    this.pipeline.addStage({
      stageName: 'Publish',
      actions: [
        new actions.CodeBuildAction({
          actionName: 'PublishVersion',
          project: this.publishProject,
          input: source,
          outputs: [releaseInput],
          environmentVariables: {
            [PUBLISH_ENV.commit]: { value: buildAction.variable('COMMIT') },
            [PUBLISH_ENV.testReport]: { value: buildAction.variable('TEST_REPORT') },
          },
        }),
      ],
    });
    this.releaseStage = new EvalGatedReleaseStage(this, 'Release', {
      pipeline: this.pipeline,
      stateMachine: props.release.stateMachine,
      input: releaseInput,
      inputFile: RELEASE_INPUT_FILE,
    });
    this.acknowledgePipeline();
  }

  /** Unit tests into the report groups and the reports bucket, then `evalgate eval` of the candidate code. */
  private createBuildProject({ target, release }: SamplePipelineProps): codebuild.PipelineProject {
    const project = this.project('Build', {
      description: 'evalgate sample: unit tests (JUnit report) and evalgate eval of the candidate',
      computeType: codebuild.ComputeType.MEDIUM,
      buildSpec: testAndEvalBuildSpec({ unitTestReportGroupArn: this.unitTestReports.reportGroupArn, evalReportGroupArn: this.evalReports.reportGroupArn }),
      environment: { [TEST_AND_EVAL_ENV.reportsBucket]: release.reportsBucket.bucketName, [TEST_AND_EVAL_ENV.liveAliasArn]: release.liveAlias.aliasArn },
      writesArtifact: false,
    });
    this.unitTestReports.grantWrite(project);
    this.evalReports.grantWrite(project);
    const junitCopies = release.reportsBucket.arnForObjects(unitTestReportKey('*'));
    project.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [junitCopies] }));
    acknowledgeWildcardResource(project, junitCopies, 'writes the JUnit report of each commit to ci/<commit>/junit.xml, where the release reads it; the commit is known at build time');
    // The live version's model: the candidate code is evaluated with what production runs.
    project.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:GetFunctionConfiguration'], resources: [target.functionArn, release.liveAlias.aliasArn] }));
    return project;
  }

  /** Publishes a new version from the live version's environment and the new code; writes the release input. */
  private createPublishProject({ target, release }: SamplePipelineProps, inputFile: string): codebuild.PipelineProject {
    const project = this.project('Publish', {
      description: 'evalgate sample: publishes a new version of the assistant (the live alias untouched) and writes the release input',
      computeType: codebuild.ComputeType.SMALL,
      buildSpec: publishBuildSpec({ inputFile }),
      environment: { [PUBLISH_ENV.functionName]: target.functionName, [PUBLISH_ENV.liveAliasArn]: release.liveAlias.aliasArn },
      writesArtifact: true,
    });
    // Least privilege: no lambda:UpdateAlias and nothing on `<function>:*`, so the pipeline can never move the alias.
    project.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:GetFunctionConfiguration'], resources: [target.functionArn, release.liveAlias.aliasArn] }));
    project.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lambda:GetFunction', 'lambda:UpdateFunctionConfiguration', 'lambda:UpdateFunctionCode', 'lambda:PublishVersion'],
        resources: [target.functionArn],
      }),
    );
    return project;
  }

  /** A zip in a versioned bucket; an EventBridge rule starts the pipeline when `evalgate.zip` is written. */
  private bucketSource(output: codepipeline.Artifact, role: iam.IRole): { action: actions.S3SourceAction; bucket: s3.Bucket } {
    const bucket = new s3.Bucket(this, 'SourceBucket', {
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    });
    // Native EventBridge notifications (CloudFormation), not aws-cdk-lib's notification custom resource.
    (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    acknowledge(bucket, 'AwsSolutions-S1', 'the sample source bucket holds one zip the operator uploads; uploads are auditable with CloudTrail data events, a log bucket adds cost without a reader');
    new events.Rule(this, 'SourcePushed', {
      description: `evalgate sample: starts the pipeline when ${SOURCE_KEY} is written to the source bucket`,
      eventPattern: { source: ['aws.s3'], detailType: ['Object Created'], detail: { bucket: { name: [bucket.bucketName] }, object: { key: [SOURCE_KEY] } } },
      targets: [new targets.CodePipeline(this.pipeline)],
    });
    new CfnOutput(this, 'SourceBucketName', { value: bucket.bucketName, description: `put the source zip here as ${SOURCE_KEY} to start the pipeline` });
    return { action: new actions.S3SourceAction({ actionName: 'Source', bucket, bucketKey: SOURCE_KEY, output, trigger: actions.S3Trigger.NONE, role }), bucket };
  }

  private repositorySource(connection: RepositoryConnection, output: codepipeline.Artifact, role: iam.IRole): actions.CodeStarConnectionsSourceAction {
    const [owner = '', repo = ''] = connection.repository.split('/');
    return new actions.CodeStarConnectionsSourceAction({
      actionName: 'Source',
      connectionArn: connection.connectionArn,
      owner,
      repo,
      branch: connection.branch ?? 'main',
      output,
      triggerOnPush: true,
      role,
    });
  }

  private project(
    id: string,
    props: { description: string; computeType: codebuild.ComputeType; buildSpec: Record<string, unknown>; environment: Record<string, string>; writesArtifact: boolean },
  ): codebuild.PipelineProject {
    const project = new codebuild.PipelineProject(this, id, {
      description: props.description,
      environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, computeType: props.computeType },
      buildSpec: codebuild.BuildSpec.fromObject(props.buildSpec),
      environmentVariables: Object.fromEntries(Object.entries(props.environment).map(([name, value]) => [name, { value }])),
      timeout: Duration.minutes(30),
      // The AWS managed S3 key, which CodeBuild uses anyway: named explicitly, with no customer key to pay for.
      encryptionKey: kms.Alias.fromAliasName(this, `${id}S3Key`, 'alias/aws/s3'),
    });
    const role = project.role!;
    const stack = Stack.of(this);
    acknowledgeWildcardResource(
      role,
      stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: `/aws/codebuild/${project.projectName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      'aws-cdk-lib CodeBuild project: writes the log streams of its own log group, one stream per build',
    );
    acknowledgeWildcardResource(
      role,
      stack.formatArn({ service: 'codebuild', resource: 'report-group', resourceName: `${project.projectName}-*` }),
      'aws-cdk-lib grants every project the report groups named after it; this project reports only to its explicit ReportGroups',
    );
    acknowledgeArtifactAccess(role, this.pipeline.artifactBucket, props.writesArtifact ? 'read-write' : 'read');
    return project;
  }

  /** What aws-cdk-lib grants the pipeline's own role on its artifact bucket. */
  private acknowledgePipeline(): void {
    acknowledge(this.pipeline.artifactBucket, 'AwsSolutions-S1', 'the pipeline artifact bucket is written and read only by this pipeline; a log bucket adds cost without a reader');
    acknowledgeArtifactAccess(this.pipeline.role, this.pipeline.artifactBucket, 'read-write');
  }
}

/**
 * The repository connection the context names, if any.
 *
 * @example
 * connectionFromContext(stack); // { connectionArn, repository: 'acme/assistant', branch: 'main' } with `-c evalgate:connectionArn=... -c evalgate:repository=acme/assistant`
 */
export function connectionFromContext(scope: IConstruct): RepositoryConnection | undefined {
  const connectionArn: unknown = scope.node.tryGetContext(CONNECTION_ARN_CONTEXT);
  const repository: unknown = scope.node.tryGetContext(REPOSITORY_CONTEXT);
  const branch: unknown = scope.node.tryGetContext(BRANCH_CONTEXT);
  if (connectionArn === undefined && repository === undefined) return undefined;
  if (typeof connectionArn !== 'string' || typeof repository !== 'string') {
    throw new Error(`context ${CONNECTION_ARN_CONTEXT} and ${REPOSITORY_CONTEXT} must be set together, got: ${CONNECTION_ARN_CONTEXT}=${String(connectionArn)}, ${REPOSITORY_CONTEXT}=${String(repository)}`);
  }
  return { connectionArn, repository, ...(typeof branch === 'string' ? { branch } : {}) };
}

/** Acknowledges what aws-cdk-lib's Bucket.grantRead / grantReadWrite give a pipeline role on the artifact bucket. */
function acknowledgeArtifactAccess(role: iam.IRole, bucket: s3.IBucket, access: 'read' | 'read-write'): void {
  const reason = 'aws-cdk-lib grant on the pipeline artifact bucket, whose object keys CodePipeline chooses per execution';
  acknowledgeWildcardResource(role, bucket.arnForObjects('*'), reason);
  const actionsGranted = access === 'read' ? ['s3:GetObject*', 's3:GetBucket*', 's3:List*'] : ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'];
  for (const action of actionsGranted) acknowledgeWildcardAction(role, action, reason);
}

function validateConnection(connection: RepositoryConnection): void {
  if (!CONNECTION_ARN.test(connection.connectionArn)) {
    throw new Error(`connectionArn must be the ARN of a CodeStar connection (arn:aws:codestar-connections:<region>:<account>:connection/<id>), got: ${connection.connectionArn}`);
  }
  if (!REPOSITORY.test(connection.repository)) throw new Error(`repository must be owner/name, got: ${connection.repository}`);
}
