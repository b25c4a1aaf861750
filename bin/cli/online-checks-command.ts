/**
 * `evalgate online-checks`: writes the live checks (the suites' `online: true` assertions, evals/engine/online.ts)
 * that the live-score middleware grades production responses with, or, with `--check`, fails when the written file
 * no longer matches the suites, so a suite change cannot ship with stale live checks.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigFileError } from '../../evals/engine/config/yaml-source';
import { deriveOnlineChecks } from '../../evals/engine/online';
import { loadSuite } from '../../evals/engine/suite/load';
import { EXIT, UsageError, type ExitCode } from './exit-codes';
import type { CliIo } from './io';

export const ONLINE_CHECKS_USAGE = `Usage: evalgate online-checks [--suites-dir DIR] [--tags TAG,...] [--out FILE] [--check]

Derives the live checks (the suites' assertions marked online: true) and writes them as JSON.

  --suites-dir DIR  the suites, every .yaml file in DIR (default evals/suites)
  --tags TAG,...    the tasks to derive checks for, in this order (default: every tag of the suites' cases, sorted)
  --out FILE        where to write them (default evals/online-checks.json); '-' prints them on stdout
  --check           write nothing: exit 1 when FILE is missing or differs from what would be written
  -h, --help        show this help

Exit codes: 0 written (or up to date), 1 --check found the file stale or missing, 2 usage or configuration error.
`;

const OPTIONS = {
  'suites-dir': { type: 'string' },
  tags: { type: 'string' },
  out: { type: 'string' },
  check: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function onlineChecksCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${ONLINE_CHECKS_USAGE}`);
  }
  if (values.help) {
    io.stdout(ONLINE_CHECKS_USAGE);
    return EXIT.pass;
  }
  const out = values.out ?? 'evals/online-checks.json';
  if (values.check && out === '-') throw new UsageError("--check compares with a file; it cannot be combined with --out -");
  const suitesDir = values['suites-dir'] ?? 'evals/suites';
  const files = suiteFiles(resolve(io.cwd, suitesDir));
  const used = tagsOf(files);
  const tags = values.tags === undefined ? used : tagList(values.tags, used, suitesDir);
  const checks = deriveOnlineChecks(files, tags);
  const text = `${JSON.stringify(checks, null, 2)}\n`;
  const tasks = Object.keys(checks.byTag);
  const summary = `${count(checks.all.length, 'check')} for every response, checks for ${count(tasks.length, 'task')}${tasks.length ? ` (${tasks.join(', ')})` : ''}`;

  if (out === '-') {
    io.stdout(text);
    return EXIT.pass;
  }
  const file = resolve(io.cwd, out);
  if (values.check) {
    const regenerate = `npx evalgate ${['online-checks', ...argv.filter((a) => a !== '--check')].map(shellQuote).join(' ')}`;
    if (!existsSync(file)) {
      io.stderr(`evalgate: ${out} is missing; write it with: ${regenerate}\n`);
      return EXIT.blocked;
    }
    if (readFileSync(file, 'utf8') !== text) {
      io.stderr(`evalgate: ${out} is out of date with the suites in ${suitesDir}; regenerate it with: ${regenerate}\n`);
      return EXIT.blocked;
    }
    io.stdout(`${out} is up to date (${summary})\n`);
    return EXIT.pass;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  io.stdout(`wrote ${out}: ${summary}\n`);
  return EXIT.pass;
}

/** Every suite file of `dir`, sorted so the derived checks (and the written file) do not depend on the disk. */
function suiteFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`the suites folder ${dir} does not exist (set it with --suites-dir DIR)`);
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => resolve(dir, f));
  if (files.length === 0) throw new UsageError(`the suites folder ${dir} holds no .yaml suite`);
  return files;
}

/** The tags of every case, sorted; loading every suite first also reports the problems of all files at once. */
function tagsOf(files: readonly string[]): string[] {
  const problems: string[] = [];
  const tags = new Set<string>();
  for (const file of files) {
    try {
      for (const c of loadSuite(file).cases) c.tags.forEach((t) => tags.add(t));
    } catch (error) {
      if (!(error instanceof ConfigFileError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return [...tags].sort();
}

/** The order given is kept: it is the order of `byTag` in the written file. */
function tagList(raw: string, used: readonly string[], suitesDir: string): string[] {
  const tags = raw.split(',').map((t) => t.trim());
  if (tags.some((t) => t === '')) throw new UsageError(`--tags must be a comma-separated list of tags without empty entries, got: '${raw}'`);
  const unknown = tags.filter((t) => !used.includes(t));
  if (unknown.length > 0) {
    throw new UsageError(`--tags: no case in ${suitesDir} has the tag(s) ${unknown.map((t) => `'${t}'`).join(', ')}; allowed: ${used.join(', ')}`);
  }
  return [...new Set(tags)];
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function shellQuote(arg: string): string {
  return /^[\w./,:=@-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}
