/**
 * `evalgate simulate`: runs release scenarios on the local stage (the synthesized state machine, the real
 * handlers, simulated AWS services and time) and prints each as a timeline. Exit 0 when every scenario ended as
 * it should, 1 otherwise, 2 on a usage error.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, UsageError, type ExitCode } from './exit-codes';
import type { CliIo } from './io';

export const SIMULATE_USAGE = `Usage: evalgate simulate [--scenario NAME]... [--dir DIR]

Runs release scenarios end to end on the local stage, without AWS, and prints their timelines.

  --scenario NAME   prompt-change, unpinned-model, regressed-model, live-regression, mixed-change,
                    concurrent-release (repeatable; default: all)
  --dir DIR         where the simulated services keep their state, one folder per scenario (default .evalgate)
  -h, --help        show this help

Exit codes: 0 every scenario ended as expected, 1 one did not, 2 usage error.
`;

export async function simulateCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { scenario: { type: 'string', multiple: true }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${SIMULATE_USAGE}`);
  }
  if (values.help) {
    io.stdout(SIMULATE_USAGE);
    return EXIT.pass;
  }
  // The local stage calls no AWS service: the SDK's notice about future Node.js versions is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { SCENARIOS, scenarioNamed } = await import('../../lib/demo/scenarios');
  let selected;
  try {
    selected = values.scenario?.map(scenarioNamed) ?? SCENARIOS;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [{ runScenario }, { synthesizeDemo }] = await Promise.all([import('../../lib/demo/run-scenario'), import('../../lib/local-stage/synthesize')]);
  const started = performance.now();
  io.stdout('synthesizing the demo stack (the release state machine as deployed)...\n');
  const synthesized = synthesizeDemo();
  const results = [];
  for (const scenario of selected) {
    results.push(await runScenario(scenario, { synthesized, baseDir: resolve(io.cwd, values.dir ?? '.evalgate'), print: (line) => io.stdout(`${line}\n`) }));
  }
  const failed = results.filter((r) => !r.ok);
  io.stdout(`\n${results.length} scenario(s) in ${((performance.now() - started) / 1000).toFixed(1)} s: ${results.length - failed.length} as expected${failed.length ? `, ${failed.length} NOT: ${failed.map((r) => r.name).join(', ')}` : ''}\n`);
  return failed.length === 0 ? EXIT.pass : EXIT.blocked;
}
