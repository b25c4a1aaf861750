/**
 * The integration test, offline: its snapshot is what the integ app synthesizes (asset hashes aside, as
 * integ-runner compares), the releases its assertions start are inputs the product accepts, its target passes its
 * own gate while the degraded candidate fails only its live checks, and its harness does what the assertions rely
 * on. What only AWS can show (the deploy, CloudWatch's metrics and alarms, the releases themselves) is
 * `npm run test:integ` (README, "Integration tests on AWS").
 */
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideGate, deriveOnlineChecks, loadPolicy, loadSuite, policyFor, RUN_DEFAULTS, runEvals, summarizeSuite, type Target } from '../../evals/engine';
import { parseReleaseInput } from '../../functions/release/input';
import { liveScore } from '../../functions/runtime/live-score';
import { canonicalTemplate, SNAPSHOT_DIR, snapshotDifferences, synthIntegApp, testCaseStacks } from './snapshot';
import { LEAK, respond } from './target/handler';

const HERE = import.meta.dirname;
const SUITE_FILE = join(HERE, 'evals/suites/integ.yaml');
const POLICY_FILE = join(HERE, 'evals/policy.yaml');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

describe('the integ app and its snapshot (test/integ/integ.release.ts.snapshot)', () => {
  let actualDir: string;

  beforeAll(() => {
    actualDir = mkdtempSync(join(tmpdir(), 'evalgate-integ-'));
    synthIntegApp(actualDir);
  });
  afterAll(() => rmSync(actualDir, { recursive: true, force: true }));

  it('synthesizes the templates of the snapshot: any change to the test stack needs npm run test:integ:update', () => {
    expect(testCaseStacks(SNAPSHOT_DIR)).toEqual(['EvalgateInteg']);
    expect(snapshotDifferences(SNAPSHOT_DIR, actualDir), 'run npm run test:integ:update and review the snapshot diff').toEqual([]);
  });

  it('compares templates with asset hashes normalized, and nothing else', () => {
    const hashA = 'a'.repeat(64);
    const hashB = 'b'.repeat(64);
    const template = (hash: string, memory: number) => ({ Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Key: `${hash}.zip` }, MemorySize: memory } } } });
    expect(canonicalTemplate(template(hashA, 256), [hashA])).toEqual(canonicalTemplate(template(hashB, 256), [hashB]));
    expect(canonicalTemplate(template(hashA, 256), [hashA])).not.toEqual(canonicalTemplate(template(hashB, 512), [hashB]));
  });

  it('commits no assets and no path of the machine that wrote it', () => {
    const entries = readdirSync(SNAPSHOT_DIR);
    expect(entries.filter((entry) => entry.startsWith('asset.') || entry === '.cache')).toEqual([]);
    const root = resolve(HERE, '../..');
    expect(entries.filter((entry) => readFileSync(join(SNAPSHOT_DIR, entry), 'utf8').includes(root))).toEqual([]);
  });

  it('starts releases whose inputs the product accepts: candidates 2 then 3, prompt changes with a JUnit report', () => {
    const assertStack = readJson<{ Resources: Record<string, Resource> }>(join(actualDir, 'ReleaseIntegDefaultTestDeployAssert028E5A9A.template.json'));
    const starts = Object.values(assertStack.Resources).filter((r) => r.Type === 'Custom::DeployAssert@SdkCallStepFunctionsstartExecution');
    const inputs = starts.map((r) => {
      const parameters = r.Properties!.parameters as Record<string, Json>;
      // Parameters are JSON-encoded one by one; the names of the test stack's resources come through exports.
      return parseReleaseInput(JSON.parse(JSON.parse(placeholders(parameters.input!)) as string));
    });
    expect(starts.map((r) => JSON.parse(placeholders((r.Properties!.parameters as Record<string, Json>).name!)))).toEqual(['integ-promote', 'integ-rollback']);
    expect(inputs.map((input) => input.candidate)).toEqual([{ version: '2' }, { version: '3' }]);
    for (const input of inputs) {
      expect(input.target).toEqual({ functionName: 'EvalgateInteg-Target-PLACEHOLDER', alias: 'live' });
      expect(input.change).toMatchObject({ source: 'manual', kind: 'prompt', testReport: 's3://evalgateinteg-releasereports-placeholder/integ/junit.xml' });
    }
  });
});

