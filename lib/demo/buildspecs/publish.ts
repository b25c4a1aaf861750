/**
 * The buildspec of the sample pipeline's Publish action: bundles the assistant as its NodejsFunction does, publishes
 * it as a new Lambda version WITHOUT moving the live alias (only a release moves it), and writes the release input
 * file for the Release stage with `evalgate release ... --print-input`.
 *
 * The new version takes the live version's environment with the prompt hash of the new code, so a release
 * classifies it against live by what really changed (functions/release/classify.ts), whatever $LATEST was left with.
 */

/** Environment variables the project (or the pipeline action) sets for this buildspec. */
export const PUBLISH_ENV = {
  /** The function to publish a version of. */
  functionName: 'FUNCTION_NAME',
  /** The ARN of the live alias, whose environment the new version starts from. */
  liveAliasArn: 'LIVE_ALIAS_ARN',
  /** The git SHA the Build action tested (its exported COMMIT). */
  commit: 'COMMIT',
  /** The s3:// URI of the unit-test JUnit report (the Build action's exported TEST_REPORT). */
  testReport: 'TEST_REPORT',
} as const;

/**
 * The command that writes the release input file: the canonical input of functions/release/input.ts, validated by
 * the CLI before it is written.
 *
 * @example
 * printInputCommand('release-input.json'); // 'npx evalgate release --function "$FUNCTION_NAME" ... --print-input > release-input.json'
 */
export function printInputCommand(inputFile: string): string {
  const { functionName, commit, testReport } = PUBLISH_ENV;
  return `npx evalgate release --function "$${functionName}" --version "$VERSION" --commit "$${commit}" --test-report "$${testReport}" --source codepipeline --print-input > ${inputFile}`;
}

/**
 * @example
 * codebuild.BuildSpec.fromObject(publishBuildSpec({ inputFile: 'release-input.json' }));
 */
export function publishBuildSpec(props: { readonly inputFile: string }): Record<string, unknown> {
  const { functionName, liveAliasArn } = PUBLISH_ENV;
  const fn = `--function-name "$${functionName}"`;
  return {
    version: '0.2',
    env: { shell: 'bash' },
    phases: {
      install: { 'runtime-versions': { nodejs: '20' }, commands: ['npm ci'] },
      build: {
        commands: [
          // The same esbuild options as the NodejsFunction in lib/demo/demo-stack.ts.
          "npx esbuild functions/sample-assistant/index.ts --bundle --platform=node --format=esm --target=node22 --minify --sourcemap '--external:@aws-sdk/*' --tsconfig=tsconfig.json --outfile=out/assistant/index.mjs",
          '(cd out/assistant && zip -q -r ../assistant.zip .)',
          `PROMPT_SHA="$(npx tsx -e "import { promptBundleSha } from './functions/sample-assistant/prompts'; console.log(promptBundleSha())")"`,
          `aws lambda get-function-configuration --function-name "$${liveAliasArn}" --query Environment > live-environment.json`,
          `jq --arg sha "$PROMPT_SHA" '.Variables.EVALGATE_PROMPT_SHA = $sha' live-environment.json > candidate-environment.json`,
          `aws lambda update-function-configuration ${fn} --environment file://candidate-environment.json > /dev/null`,
          `aws lambda wait function-updated-v2 ${fn}`,
          // --publish publishes $LATEST as a new version; the alias stays where the last release left it.
          `VERSION="$(aws lambda update-function-code ${fn} --zip-file fileb://out/assistant.zip --publish --query Version --output text)"`,
          printInputCommand(props.inputFile),
          `cat ${props.inputFile}`,
        ],
      },
    },
    artifacts: { files: [props.inputFile] },
  };
}
