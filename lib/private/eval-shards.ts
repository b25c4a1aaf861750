/**
 * The eval shards, computed at synth time from the suites that are bundled with the functions: the shard list
 * (EVALGATE_EVAL_SHARDS) and the bundled suites always come from the same files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import type { EvalShard } from '../../functions/release/state';

/**
 * Splits every `<suitesDir>/*.yaml` into shards of at most `shardSize` cases. The shard's suite is the file's
 * base name, which is how RunEvalShard finds the file again (evals/engine/suite/load.ts `suitePath`).
 *
 * @example
 * computeEvalShards('evals/suites', 50);
 * // [{ suite: 'quality', index: 0, from: 0, to: 50 }, { suite: 'quality', index: 1, from: 50, to: 75 }, ...]
 */
export function computeEvalShards(suitesDir: string, shardSize: number): EvalShard[] {
  let files: string[];
  try {
    files = readdirSync(suitesDir).filter((file) => file.endsWith('.yaml')).sort();
  } catch (error) {
    throw new Error(`eval suites directory ${suitesDir} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  if (files.length === 0) throw new Error(`eval suites directory ${suitesDir} must contain at least one *.yaml suite, got: none`);
  return files.flatMap((file) => {
    const path = join(suitesDir, file);
    const cases = (parse(readFileSync(path, 'utf8')) as { cases?: unknown } | null)?.cases;
    if (!Array.isArray(cases) || cases.length === 0) throw new Error(`${path}: a suite needs a non-empty 'cases' list`);
    const suite = basename(file, '.yaml');
    const shards: EvalShard[] = [];
    for (let from = 0; from < cases.length; from += shardSize) {
      shards.push({ suite, index: shards.length, from, to: Math.min(from + shardSize, cases.length) });
    }
    return shards;
  });
}
