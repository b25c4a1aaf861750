/**
 * npm run demo:gate — the eval gate of the sample assistant for three model pins, each against the live baseline
 * (sim.assistant-2024-11-20), through the real CLI. Exits non-zero only when a gate decides otherwise than
 * shown here, so the demo doubles as a smoke test.
 */
import { spawnSync } from 'node:child_process';

const HANDLER = 'functions/sample-assistant/index.ts';
const LIVE = 'sim.assistant-2024-11-20';
const target = (modelId: string) => `module:${HANDLER}?EVALGATE_MODEL_ID=${modelId}`;

const scenarios = [
  { pin: 'sim.assistant-2024-11-20', expect: 0, story: 'the live snapshot re-evaluated: the gate passes' },
  { pin: 'sim.assistant-2025-04-01', expect: 0, story: 'a newer snapshot that is worse on long, messy inputs the suites barely cover: the offline gate cannot see it (live traffic will, in the canary)' },
  { pin: 'sim.assistant-2025-02-14', expect: 1, story: 'a clearly regressed snapshot: the gate blocks it and lists the regressed cases' },
] as const;

const started = performance.now();
let surprises = 0;
for (const { pin, expect, story } of scenarios) {
  console.log(`\n━━ candidate ${pin} vs live ${LIVE}\n   ${story}\n`);
  const run = spawnSync(
    process.execPath,
    ['dist/cli/evalgate.js', 'eval', '--target', target(pin), '--baseline', target(LIVE), '--report-dir', `out/demo/${pin}`],
    { stdio: 'inherit' },
  );
  const verdict = run.status === 0 ? 'PASS (exit 0)' : run.status === 1 ? 'BLOCKED (exit 1)' : `exit ${run.status}`;
  console.log(`   -> ${verdict}; reports in out/demo/${pin}/ (open report.html)`);
  if (run.status !== expect) surprises += 1;
}
console.log(`\n━━ model-pin rule: evalgate pins check\n`);
const pins = spawnSync(process.execPath, ['dist/cli/evalgate.js', 'pins', 'check', 'gpt-4o-2024-11-20', 'anthropic.claude-3-5-haiku-20241022-v1:0', 'gpt-4o', 'claude-3-5-sonnet-latest'], { stdio: 'inherit' });
if (pins.status !== 1) surprises += 1;
console.log(`\ndemo finished in ${((performance.now() - started) / 1000).toFixed(1)} s${surprises ? `; ${surprises} outcome(s) differed from the story above` : ''}`);
process.exitCode = surprises === 0 ? 0 : 1;
