/**
 * Integration test of EvalGatedRelease on AWS (`npm run test:integ`, README "Integration tests on AWS"): a stack
 * with a small target function under the release pipeline, and two releases driven by integ-tests-alpha
 * assertions, one after the other on the same alias:
 *
 * 1. promote: candidate 2 (a prompt change) passes the eval gate, takes 50% of the alias under live traffic for the
 *    bake, and is promoted: the execution SUCCEEDED, the alias is on 2, the release record says promoted.
 * 2. rollback: candidate 3 (another prompt change) answers the evals well but leaks a marker into the answers it
 *    gives through the alias; the live-score alarm catches it during the canary and the release is rolled back:
 *    the execution FAILED with RolledBack, the alias is back on 2, the record's reasons name the live-score alarm.
 *
 * The app uses the product as a team does, through its public entry point (`evalgate`, lib/index.ts here). Its
 * snapshot (integ.release.ts.snapshot/) is compared offline in `npm test` (test/integ/snapshots.test.ts).
 */
import { ExpectedResult, IntegTest, InvocationType, Match, type IApiCall } from '@aws-cdk/integ-tests-alpha';
import { Annotations, App, CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { EvalGatedRelease } from 'evalgate';
import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The stack under test. The test deploys it, runs the assertions (in a stack of their own), then destroys both. */
export const STACK_NAME = 'EvalgateInteg';
const ALIAS = 'live';
/** The first version is the stack's; the test publishes the two candidates, so their numbers are known. */
const PROMOTED = '2';
const ROLLED_BACK = '3';
/** Each release's wait: Prepare to Finalize, with the gate's wait for CloudWatch and an 8-minute bake, is about 15 minutes. */
const RELEASE_TIMEOUT = Duration.minutes(30);
const JUNIT_KEY = 'integ/junit.xml';
/** The unit-test evidence CheckUnitTests requires of a code or prompt release (a passing JUnit report in S3). */
const JUNIT = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<testsuites name="integ" tests="2" failures="0" errors="0" skipped="0">',
  '  <testsuite name="target" tests="2" failures="0" errors="0" skipped="0">',
  '    <testcase name="answers the eval cases"/>',
  '    <testcase name="scores its responses"/>',
  '  </testsuite>',
  '</testsuites>',
  '',
].join('\n');
/** Live traffic: what the target's users ask (the suite's inputs). */
const LIVE_INPUTS = ['Say hello to the release pipeline', 'How long is the refund window?', 'Extract the order number as JSON: order 48213'];

interface ReleaseCase {
  readonly name: string;
  readonly version: string;
  /** What the ended execution must say: its status, or its error for a failed one. */
  readonly ended: { readonly path: 'status' | 'error'; readonly value: string };
  /** The version the alias serves at 100% afterwards. */
  readonly aliasVersion: string;
  /** The release record in the table (pk RELEASE#<function>#<alias>), as DynamoDB returns it. */
  readonly record: Record<string, unknown>;
}

/**
 * Adds the stack under test and its IntegTest to `app`. The entry (integ.release.ts) and the offline snapshot check
 * (test/integ/snapshot.ts) both build the app with it.
 *
 * @example
 * const app = new App({ context: INTEG_CONTEXT });
 * releaseIntegApp(app);
 * app.synth();
 */
