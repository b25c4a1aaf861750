/**
 * Runs one scenario on a fresh local stage and narrates it as a timeline a person can follow: the states as they
 * pass (bake loops folded into one line per canary step), the canary weight, live traffic and health, the
 * decision and why, and where the reports are. Returns whether the end matched the scenario's expectations and
 * the invariants every release keeps: production on one version at 100%, no lock held.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalReport } from '../../evals/engine/report/model';
import type { ReleaseRecord } from '../../functions/release/state';
import type { LocalRelease } from './assembly';
import type { Scenario, ScenarioContext } from './scenario';
import { publishVersion, seedStage } from './seed';
import { LocalStage } from './stage';
import type { TrafficSample } from './traffic';

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

export interface RunScenarioOptions {
  readonly release: LocalRelease;
  readonly traffic: readonly TrafficSample[];
  /** One folder per scenario is made in it, afresh. */
  readonly baseDir: string;
  readonly print: (line: string) => void;
  /** CI's JUnit report of the live code. */
  readonly junit?: string;
  readonly environment?: Readonly<Record<string, string>>;
  readonly requestsPerMinute?: number;
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

function contextOf(stage: LocalStage, live: { version: string; environment: Readonly<Record<string, string>> }, testReport: string | undefined): ScenarioContext {
  const target = stage.target;
  return {
    target,
    live,
    publishVersion: async (options) => (await publishVersion(stage.world, target, options)).version,
    changePins: async (pins, description) => {
      const configurationVersion = await stage.world.pinStore.createHostedVersion(pins);
      await stage.world.pinStore.deploy(configurationVersion, description ?? `pin ${pins.modelId}`);
      return { configurationVersion, input: { target, candidate: { modelPins: { configurationVersion } }, change: { source: 'appconfig' } } };
    },
    manualRelease: (version) => ({ target, candidate: { version }, change: { source: 'manual', commit: 'a1b2c3d', ...(testReport ? { testReport } : {}) } }),
    run: async (input, executionName) => ({ end: (await stage.run({ input, executionName })).end }),
    log: (line) => stage.log(line),
  };
}

/**
 * @example
 * const result = await runScenario(scenario, { release, traffic, baseDir: '.evalgate', print: console.log });
 * result.ok; // true when the release ended as the scenario expects, on one version at 100%, with no lock held
 */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioResult> {
  const dir = join(options.baseDir, scenario.name);
  rmSync(dir, { recursive: true, force: true });
  const print = options.print;
  const stage = LocalStage.open({
    dir,
    release: options.release,
    traffic: options.traffic,
    log: print,
    onNotify: (n) => print(`   notified: ${n.subject}`),
    ...(options.environment ? { environment: options.environment } : {}),
    ...(options.requestsPerMinute ? { requestsPerMinute: options.requestsPerMinute } : {}),
  });
  const target = stage.target;
  try {
    const seeded = await seedStage(stage.world, options.release, { ...(scenario.seed?.environment ? { environment: scenario.seed.environment } : {}), ...(options.junit ? { junit: options.junit } : {}) });
    const live = await stage.world.registry.getVersion(target.functionName, seeded.version);
    const context = contextOf(stage, { version: live.version, environment: live.environment }, seeded.testReport);
    const step = await scenario.setup(context);
    const executionName = step.executionName ?? `rel-${scenario.name}`;
    print(`\n━━ ${scenario.name}: ${scenario.title}\n   ${step.story}`);
    for (const refusal of step.refusedUpFront ?? []) print(`   refused: ${refusal}`);
    let end: string | undefined;
    let transitions = 0;
    if (step.input) {
      const bake = { checks: 0, requests: 0, candidate: 0, errors: 0 };
      const flush = () => {
        if (bake.checks === 0) return;
        print(`   ${' '.repeat(5)}  ${bake.checks} health checks over ${bake.checks * (options.release.healthCheckIntervalMs / 60_000)} simulated min: ${bake.requests} live requests, ${bake.candidate} to the candidate, ${bake.errors} errors`);
        Object.assign(bake, { checks: 0, requests: 0, candidate: 0, errors: 0 });
      };
      const run = await stage.run({
        input: step.input,
        executionName,
        ...(step.before ? { before: (state: string) => step.before!(state, context) } : {}),
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
    const routing = await stage.world.router.getRouting(target);
    const pins = await stage.world.pinStore.deployedVersion();
    const record = (await stage.world.releaseStore.recentRecords(target.functionName, target.alias, 10)).find((r) => r.releaseId === executionName);
    for (const reason of (record?.reasons ?? []).slice(0, 6)) print(`   why: ${reason}`);
    if (end === 'GateBlocked') printRegressions(join(dir, 'reports', 'releases', executionName, 'report.json'), print);
    const split = Object.keys(routing.additionalWeights).length > 0;
    const problems = [
      ...(step.expectEnd !== undefined && end !== step.expectEnd ? [`ended in ${end}, expected ${step.expectEnd}`] : []),
      ...(split ? [`alias is split: ${JSON.stringify(routing)}`] : []),
      ...(step.expectServing !== undefined && routing.version !== step.expectServing ? [`alias serves version ${routing.version}, expected ${step.expectServing}`] : []),
      ...(step.expectPins !== undefined && pins !== step.expectPins ? [`AppConfig has pins ${pins} live, expected ${step.expectPins}`] : []),
      ...(Object.keys(stage.world.releaseStore.locks()).length > 0 ? ['a release lock is still held'] : []),
    ];
    print(`   => ${end ?? 'no release started'}; alias ${target.alias} at 100% on version ${routing.version}${pins ? `; pins ${pins} live` : ''}${problems.length ? `; UNEXPECTED: ${problems.join('; ')}` : ''}`);
    print(`   state and reports: ${dir}/`);
    return { name: scenario.name, ok: problems.length === 0, ...(end ? { end } : {}), serving: routing.version, ...(pins ? { pins } : {}), transitions, problems, ...(record ? { record } : {}), dir };
  } finally {
    await stage.close();
  }
}
