/**
 * `evalgate simulate`: runs release scenarios of the team's own stack on the local stage (its synthesized state
 * machine, the real task handlers, its function's bundled code, its suites and policy, simulated AWS services and
 * time) and prints each as a timeline. Exit 0 when every scenario ended as it should, 1 otherwise, 2 on a usage
 * or configuration error (the app does not synthesize, no EvalGatedRelease, a bad traffic file).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXIT, UsageError, type ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { keyValues, parseCommand, projectFlags, PROJECT_OPTIONS, PROJECT_USAGE, stageErrors } from './stage-options';

export const SIMULATE_USAGE = `Usage: evalgate simulate [--app CMD | --template FILE] [-c KEY=VALUE]... [--release NAME] [--traffic PATH]
                         [--scenarios FILE] [--scenario NAME]... [--junit FILE] [--model MODEL_ID [--fallback MODEL_ID]]
                         [--env KEY=VALUE]... [--rpm N] [--dir DIR]

Runs release scenarios of your stack end to end on the local stage, without AWS, and prints their timelines.
Each scenario starts from a fresh stage: your function's version 1 (as synthesized) live on its alias, the
initial model pins deployed.

${PROJECT_USAGE}
  --scenarios FILE     a module of your own scenarios (its default export: { scenarios: [...] }, see ScenarioFile
                       in 'evalgate'); default: 'release' (a version identical to the live one: it must be
                       promoted) and, with --model, 'model-change'
  --scenario NAME      run only these scenarios (repeatable)
  --junit FILE         your CI's JUnit report of the live code: without one, code releases are refused at
                       CheckUnitTests, as on AWS
  --model MODEL_ID     adds 'model-change': a pin change to MODEL_ID through AppConfig (--fallback for its fallback)
  --rpm N              live requests a simulated minute through the alias (default 120)
  --dir DIR            where the simulated services keep their state, one folder per scenario (default .evalgate)
  -h, --help           show this help

Exit codes: 0 every scenario ended as expected, 1 one did not, 2 usage or configuration error.
`;

export async function simulateCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseCommand(
    argv,
    {
      ...PROJECT_OPTIONS,
      scenarios: { type: 'string' },
      scenario: { type: 'string', multiple: true },
      junit: { type: 'string' },
      model: { type: 'string' },
      fallback: { type: 'string' },
      rpm: { type: 'string' },
      dir: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    SIMULATE_USAGE,
  );
  if (values.help) {
    io.stdout(SIMULATE_USAGE);
    return EXIT.pass;
  }
  if (values.fallback !== undefined && values.model === undefined) throw new UsageError('--fallback goes with --model');
  const rpm = values.rpm === undefined ? undefined : Number(values.rpm);
  if (rpm !== undefined && !(Number.isInteger(rpm) && rpm >= 1 && rpm <= 6000)) throw new UsageError(`--rpm must be a whole number from 1 to 6000, got: ${values.rpm}`);
  // The local stage calls no AWS service: the SDK's notice about future Node.js versions is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const project = projectFlags(values, io.cwd);
  const [{ openProject }, { runScenario }, { builtInScenarios }, { assertModelPinned }] = await Promise.all([
    import('../../lib/local-stage/project'),
    import('../../lib/local-stage/run-scenario'),
    import('../../lib/local-stage/scenarios'),
    import('../../evals/engine/pins'),
  ]);
  if (values.model !== undefined) assertModelPinned(values.model, '--model');
  if (values.fallback !== undefined) assertModelPinned(values.fallback, '--fallback');

  const started = performance.now();
  const { release, traffic } = await stageErrors(() => openProject(project, (line) => io.stdout(`${line}\n`)));
  const file = values.scenarios === undefined ? undefined : await loadScenarios(resolve(io.cwd, values.scenarios));
  const junit = values.junit === undefined ? file?.junit : await stageErrors(async () => (await import('../../lib/local-stage/seed')).readJunit(resolve(io.cwd, values.junit!)));
  const all = file?.scenarios ?? builtInScenarios(values.model === undefined ? {} : { pins: { modelId: values.model, ...(values.fallback ? { fallbackModelId: values.fallback } : {}) } });
  const unknown = (values.scenario ?? []).filter((name) => !all.some((s) => s.name === name));
  if (unknown.length > 0) throw new UsageError(`unknown scenario '${unknown[0]}'; allowed: ${all.map((s) => s.name).join(', ')}`);
  const selected = values.scenario ? all.filter((s) => values.scenario!.includes(s.name)) : all;

  io.stdout(`release pipeline ${release.path}: ${release.target.functionName}:${release.target.alias}, ${release.evalShards.length} eval shard(s), ${traffic.length} traffic sample(s)${traffic.length === 0 ? ' (no live traffic: give --traffic)' : ''}\n`);
  if (junit === undefined) io.stdout(`no --junit report: code releases are refused at CheckUnitTests, as on AWS without unit-test evidence\n`);
  const results = [];
  for (const scenario of selected) {
    results.push(
      await runScenario(scenario, {
        release,
        traffic,
        baseDir: resolve(io.cwd, values.dir ?? '.evalgate'),
        print: (line) => io.stdout(`${line}\n`),
        ...(junit === undefined ? {} : { junit }),
        environment: project.environment,
        ...(rpm === undefined ? {} : { requestsPerMinute: rpm }),
      }),
    );
  }
  const failed = results.filter((r) => !r.ok);
  io.stdout(`\n${results.length} scenario(s) in ${((performance.now() - started) / 1000).toFixed(1)} s: ${results.length - failed.length} as expected${failed.length ? `, ${failed.length} NOT: ${failed.map((r) => r.name).join(', ')}` : ''}\n`);
  return failed.length === 0 ? EXIT.pass : EXIT.blocked;
}

/** A team's scenario module: TypeScript is bundled first, as a module target is. */
async function loadScenarios(path: string): Promise<import('../../lib/local-stage/scenario').ScenarioFile> {
  const { loadableFile } = await import('../../evals/engine/targets/module');
  let module: { default?: unknown; scenarios?: unknown; junit?: unknown };
  try {
    readFileSync(path);
    module = (await import(pathToFileURL(await loadableFile(`--scenarios ${path}`, path)).href)) as typeof module;
  } catch (error) {
    throw new UsageError(`--scenarios ${path}: ${(error as Error).message}`);
  }
  const file = (module.default ?? module) as { scenarios?: unknown; junit?: unknown };
  if (!Array.isArray(file.scenarios) || file.scenarios.length === 0 || !file.scenarios.every((s) => typeof s?.name === 'string' && typeof s?.setup === 'function')) {
    throw new UsageError(`--scenarios ${path} must export { scenarios: [{ name, title, setup }, ...] } (ScenarioFile of 'evalgate'), as its default export or named exports`);
  }
  if (file.junit !== undefined && typeof file.junit !== 'string') throw new UsageError(`--scenarios ${path}: junit must be the text of a JUnit XML report`);
  return file as import('../../lib/local-stage/scenario').ScenarioFile;
}
