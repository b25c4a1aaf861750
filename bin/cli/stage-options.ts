/**
 * The flags that say which project the local stage runs (`simulate`, `stage init`), parsed once: the CDK app
 * or a template, its context, which EvalGatedRelease, the production traffic and the local environment.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { LocalProject } from '../../lib/local-stage/project';
import { UsageError } from './exit-codes';

export const PROJECT_OPTIONS = {
  app: { type: 'string' },
  template: { type: 'string' },
  context: { type: 'string', short: 'c', multiple: true },
  release: { type: 'string' },
  traffic: { type: 'string' },
  env: { type: 'string', multiple: true },
} as const satisfies ParseArgsConfig['options'];

export const PROJECT_USAGE = `  --app CMD            the CDK app to synthesize (default: the "app" of ./cdk.json); cached by its inputs
  --template FILE      a synthesized template (or cdk.out folder) instead of synthesizing
  -c, --context K=V    context for the synthesis, as cdk synth -c (repeatable)
  --release NAME       which EvalGatedRelease (construct path, function or stack) when the app has several
  --traffic PATH       production requests to replay, a JSONL file or a folder of them: one
                       { "input": "...", "vars"?: {...} } a line (default: the inputs of your suites)
  --env KEY=VALUE      a variable every version runs with locally, e.g. a stand-in for a model (repeatable)`;

/**
 * parseArgs with the usage appended to every error.
 *
 * @example
 * const { values } = parseCommand(argv, { ...PROJECT_OPTIONS, dir: { type: 'string' } }, USAGE);
 */
export function parseCommand<O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O, usage: string, allowPositionals = false) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
}

/**
 * `KEY=VALUE` flags as a record, naming the flag of a malformed one.
 *
 * @example
 * keyValues(['stage=prod', 'A=1=2'], '--context'); // { stage: 'prod', A: '1=2' }
 */
export function keyValues(values: readonly string[] | undefined, flag: string): Record<string, string> {
  return Object.fromEntries(
    (values ?? []).map((pair) => {
      const cut = pair.indexOf('=');
      if (cut <= 0) throw new UsageError(`${flag} takes KEY=VALUE, got: ${pair}`);
      return [pair.slice(0, cut), pair.slice(cut + 1)];
    }),
  );
}

type ProjectValues = { app?: string; template?: string; context?: string[]; release?: string; traffic?: string; env?: string[] };

export function projectFlags(values: ProjectValues, appDir: string): LocalProject {
  if (values.app !== undefined && values.template !== undefined) throw new UsageError('give --app CMD or --template FILE, not both');
  return {
    appDir,
    ...(values.app === undefined ? {} : { app: values.app }),
    ...(values.template === undefined ? {} : { template: values.template }),
    context: keyValues(values.context, '--context'),
    ...(values.release === undefined ? {} : { release: values.release }),
    ...(values.traffic === undefined ? {} : { traffic: values.traffic }),
    environment: keyValues(values.env, '--env'),
  };
}

const CONFIGURATION_ERRORS = new Set(['SynthError', 'AssemblyError', 'TrafficError', 'JUnitReportError', 'PublishError', 'LocalStageError']);

/** Runs `load`, turning what is wrong with the project (it does not synthesize, a bad file) into a usage error (exit 2). */
export async function stageErrors<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof Error && (CONFIGURATION_ERRORS.has(error.name) || code === 'ENOENT')) throw new UsageError(error.message);
    throw error;
  }
}
