import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseReleaseInput } from '../../functions/release/input';
import { DemoStack } from '../../lib/demo/demo-stack';
import { placeholderResolver, resolveIntrinsic, type CfnTemplate } from '../../lib/local-stage/asl';
import { RELEASE_INPUT_FILE } from '../../lib/demo/sample-pipeline';
import { EvalGatedReleaseStage, type EvalGatedReleaseStageProps } from '../../lib/codepipeline-stage';
import { runCli } from '../helpers/cli';
import { allowStatementsOf, buildRelease, idOf, skipBundling } from './stack';

type Json = Record<string, any>;

/** A pipeline (Source, Approve) and a Standard state machine, to add the release stage to. */
function existingPipeline(stateMachineType = sfn.StateMachineType.STANDARD) {
  const stack = new Stack(new App({ context: skipBundling }), 'Test');
  const stateMachine = new sfn.StateMachine(stack, 'Releases', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Noop')), stateMachineType });
  const source = new codepipeline.Artifact('Source');
  const pipeline = new codepipeline.Pipeline(stack, 'Pipeline', {
    crossAccountKeys: false,
    stages: [
      { stageName: 'Source', actions: [new actions.S3SourceAction({ actionName: 'Zip', bucket: new s3.Bucket(stack, 'Src', { versioned: true }), bucketKey: 'app.zip', output: source })] },
      { stageName: 'Approve', actions: [new actions.ManualApprovalAction({ actionName: 'Approve' })] },
    ],
  });
  const addStage = (props: Partial<EvalGatedReleaseStageProps> = {}) =>
    new EvalGatedReleaseStage(stack, 'ReleaseStage', { pipeline, stateMachine, input: source, ...props });
  return { stack, pipeline, stateMachine, addStage };
}

const statementsOf = allowStatementsOf;

const stagesOf = (json: CfnTemplate): Json[] => (Object.values(json.Resources).find((r) => r.Type === 'AWS::CodePipeline::Pipeline')!.Properties as Json).Stages;
const actionOf = (json: CfnTemplate, stage: string): Json => stagesOf(json).find((s) => s.Name === stage)!.Actions[0];

/** What bash makes of a simple command line: words split on blanks, "..." quoted, $NAME and ${NAME} expanded. */
function shellWords(command: string, env: Readonly<Record<string, string>>): string[] {
  const expand = (text: string) =>
    text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => {
      if (env[name] === undefined) throw new Error(`$${name} is not set in: ${command}`);
      return env[name];
    });
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => expand(match[1] ?? match[2]!));
}

