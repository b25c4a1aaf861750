/**
 * `evalgate init`: scaffolds a project's eval suite and gate policy, then prints how to wire the construct and the
 * live-score middleware. It never overwrites a file unless --force, and it checks every file before writing any,
 * so a refused run leaves the project exactly as it was.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, UsageError, type ExitCode } from './exit-codes';
import { NEXT_STEPS } from './init/next-steps';
import { STARTER_POLICY } from './init/policy';
import { STARTER_SUITE } from './init/starter-suite';
import type { CliIo } from './io';

export const INIT_USAGE = `Usage: evalgate init [--dir DIR] [--force]

Writes a starter eval suite (evals/suites/starter.yaml) and gate policy (evals/policy.yaml), then prints the next steps.

  --dir DIR     the project folder (default: the current folder)
  --force       overwrite those files when they exist
  -h, --help    show this help

Exit codes: 0 written, 2 usage error or a file exists (nothing is written then).
`;

/** The files init writes, relative to the project folder. */
export const INIT_FILES: Readonly<Record<string, string>> = {
  'evals/suites/starter.yaml': STARTER_SUITE,
  'evals/policy.yaml': STARTER_POLICY,
};

export async function initCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { dir: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${INIT_USAGE}`);
  }
  if (values.help) {
    io.stdout(INIT_USAGE);
    return EXIT.pass;
  }
  const root = resolve(io.cwd, values.dir ?? '.');
  if (existsSync(root) && !statSync(root).isDirectory()) throw new UsageError(`--dir must be a folder, got the file: ${root}`);
  const existing = Object.keys(INIT_FILES).filter((file) => existsSync(join(root, file)));
  if (existing.length > 0 && !values.force) {
    throw new UsageError(`these files already exist in ${root}: ${existing.join(', ')}; nothing was written (run with --force to overwrite them)`);
  }
  for (const [file, text] of Object.entries(INIT_FILES)) {
    const path = join(root, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    io.stdout(`${existing.includes(file) ? 'overwrote' : 'created  '} ${file}\n`);
  }
  io.stdout(`\n${NEXT_STEPS}`);
  return EXIT.pass;
}
