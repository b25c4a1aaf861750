/**
 * The team's eval suites and gate policy, shipped to the eval functions as a Lambda layer: the gate evaluates
 * exactly the files that were synthesized, and a change to them is a new layer version (so a new configuration of
 * RunEvalShard and DecideGate), never a rebuild of evalgate's code. Lambda extracts layers under /opt.
 */
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** Where the functions read them (EVALGATE_SUITES_DIR, EVALGATE_POLICY_FILE). */
export const LAYER_SUITES_DIR = '/opt/evalgate/suites';
export const LAYER_POLICY_FILE = '/opt/evalgate/policy.yaml';

export interface EvalsLayerProps {
  /** Absolute path of the suites directory. */
  readonly suitesDir: string;
  /** Absolute path of the policy file. */
  readonly policyFile: string;
}

/** Every file below `dir`, sorted, as paths relative to it. */
function filesBelow(dir: string, base = dir): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesBelow(path, base) : [relative(base, path)];
    });
}

/**
 * Lays out `evalgate/suites/...` and `evalgate/policy.yaml` in a folder named after their content, so the same
 * files always give the same folder (and the same asset hash) and a synth never stages a half-written copy.
 */
function stage(props: EvalsLayerProps): string {
  const hash = createHash('sha256');
  for (const file of filesBelow(props.suitesDir)) hash.update(`suites/${file}\0`).update(readFileSync(join(props.suitesDir, file))).update('\0');
  hash.update('policy\0').update(readFileSync(props.policyFile));
  const dir = join(tmpdir(), `evalgate-evals-${hash.digest('hex').slice(0, 24)}`);
  if (existsSync(dir)) return dir;
  const partial = `${dir}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(join(partial, 'evalgate'), { recursive: true });
  cpSync(props.suitesDir, join(partial, 'evalgate', 'suites'), { recursive: true });
  cpSync(props.policyFile, join(partial, 'evalgate', 'policy.yaml'));
  try {
    renameSync(partial, dir);
  } catch (error) {
    // Another synth staged the same content first: use theirs.
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(dir)) throw error;
  }
  return dir;
}

/**
 * @example
 * const evals = new EvalsLayer(this, 'Evals', { suitesDir: '/app/evals/suites', policyFile: '/app/evals/policy.yaml' });
 * new lambda.Function(this, 'Gate', { ..., layers: [evals.layer] });
 */
export class EvalsLayer extends Construct {
  public readonly layer: lambda.LayerVersion;

  constructor(scope: Construct, id: string, props: EvalsLayerProps) {
    super(scope, id);
    this.layer = new lambda.LayerVersion(this, 'Layer', {
      code: lambda.Code.fromAsset(stage(props)),
      description: 'evalgate: the eval suites and gate policy of this release pipeline',
      compatibleArchitectures: [lambda.Architecture.ARM_64],
    });
  }
}
