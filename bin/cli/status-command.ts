/**
 * `evalgate status` (per alias: how it routes now, the release in flight and where it is, the last releases) and
 * `evalgate history` (the release records, newest first, with why each ended as it did).
 */
import type { ReleaseRecord } from '../../functions/release/state';
import { EXIT, type ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { parseOperatorArgs, wholeNumber, WHERE_USAGE } from './operator/args';
import { openBackend, type OperatorBackend, type ReleaseTarget } from './operator/backend';
import { describeRouting } from './operator/routing';
import { releasesInFlight, type InFlight } from './operator/in-flight';

export const STATUS_USAGE = `Usage: evalgate status [--function NAME] [--alias NAME] [--last N] [--local [--dir DIR] | --outputs FILE]

Per alias: how it routes now, the release in flight (its state, canary weight and candidate) and the last releases.

  --function NAME   only this function
  --alias NAME      only this alias
  --last N          how many ended releases to list per alias (default 3)
${WHERE_USAGE}
`;

export const HISTORY_USAGE = `Usage: evalgate history [--function NAME] [--alias NAME] [--limit N] [--local [--dir DIR] | --outputs FILE]

The release records, newest first: outcome, versions, kind and source of the change, duration and why.

  --function NAME   only this function
  --alias NAME      only this alias
  --limit N         how many per alias (default 10)
${WHERE_USAGE}
`;

function targetsOf(backend: OperatorBackend, inFlight: readonly InFlight[], values: { function?: string; alias?: string }): ReleaseTarget[] {
  const all = [...backend.targets, ...inFlight.map((r) => r.target)];
  const unique = [...new Map(all.map((t) => [`${t.functionName}:${t.alias}`, t])).values()];
  return unique.filter((t) => (values.function === undefined || t.functionName === values.function) && (values.alias === undefined || t.alias === values.alias));
}

const when = (iso: string | Date | undefined) => (iso === undefined ? '?' : new Date(iso).toISOString().slice(0, 16).replace('T', ' '));
const duration = (ms: number | undefined) => (ms === undefined ? '' : ms >= 60_000 ? `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s` : `${Math.round(ms / 1000)}s`);

/** One line for a record: when, id, outcome, versions, change, duration. */
export function recordLine(record: ReleaseRecord): string {
  const r = record.release;
  const versions = r ? `${r.stableVersion} -> ${r.candidateVersion}` : '';
  const change = r ? `${r.change.kind}/${r.change.source}` : '';
  return `${when(record.startedAt ?? record.endedAt)}  ${record.outcome.padEnd(11)}  ${versions.padEnd(8)}  ${change.padEnd(17)}  ${duration(record.durationMs).padStart(6)}  ${record.releaseId}`;
}

export async function statusCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOperatorArgs(argv, { function: { type: 'string' }, alias: { type: 'string' }, last: { type: 'string' } }, STATUS_USAGE);
  if (values.help) {
    io.stdout(STATUS_USAGE);
    return EXIT.pass;
  }
  const last = wholeNumber(values.last, '--last', 3);
  const backend = await openBackend({ local: values.local === true, dir: values.dir, outputs: values.outputs, functionName: values.function, runs: false }, io);
  try {
    io.stdout(`evalgate: ${backend.where}\n`);
    const inFlight = await releasesInFlight(backend);
    for (const target of targetsOf(backend, inFlight, values)) {
      const routing = await backend.router.getRouting(target).catch((error: Error) => error);
      io.stdout(`\n${target.functionName}:${target.alias}  ${routing instanceof Error ? `routing unknown: ${routing.message}` : describeRouting(target.alias, routing)}\n`);
      const mine = inFlight.filter((r) => r.target.functionName === target.functionName && r.target.alias === target.alias);
      if (mine.length === 0) io.stdout('  in flight: none\n');
      for (const { execution, timeline } of mine) {
        const r = timeline.release;
        const what = r ? `version ${r.stableVersion} -> ${r.candidateVersion}, ${r.change.kind} change from ${r.change.source}` : 'preparing';
        const canary = timeline.weight === undefined ? 'no traffic moved yet' : `canary at ${timeline.weight}%`;
        io.stdout(`  in flight: ${execution.name}, started ${when(execution.startDate)}, now at ${timeline.current ?? 'start'}, ${canary}; ${what}\n`);
        const note = backend.noteOn?.(execution.executionArn);
        if (note) io.stdout(`    ${note}\n`);
      }
      const records = await backend.releaseStore.recentRecords(target.functionName, target.alias, last);
      io.stdout(records.length === 0 ? '  no release has ended yet\n' : `  last ${records.length}:\n${records.map((rec) => `    ${recordLine(rec)}\n`).join('')}`);
    }
    return EXIT.pass;
  } finally {
    await backend.close();
  }
}

export async function historyCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOperatorArgs(argv, { function: { type: 'string' }, alias: { type: 'string' }, limit: { type: 'string' } }, HISTORY_USAGE);
  if (values.help) {
    io.stdout(HISTORY_USAGE);
    return EXIT.pass;
  }
  const limit = wholeNumber(values.limit, '--limit', 10);
  const backend = await openBackend({ local: values.local === true, dir: values.dir, outputs: values.outputs, functionName: values.function, runs: false }, io);
  try {
    io.stdout(`evalgate: ${backend.where}\n`);
    for (const target of targetsOf(backend, [], values)) {
      const records = await backend.releaseStore.recentRecords(target.functionName, target.alias, limit);
      io.stdout(`\n${target.functionName}:${target.alias}: ${records.length} release(s)\n`);
      for (const record of records) {
        io.stdout(`  ${recordLine(record)}\n`);
        for (const reason of record.reasons.slice(0, 3)) io.stdout(`      ${reason}\n`);
      }
    }
    return EXIT.pass;
  } finally {
    await backend.close();
  }
}
