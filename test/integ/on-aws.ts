/**
 * `npm run test:integ`: the integration test on AWS, what `integ-runner --force` does for a test without the
 * update workflow: deploy the test stack and its assertion stack (the assertions run as custom resources while it
 * deploys; a failed one fails the deploy), print the assertion results, then destroy both stacks, whatever
 * happened. Needs credentials and a region in the environment, and the account bootstrapped (`cdk bootstrap`).
 *
 * integ-runner 2.197.10 cannot read the cloud assembly of aws-cdk-lib 2.276 (schema 55; it reads up to 53), so
 * this runs the project's cdk CLI on the same app, with the context integ-runner would synthesize it with
 * (test/integ/context.ts, cdk.json beside this file).
 *
 *     npm run test:integ                 # deploy, assert, destroy
 *     npm run test:integ -- --no-clean   # keep the stacks to look at them (destroy: npx cdk destroy --all in test/integ)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const DIR = import.meta.dirname;
const OUTPUTS = join(DIR, 'cdk.out', 'integ-outputs.json');
// integ-runner's synth options: no version reporting, no path or asset metadata (the snapshot has none either).
const SYNTH = ['--no-version-reporting', '--no-path-metadata', '--no-asset-metadata'];

function cdk(args: readonly string[]): number {
  console.log(`\n$ cdk ${args.join(' ')}`);
  const run = spawnSync('npx', ['cdk', ...args], { cwd: DIR, stdio: 'inherit' });
  return run.status ?? 1;
}

const env = process.env;
if (!env.AWS_REGION && !env.AWS_DEFAULT_REGION && !env.AWS_PROFILE && !existsSync(join(homedir(), '.aws', 'config'))) {
  console.error('test:integ deploys to AWS: set credentials and AWS_REGION (or AWS_PROFILE) first; `npm test` checks the snapshot offline');
  process.exit(2);
}

rmSync(OUTPUTS, { force: true });
const deployed = cdk(['deploy', '--all', '--require-approval', 'never', '--progress', 'events', '--outputs-file', OUTPUTS, ...SYNTH]);
if (existsSync(OUTPUTS)) {
  const outputs = JSON.parse(readFileSync(OUTPUTS, 'utf8')) as Record<string, Record<string, string>>;
  for (const [stack, values] of Object.entries(outputs)) {
    for (const [name, value] of Object.entries(values)) if (name.startsWith('AssertionResults')) console.log(`${stack} ${name}: ${value}`);
  }
}
console.log(deployed === 0 ? '\nintegration test passed: both releases ended as asserted' : '\nintegration test FAILED: see the failed resource above (its reason is the assertion that did not hold)');

let destroyed = 0;
if (process.argv.includes('--no-clean')) {
  console.log('stacks kept (--no-clean): npx cdk destroy --all --force in test/integ removes them');
} else {
  destroyed = cdk(['destroy', '--all', '--force', ...SYNTH]);
  if (destroyed !== 0) console.error('destroy failed: delete the stacks ReleaseIntegDefaultTestDeployAssert028E5A9A and EvalgateInteg by hand');
}
process.exitCode = deployed !== 0 ? deployed : destroyed;
