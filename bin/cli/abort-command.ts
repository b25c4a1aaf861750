/**
 * `evalgate abort`: stops the release in flight on an alias and waits until it is rolled back, then verifies it:
 * the execution stopped, the reconciler wrote its record, and the alias serves 100% of traffic on the stable
 * version. Stopping goes through Step Functions StopExecution, so the console's "Stop execution" ends the same way.
 */
import type { ExecutionSummary } from '../../functions/ports/release-executions';
import type { ReleaseRecord } from '../../functions/release/state';
import { EXIT, UsageError, type ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { parseOperatorArgs, wholeNumber, WHERE_USAGE } from './operator/args';
import { openBackend, type OperatorBackend, type ReleaseTarget } from './operator/backend';
import { describeRouting } from './operator/routing';
import { pollUntil } from './operator/follow';
import { operatorName, releasesInFlight } from './operator/in-flight';

export const ABORT_USAGE = `Usage: evalgate abort [--function NAME] [--alias NAME] [--release ID] [--reason TEXT] [--timeout SECONDS]
                      [--local [--dir DIR] | --outputs FILE]

Stops the release in flight on an alias and rolls it back: the alias returns to 100% on the stable version, the
model pins are reverted, the release's alarms and lock are removed and its record says who aborted it and why.

  --function NAME     the function (default: the pipeline's)
  --alias NAME        the alias (default: the only one with a release in flight)
  --release ID        the release (execution name) to abort, when you know it
  --reason TEXT       why, for the record and the notification
  --timeout SECONDS   how long to wait for the rollback to be verified (default 120)
${WHERE_USAGE}

Exit codes: 0 stopped and rolled back (verified), 2 no such release in flight or bad input,
3 stopped but the rollback could not be verified in time: look at the alias now.
`;

/** The error name StopExecution records; the reconciler and the record show it. */
export const ABORT_ERROR = 'Evalgate.Aborted';

export async function abortCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOperatorArgs(argv, { function: { type: 'string' }, alias: { type: 'string' }, release: { type: 'string' }, reason: { type: 'string' }, timeout: { type: 'string' } }, ABORT_USAGE);
  if (values.help) {
    io.stdout(ABORT_USAGE);
    return EXIT.pass;
  }
  if (values.reason !== undefined && values.reason.length > 200) throw new UsageError(`--reason must be at most 200 characters, got ${values.reason.length}`);
  const timeoutMs = wholeNumber(values.timeout, '--timeout', 120) * 1000;
  const backend = await openBackend({ local: values.local === true, dir: values.dir, outputs: values.outputs, functionName: values.function, runs: false }, io);
  try {
    io.stdout(`evalgate: ${backend.where}\n`);
    const candidates = (await releasesInFlight(backend)).filter(
      (r) =>
        (values.release === undefined || r.execution.name === values.release) &&
        (values.function === undefined || r.target.functionName === values.function) &&
        (values.alias === undefined || r.target.alias === values.alias),
    );
    const scope = values.release ?? [values.function, values.alias].filter(Boolean).join(':');
    if (candidates.length === 0) {
      io.stderr(`evalgate: no release in flight${scope ? ` for ${scope}` : ''}: nothing to abort\n`);
      return EXIT.usage;
    }
    if (candidates.length > 1) {
      throw new UsageError(`${candidates.length} releases in flight (${candidates.map((c) => `${c.execution.name} on ${c.target.functionName}:${c.target.alias}`).join(', ')}): say which with --release ID`);
    }
    const [{ execution, target, timeline }] = candidates as [(typeof candidates)[number]];
    const cause = `aborted by ${operatorName(io.env)}${values.reason ? `: ${values.reason}` : ''}`;
    io.stdout(`stopping ${execution.name} on ${target.functionName}:${target.alias} (at ${timeline.current ?? 'start'}${timeline.weight === undefined ? '' : `, canary ${timeline.weight}%`}): ${cause}\n`);
    await backend.executions.stop(execution.executionArn, ABORT_ERROR, cause);
    const record = await waitForRecord(backend, execution, target, timeoutMs);
    const routing = await backend.router.getRouting(target);
    io.stdout(`${describeRouting(target.alias, routing)}\n`);
    if (!record) {
      io.stderr(`evalgate: ${execution.name} was stopped but no record was written within ${timeoutMs / 1000} s: the reconciler has not finished; check the alias and the reconciler's logs\n`);
      return 3;
    }
    for (const reason of record.reasons) io.stdout(`  ${reason}\n`);
    const stable = record.release?.stableVersion;
    const split = Object.keys(routing.additionalWeights).length > 0;
    if (split || (stable !== undefined && routing.version !== stable)) {
      io.stderr(`evalgate: NOT verified: ${describeRouting(target.alias, routing)}, expected 100% on version ${stable ?? 'the stable version'}\n`);
      return 3;
    }
    io.stdout(`=> ${record.outcome}: ${execution.name} stopped and rolled back, verified: ${describeRouting(target.alias, routing)}\n`);
    return EXIT.pass;
  } finally {
    await backend.close();
  }
}

/** Waits until the execution is no longer running and its record exists (the reconciler's last step). */
function waitForRecord(backend: OperatorBackend, execution: ExecutionSummary, target: ReleaseTarget, timeoutMs: number): Promise<ReleaseRecord | undefined> {
  return pollUntil(
    async () =>
      (await backend.executions.describe(execution.executionArn)).status === 'RUNNING'
        ? undefined
        : backend.releaseStore.findRecord(target.functionName, target.alias, execution.name, execution.startDate),
    timeoutMs,
    Math.min(backend.pollMs, 2_000),
  );
}
