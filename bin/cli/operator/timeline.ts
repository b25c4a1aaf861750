/**
 * Turns a release execution's events into the lines an operator follows: the states as they pass, the release
 * (which versions, what kind of change), unit tests, evals, the gate decision and why, the canary weight and
 * health at each step, promotion or rollback, and the record. Used live by `evalgate release` and `abort`, on
 * AWS (Step Functions history) and on the local stage alike.
 */
import type { ExecutionEvent, ExecutionStatus } from '../../../functions/ports/release-executions';
import { FAILURE_NAMES } from '../../../functions/shared/errors';
import type { CanaryStep, GateOutcome, HealthVerdict, Release, ReleaseRecord, ShardSummary, TestEvidence } from '../../../functions/release/state';

/** How a release ended, and the CLI exit code for it (README: 0 promoted, 1 blocked/rolled back/aborted, 2 refused, 3 needs a person). */
export interface ReleaseEnd {
  readonly status: ExecutionStatus;
  readonly outcome: 'promoted' | 'blocked' | 'rolled-back' | 'refused' | 'rollback-failed' | 'failed' | 'aborted';
  readonly exitCode: 0 | 1 | 2 | 3;
  readonly error?: string;
  readonly cause?: string;
}

/**
 * @example
 * releaseEndOf({ kind: 'ended', id: 9, at, status: 'FAILED', error: 'GateBlocked' }); // { outcome: 'blocked', exitCode: 1, ... }
 */
export function releaseEndOf(event: Extract<ExecutionEvent, { kind: 'ended' }>): ReleaseEnd {
  const base = { status: event.status, ...(event.error === undefined ? {} : { error: event.error }), ...(event.cause === undefined ? {} : { cause: event.cause }) };
  if (event.status === 'SUCCEEDED') return { ...base, outcome: 'promoted', exitCode: 0 };
  if (event.status !== 'FAILED') return { ...base, outcome: 'aborted', exitCode: 1 };
  switch (event.error) {
    case FAILURE_NAMES.gateBlocked:
      return { ...base, outcome: 'blocked', exitCode: 1 };
    case FAILURE_NAMES.rolledBack:
      return { ...base, outcome: 'rolled-back', exitCode: 1 };
    case FAILURE_NAMES.refused:
      return { ...base, outcome: 'refused', exitCode: 2 };
    case FAILURE_NAMES.rollbackFailed:
      return { ...base, outcome: 'rollback-failed', exitCode: 3 };
    default:
      return { ...base, outcome: 'failed', exitCode: 3 };
  }
}

const QUIET = /^(Bake\d+|Healthy\d+\?|GatePassed\?|RunEvalShard|CanaryDegraded)$/;
const MAX_REASONS = 6;
const hhmmss = (at: Date) => at.toISOString().slice(11, 19);
const pct = (rate: number) => `${(rate * 100).toFixed(rate === 1 || rate === 0 ? 0 : 1)}%`;

type Output = { release?: Release; unitTests?: TestEvidence; evals?: ShardSummary[]; gate?: GateOutcome; canary?: CanaryStep; health?: HealthVerdict; record?: ReleaseRecord; rollback?: { version: string; pinsReverted?: boolean }; promotion?: { version: string } };

/**
 * @example
 * const timeline = new Timeline((line) => console.log(line));
 * for (const event of events) timeline.add(event);
 * timeline.end; // { outcome: 'promoted', exitCode: 0, ... } once the execution ended
 */
export class Timeline {
  private checks = 0;
  private shards = 0;
  /** Reasons already shown (the record repeats the gate's). */
  private readonly shown = new Set<string>();
  end: ReleaseEnd | undefined;
  /** The last canary weight shifted to, and the release once Prepare has made it. */
  weight: number | undefined;
  release: Release | undefined;
  record: ReleaseRecord | undefined;
  /** The state the execution last entered: where it is now. */
  current: string | undefined;

  constructor(private readonly print: (line: string) => void) {}

