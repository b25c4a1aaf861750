/**
 * `evalgate release`: starts a release of a published version or of a model-pins configuration, then follows it
 * live (states, canary weight, health, the decision and why). The input is the canonical release input, validated
 * before anything starts, so a mistake is named by its flag and nothing runs.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidReleaseInputError } from '../../functions/shared/errors';
import { parseReleaseInput, type ReleaseInput } from '../../functions/release/input';
import { EXIT, UsageError, type ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { parseOperatorArgs, WHERE_USAGE } from './operator/args';
import { openBackend } from './operator/backend';
import { follow } from './operator/follow';
import { describeRouting } from './operator/routing';

export const RELEASE_USAGE = `Usage: evalgate release --function NAME [--alias live] (--version N | --model-pins VERSION)
                        [--commit SHA] [--test-report S3URI] [--source manual|codepipeline] [--kind code|prompt|model]
                        [--name RELEASE_ID] [--detach] [--local [--dir DIR] | --outputs FILE]
       evalgate release --input FILE|- [...]
       evalgate release ... --print-input

Starts a release (a Step Functions execution of the release state machine) and follows it to its end.

  --function NAME       the Lambda function to release
  --alias NAME          its live alias (default live)
  --version N           the published version to release (code or prompt change)
  --model-pins VERSION  the model-pins configuration version to release (model change)
  --commit SHA          the commit the candidate was built from
  --test-report URI     its unit-test report: s3://bucket/key of a JUnit XML, or a CodeBuild report ARN
  --source SOURCE       who starts it: manual (default) or codepipeline
  --kind KIND           the kind of change you mean to ship; refused if the versions say otherwise
  --input FILE          the release input as JSON (what the console takes); '-' reads stdin
  --name RELEASE_ID     the execution name (default: function, alias, candidate and time)
  --detach              start it and return; follow later with 'evalgate status'
  --print-input         print the validated input JSON and start nothing (what a build writes for CodePipeline)
${WHERE_USAGE}

Exit codes: 0 promoted, 1 blocked by the gate, rolled back or aborted, 2 refused or bad input,
3 rollback failed or the release failed: production needs a person.
`;

const FLAG_OF: Readonly<Record<string, string>> = {
  'target.functionName': '--function',
  'target.alias': '--alias',
  'candidate.version': '--version',
  'candidate.modelPins.configurationVersion': '--model-pins',
  'change.commit': '--commit',
  'change.testReport': '--test-report',
  'change.source': '--source',
  'change.kind': '--kind',
};

/** Says a problem of the input with the flag that set it: "--version (candidate.version): ...". */
function withFlags(message: string): string {
  return message.replace(/(?<=: |; )([a-zA-Z.]+)(?=: )/g, (path) => (FLAG_OF[path] ? `${FLAG_OF[path]} (${path})` : path));
}

