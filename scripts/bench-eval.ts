/**
 * npm run bench:eval — measured figures for issue #2's targets:
 *  1. wall time of the whole `evalgate eval` process (start-up included) for 200 cases against a local HTTP
 *     target answering after 200 ms, concurrency 20; target: within 1.15 x ceil(200/20) x 200 ms = 2.3 s;
 *  2. grading throughput of deterministic assertions on one core; target: >= 20,000 assertions/s.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gradeCase } from '../evals/engine/runner/grade';
import { parseSuite } from '../evals/engine/suite/load';

const CASES = 200;
const CONCURRENCY = 20;
const DELAY_MS = 200;
const RUNS = 5;

function benchSuiteYaml(): string {
  const lines = ['suite: bench', 'cases:'];
  for (let i = 0; i < CASES; i += 1) {
    lines.push(`  - id: case_${i}`, `    input: "Summarize: Revenue up ${i}% to $${i}.2M"`, '    assert:');
    lines.push(`      - { type: contains, value: "${i}.2M" }`, '      - { type: max-words, value: 50 }', '      - { type: not-icontains, value: "competitor" }');
  }
  return lines.join('\n');
}

async function processWallTime(): Promise<number[]> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { input } = JSON.parse(Buffer.concat(chunks).toString()) as { input: string };
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ output: input.replace('Summarize: ', '') }));
      }, DELAY_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/invoke`;
  const dir = mkdtempSync(join(tmpdir(), 'evalgate-bench-'));
  const suite = join(dir, 'bench.yaml');
  writeFileSync(suite, benchSuiteYaml());
  const times: number[] = [];
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      // The server lives in this process, so the CLI must run in a child without blocking this event loop.
      const child = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        import('node:child_process').then(({ spawn }) => {
          const proc = spawn(process.execPath, ['dist/cli/evalgate.js', 'eval', '--suite', suite, '--target', url, '--concurrency', String(CONCURRENCY), '--threshold', '1', '--json'], { stdio: ['ignore', 'ignore', 'pipe'] });
          let stderr = '';
          proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          proc.on('close', (status) => resolve({ status, stderr }));
        });
      });
      times.push(performance.now() - started);
      if (child.status !== 0) throw new Error(`evalgate eval exited ${child.status}: ${child.stderr}`);
    }
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return times;
}

async function gradingThroughput(): Promise<{ perSecond: number; assertions: number; seconds: number }> {
  const suite = parseSuite('throughput.yaml', benchSuiteYaml().replace('suite: bench', 'suite: throughput'));
  const extra = parseSuite('extra.yaml', [
    'suite: extra',
    'cases:',
    '  - id: json',
    '    input: x',
    '    assert:',
    '      - { type: is-json }',
    '      - { type: json-schema, value: { type: object, required: [name], properties: { name: { type: string } } } }',
    '      - { type: regex, value: "^\\\\{" }',
    '      - { type: icontains-any, value: [bob, alice] }',
    '      - { type: max-chars, value: 200 }',
  ].join('\n'));
  const work = [...suite.cases.map((c, i) => ({ c, output: `Revenue up ${i}% to $${i}.2M` })), ...extra.cases.map((c) => ({ c, output: '{"name":"Bob","customer_id":"c123"}' }))];
  let assertions = 0;
  const started = performance.now();
  while (performance.now() - started < 2_000) {
    for (const { c, output } of work) {
      gradeCase(c, { output, input: c.input, vars: c.vars, latencyMs: 200 });
      assertions += c.assertions.length;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: assertions / seconds, assertions, seconds };
}

const nodeStart = (() => {
  const started = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return performance.now() - started;
})();
const times = (await processWallTime()).sort((a, b) => a - b);
const limit = Math.ceil(CASES / CONCURRENCY) * DELAY_MS;
const median = times[Math.floor(times.length / 2)]!;
const grading = await gradingThroughput();

console.log(`evalgate eval, ${CASES} cases, HTTP target answering after ${DELAY_MS} ms, concurrency ${CONCURRENCY} (${RUNS} runs)`);
console.log(`  wall time of the process: min ${Math.round(times[0]!)} ms, median ${Math.round(median)} ms, max ${Math.round(times.at(-1)!)} ms`);
console.log(`  limit ceil(${CASES}/${CONCURRENCY}) x ${DELAY_MS} ms = ${limit} ms; median ratio ${(median / limit).toFixed(3)} (target <= 1.15) ${median <= limit * 1.15 ? 'OK' : 'MISSED'}`);
console.log(`  (a bare 'node -e 0' takes ${Math.round(nodeStart)} ms here)`);
console.log(`grading throughput, deterministic assertions, one core: ${Math.round(grading.perSecond).toLocaleString('en-US')} assertions/s (${grading.assertions.toLocaleString('en-US')} in ${grading.seconds.toFixed(2)} s; target >= 20,000) ${grading.perSecond >= 20_000 ? 'OK' : 'MISSED'}`);
if (median > limit * 1.15 || grading.perSecond < 20_000) process.exitCode = 1;