  add(event: ExecutionEvent): void {
    const at = hhmmss(event.at);
    const detail = (text: string) => this.print(`${' '.repeat(at.length)}    ${text}`);
    if (event.kind === 'ended') {
      this.end = releaseEndOf(event);
      this.print(`${at}  execution ${event.status}${event.error ? `: ${event.error}` : ''}${event.cause && event.status !== 'FAILED' ? ` (${event.cause})` : ''}`);
      return;
    }
    if (event.kind === 'entered') {
      this.current = event.state;
      if (event.state === 'RunEvalShard') this.shards += 1;
      if (QUIET.test(event.state) || event.state.startsWith('CheckHealth')) return;
      this.print(`${at}  ${event.state}`);
      return;
    }
    const output = (event.output ?? {}) as Output;
    const state = event.state;
    if (state === 'Prepare' && output.release) {
      const r = (this.release = output.release);
      detail(`release ${r.releaseId}: ${r.functionName}:${r.alias} version ${r.stableVersion} -> ${r.candidateVersion}, ${r.change.kind} change from ${r.change.source}${r.change.commit ? ` (commit ${r.change.commit})` : ''}`);
      if (r.pins) detail(`model pins: ${r.pins.previous.modelId} -> ${r.pins.proposed.modelId} (configuration ${r.pins.previousConfigurationVersion ?? '?'} -> ${r.pins.configurationVersion})`);
    } else if (state === 'CheckUnitTests' && output.unitTests) {
      const t = output.unitTests;
      detail(`unit tests: ${t.tests - t.failures - t.errors - t.skipped} passed, ${t.failures} failed, ${t.errors} errors, ${t.skipped} skipped (${t.reference})`);
    } else if (state === 'RunEvals' && output.evals) {
      detail(`evals: ${this.shards} shards; ${summarizeEvals(output.evals)}`);
    } else if (state === 'DecideGate' && output.gate) {
      const g = output.gate;
      detail(`gate: ${g.decision.toUpperCase()} (${g.suites.map((s) => `${s.suite} ${pct(s.passRate)}`).join(', ')})`);
      this.reasons(g.reasons, detail);
    } else if (/^ShiftTraffic\d+$/.test(state) && output.canary) {
      this.weight = output.canary.weight;
      this.checks = 0;
      detail(`canary: ${output.canary.weight}% of live traffic to version ${this.release?.candidateVersion ?? 'candidate'}`);
    } else if (/^CheckHealth\d+$/.test(state) && output.health) {
      this.checks += 1;
      const h = output.health;
      if (h.verdict === 'degraded') {
        this.print(`${at}  health at ${this.weight ?? '?'}%: DEGRADED after ${this.checks} check(s)`);
        this.reasons(h.reasons, detail);
      } else if (h.bakeComplete) {
        this.print(`${at}  health at ${this.weight ?? '?'}%: healthy over ${this.checks} check(s), bake complete`);
      }
    } else if (state === 'Promote' && output.promotion) {
      detail(`promoted: alias ${this.release?.alias ?? ''} at 100% on version ${output.promotion.version}`);
    } else if (state === 'Rollback' && output.rollback) {
      detail(`rolled back: alias ${this.release?.alias ?? ''} at 100% on version ${output.rollback.version}${output.rollback.pinsReverted ? ', model pins reverted' : ''}`);
    } else if (state.startsWith('Finalize') && output.record) {
      this.record = output.record;
      detail(`record: ${output.record.outcome}`);
      this.reasons(output.record.reasons, detail);
    }
  }

  private reasons(reasons: readonly string[], detail: (text: string) => void): void {
    const fresh = reasons.filter((reason) => !this.shown.has(reason));
    for (const reason of fresh.slice(0, MAX_REASONS)) detail(`  ${reason}`);
    if (fresh.length > MAX_REASONS) detail(`  ... and ${fresh.length - MAX_REASONS} more`);
    for (const reason of reasons) this.shown.add(reason);
  }
}

/** @example summarizeEvals(shards) // 'quality 74/75 (live 73/75), schema 20/20 (live 20/20)' */
export function summarizeEvals(shards: readonly ShardSummary[]): string {
  const suites = new Map<string, { cases: number; candidate: number; baseline: number; errors: number }>();
  for (const s of shards) {
    const t = suites.get(s.suite) ?? { cases: 0, candidate: 0, baseline: 0, errors: 0 };
    suites.set(s.suite, { cases: t.cases + s.cases, candidate: t.candidate + s.candidatePassed, baseline: t.baseline + s.baselinePassed, errors: t.errors + s.errors });
  }
  return [...suites].map(([suite, t]) => `${suite} ${t.candidate}/${t.cases} (live ${t.baseline}/${t.cases})${t.errors ? `, ${t.errors} errors` : ''}`).join(', ');
}
