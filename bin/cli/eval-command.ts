/**
 * `evalgate eval`: runs the selected suites against a target (and a baseline), applies the gate policy,
 * prints the verdict and writes reports. Exit codes: 0 pass, 1 blocked, 2 usage/configuration, 3 too many
 * target errors to judge.
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigFileError } from '../../evals/engine/config/yaml-source';
import { decideGate } from '../../evals/engine/gate';
import { DEFAULT_JUDGE_MODEL_ID } from '../../evals/engine/judge';
import { loadPolicy, policyFor, type Policy } from '../../evals/engine/policy';
import { buildReport } from '../../evals/engine/report/model';
import { RUN_DEFAULTS, runEvals } from '../../evals/engine/runner/runner';
import { loadSuite, suitePath } from '../../evals/engine/suite/load';
import type { Suite } from '../../evals/engine/suite/model';
import { summarizeSuite } from '../../evals/engine/summary';
import type { Target } from '../../evals/engine/types';
import { EXIT, UsageError, type ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { intFlag, unitFlag } from './options';
import { progressReporter } from './progress';
import { createTarget } from './targets';
import { createJudge } from './judge';
import { assertModelPinned } from '../../evals/engine/pins';
import { RELEASE_ENV } from '../../functions/runtime/release-env';

export const EVAL_USAGE = `Usage: evalgate eval --target SPEC [options]

Runs eval suites against a target and gates it on the policy.

  --target SPEC        app under evaluation: module:PATH[#EXPORT][?ENV=VALUE&...] | http(s)://URL | lambda:FUNCTION[:QUALIFIER]
  --baseline SPEC      the live version, evaluated on the same cases for a paired comparison
  --suite NAME|PATH    suite to run (repeatable); a name means evals/suites/NAME.yaml; default: every suite there
  --policy PATH        gate policy (default: evals/policy.yaml when present, else built-in defaults)
  --threshold X        minimum pass rate (0..1) for every selected suite, overriding the policy
  --concurrency N      cases in flight at once (default ${RUN_DEFAULTS.concurrency})
  --repeat N           run every case N times to measure flakiness (default 1)
  --timeout MS         per-attempt deadline in milliseconds (default ${RUN_DEFAULTS.timeoutMs})
  --retries N          retries of retryable target errors (default ${RUN_DEFAULTS.retries})
  --judge MODEL_ID     pinned judge model for llm-rubric (default ${DEFAULT_JUDGE_MODEL_ID}, offline)
  --model MODEL_ID     the pinned model a module target runs (its EVALGATE_MODEL_ID, as each released version has it)
  --fallback-model ID  its pinned fallback model (EVALGATE_FALLBACK_MODEL_ID)
  --report-dir DIR     write report.json, junit.xml, summary.md and report.html
  --json               print the report as JSON on stdout instead of the summary
  -h, --help           show this help

Exit codes: 0 pass, 1 blocked, 2 usage or configuration error, 3 too many target errors to judge.
`;

const OPTIONS = {
  target: { type: 'string' },
  baseline: { type: 'string' },
  suite: { type: 'string', multiple: true },
  policy: { type: 'string' },
  threshold: { type: 'string' },
  concurrency: { type: 'string' },
  repeat: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  judge: { type: 'string' },
  model: { type: 'string' },
  'fallback-model': { type: 'string' },
  'report-dir': { type: 'string' },
  'suites-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseEvalArgs(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nAllowed options: ${Object.keys(OPTIONS).map((o) => `--${o}`).join(', ')}`);
  }
}

export async function evalCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const args = parseEvalArgs(argv);
  if (args.help) {
    io.stdout(EVAL_USAGE);
    return EXIT.pass;
  }
  if (!args.target) throw new UsageError('--target is required, e.g. --target module:src/handler.ts --model gpt-4o-2024-11-20');
  const settings = {
    concurrency: intFlag('concurrency', args.concurrency, RUN_DEFAULTS.concurrency, 1, 256),
    repeat: intFlag('repeat', args.repeat, RUN_DEFAULTS.repeat, 1, 100),
    timeoutMs: intFlag('timeout', args.timeout, RUN_DEFAULTS.timeoutMs, 1, 900_000),
    retries: intFlag('retries', args.retries, RUN_DEFAULTS.retries, 0, 10),
    threshold: unitFlag('threshold', args.threshold),
  };
  const suites = loadSuites(args.suite ?? [], resolve(io.cwd, args['suites-dir'] ?? 'evals/suites'), io.cwd);
  const { policy, policyFile } = readPolicy(args.policy, io.cwd);
  const policyOf = (suite: string) => policyFor(policy, suite, settings.threshold);
  const judge = suites.some((s) => s.cases.some((c) => c.assertions.some((a) => a.type.endsWith('llm-rubric'))))
    ? await createJudge(args.judge ?? DEFAULT_JUDGE_MODEL_ID)
    : undefined;

  const targets = await startTargets(args.target, args.baseline, { cwd: io.cwd, timeoutMs: settings.timeoutMs }, releaseEnvironment(args.model, args['fallback-model']));
  const progress = progressReporter(io, 'evalgate eval');
  let run;
  try {
    run = await runEvals({
      suites,
      target: targets.candidate,
      ...(targets.baseline ? { baseline: targets.baseline } : {}),
      ...settings,
      backoffMs: RUN_DEFAULTS.backoffMs,
      ...(judge ? { judge } : {}),
      onProgress: progress.update,
    });
  } finally {
    progress.end();
    await Promise.all([targets.candidate.close(), targets.baseline?.close()]);
  }

  const summaries = suites.map((suite) =>
    summarizeSuite(
      suite,
      run.candidate.filter((c) => c.suite === suite.name),
      run.baseline?.filter((c) => c.suite === suite.name),
      policyOf(suite.name).regression.confidence,
    ),
  );
  const gate = decideGate(summaries, policyOf);
  const report = buildReport(run, summaries, gate, policyOf, {
    target: args.target,
    ...(args.baseline ? { baseline: args.baseline } : {}),
    ...(policyFile ? { policyFile } : {}),
    ...(judge ? { judge: judge.modelId } : {}),
    repeat: settings.repeat,
  });
  if (args['report-dir']) {
    const { writeReports } = await import('../../evals/engine/report/write');
    const written = await writeReports(resolve(io.cwd, args['report-dir']), report);
    if (!args.json) io.stderr(`reports: ${written.join(', ')}\n`);
  }
  if (args.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const { renderConsole } = await import('../../evals/engine/report/console');
    io.stdout(renderConsole(report, { color: io.color }));
  }
  return gate.decision === 'pass' ? EXIT.pass : gate.decision === 'block' ? EXIT.blocked : EXIT.tooManyErrors;
}

function loadSuites(selected: readonly string[], suitesDir: string, cwd: string): Suite[] {
  const files = selected.length > 0 ? selected.map((s) => resolve(cwd, suitePath(s, suitesDir))) : allSuiteFiles(suitesDir);
  const problems: string[] = [];
  const suites: Suite[] = [];
  for (const file of files) {
    try {
      suites.push(loadSuite(file));
    } catch (error) {
      if (!(error instanceof ConfigFileError)) throw error;
      problems.push(error.message);
    }
  }
  const seen = new Map<string, string>();
  for (const suite of suites) {
    const other = seen.get(suite.name);
    if (other) problems.push(`suite name '${suite.name}' is used by both ${other} and ${suite.file}`);
    seen.set(suite.name, suite.file);
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return suites;
}

function allSuiteFiles(dir: string): string[] {
  if (!existsSync(dir)) throw new UsageError(`no --suite given and the suites folder ${dir} does not exist`);
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => resolve(dir, f));
  if (files.length === 0) throw new UsageError(`no --suite given and ${dir} holds no .yaml suite`);
  return files;
}

function readPolicy(explicit: string | undefined, cwd: string): { policy?: Policy; policyFile?: string } {
  const file = resolve(cwd, explicit ?? 'evals/policy.yaml');
  if (!explicit && !existsSync(file)) return {};
  try {
    return { policy: loadPolicy(file), policyFile: file };
  } catch (error) {
    if (error instanceof ConfigFileError) throw new UsageError(error.message);
    throw error;
  }
}

/** `--model` and `--fallback-model` as the release environment of the candidate (the pin rule applies). */
function releaseEnvironment(model: string | undefined, fallback: string | undefined): Record<string, string> {
  if (fallback !== undefined && model === undefined) throw new UsageError('--fallback-model goes with --model');
  if (model === undefined) return {};
  assertModelPinned(model, '--model');
  if (fallback !== undefined) assertModelPinned(fallback, '--fallback-model');
  return { [RELEASE_ENV.modelId]: model, ...(fallback === undefined ? {} : { [RELEASE_ENV.fallbackModelId]: fallback }) };
}

async function startTargets(candidate: string, baseline: string | undefined, options: { cwd: string; timeoutMs: number }, env: Record<string, string>) {
  const started = await Promise.allSettled([createTarget(candidate, { ...options, env }), baseline ? createTarget(baseline, options) : Promise.resolve(undefined)]);
  const failure = started.find((s) => s.status === 'rejected');
  if (failure) {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value?.close() : undefined)));
    throw (failure as PromiseRejectedResult).reason;
  }
  const [c, b] = started as [PromiseFulfilledResult<Target>, PromiseFulfilledResult<Target | undefined>];
  return { candidate: c.value, ...(b.value ? { baseline: b.value } : {}) } as { candidate: Target; baseline?: Target };
}
