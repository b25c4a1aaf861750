/**
 * DecideGate: the eval gate of a release. The engine's gate (evals/engine/gate.ts) judges the results against the
 * policy; a release adds two requirements of its own, because passing evals is not enough to take traffic
 * safely: there must be a version to roll back to, and the candidate must emit the live eval-score metrics its
 * canary alarm watches (a candidate that emits none would sail through the canary unobserved).
 */
import { decideGate, type GateDecision } from '../../evals/engine/gate';
import { loadPolicy, policyFor } from '../../evals/engine/policy';
import { buildReport } from '../../evals/engine/report/model';
import { renderMarkdown } from '../../evals/engine/report/markdown';
import { loadSuite, suitePath } from '../../evals/engine/suite/load';
import { summarizeSuite } from '../../evals/engine/summary';
import type { CaseResult } from '../../evals/engine/types';
import type { Clock } from '../ports/clock';
import { LiveScoresPendingError } from '../shared/errors';
import type { HealthSource } from '../ports/health-source';
import type { ReportStore } from '../ports/report-store';
import type { ShardResults } from './eval-shard';
import type { GateOutcome, Release, ShardSummary } from './state';

export interface GateEvent {
  readonly release: Release;
  /** The RunEvals Map's result: one summary per shard. */
  readonly evals: readonly ShardSummary[];
}

export interface GateDeps {
  readonly reportStore: ReportStore;
  readonly healthSource: Pick<HealthSource, 'hasLiveScoreMetrics'>;
  readonly clock: Clock;
  readonly suitesDir: string;
  readonly policyFile: string;
}

interface SuiteResults {
  readonly suite: string;
  readonly candidate: CaseResult[];
  readonly baseline: CaseResult[];
  durationMs: number;
}

/**
 * @example
 * await decideReleaseGate({ release, evals: shardSummaries }, deps);
 * // { decision: 'block', reasons: ['quality pass rate 0.78 < 0.85'], reportKey: 'releases/rel-1/report.json', suites: [...] }
 */
export async function decideReleaseGate(event: GateEvent, deps: GateDeps): Promise<GateOutcome> {
  const { release } = event;
  const policy = loadPolicy(deps.policyFile);
  const policyOf = (suite: string) => policyFor(policy, suite);
  const perSuite = await readResults(event.evals, deps.reportStore);
  const summaries = perSuite.map((s) =>
    summarizeSuite(loadSuite(suitePath(s.suite, deps.suitesDir)), s.candidate, s.baseline, policyOf(s.suite).regression.confidence),
  );
  const gate = withReleaseRequirements(decideGate(summaries, policyOf), await releaseRequirements(release, event.evals, deps));
  const run = {
    candidate: perSuite.flatMap((s) => s.candidate),
    baseline: perSuite.flatMap((s) => s.baseline),
    // Shards run in parallel: the slowest one is how long the eval run took.
    durationMs: Math.max(0, ...perSuite.map((s) => s.durationMs)),
  };
  const report = buildReport(run, summaries, gate, policyOf, {
    target: `lambda:${release.functionName}:${release.candidateVersion}`,
    baseline: `lambda:${release.functionName}:${release.stableVersion}`,
    policyFile: deps.policyFile,
    repeat: 1,
    createdAt: deps.clock.now(),
  });
  const reportKey = `releases/${release.releaseId}/report.json`;
  await deps.reportStore.putJson(reportKey, report);
  await deps.reportStore.putText(`releases/${release.releaseId}/summary.md`, renderMarkdown(report), 'text/markdown; charset=utf-8');
  return {
    decision: gate.decision,
    reasons: gate.reasons,
    reportKey,
    suites: report.suites.map((s) => ({ suite: s.suite, passRate: s.passRate, minPassRate: s.policy.minPassRate, decision: s.decision })),
  };
}

/** Shard results grouped per suite, suites in the order they first appear, shards of a suite by index. */
async function readResults(evals: readonly ShardSummary[], store: ReportStore): Promise<SuiteResults[]> {
  const shards = await Promise.all(evals.map((summary) => store.getJson<ShardResults>(summary.key)));
  const bySuite = new Map<string, SuiteResults>();
  for (const shard of [...shards].sort((a, b) => a.index - b.index)) {
    const group = bySuite.get(shard.suite) ?? { suite: shard.suite, candidate: [], baseline: [], durationMs: 0 };
    group.candidate.push(...shard.candidate);
    group.baseline.push(...shard.baseline);
    group.durationMs = Math.max(group.durationMs, shard.durationMs);
    bySuite.set(shard.suite, group);
  }
  const order = [...new Set(evals.map((summary) => summary.suite))];
  return order.flatMap((suite) => bySuite.get(suite) ?? []);
}

/**
 * How long after the eval run the gate waits for the candidate's live eval scores before it calls them missing.
 * EMF metrics are made from log lines "asynchronously": CloudWatch Logs processes the logs first ("Embedding
 * metrics within logs", "Setting alarms on metrics created with the embedded metric format", CloudWatch user
 * guide), so the samples of the last eval cases reach GetMetricData some time after the run. Until then DecideGate
 * throws LiveScoresPendingError, which the state machine retries every minute (release-state-machine.ts).
 */
export const LIVE_SCORES_WAIT_MS = 5 * 60_000;

/**
 * Block reasons a release adds to the eval gate. No live scores yet, within LIVE_SCORES_WAIT_MS of the eval run,
 * is not a reason but a LiveScoresPendingError: ask again later.
 *
 * @example
 * await releaseRequirements(release, evals, deps); // ['candidate version 6 emitted no live eval-score metrics during the eval run']
 */
export async function releaseRequirements(release: Release, evals: readonly ShardSummary[], deps: Pick<GateDeps, 'healthSource' | 'clock'>): Promise<string[]> {
  const reasons: string[] = [];
  if (!release.stableVersion || release.stableVersion === release.candidateVersion) {
    reasons.push(`no rollback target: ${release.functionName}:${release.alias} has no live version other than the candidate ${release.candidateVersion}`);
  }
  const observed = await deps.healthSource.hasLiveScoreMetrics(release.functionName, release.candidateVersion, new Date(release.startedAt));
  if (!observed) {
    // The last shard's end; a shard from before shards said when they ended counts from the release's start.
    const finished = Math.max(...evals.map((shard) => Date.parse(shard.finishedAt ?? release.startedAt)), Date.parse(release.startedAt));
    const waited = deps.clock.now().getTime() - finished;
    if (waited < LIVE_SCORES_WAIT_MS) {
      throw new LiveScoresPendingError(
        `candidate version ${release.candidateVersion} has no live eval-score metrics yet, ${Math.round(waited / 1000)} s after its eval run: CloudWatch makes EMF metrics after a delay; the gate asks again until ${LIVE_SCORES_WAIT_MS / 60_000} minutes have passed`,
      );
    }
    reasons.push(`candidate version ${release.candidateVersion} emitted no live eval-score metrics during the eval run`);
  }
  return reasons;
}

/** Release requirements block whatever the evals decided; an eval pass's reasons are not block reasons. */
function withReleaseRequirements(gate: GateDecision, blocks: readonly string[]): GateDecision {
  if (blocks.length === 0) return gate;
  return { ...gate, decision: 'block', reasons: [...(gate.decision === 'block' ? gate.reasons : []), ...blocks] };
}