describe('EvalGatedReleaseStage', () => {
  it('adds a Release stage that starts the state machine with the input file of the artifact', () => {
    // Arrange
    const { stack, stateMachine, addStage } = existingPipeline();

    // Act
    const releaseStage = addStage();

    // Assess
    const json = Template.fromStack(stack).toJSON() as CfnTemplate;
    expect(stagesOf(json).map((s) => s.Name)).toEqual(['Source', 'Approve', 'Release']);
    expect(actionOf(json, 'Release')).toEqual({
      Name: 'EvalGatedRelease',
      ActionTypeId: { Category: 'Invoke', Owner: 'AWS', Provider: 'StepFunctions', Version: '1' },
      Configuration: { StateMachineArn: { Ref: idOf(stack, stateMachine) }, InputType: 'FilePath', Input: 'release-input.json', ExecutionNamePrefix: 'codepipeline' },
      InputArtifacts: [{ Name: 'Source' }],
      RoleArn: { 'Fn::GetAtt': [idOf(stack, releaseStage.role), 'Arn'] },
      RunOrder: 1,
    });
  });

  it('lets its role start and follow releases, read the artifact, and nothing else; only the pipeline role assumes it', () => {
    // Arrange
    const { stack, stateMachine, pipeline, addStage } = existingPipeline();

    // Act
    const releaseStage = addStage({ executionNamePrefix: 'assistant' });

    // Assess
    const json = Template.fromStack(stack).toJSON() as CfnTemplate;
    const roleId = idOf(stack, releaseStage.role);
    const statements = statementsOf(json, roleId);
    expect(statements.flatMap((s) => s.actions).sort()).toEqual(
      ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 'states:DescribeExecution', 'states:DescribeStateMachine', 'states:StartExecution'].sort(),
    );
    expect(statements.find((s) => s.actions.includes('states:StartExecution'))!.resources).toEqual([{ Ref: idOf(stack, stateMachine) }]);
    // arn:<partition>:states:<region>:<account>:execution:<state machine name>:assistant*
    const executions = (statements.find((s) => s.actions.includes('states:DescribeExecution'))!.resources[0] as Json)['Fn::Join'][1] as unknown[];
    expect(executions).toContain(':execution:');
    expect(executions.at(-1)).toBe(':assistant*');
    expect((json.Resources[roleId]!.Properties as Json).AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': [idOf(stack, pipeline.role as never), 'Arn'] } } },
    ]);
  });

  it('goes where placement says, with the names and input file given', () => {
    // Arrange
    const { stack, pipeline, addStage } = existingPipeline();

    // Act
    addStage({ stageName: 'Ship', actionName: 'Canary', inputFile: 'out/release.json', placement: { justAfter: pipeline.stage('Source') } });

    // Assess
    const json = Template.fromStack(stack).toJSON() as CfnTemplate;
    expect(stagesOf(json).map((s) => s.Name)).toEqual(['Source', 'Ship', 'Approve']);
    expect(actionOf(json, 'Ship')).toMatchObject({ Name: 'Canary', Configuration: { Input: 'out/release.json', InputType: 'FilePath' } });
  });

  it.each([
    [{ inputFile: '/release-input.json' }, 'inputFile must be a relative path to a .json file inside the artifact (no leading /, no . or .. segments), got: /release-input.json'],
    [{ inputFile: '../release-input.json' }, 'inputFile must be a relative path to a .json file inside the artifact (no leading /, no . or .. segments), got: ../release-input.json'],
    [{ inputFile: 'out/./input.json' }, 'inputFile must be a relative path to a .json file inside the artifact (no leading /, no . or .. segments), got: out/./input.json'],
    [{ inputFile: 'release-input.yaml' }, 'inputFile must be a relative path to a .json file inside the artifact (no leading /, no . or .. segments), got: release-input.yaml'],
    [{ stageName: 'Release stage' }, 'stageName must be 1-100 letters, digits, ., @, _ or -, got: Release stage'],
    [{ actionName: '' }, 'actionName must be 1-100 letters, digits, ., @, _ or -, got: '],
    [{ executionNamePrefix: 'release:7' }, 'executionNamePrefix must be 1-43 letters, digits, - or _ (the execution name is <prefix>-<36-character action execution id>, at most 80), got: release:7'],
    [{ executionNamePrefix: 'x'.repeat(44) }, `executionNamePrefix must be 1-43 letters, digits, - or _ (the execution name is <prefix>-<36-character action execution id>, at most 80), got: ${'x'.repeat(44)}`],
  ])('fails when %o', (props, message) => {
    const { addStage } = existingPipeline();
    expect(() => addStage(props)).toThrow(message);
  });

  it.each([
    [Duration.days(7), undefined],
    [Duration.days(7).plus(Duration.minutes(1)), "maxReleaseDuration of the release must be at most 7 days (CodePipeline's Step Functions invoke action times out after 7 days), got: 7 days 1 minute"],
  ])('checks a release of maxReleaseDuration %s against the 7 days CodePipeline waits for a Step Functions action', (maxReleaseDuration, message) => {
    // Arrange
    const { stack, release } = buildRelease({ maxReleaseDuration });
    const source = new codepipeline.Artifact('Source');
    const pipeline = new codepipeline.Pipeline(stack, 'Pipeline', {
      crossAccountKeys: false,
      stages: [{ stageName: 'Source', actions: [new actions.S3SourceAction({ actionName: 'Zip', bucket: new s3.Bucket(stack, 'Src', { versioned: true }), bucketKey: 'app.zip', output: source })] }],
    });

    // Act
    const add = () => new EvalGatedReleaseStage(stack, 'ReleaseStage', { pipeline, stateMachine: release.stateMachine, input: source });

    // Assess
    if (message) expect(add).toThrow(message);
    else expect(add).not.toThrow();
  });

  it('fails when the state machine is Express: it could not wait for a canary', () => {
    const { addStage } = existingPipeline(sfn.StateMachineType.EXPRESS);
    expect(() => addStage()).toThrow("stateMachine must be a Standard state machine (the stage waits for the release's outcome), got: EXPRESS");
  });
});

