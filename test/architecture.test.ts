/**
 * The import rules of the layout (README, "Layout"), read from every source file's imports (static, dynamic and
 * type-only, as TypeScript's own pre-processor lists them):
 * - the eval engine imports nothing of functions/, lib/ or bin/;
 * - only functions/adapters/aws imports the AWS SDK;
 * - the product never imports the sample, and the sample uses the product only through its public entry points;
 * - a task's handler.ts is wiring of its use case: its Lambda entry (index.ts) alone builds the AWS adapters;
 * - nothing but the CLI imports bin/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SOURCE_DIRS = ['bin', 'lib', 'functions', 'evals'];
const PUBLIC_ENTRIES = new Set(['evalgate', 'evalgate/runtime', 'evalgate/evals', 'evalgate/release']);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

interface Import {
  readonly file: string;
  /** The specifier as written. */
  readonly specifier: string;
  /** For a relative import: the imported path from the root, without extension. */
  readonly target?: string;
}

const IMPORTS: readonly Import[] = SOURCE_DIRS.flatMap(sourceFiles).flatMap((file) =>
  ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true).importedFiles.map(({ fileName: specifier }) => ({
    file,
    specifier,
    ...(specifier.startsWith('.') ? { target: relative(ROOT, resolve(ROOT, dirname(file), specifier)).replace(/\.(ts|json)$/, '') } : {}),
  })),
);

/** The sample: its app, its demo stack and scenarios, and its evals (everything of evals/ but the engine). */
const isSample = (path: string) =>
  path.startsWith('functions/sample-assistant') || path.startsWith('lib/demo') || path.startsWith('bin/demo-app') || (path.startsWith('evals/') && !path.startsWith('evals/engine'));
const describeImport = ({ file, specifier }: Import) => `${file} imports ${specifier}`;

describe('the layout', () => {
  it('reads the imports of every source file', () => {
    expect(IMPORTS.length).toBeGreaterThan(500);
    expect(IMPORTS.some((i) => i.specifier.startsWith('@aws-sdk/'))).toBe(true);
  });

  it('keeps the eval engine free of the release pipeline, the CLI and the AWS SDK', () => {
    const outside = IMPORTS.filter((i) => i.file.startsWith('evals/engine/') && (i.specifier.startsWith('@aws-sdk/') || (i.target && !i.target.startsWith('evals/engine'))));
    expect(outside.map(describeImport)).toEqual([]);
  });

  it('imports the AWS SDK in functions/adapters/aws only', () => {
    const sdk = IMPORTS.filter((i) => i.specifier.startsWith('@aws-sdk/') && !i.file.startsWith('functions/adapters/aws/') && !isSample(i.file));
    expect(sdk.map(describeImport)).toEqual([]);
  });

  it('never imports the sample from the product', () => {
    const product = IMPORTS.filter((i) => !isSample(i.file) && i.target && isSample(i.target));
    expect(product.map(describeImport)).toEqual([]);
  });

  it('lets the sample use the product through its public entry points only', () => {
    const deep = IMPORTS.filter((i) => isSample(i.file) && ((i.target && !isSample(i.target)) || (i.specifier.startsWith('evalgate') && !PUBLIC_ENTRIES.has(i.specifier))));
    expect(deep.map(describeImport)).toEqual([]);
  });

  it('keeps the AWS adapters out of task handlers: only their Lambda entries wire them', () => {
    const wired = IMPORTS.filter((i) => /^functions\/tasks\/[^/]+\/handler\.ts$/.test(i.file) && i.target?.startsWith('functions/adapters'));
    expect(wired.map(describeImport)).toEqual([]);
    const entries = sourceFiles('functions/tasks').filter((file) => file.endsWith('/index.ts'));
    expect(entries.length).toBe(readdirSync(join(ROOT, 'functions/tasks')).length);
  });

  it('imports bin/ from the CLI alone', () => {
    const cli = IMPORTS.filter((i) => !i.file.startsWith('bin/') && i.target?.startsWith('bin/'));
    expect(cli.map(describeImport)).toEqual([]);
  });
});

describe('the tests', () => {
  it('mock SDK clients only through mockSdkClient, which restores them: a stub left on a class reaches the contract tests', () => {
    // mockClient(Class) stubs the prototype for every file sharing the worker (isolate: false); these restore their own.
    const restoringThemselves = new Set(['test/helpers/sdk-mock.ts', 'test/oracles/iam/sdk.ts', 'test/integ/snapshots.test.ts']);
    const testFiles = (dir: string): string[] =>
      readdirSync(join(ROOT, dir)).flatMap((name) => {
        const path = join(dir, name);
        if (name === 'node_modules' || name.endsWith('.snapshot')) return [];
        if (statSync(join(ROOT, path)).isDirectory()) return testFiles(path);
        return path.endsWith('.ts') ? [path] : [];
      });
    const direct = testFiles('test').filter((file) => !restoringThemselves.has(file) && /import \{[^}]*\bmockClient\b[^}]*\} from 'aws-sdk-client-mock'/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(direct).toEqual([]);
  });
});