/** A CloudFormation value with every import replaced by a name of the resource it exports, as a string. */
function placeholders(value: Json): string {
  if (typeof value === 'string') return value;
  const object = value as Record<string, Json>;
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, Json[]];
    return parts.map(placeholders).join(separator);
  }
  if ('Fn::ImportValue' in object) {
    const name = String(object['Fn::ImportValue']);
    if (name.includes('Target')) return 'EvalgateInteg-Target-PLACEHOLDER';
    if (name.includes('Reports')) return 'evalgateinteg-releasereports-placeholder';
    return `imported-${name}`;
  }
  throw new Error(`unexpected CloudFormation value: ${JSON.stringify(value)}`);
}

describe('the integ target (test/integ/target/handler.ts)', () => {
  const suite = loadSuite(SUITE_FILE);
  const policy = loadPolicy(POLICY_FILE);
  const pins = { EVALGATE_MODEL_ID: 'sim.assistant-2024-11-20', EVALGATE_PINS_VERSION: '1' };
  const versionArn = (version: string) => `arn:aws:lambda:eu-west-1:123456789012:function:EvalgateInteg-Target:${version}`;
  const aliasArn = 'arn:aws:lambda:eu-west-1:123456789012:function:EvalgateInteg-Target:live';
  const target = (version: string, env: Record<string, string>): Target => ({
    spec: `lambda:EvalgateInteg-Target:${version}`,
    invoke: async (request) => respond(request, versionArn(version), { ...pins, ...env }),
    close: async () => undefined,
  });
  const gate = async (candidate: Target, baseline: Target) => {
    const run = await runEvals({ ...RUN_DEFAULTS, suites: [suite], target: candidate, baseline });
    const summary = summarizeSuite(suite, run.candidate, run.baseline, policyFor(policy, suite.name).regression.confidence);
    return decideGate([summary], (name) => policyFor(policy, name));
  };

  it('passes the eval gate of both releases, the degraded candidate included (the evals invoke the version itself)', async () => {
    const v1 = target('1', { EVALGATE_PROMPT_SHA: 'integ-prompt-1' });
    const v2 = target('2', { EVALGATE_PROMPT_SHA: 'integ-prompt-2' });
    const v3 = target('3', { EVALGATE_PROMPT_SHA: 'integ-prompt-3', INTEG_LIVE_ANSWER: 'leak' });
    expect((await gate(v2, v1)).decision).toBe('pass');
    expect((await gate(v3, v2)).decision).toBe('pass');
  });

  it('fails its live checks on live traffic only when degraded: the canary alarm of the rollback case', async () => {
    const checks = deriveOnlineChecks([SUITE_FILE], []);
    expect(checks.all.map((check) => check.type)).toEqual(['not-icontains', 'max-words']);
    const livePass = async (env: Record<string, string>, arn: string) => {
      const emitted: Record<string, number> = {};
      const metrics = { addDimensions: () => undefined, addMetric: (name: string, _unit: string, value: number) => (emitted[name] = value), publishStoredMetrics: () => undefined };
      const event = { input: suite.cases[0]!.input, vars: {}, caseId: 'live-0' };
      const response = respond(event, arn, { ...pins, ...env });
      await liveScore({ checks, metrics }).after({ event, response, context: { functionName: 'EvalgateInteg-Target', functionVersion: '3', invokedFunctionArn: arn } });
      return emitted.LiveEvalPass;
    };
    const leak = { EVALGATE_PROMPT_SHA: 'integ-prompt-3', INTEG_LIVE_ANSWER: 'leak' };
    expect(await livePass(leak, aliasArn)).toBe(0);
    expect(await livePass(leak, versionArn('3'))).toBe(1);
    expect(await livePass({ EVALGATE_PROMPT_SHA: 'integ-prompt-2' }, aliasArn)).toBe(1);
    expect(respond({ input: 'hi' }, aliasArn, { ...pins, ...leak }).output).toContain(LEAK);
  });
});

