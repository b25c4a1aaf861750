/**
 * The context the integ app is synthesized with, here and on AWS: integ-runner's (its recommended feature flags,
 * every target partition, no version reporting), so that the committed snapshot is the one integ-runner writes
 * and a deploy is of the app the snapshot shows. Stack traces are off so that no path of this machine reaches the
 * snapshot's metadata.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** integ-runner's feature flags (lib/recommended-feature-flags.json of @aws-cdk/integ-runner). */
function recommendedFlags(): Record<string, unknown> {
  const file = join(dirname(require.resolve('@aws-cdk/integ-runner/package.json')), 'lib', 'recommended-feature-flags.json');
  const flags = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  // integ-runner removes it ("@aws-cdk/core:target-partitions": undefined): service principals for every partition.
  const { '@aws-cdk/core:target-partitions': _partitions, ...rest } = flags;
  return rest;
}

export const INTEG_CONTEXT: Readonly<Record<string, unknown>> = {
  ...recommendedFlags(),
  // What integ-runner's synth options set (no path or asset metadata, no version reporting): the two metadata
  // switches are off when absent.
  'aws:cdk:disable-version-reporting': true,
  'aws:cdk:disable-stack-trace': true,
  'aws:cdk:disable-creation-stack-traces': true,
};