describe('SamplePipeline in the demo stack', () => {
  const CONNECTION_ARN = 'arn:aws:codestar-connections:eu-west-1:123456789012:connection/0f0e0d0c-1234-5678-9abc-def012345678';

  function demo(context: Record<string, unknown>): { app: App; stack: DemoStack } {
    const app = new App({ context: { ...skipBundling, ...context } });
    return { app, stack: new DemoStack(app, 'EvalgateDemo') };
  }

  it('is absent unless the context flag evalgate:samplePipeline is true', () => {
    for (const context of [{}, { 'evalgate:samplePipeline': 'false' }, { 'evalgate:samplePipeline': false }]) {
      const { stack } = demo(context);
      expect(stack.samplePipeline, JSON.stringify(context)).toBeUndefined();
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::CodePipeline::Pipeline', 0);
      template.resourceCountIs('AWS::CodeBuild::Project', 0);
    }
  });

  describe('with evalgate:samplePipeline=true', () => {
    let stack: DemoStack;
    let json: CfnTemplate;
    let buildSpecOf: (project: 'build' | 'publish') => Json;
    let projectOf: (project: 'build' | 'publish') => Json;

    beforeAll(() => {
      // Arrange: the string form, as `cdk synth -c evalgate:samplePipeline=true` passes it.
      stack = demo({ 'evalgate:samplePipeline': 'true' }).stack;
      json = Template.fromStack(stack).toJSON() as CfnTemplate;
      const pipeline = stack.samplePipeline!;
      projectOf = (project) => json.Resources[idOf(stack, project === 'build' ? pipeline.buildProject : pipeline.publishProject)]!.Properties as Json;
      buildSpecOf = (project) => JSON.parse(resolveIntrinsic(projectOf(project).Source.BuildSpec, placeholderResolver(json))) as Json;
    });

    it('runs Source (the S3 zip) -> Build -> Publish -> Release, the release reading what Publish wrote', () => {
      expect(stagesOf(json).map((s) => [s.Name, s.Actions.map((a: Json) => a.ActionTypeId.Provider)])).toEqual([
        ['Source', ['S3']],
        ['Build', ['CodeBuild']],
        ['Publish', ['CodeBuild']],
        ['Release', ['StepFunctions']],
      ]);
      expect(actionOf(json, 'Source').Configuration).toMatchObject({ S3ObjectKey: 'evalgate.zip', PollForSourceChanges: false });
      const published = actionOf(json, 'Publish').OutputArtifacts;
      expect(actionOf(json, 'Release')).toMatchObject({
        InputArtifacts: published,
        Configuration: { StateMachineArn: { Ref: idOf(stack, stack.release.stateMachine) }, InputType: 'FilePath', Input: RELEASE_INPUT_FILE },
      });
      expect(buildSpecOf('publish').artifacts).toEqual({ files: [RELEASE_INPUT_FILE] });
      // Pushing the zip starts the pipeline (S3 EventBridge notifications, no polling).
      Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', { NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } }, VersioningConfiguration: { Status: 'Enabled' } });
      Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
        EventPattern: { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { object: { key: ['evalgate.zip'] } } },
        Targets: [Match.objectLike({ Arn: Match.anyValue() })],
      });
    });

    it('reports the unit tests (JUnit) to a TEST report group and copies them where the release reads them', () => {
      const spec = buildSpecOf('build');
      const unitGroup = idOf(stack, stack.samplePipeline!.unitTestReports);
      expect(json.Resources[unitGroup]!.Properties).toMatchObject({ Type: 'TEST' });
      expect(spec.reports[`${unitGroup}.Arn`]).toEqual({ files: ['junit.xml'], 'base-directory': 'reports', 'file-format': 'JUNITXML' });
      const commands: string[] = spec.phases.build.commands;
      expect(commands).toContain('npx vitest run --reporter=default --reporter=junit --outputFile=reports/junit.xml');
      expect(commands).toContain('aws s3 cp reports/junit.xml "$TEST_REPORT"');
      expect(commands.some((c) => c.startsWith('npx evalgate eval --target "module:functions/sample-assistant/index.ts?EVALGATE_MODEL_ID=$MODEL_ID"'))).toBe(true);
      expect(spec.env['exported-variables']).toEqual(['COMMIT', 'TEST_REPORT']);
      expect(projectOf('build').Environment.EnvironmentVariables).toContainEqual({ Name: 'REPORTS_BUCKET', Type: 'PLAINTEXT', Value: { Ref: idOf(stack, stack.release.reportsBucket) } });
      // The publish step gets the tested commit and its report from the build.
      const env = JSON.parse(actionOf(json, 'Publish').Configuration.EnvironmentVariables as string);
      expect(env).toEqual([
        { name: 'COMMIT', type: 'PLAINTEXT', value: '#{Build.COMMIT}' },
        { name: 'TEST_REPORT', type: 'PLAINTEXT', value: '#{Build.TEST_REPORT}' },
      ]);
    });

    it('publishes versions of the assistant but can never move its alias', () => {
      const assistantArn = { 'Fn::GetAtt': [idOf(stack, stack.assistant), 'Arn'] };
      const statements = statementsOf(json, idOf(stack, stack.samplePipeline!.publishProject.role as never));
      const lambdaStatements = statements.filter((s) => s.actions.some((a) => a.startsWith('lambda:')));
      expect(lambdaStatements.flatMap((s) => s.actions).sort()).toEqual([
        'lambda:GetFunction', 'lambda:GetFunctionConfiguration', 'lambda:PublishVersion', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration',
      ]);
      const writes = lambdaStatements.find((s) => s.actions.includes('lambda:UpdateFunctionCode'))!;
      expect(writes.resources).toEqual([assistantArn]);
      for (const project of [stack.samplePipeline!.publishProject, stack.samplePipeline!.buildProject]) {
        const actionsGranted = statementsOf(json, idOf(stack, project.role as never)).flatMap((s) => s.actions);
        expect(actionsGranted.filter((a) => /^lambda:(\*|.*Alias)/.test(a))).toEqual([]);
      }
      const commands: string[] = buildSpecOf('publish').phases.build.commands;
      expect(commands.join('\n')).not.toMatch(/(update|create|delete)-alias|routing-config/);
      expect(commands.some((c) => c.includes('update-function-code') && c.includes('--publish'))).toBe(true);
    });

    it('writes the release input with evalgate release --print-input, an input parseReleaseInput accepts', async () => {
      // Arrange: what the two builds compute, for version 7 of commit 3f2a9c1.
      const build: string[] = buildSpecOf('build').phases.build.commands;
      const publish: string[] = buildSpecOf('publish').phases.build.commands;
      const env: Record<string, string> = { REPORTS_BUCKET: 'evalgatedemo-releasereports5e1c9a2b-1x2y3z4w5v6u', COMMIT: '3f2a9c1', VERSION: '7', FUNCTION_NAME: 'EvalgateDemo-Assistant12AB34CD' };
      env.TEST_REPORT = shellWords(build.find((c) => c.startsWith('TEST_REPORT='))!.slice('TEST_REPORT='.length), env)[0]!;
      const printInput = publish.find((c) => c.includes('--print-input'))!;
      expect(printInput).toBe(
        'npx evalgate release --function "$FUNCTION_NAME" --version "$VERSION" --commit "$COMMIT" --test-report "$TEST_REPORT" --source codepipeline --print-input > release-input.json',
      );
      const words = shellWords(printInput, env);
      const argv = words.slice(words.indexOf('evalgate') + 1, words.indexOf('>'));

      // Act
      const { code, stdout, stderr } = await runCli(argv);

      // Assess
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(words.at(-1)).toBe(RELEASE_INPUT_FILE);
      expect(parseReleaseInput(JSON.parse(stdout))).toEqual({
        target: { functionName: 'EvalgateDemo-Assistant12AB34CD', alias: 'live' },
        candidate: { version: '7' },
        change: { source: 'codepipeline', commit: '3f2a9c1', testReport: 's3://evalgatedemo-releasereports5e1c9a2b-1x2y3z4w5v6u/ci/3f2a9c1/junit.xml' },
      });
    });
  });

  it("passes the AwsSolutions checks and aws-cdk-lib's CloudFormation schema validation, each finding acknowledged on the resource it arises on", () => {
    // Arrange: the schema validation's findings as errors (as cdk.json has it), and on for this synth.
    const { app, stack } = demo({ 'evalgate:samplePipeline': true, '@aws-cdk/core:validateAgainstDefaultRules': true });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
    vi.stubEnv('CDK_VALIDATION', 'true');

    // Act
    const synth = () => app.synth();

    // Assess
    try {
      expect(synth).not.toThrow();
    } finally {
      vi.unstubAllEnvs();
    }
    const pipeline = stack.samplePipeline!;
    const acks = pipeline.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, unknown>).map(([rule, reason]) => ({ path: construct.node.path, rule, reason }))),
    );
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(typeof ack.reason === 'string' && ack.reason.length >= 30, `${ack.rule} at ${ack.path}`).toBe(true);
      expect(ack.path, ack.rule).not.toBe(pipeline.node.path);
      expect(ack.rule, ack.path).toMatch(/AwsSolutions-(IAM5|S1)\b/);
    }
  });

  it('takes its source from a repository when the context names a CodeStar connection', () => {
    // Arrange / Act
    const { stack } = demo({ 'evalgate:samplePipeline': 'true', 'evalgate:connectionArn': CONNECTION_ARN, 'evalgate:repository': 'acme/assistant' });

    // Assess
    const json = Template.fromStack(stack).toJSON() as CfnTemplate;
    const source = actionOf(json, 'Source');
    expect(source).toMatchObject({
      ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'CodeStarSourceConnection' },
      Configuration: { ConnectionArn: CONNECTION_ARN, FullRepositoryId: 'acme/assistant', BranchName: 'main' },
    });
    expect(stack.samplePipeline!.sourceBucket).toBeUndefined();
    const buildEnv = JSON.parse(actionOf(json, 'Build').Configuration.EnvironmentVariables as string);
    expect(buildEnv).toEqual([{ name: 'SOURCE_COMMIT', type: 'PLAINTEXT', value: `#{${source.Namespace}.CommitId}` }]);
  });

  it.each([
    [{ 'evalgate:connectionArn': CONNECTION_ARN }, `context evalgate:connectionArn and evalgate:repository must be set together, got: evalgate:connectionArn=${CONNECTION_ARN}, evalgate:repository=undefined`],
    [{ 'evalgate:connectionArn': CONNECTION_ARN, 'evalgate:repository': 'assistant' }, 'repository must be owner/name, got: assistant'],
    [{ 'evalgate:connectionArn': 'acme', 'evalgate:repository': 'acme/assistant' }, 'connectionArn must be the ARN of a CodeStar connection (arn:aws:codestar-connections:<region>:<account>:connection/<id>), got: acme'],
  ])('fails when the connection context is %o', (context, message) => {
    expect(() => demo({ 'evalgate:samplePipeline': 'true', ...context })).toThrow(message);
  });
});
