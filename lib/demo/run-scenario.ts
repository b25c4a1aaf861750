/**
 * Runs one scenario on a fresh local stage and narrates it as a timeline a person can follow: the states as they
 * pass (bake loops folded into one line per canary step), the canary weight, live traffic and health, the
 * decision and why, and where the reports are. Returns whether the end matched the scenario's expectations.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { EvalReport } from '../../evals/engine/report/model';
import { join } from 'node:path';
import type { ReleaseRecord } from '../../functions/release/state';
import { seedStage } from './seed';
import { APP_ALIAS, APP_FUNCTION, LocalStage } from '../local-stage/stage';
import type { Scenario } from './scenarios';
import type { SynthesizedRelease } from '../local-stage/synthesize';

export interface ScenarioResult {
  readonly name: string;
  readonly ok: boolean;
  readonly end?: string;
  readonly serving: string;
  readonly pins?: string;
  readonly transitions: number;
  readonly problems: readonly string[];
  readonly record?: ReleaseRecord;
  readonly dir: string;
}

const clockOf = (at: Date) => at.toISOString().slice(11, 16);
const MAX_LISTED = 8;

/** The gate report's regressed cases, by suite/id with why, so a blocked release says what broke. */
function printRegressions(reportFile: string, print: (line: string) => void): void {
  if (!existsSync(reportFile)) return;
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as EvalReport;
  const regressions = report.suites.flatMap((s) => (s.comparison?.regressions ?? []).map((r) => ({ suite: s.suite, ...r })));
  print(`   regressed cases (${regressions.length}):`);
  for (const r of regressions.slice(0, MAX_LISTED)) print(`     ${r.suite}/${r.id}: ${(r.reasons[0] ?? '').slice(0, 110)}`);
  if (regressions.length > MAX_LISTED) print(`     … and ${regressions.length - MAX_LISTED} more in ${reportFile.replace(/report\.json$/, 'summary.md')}`);
}

export async function runScenario(scenario: Scenario, options: { synthesized: SynthesizedRelease; baseDir: string; print: (line: string) => void }): Promise<ScenarioResult> {
  const dir = join(options.baseDir, scenario.name);
  rmSync(dir, { recursive: true, force: true });
  const print = options.print;
  const stage = await LocalStage.open({ dir, synthesized: options.synthesized, log: print, onNotify: (n) => print(`   notified: ${n.subject}`) });
  try {
    await seedStage(stage.world, scenario.livePromptBundle);
    const step = await scenario.setup(stage);
    print(`\n━━ ${scenario.name}: ${scenario.title}\n   ${step.story}`);
    for (const refusal of step.refusedUpFront ?? []) print(`   refused: ${refusal}`);
    let end: string | undefined;
    let transitions = 0;
    if (step.input) {
      const bake = { checks: 0, requests: 0, candidate: 0, errors: 0 };
      const flush = () => {
        if (bake.checks === 0) return;
        print(`   ${' '.repeat(5)}  ${bake.checks} health checks over ${bake.checks} simulated min: ${bake.requests} live requests, ${bake.candidate} to the candidate, ${bake.errors} errors`);
        Object.assign(bake, { checks: 0, requests: 0, candidate: 0, errors: 0 });
      };
      const run = await stage.run({
        input: step.input,
        executionName: step.executionName ?? `rel-${scenario.name}`,
        ...(step.before ? { before: step.before } : {}),
        onEvent: (event) => {
          if (/^(Bake|Healthy)/.test(event.state) || event.state === 'RunEvalShard') return;
          if (event.state.startsWith('CheckHealth')) {
            bake.checks += 1;
            bake.requests += event.traffic?.requests ?? 0;
            const versions = Object.entries(event.traffic?.byVersion ?? {});
            const primary = versions.sort(([, a], [, b]) => b.requests - a.requests)[0]?.[0];
            for (const [version, tally] of versions) {
              if (version !== primary) bake.candidate += tally.requests;
              bake.errors += tally.errors;
            }
            return;
          }
          flush();
          const weight = /^ShiftTraffic(\d+)$/.exec(event.state)?.[1];
          print(`   ${clockOf(event.at)}  ${event.state}${weight ? `: ${weight}% of live traffic to the candidate` : ''}`);
        },
      });
      flush();
      end = run.end;
      transitions = run.entered.length;
    }
    const routing = await stage.world.router.getRouting({ functionName: APP_FUNCTION, alias: APP_ALIAS });
    const pins = await stage.world.pinStore.deployedVersion();
    const record = (await stage.world.releaseStore.recentRecords(APP_FUNCTION, APP_ALIAS, 10)).find((r) => r.releaseId === (step.executionName ?? `rel-${scenario.name}`));
    for (const reason of (record?.reasons ?? []).slice(0, 6)) print(`   why: ${reason}`);
    if (end === 'GateBlocked') printRegressions(join(dir, 'reports', 'releases', step.executionName ?? `rel-${scenario.name}`, 'report.json'), print);
    const problems = [
      ...(step.expectEnd !== undefined && end !== step.expectEnd ? [`ended in ${end}, expected ${step.expectEnd}`] : []),
      ...(Object.keys(routing.additionalWeights).length > 0 || routing.version !== step.expectServing ? [`alias serves ${JSON.stringify(routing)}, expected 100% on ${step.expectServing}`] : []),
      ...(pins !== step.expectPins ? [`AppConfig has pins ${pins} live, expected ${step.expectPins}`] : []),
      ...(Object.keys(stage.world.releaseStore.locks()).length > 0 ? ['a release lock is still held'] : []),
    ];
    print(`   => ${end ?? 'no release started'}; alias ${APP_ALIAS} at 100% on version ${routing.version}; pins ${pins} live${problems.length ? `; UNEXPECTED: ${problems.join('; ')}` : ''}`);
    print(`   state and reports: ${dir}/`);
    return { name: scenario.name, ok: problems.length === 0, ...(end ? { end } : {}), serving: routing.version, ...(pins ? { pins } : {}), transitions, problems, ...(record ? { record } : {}), dir };
  } finally {
    await stage.close();
  }
}
