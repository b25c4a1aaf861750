/** Options every operator command shares: where the pipeline is (AWS outputs file or the local stage). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../exit-codes';

export const WHERE_OPTIONS = {
  local: { type: 'boolean' },
  dir: { type: 'string' },
  outputs: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export const WHERE_USAGE = `  --local           use the local stage (simulated AWS, no account needed) instead of AWS
  --dir DIR         the local stage's folder (default .evalgate/stage)
  --outputs FILE    the CDK outputs file of the deployed pipeline (default cdk-outputs.json, or $EVALGATE_OUTPUTS)
  -h, --help        show this help`;

/**
 * parseArgs with the usage appended to every error.
 *
 * @example
 * const { values, positionals } = parseOperatorArgs(argv, { reason: { type: 'string' } }, USAGE);
 */
export function parseOperatorArgs<O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O, usage: string, allowPositionals = false) {
  try {
    return parseArgs({ args: [...argv], options: { ...WHERE_OPTIONS, ...options }, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
}

/**
 * A whole-number flag (1 to 9999), or the default when absent.
 *
 * @example
 * wholeNumber('30', '--timeout', 120); // 30
 * wholeNumber('soon', '--timeout', 120); // throws UsageError: --timeout must be a whole number from 1 to 9999, got: soon
 */
export function wholeNumber(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[1-9]\d{0,3}$/.test(value)) throw new UsageError(`${flag} must be a whole number from 1 to 9999, got: ${value}`);
  return Number(value);
}
