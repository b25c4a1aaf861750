/**
 * The integration test's harness, a Lambda function beside the target (test/integ/integ.release.ts). It does
 * what a team's delivery pipeline and its users do around a release, nothing of evalgate's own work:
 * - `publish`: publishes a candidate version of the target, as the pipeline's publish step does: $LATEST's
 *   environment with some variables set, then PublishVersion. Fails unless Lambda gave the version number the
 *   test expects (the stack is new on every run: its first version is 1, the test publishes 2 then 3).
 * - `traffic`: live traffic through the alias while the canary bakes: one request a second until the release's
 *   execution ends, at most until the invocation's time runs out.
 * - a CloudFormation custom resource (through the Provider framework): on Delete it empties the versioned reports
 *   bucket, which evalgate keeps (RemovalPolicy.RETAIN) and the test stack deletes.
 *
 * CommonJS and plain JavaScript, with the AWS SDK the Lambda Node.js runtime provides: no bundling, so the
 * snapshot of the test stack does not depend on a build.
 */
const { LambdaClient, GetFunctionConfigurationCommand, UpdateFunctionConfigurationCommand, PublishVersionCommand, InvokeCommand } = require('@aws-sdk/client-lambda');
const { SFNClient, DescribeExecutionCommand } = require('@aws-sdk/client-sfn');
const { S3Client, ListObjectVersionsCommand, DeleteObjectsCommand } = require('@aws-sdk/client-s3');

const lambda = new LambdaClient({});
const sfn = new SFNClient({});
const s3 = new S3Client({});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

exports.handler = async (event, context) => {
  if (event.RequestType !== undefined) return customResource(event);
  switch (event.action) {
    case 'publish':
      return publish(event);
    case 'traffic':
      return traffic(event, context);
    default:
      throw new Error(`unknown action: ${JSON.stringify(event.action)}`);
  }
};

/** { functionName, set: { NAME: value }, expectVersion } -> 'published version N' */
async function publish({ functionName, set, expectVersion }) {
  const current = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
  const variables = { ...(current.Environment?.Variables ?? {}), ...set };
  await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: functionName, Environment: { Variables: variables } }));
  for (let attempt = 0; ; attempt++) {
    const { LastUpdateStatus, LastUpdateStatusReason } = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
    if (LastUpdateStatus === 'Successful') break;
    if (LastUpdateStatus === 'Failed') throw new Error(`updating ${functionName} failed: ${LastUpdateStatusReason}`);
    if (attempt >= 60) throw new Error(`${functionName} is still updating after a minute`);
    await sleep(1000);
  }
  const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName: functionName, Description: `integ candidate ${expectVersion}` }));
  if (Version !== expectVersion) throw new Error(`published version ${Version} of ${functionName}, the test expects ${expectVersion}`);
  return `published version ${Version}`;
}

/** { functionName, alias, executionArn, inputs } -> a summary of the requests sent (asynchronous: nobody reads it). */
async function traffic({ functionName, alias, executionArn, inputs }, context) {
  const counts = { requests: 0, functionErrors: 0 };
  for (let i = 0; context.getRemainingTimeInMillis() > 15_000; i++) {
    if (i % 10 === 0) {
      const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (status !== 'RUNNING') break;
    }
    const payload = { input: inputs[i % inputs.length], vars: {}, caseId: `live-${i}` };
    const response = await lambda.send(new InvokeCommand({ FunctionName: functionName, Qualifier: alias, Payload: JSON.stringify(payload) }));
    counts.requests++;
    if (response.FunctionError) counts.functionErrors++;
    await sleep(1000);
  }
  console.log(JSON.stringify({ traffic: counts, executionArn }));
  return counts;
}

/** Provider framework onEvent: only Delete does something. */
async function customResource(event) {
  const bucket = event.ResourceProperties.BucketName;
  if (event.RequestType === 'Delete') await emptyBucket(bucket);
  return { PhysicalResourceId: `empty-on-delete-${bucket}` };
}

async function emptyBucket(bucket) {
  for (;;) {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000 }));
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map(({ Key, VersionId }) => ({ Key, VersionId }));
    if (objects.length === 0) return;
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
  }
}
