/**
 * The demo app synthesized as `evalgate simulate` does (the CDK app of cdk.json, in a subprocess, cached by the
 * hash of its inputs): as `npx cdk synth` makes it (30-minute bakes), or with 5-minute bakes for the releases
 * whose bakes are not what a test is about. test/setup/demo-assembly.ts starts both when the run starts, so a
 * test file that asks waits for the synthesis in flight instead of running another.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BAKE_MINUTES_CONTEXT } from '../../lib/demo/context';
import { synthesizeApp } from '../../lib/local-stage/synth';

const cacheDir = join(tmpdir(), 'evalgate-test-synth');

export const demoAssembly = (bakes: 'default' | 'fast'): Promise<string> =>
  synthesizeApp({ appDir: process.cwd(), cacheDir, ...(bakes === 'fast' ? { context: { [BAKE_MINUTES_CONTEXT]: 5 } } : {}) });
