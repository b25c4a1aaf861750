/**
 * The IAM oracle (../iam.test.ts) on a Bedrock judge that is a cross-Region inference profile: the Converse the
 * judge adapter sends, as RunEvalShard's Lambda entry builds it, must be allowed by RunEvalShard's synthesized role
 * on every resource AWS authorizes it against (authorization.ts: the profile, and its foundation model in the source
 * and each destination Region), as the IAM policy simulator judges it; and no other model, profile or account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamRequestsOf, type IamRequest, type SentCommand } from './authorization';
import { RELEASE, worldOf } from './calls';
import { sarProblems } from './iam-data';
import { ACCOUNT, REGION } from './intrinsics';
import { recordSdk, type SdkRecorder } from './sdk';
import { simulate } from './simulate';
import { synthesizeRelease, type RoleInfo } from './stack';

const STUBS = { ...RELEASE, configurationProfileId: 'profile', codeBuildReportArn: 'arn:aws:codebuild:us-east-1:123456789012:report/unit:1', executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:rel-1' };
const model = (region: string, id: string) => `arn:aws:bedrock:${region}::foundation-model/${id}`;
const profile = (id: string, account = ACCOUNT) => `arn:aws:bedrock:${REGION}:${account}:inference-profile/${id}`;

describe.each([
  {
    kind: 'a geographic (US) profile',
    judge: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
    authorized: [
      profile('us.anthropic.claude-3-5-haiku-20241022-v1:0'),
      ...['us-east-1', 'us-east-2', 'us-west-2'].map((region) => model(region, 'anthropic.claude-3-5-haiku-20241022-v1:0')),
    ],
  },
  {
    kind: 'a global profile',
    judge: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
    authorized: [
      profile('global.anthropic.claude-sonnet-4-5-20250929-v1:0'),
      model(REGION, 'anthropic.claude-sonnet-4-5-20250929-v1:0'),
      model('', 'anthropic.claude-sonnet-4-5-20250929-v1:0'),
    ],
  },
])('the Bedrock judge on $kind', ({ judge, authorized }) => {
  let role: RoleInfo;
  let sdk: SdkRecorder;
  let sent: SentCommand[];
  let requests: IamRequest[];

  beforeAll(async () => {
    const synth = synthesizeRelease(judge);
    const fn = synth.functions['run-eval-shard']!;
    role = fn.role;
    sdk = recordSdk(STUBS);
    sent = await sdk.sentBy(() => worldOf('run-eval-shard', fn.environment).judge.grade({ rubric: 'mentions the figure', output: 'Revenue up', input: 'Summarize: Revenue up 32%' }));
    requests = sent.flatMap(iamRequestsOf);
  });

  afterAll(() => sdk?.restore());

  it('sends one Converse naming the profile, authorized on the profile and its model in the source and each destination Region', () => {
    expect(sent.map((command) => [command.service, command.operation, command.input.modelId])).toEqual([['bedrock', 'Converse', judge]]);
    expect(requests).toEqual(authorized.map((resource) => ({ action: 'bedrock:InvokeModel', resource })));
  });

  it('names resource types the Service Authorization Reference gives bedrock:InvokeModel', async () => {
    // iam-data's foundation-model format has a Region: the Region-less ARN of a global profile is checked by the
    // simulator alone (simulate.ts, UNFORMATTED_ARNS).
    expect(await sarProblems(requests.filter((request) => !request.resource.includes(':bedrock:::')))).toEqual([]);
  });

  it("is allowed by RunEvalShard's role on each of them", async () => {
    const verdicts = await Promise.all(requests.map(async (request) => `${request.resource}: ${(await simulate(role, request)).decision}`));
    expect(verdicts).toEqual(requests.map((request) => `${request.resource}: Allowed`));
  });

  it.each([
    ['another foundation model, in a destination Region', model('us-west-2', 'anthropic.claude-3-5-sonnet-20241022-v2:0')],
    ['another foundation model, Region-less', model('', 'anthropic.claude-3-5-sonnet-20241022-v2:0')],
    ['another inference profile', profile('us.anthropic.claude-3-5-sonnet-20241022-v2:0')],
    ['the same profile in another account', profile(judge, '210987654321')],
    ['an application inference profile', `arn:aws:bedrock:${REGION}:${ACCOUNT}:application-inference-profile/a1b2c3d4e5f6`],
  ])('denies bedrock:InvokeModel on %s', async (_, resource) => {
    expect((await simulate(role, { action: 'bedrock:InvokeModel', resource })).decision).toBe('ImplicitlyDenied');
  });
});
