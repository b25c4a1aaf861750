/**
 * The buildspec of the sample pipeline's Build action: unit tests with a JUnit report (a CodeBuild test report,
 * and a copy in the release reports bucket where the release's CheckUnitTests reads it), then `evalgate eval` of
 * the candidate code against the suites with the model the live version runs. It exports COMMIT and TEST_REPORT
 * for the Publish action.
 */

/** Environment variables the project (or the pipeline action) sets for this buildspec. */
export const TEST_AND_EVAL_ENV = {
  /** The release reports bucket (`EvalGatedRelease.reportsBucket`). */
  reportsBucket: 'REPORTS_BUCKET',
  /** The ARN of the live alias: the candidate is evaluated with the model its version runs. */
  liveAliasArn: 'LIVE_ALIAS_ARN',
  /** The commit of the source, when the source action provides it (a CodeStar connection's CommitId). */
  sourceCommit: 'SOURCE_COMMIT',
} as const;

/** The file an S3 source zip carries its commit in (`git rev-parse HEAD > .evalgate-commit`). */
export const COMMIT_FILE = '.evalgate-commit';

/**
 * Where the JUnit report of a commit is copied in the reports bucket.
 *
 * @example
 * unitTestReportKey('3f2a9c1'); // 'ci/3f2a9c1/junit.xml'
 */
export function unitTestReportKey(commit: string): string {
  return `ci/${commit}/junit.xml`;
}

export interface TestAndEvalBuildSpecProps {
  /** The report group of the unit-test JUnit reports. */
  readonly unitTestReportGroupArn: string;
  /** The report group of the eval JUnit reports (one test case per eval case). */
  readonly evalReportGroupArn: string;
}

/**
 * @example
 * codebuild.BuildSpec.fromObject(testAndEvalBuildSpec({ unitTestReportGroupArn: unit.reportGroupArn, evalReportGroupArn: evals.reportGroupArn }));
 */
export function testAndEvalBuildSpec(props: TestAndEvalBuildSpecProps): Record<string, unknown> {
  const { reportsBucket, liveAliasArn, sourceCommit } = TEST_AND_EVAL_ENV;
  return {
    version: '0.2',
    env: { shell: 'bash', 'exported-variables': ['COMMIT', 'TEST_REPORT'] },
    phases: {
      install: { 'runtime-versions': { nodejs: '20' }, commands: ['npm ci'] },
      build: {
        commands: [
          `COMMIT="\${${sourceCommit}:-$(cat ${COMMIT_FILE} 2>/dev/null)}"`,
          `[[ "$COMMIT" =~ ^[0-9a-f]{7,40}$ ]] || { echo "no commit: set ${sourceCommit} or put the git SHA in ${COMMIT_FILE} at the root of the source zip, got: '$COMMIT'" >&2; exit 1; }`,
          'npm run typecheck',
          'npx vitest run --reporter=default --reporter=junit --outputFile=reports/junit.xml',
          `TEST_REPORT="s3://\${${reportsBucket}}/${unitTestReportKey('${COMMIT}')}"`,
          'aws s3 cp reports/junit.xml "$TEST_REPORT"',
          `MODEL_ID="$(aws lambda get-function-configuration --function-name "$${liveAliasArn}" --query Environment.Variables.EVALGATE_MODEL_ID --output text)"`,
          'npx evalgate eval --target "module:functions/sample-assistant/index.ts?EVALGATE_MODEL_ID=$MODEL_ID" --report-dir reports/eval',
        ],
      },
    },
    reports: {
      [props.unitTestReportGroupArn]: { files: ['junit.xml'], 'base-directory': 'reports', 'file-format': 'JUNITXML' },
      [props.evalReportGroupArn]: { files: ['junit.xml'], 'base-directory': 'reports/eval', 'file-format': 'JUNITXML' },
    },
  };
}
