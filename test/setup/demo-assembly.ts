/**
 * vitest globalSetup: synthesizes the demo app once per run, as `evalgate simulate` does (the CDK app of
 * cdk.json, in a subprocess, cached by the hash of its inputs), and gives the cloud assembly's folder to the test
 * files that run it on the local stage: `inject('demoAssembly')`.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { synthesizeApp } from '../../lib/local-stage/synth';

declare module 'vitest' {
  export interface ProvidedContext {
    demoAssembly: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const assembly = await synthesizeApp({ appDir: process.cwd(), cacheDir: join(tmpdir(), 'evalgate-test-synth') });
  project.provide('demoAssembly', assembly);
}