/** @example executionNameFor(input, new Date()) // 'assistant-live-v7-20261126T105407' */
export function executionNameFor(input: ReleaseInput, at: Date): string {
  const candidate = 'version' in input.candidate ? `v${input.candidate.version}` : `pins${input.candidate.modelPins.configurationVersion}`;
  const stamp = at.toISOString().replace(/[-:]/g, '').slice(0, 15);
  const prefix = `${input.target.functionName}-${input.target.alias}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80 - candidate.length - stamp.length - 2);
  return `${prefix}-${candidate}-${stamp}`;
}

export async function releaseCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOperatorArgs(
    argv,
    {
      function: { type: 'string' },
      alias: { type: 'string' },
      version: { type: 'string' },
      'model-pins': { type: 'string' },
      commit: { type: 'string' },
      'test-report': { type: 'string' },
      source: { type: 'string' },
      kind: { type: 'string' },
      input: { type: 'string' },
      name: { type: 'string' },
      detach: { type: 'boolean' },
      'print-input': { type: 'boolean' },
    },
    RELEASE_USAGE,
  );
  if (values.help) {
    io.stdout(RELEASE_USAGE);
    return EXIT.pass;
  }
  const input = releaseInputOf(values, io);
  if (values['print-input']) {
    io.stdout(`${JSON.stringify(input, null, 2)}\n`);
    return EXIT.pass;
  }
  if (values.detach && values.local) throw new UsageError('--detach needs AWS: on the local stage the release runs inside this command');
  const name = values.name ?? executionNameFor(input, new Date());
  const backend = await openBackend({ local: values.local === true, dir: values.dir, outputs: values.outputs, functionName: input.target.functionName, runs: true }, io);
  try {
    io.stdout(`evalgate: ${backend.where}\n`);
    const started = await backend.executions.start(name, input);
    io.stdout(`started release ${started.name} (${started.executionArn})\n`);
    if (values.detach) {
      io.stdout(`follow it with: evalgate status${values.local ? ' --local' : ''}\n`);
      return EXIT.pass;
    }
    const stopFollowing = new AbortController();
    const onInterrupt = () => {
      io.stderr(`\nstopped following; release ${started.name} goes on: 'evalgate status' shows it, 'evalgate abort' stops it\n`);
      stopFollowing.abort();
    };
    process.once('SIGINT', onInterrupt);
    const timeline = await follow(backend.executions, started.executionArn, (line) => io.stdout(`${line}\n`), { pollMs: backend.pollMs, signal: stopFollowing.signal }).finally(() =>
      process.removeListener('SIGINT', onInterrupt),
    );
    if (!timeline.end) return EXIT.blocked;
    const routing = await backend.router.getRouting(input.target);
    io.stdout(`=> ${timeline.end.outcome}; ${describeRouting(input.target.alias, routing)}\n`);
    return timeline.end.exitCode as ExitCode;
  } finally {
    await backend.close();
  }
}

type ReleaseFlags = Partial<Record<'function' | 'alias' | 'version' | 'model-pins' | 'commit' | 'test-report' | 'source' | 'kind' | 'input', string>>;

/** The canonical input from the flags (or the --input document), validated; a problem names its flag. */
export function releaseInputOf(values: ReleaseFlags, io: CliIo): ReleaseInput {
  let raw: unknown;
  if (values.input !== undefined) {
    const flags = (['function', 'alias', 'version', 'model-pins', 'commit', 'test-report', 'source', 'kind'] as const).filter((f) => values[f] !== undefined);
    if (flags.length > 0) throw new UsageError(`--input takes the whole release input: drop ${flags.map((f) => `--${f}`).join(', ')}`);
    const where = values.input === '-' ? 'stdin' : values.input;
    try {
      raw = JSON.parse(readFileSync(values.input === '-' ? 0 : resolve(io.cwd, values.input), 'utf8'));
    } catch (error) {
      throw new UsageError(`--input ${where}: ${(error as Error).message}`);
    }
  } else {
    if (values.function === undefined) throw new UsageError(`--function is required (or --input FILE)\n${RELEASE_USAGE}`);
    if ((values.version === undefined) === (values['model-pins'] === undefined)) throw new UsageError('give exactly one of --version N (a published version) and --model-pins VERSION (a model-pins configuration)');
    raw = {
      target: { functionName: values.function, ...(values.alias === undefined ? {} : { alias: values.alias }) },
      candidate: values.version !== undefined ? { version: values.version } : { modelPins: { configurationVersion: values['model-pins'] } },
      change: {
        source: values.source ?? 'manual',
        ...(values.kind === undefined ? {} : { kind: values.kind }),
        ...(values.commit === undefined ? {} : { commit: values.commit }),
        ...(values['test-report'] === undefined ? {} : { testReport: values['test-report'] }),
      },
    };
  }
  try {
    return parseReleaseInput(raw);
  } catch (error) {
    if (error instanceof InvalidReleaseInputError) throw new UsageError(values.input === undefined ? withFlags(error.message) : error.message);
    throw error;
  }
}