export function releaseIntegApp(app: App): { stack: Stack; integ: IntegTest } {
  const stack = new Stack(app, STACK_NAME);

  const logGroup = (id: string) => new logs.LogGroup(stack, id, { retention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY });

  // The app under release, as a team writes one: middy + liveScore() from evalgate/runtime (test/integ/target).
  const target = new NodejsFunction(stack, 'Target', {
    entry: here('./target/handler.ts'),
    handler: 'handler',
    runtime: lambda.Runtime.NODEJS_22_X,
    memorySize: 256,
    timeout: Duration.seconds(10),
    environment: { EVALGATE_PROMPT_SHA: 'integ-prompt-1' },
    bundling: { format: OutputFormat.ESM, target: 'node22', minify: true, sourceMap: false },
    logGroup: logGroup('TargetLogs'),
  });

  const release = new EvalGatedRelease(stack, 'Release', {
    target,
    // The version the stack starts on, named here rather than target.currentVersion: that one's logical id hashes
    // the bundle, so any change to evalgate/runtime would read as a change of this template in the snapshot.
    initialVersion: new lambda.Version(stack, 'InitialVersion', { lambda: target }),
    suitesDir: here('./evals/suites'),
    policyFile: here('./evals/policy.yaml'),
    modelPins: { initialPins: { modelId: 'sim.assistant-2024-11-20' } },
    // One canary step, long enough for CloudWatch: EMF metrics reach an alarm a minute or three after the
    // traffic that made them, and the degraded candidate must be caught before the bake ends.
    canarySteps: [{ weight: 50, bake: Duration.minutes(8) }],
    healthCheckInterval: Duration.minutes(1),
    alarmThresholds: { evaluationPeriods: 1, datapointsToAlarm: 1 },
    maxReleaseDuration: Duration.hours(1),
  });
  // evalgate keeps its table and reports bucket (the audit trail of production); a test stack leaves nothing behind.
  release.table.applyRemovalPolicy(RemovalPolicy.DESTROY);
  release.reportsBucket.applyRemovalPolicy(RemovalPolicy.DESTROY);

  // The harness publishes candidates and sends live traffic (test/integ/harness/index.cjs), and empties the
  // versioned reports bucket when the stack is deleted.
  const harness = new lambda.Function(stack, 'Harness', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(here('./harness')),
    memorySize: 256,
    timeout: Duration.minutes(15),
    logGroup: logGroup('HarnessLogs'),
  });
  harness.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['lambda:GetFunctionConfiguration', 'lambda:UpdateFunctionConfiguration', 'lambda:PublishVersion'],
      resources: [target.functionArn],
    }),
  );
  harness.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [release.liveAlias.aliasArn] }));
  release.stateMachine.grantRead(harness);
  release.reportsBucket.grantDelete(harness);
  harness.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucketVersions'], resources: [release.reportsBucket.bucketArn] }));
  const harnessProvider = new cr.Provider(stack, 'HarnessProvider', { onEventHandler: harness, logGroup: logGroup('HarnessProviderLogs') });
  new CustomResource(stack, 'EmptyReportsOnDelete', { serviceToken: harnessProvider.serviceToken, properties: { BucketName: release.reportsBucket.bucketName } });

  const integ = new IntegTest(app, 'ReleaseInteg', {
    testCases: [stack],
    // Templates are compared with asset hashes normalized (integ-runner's default), and the snapshot keeps no
    // assets: the update workflow (deploy the committed snapshot, then the new one) is off, every run starts afresh.
    diffAssets: false,
    stackUpdateWorkflow: false,
    cdkCommandOptions: { destroy: { args: { force: true } } },
  });
  const assertions = integ.assertions;
  // The assertion stack reads the test stack's names through exports (strong references, CDK's default): the
  // destroy removes the assertion stack first.
  Annotations.of(app).acknowledgeWarning('@aws-cdk/core:crossStackReferencesDefaultStrong', 'strong references between the test stack and its assertions');

  const putReport = assertions.awsApiCall('S3', 'putObject', {
    Bucket: release.reportsBucket.bucketName,
    Key: JUNIT_KEY,
    Body: JUNIT,
    ContentType: 'application/xml',
  });

  /** Publishes candidate `version` with these variables over $LATEST's environment. */
  const publish = (version: string, set: Record<string, string>): IApiCall =>
    assertions
      .invokeFunction({ functionName: harness.functionName, payload: JSON.stringify({ action: 'publish', functionName: target.functionName, set, expectVersion: version }) })
      .assertAtPath('Payload', ExpectedResult.stringLikeRegexp(`^published version ${version}$`));

  /** The release input of README "Start a release from the console" (functions/release/input.ts). */
  const releaseInput = (version: string) =>
    JSON.stringify({
      target: { functionName: target.functionName, alias: ALIAS },
      candidate: { version },
      change: { source: 'manual', kind: 'prompt', commit: '0000000', testReport: `s3://${release.reportsBucket.bucketName}/${JUNIT_KEY}` },
    });

  /**
   * Starts the release, waits for the canary to split the alias, sends live traffic until the execution ends, then
   * asserts how it ended. Returns the last call, to chain the next case after it.
   */
  function releaseCase(after: IApiCall, c: ReleaseCase): IApiCall {
    const start = assertions.awsApiCall('StepFunctions', 'startExecution', {
      stateMachineArn: release.stateMachine.stateMachineArn,
      name: c.name,
      input: releaseInput(c.version),
    });
    const executionArn = start.getAttString('executionArn');
    const describe = () => assertions.awsApiCall('StepFunctions', 'describeExecution', { executionArn });
    // The gate passed and the canary moved half of the alias to the candidate.
    const split = assertions
      .awsApiCall('Lambda', 'getAlias', { FunctionName: target.functionName, Name: ALIAS })
      .expect(ExpectedResult.objectLike({ RoutingConfig: { AdditionalVersionWeights: { [c.version]: 0.5 } } }))
      .waitForAssertions({ totalTimeout: RELEASE_TIMEOUT, interval: Duration.seconds(10) });
    const traffic = assertions.invokeFunction({
      functionName: harness.functionName,
      invocationType: InvocationType.EVENT,
      payload: JSON.stringify({ action: 'traffic', functionName: target.functionName, alias: ALIAS, executionArn, inputs: LIVE_INPUTS }),
    });
    const ended = describe()
      .assertAtPath('status', ExpectedResult.stringLikeRegexp('^(SUCCEEDED|FAILED|TIMED_OUT|ABORTED)$'))
      .waitForAssertions({ totalTimeout: RELEASE_TIMEOUT, interval: Duration.seconds(30) });
    const outcome = describe().assertAtPath(c.ended.path, ExpectedResult.exact(c.ended.value));
    // Not flattened (assertAtPath would parse "2" into a number): the response as Lambda gives it.
    const alias = assertions
      .awsApiCall('Lambda', 'getAlias', { FunctionName: target.functionName, Name: ALIAS })
      .expect(ExpectedResult.objectLike({ FunctionVersion: c.aliasVersion }));
    const record = assertions
      .awsApiCall('DynamoDB', 'query', {
        TableName: release.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: '#record.releaseId = :id',
        ProjectionExpression: 'outcome, #record.reasons',
        ExpressionAttributeNames: { '#record': 'record' },
        ExpressionAttributeValues: { ':pk': { S: `RELEASE#${target.functionName}#${ALIAS}` }, ':id': { S: c.name } },
      })
      .expect(ExpectedResult.objectLike({ Count: 1, Items: [c.record] }));
    after.next(start).next(split).next(traffic).next(ended).next(outcome).next(alias).next(record);
    return record;
  }

  const promoted = releaseCase(putReport.next(publish(PROMOTED, { EVALGATE_PROMPT_SHA: 'integ-prompt-2' })), {
    name: 'integ-promote',
    version: PROMOTED,
    ended: { path: 'status', value: 'SUCCEEDED' },
    aliasVersion: PROMOTED,
    record: { outcome: { S: 'promoted' } },
  });

  releaseCase(promoted.next(publish(ROLLED_BACK, { EVALGATE_PROMPT_SHA: 'integ-prompt-3', INTEG_LIVE_ANSWER: 'leak' })), {
    name: 'integ-rollback',
    version: ROLLED_BACK,
    ended: { path: 'error', value: 'RolledBack' },
    aliasVersion: PROMOTED,
    record: { outcome: { S: 'rolled-back' }, record: { M: { reasons: { L: Match.arrayWith([{ S: Match.stringLikeRegexp('-live-score is ALARM') }]) } } } },
  });

  return { stack, integ };
}
