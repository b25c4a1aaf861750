/**
 * npm run bench:release — measured figures of the release pipeline on the local stage:
 *  1. state transitions of a promoted release (default canary 5% -> 25% -> 100%, 30-minute bakes, 1-minute
 *     health checks, the sample suites in shards of 50) and the Step Functions cost it implies
 *     ($0.025 per 1,000 transitions; target under $0.005);
 *  2. simulated time from the candidate's alarm entering ALARM to the alias back at 100% stable (target: at
 *     most one health-check interval plus the rollback task);
 *  3. wall time of the whole `npm run demo` (target: under a minute after install).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateAlarm } from '../lib/local-stage/services/alarm-evaluation';
import { releaseAlarmSpecs } from '../functions/release/alarm-specs';
import { SAMPLE_JUNIT, STABLE_MODEL, SCENARIOS } from '../lib/demo/scenarios';
import { defaultProject } from '../lib/local-stage/operator';
import { openProject } from '../lib/local-stage/project';
import { readJunit, seedStage } from '../lib/local-stage/seed';
import { LocalStage } from '../lib/local-stage/stage';

const PRICE_PER_TRANSITION = 0.025 / 1000;
const INTERVAL_MS = 60_000;
const base = mkdtempSync(join(tmpdir(), 'evalgate-bench-'));
// The demo app, synthesized as `evalgate simulate` does (cached by its inputs).
const { release, traffic } = await openProject(defaultProject(process.cwd()));
const shards = release.evalShards.length;
const cases = release.evalShards.reduce((n, s) => n + s.to - s.from, 0);

async function pinRelease(dir: string, modelId: string, watch?: (state: string, stage: LocalStage) => void) {
  const stage = LocalStage.open({ dir: join(base, dir), release, traffic });
  // The sample's CI report of the live code: a pin change reuses its unit-test evidence.
  await seedStage(stage.world, release, { junit: readJunit(SAMPLE_JUNIT) });
  const configurationVersion = await stage.world.pinStore.createHostedVersion({ modelId });
  await stage.world.pinStore.deploy(configurationVersion, 'bench');
  const run = await stage.run({
    input: { target: stage.target, candidate: { modelPins: { configurationVersion } }, change: { source: 'appconfig' } },
    executionName: `bench-${dir}`,
    ...(watch ? { before: (state: string, s: LocalStage) => watch(state, s) } : {}),
  });
  return { run, stage };
}

// 1. A promoted release: the good snapshot re-pinned.
const promoted = await pinRelease('promote', STABLE_MODEL);
await promoted.stage.close();
const transitions = promoted.run.entered.length;

// 2. A rolled-back release: when does the live-score alarm enter ALARM, when is the alias back on stable?
let enteredAlarm: number | undefined;
let backOnStable: number | undefined;
const thresholds = release.alarmThresholds;
const rolledBack = await pinRelease('rollback', 'sim.assistant-2025-04-01', (state, stage) => {
  if (state.startsWith('CheckHealth') && enteredAlarm === undefined) {
    // CloudWatch evaluates an alarm every period: replay its evaluation second by second over the interval just
    // baked, and keep the first moment it would have been in ALARM.
    const [spec] = releaseAlarmSpecs({ releaseId: 'bench-rollback', ...stage.target, candidateVersion: '2' }, thresholds).filter((s) => s.AlarmName!.endsWith('live-score'));
    const now = stage.clock.now().getTime();
    for (let t = now - INTERVAL_MS; t <= now && enteredAlarm === undefined; t += 1000) {
      if (evaluateAlarm(spec!, new Date(t), (query) => stage.world.metrics.query(query)).state === 'ALARM') enteredAlarm = t;
    }
  }
  if (state === 'FinalizeRolledBack') backOnStable = stage.clock.now().getTime();
});
await rolledBack.stage.close();

// 3. The demo, as a user runs it.
const demoStarted = performance.now();
execFileSync('npm', ['run', 'demo', '--silent'], { stdio: 'ignore' });
const demoSeconds = (performance.now() - demoStarted) / 1000;
rmSync(base, { recursive: true, force: true });

const cost = transitions * PRICE_PER_TRANSITION;
// The figures mean nothing unless the releases ended as measured: a promoted one and a rolled-back one.
const ended = [promoted.run.end === 'Promoted', rolledBack.run.end === 'RolledBack'];
console.log(`promoted release (${cases} eval cases in ${shards} shards, 5% -> 25% -> 100%, 30-min bakes, 1-min checks): ${promoted.run.end}`);
console.log(`  state transitions: ${transitions}; Step Functions cost $${cost.toFixed(5)} per release (target < $0.005) ${cost < 0.005 ? 'OK' : 'MISSED'}`);
console.log(`rolled-back release (sim.assistant-2025-04-01): ${rolledBack.run.end}`);
if (enteredAlarm !== undefined && backOnStable !== undefined) {
  const seconds = (backOnStable - enteredAlarm) / 1000;
  console.log(`  live-score alarm entered ALARM at ${new Date(enteredAlarm).toISOString().slice(11, 19)} (simulated); alias back at 100% stable ${seconds} s of simulated time later (one health-check interval is ${INTERVAL_MS / 1000} s; the rollback task takes no simulated time) ${seconds <= INTERVAL_MS / 1000 ? 'OK' : 'MISSED'}`);
} else console.log('  the alarm never entered ALARM: no rollback time to report');
console.log(`npm run demo (${SCENARIOS.length} scenarios, build included): ${demoSeconds.toFixed(1)} s wall time (target < 60 s) ${demoSeconds < 60 ? 'OK' : 'MISSED'}`);
const backInTime = enteredAlarm !== undefined && backOnStable !== undefined && (backOnStable - enteredAlarm) / 1000 <= INTERVAL_MS / 1000;
if (!ended.every(Boolean)) console.log(`MISSED: the releases ended ${promoted.run.end} and ${rolledBack.run.end}, expected Promoted and RolledBack`);
process.exitCode = ended.every(Boolean) && cost < 0.005 && backInTime && demoSeconds < 60 ? 0 : 1;
