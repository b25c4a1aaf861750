/**
 * The integ app's snapshot (integ.release.ts.snapshot/), written and compared offline, the way integ-runner does:
 * the templates of the test-case stacks (integ.json), with the asset hashes of each stack's asset manifest
 * normalized (integ-runner's `diffAssets: false`). The assertion stack is written but, as in integ-runner, not
 * compared. The snapshot keeps no assets: nothing reads them (the comparison normalizes their hashes and the
 * update workflow, which would deploy the committed snapshot, is off).
 *
 * integ-runner 2.197.10 cannot read aws-cdk-lib 2.276's cloud assembly (schema 55, it reads up to 53), so
 * `npm run test:integ:update` runs this file and `npm test` compares with it (test/integ/snapshots.test.ts).
 *
 *     node --import tsx test/integ/snapshot.ts            # compare, exit 1 on a difference
 *     node --import tsx test/integ/snapshot.ts --update   # write the snapshot
 */
import { App } from 'aws-cdk-lib';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INTEG_CONTEXT } from './context';
import { releaseIntegApp } from './release-app';

export const SNAPSHOT_DIR = fileURLToPath(new URL('./integ.release.ts.snapshot', import.meta.url));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Template = Record<string, Record<string, Json> | Json>;

/** Synthesizes the integ app into `outdir`, with integ-runner's context. */
export function synthIntegApp(outdir: string): void {
  const app = new App({ outdir, context: { ...INTEG_CONTEXT } });
  releaseIntegApp(app);
  app.synth();
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** The stacks integ-runner compares: those of the test cases in integ.json. */
export function testCaseStacks(assemblyDir: string): string[] {
  const manifest = readJson<{ testCases: Record<string, { stacks: string[] }> }>(join(assemblyDir, 'integ.json'));
  return [...new Set(Object.values(manifest.testCases).flatMap((testCase) => testCase.stacks))];
}

/** The ids (content hashes) of a stack's assets, in the order of its asset manifest. */
export function assetIds(assemblyDir: string, stack: string): string[] {
  const file = join(assemblyDir, `${stack}.assets.json`);
  if (!existsSync(file)) return [];
  const manifest = readJson<{ files?: Record<string, unknown>; dockerImages?: Record<string, unknown> }>(file);
  return [...Object.keys(manifest.files ?? {}), ...Object.keys(manifest.dockerImages ?? {})];
}

/**
 * The template with each asset hash replaced by its rank in the asset manifest (`Asset1`, `Asset2`, ...), in keys
 * and values. integ-runner replaces the first occurrence in each string; every occurrence is replaced here.
 */
export function canonicalTemplate(template: Json, assets: readonly string[]): Json {
  const substitute = (text: string) => assets.reduce((out, hash, i) => out.split(hash).join(`Asset${i + 1}`), text);
  const walk = (value: Json): Json => {
    if (typeof value === 'string') return substitute(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [substitute(k), walk(v)]));
    return value;
  };
  return walk(template);
}

function canonicalStack(assemblyDir: string, stack: string): Template {
  return canonicalTemplate(readJson<Json>(join(assemblyDir, `${stack}.template.json`)), assetIds(assemblyDir, stack)) as Template;
}

/**
 * What differs between the snapshot's test-case templates and the actual ones, one line per stack, section and
 * logical id ("EvalgateInteg Resources.Target changed"); empty when they are equal.
 */
export function snapshotDifferences(expectedDir: string, actualDir: string): string[] {
  const expectedStacks = testCaseStacks(expectedDir);
  const actualStacks = testCaseStacks(actualDir);
  const differences = [
    ...expectedStacks.filter((s) => !actualStacks.includes(s)).map((s) => `${s} exists in the snapshot, not in the app`),
    ...actualStacks.filter((s) => !expectedStacks.includes(s)).map((s) => `${s} exists in the app, not in the snapshot`),
  ];
  for (const stack of actualStacks.filter((s) => expectedStacks.includes(s))) {
    const expected = canonicalStack(expectedDir, stack);
    const actual = canonicalStack(actualDir, stack);
    for (const section of [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()) {
      const before = expected[section];
      const after = actual[section];
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      const isMap = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
      if (!isMap(before) || !isMap(after)) {
        differences.push(`${stack} ${section} ${before === undefined ? 'added' : after === undefined ? 'removed' : 'changed'}`);
        continue;
      }
      for (const id of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
        if (!(id in after)) differences.push(`${stack} ${section}.${id} removed`);
        else if (!(id in before)) differences.push(`${stack} ${section}.${id} added`);
        else if (JSON.stringify(before[id]) !== JSON.stringify(after[id])) {
          const paths = changedPaths(before[id]!, after[id]!);
          const more = paths.length > MAX_PATHS ? ` and ${paths.length - MAX_PATHS} more` : '';
          differences.push(`${stack} ${section}.${id} changed: ${paths.slice(0, MAX_PATHS).join(', ')}${more}`);
        }
      }
    }
  }
  return differences;
}

const MAX_PATHS = 3;

/** The paths (`Properties.Environment.Variables.X`) where two values differ, down to their leaves. */
function changedPaths(before: Json, after: Json, path = ''): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isObject = (v: Json): v is { [key: string]: Json } | Json[] => typeof v === 'object' && v !== null;
  if (!isObject(before) || !isObject(after) || Array.isArray(before) !== Array.isArray(after)) return [path || '(value)'];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const at = (v: Json, key: string): Json => (v as Record<string, Json>)[key] ?? null;
  return keys.flatMap((key) => changedPaths(at(before, key), at(after, key), path === '' ? key : `${path}.${key}`));
}

/**
 * Synthesizes the app to a temporary directory and compares it with the snapshot.
 *
 * @example
 * compareWithSnapshot(); // [] when the snapshot is up to date
 */
export function compareWithSnapshot(snapshotDir: string = SNAPSHOT_DIR): string[] {
  if (!existsSync(join(snapshotDir, 'integ.json'))) return [`no snapshot in ${snapshotDir}: run npm run test:integ:update`];
  const outdir = mkdtempSync(join(tmpdir(), 'evalgate-integ-'));
  try {
    synthIntegApp(outdir);
    return snapshotDifferences(snapshotDir, outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Writes the snapshot: the cloud assembly without its assets, and without the stack traces of this machine. */
export function writeSnapshot(snapshotDir: string = SNAPSHOT_DIR): void {
  rmSync(snapshotDir, { recursive: true, force: true });
  synthIntegApp(snapshotDir);
  for (const entry of readdirSync(snapshotDir)) {
    const path = join(snapshotDir, entry);
    if (entry.startsWith('asset.') || entry === '.cache') rmSync(path, { recursive: true, force: true });
    // aws-cdk-lib records where an acknowledgment was made (absolute paths): not part of the app.
    else if (entry.endsWith('.metadata.json')) writeFileSync(path, `${JSON.stringify(withoutTraces(readJson<Json>(path)), null, 2)}\n`);
  }
}

function withoutTraces(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutTraces);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'trace').map(([k, v]) => [k, withoutTraces(v)]));
  return value;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--update')) {
    writeSnapshot();
    console.log(`wrote ${SNAPSHOT_DIR}`);
  } else {
    const differences = compareWithSnapshot();
    for (const line of differences) console.log(line);
    console.log(differences.length === 0 ? 'snapshot up to date' : `${differences.length} difference${differences.length === 1 ? "" : "s"}: npm run test:integ:update rewrites the snapshot`);
    process.exitCode = differences.length === 0 ? 0 : 1;
  }
}