describe('the integ harness (test/integ/harness/index.cjs)', () => {
  // The harness is CommonJS with the SDK the Lambda runtime provides: mocked through the same (CommonJS) clients.
  const require = createRequire(import.meta.url);
  const lambdaSdk = require('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda');
  const sfnSdk = require('@aws-sdk/client-sfn') as typeof import('@aws-sdk/client-sfn');
  const s3Sdk = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
  const lambda = mockClient(lambdaSdk.LambdaClient);
  const sfn = mockClient(sfnSdk.SFNClient);
  const s3 = mockClient(s3Sdk.S3Client);
  const { handler } = require('./harness/index.cjs') as { handler: (event: unknown, context?: unknown) => Promise<unknown> };
  afterAll(() => [lambda, sfn, s3].forEach((mock) => mock.restore()));

  it('publishes a candidate with $LATEST environment plus the given variables, and checks its number', async () => {
    lambda.reset();
    lambda.on(lambdaSdk.GetFunctionConfigurationCommand).resolves({ Environment: { Variables: { EVALGATE_MODEL_ID: 'm-2024-01-01', EVALGATE_PROMPT_SHA: 'p1' } }, LastUpdateStatus: 'Successful' });
    lambda.on(lambdaSdk.PublishVersionCommand).resolves({ Version: '2' });
    await expect(handler({ action: 'publish', functionName: 'fn', set: { EVALGATE_PROMPT_SHA: 'p2' }, expectVersion: '2' })).resolves.toBe('published version 2');
    expect(lambda.commandCalls(lambdaSdk.UpdateFunctionConfigurationCommand)[0]!.args[0].input).toEqual({
      FunctionName: 'fn',
      Environment: { Variables: { EVALGATE_MODEL_ID: 'm-2024-01-01', EVALGATE_PROMPT_SHA: 'p2' } },
    });
    await expect(handler({ action: 'publish', functionName: 'fn', set: {}, expectVersion: '3' })).rejects.toThrow('published version 2 of fn, the test expects 3');
  });

  it('sends live traffic through the alias only while the release runs', async () => {
    lambda.reset();
    sfn.reset();
    sfn.on(sfnSdk.DescribeExecutionCommand).resolves({ status: 'SUCCEEDED' });
    const context = { getRemainingTimeInMillis: () => 600_000 };
    await expect(handler({ action: 'traffic', functionName: 'fn', alias: 'live', executionArn: 'arn:exec', inputs: ['hi'] }, context)).resolves.toEqual({ requests: 0, functionErrors: 0 });
    expect(lambda.commandCalls(lambdaSdk.InvokeCommand)).toHaveLength(0);
  });

  it('empties the versioned reports bucket when the stack is deleted, and nothing else', async () => {
    s3.reset();
    s3.on(s3Sdk.ListObjectVersionsCommand)
      .resolvesOnce({ Versions: [{ Key: 'a', VersionId: '1' }], DeleteMarkers: [{ Key: 'a', VersionId: '2' }] })
      .resolves({});
    await expect(handler({ RequestType: 'Delete', ResourceProperties: { BucketName: 'reports' } })).resolves.toEqual({ PhysicalResourceId: 'empty-on-delete-reports' });
    expect(s3.commandCalls(s3Sdk.DeleteObjectsCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'reports', Delete: { Objects: [{ Key: 'a', VersionId: '1' }, { Key: 'a', VersionId: '2' }], Quiet: true } },
    ]);
    await handler({ RequestType: 'Create', ResourceProperties: { BucketName: 'reports' } });
    expect(s3.commandCalls(s3Sdk.DeleteObjectsCommand)).toHaveLength(1);
  });
});
