/**
 * Synthesizes the demo stack (bundling skipped: the local stage runs the TypeScript handlers in-process) and
 * extracts what the local stage runs: the release state machine as plain ASL and the settings the construct
 * computed at synth time for its task functions.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { AlarmThresholds } from '../../functions/release/alarm-specs';
import type { EvalShard } from '../../functions/release/state';
import { DemoStack } from '../demo/demo-stack';
import { placeholderResolver, resolveDefinition, type Asl, type CfnTemplate } from './asl';

export interface SynthesizedRelease {
  readonly asl: Asl;
  readonly evalShards: readonly EvalShard[];
  readonly alarmThresholds: AlarmThresholds;
  readonly maxReleaseMinutes: number;
}

export function synthesizeDemo(): SynthesizedRelease {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return releaseOfTemplate(Template.fromStack(new DemoStack(app, 'EvalgateDemo')).toJSON() as CfnTemplate);
}

/** The release state machine of a synthesized template with an EvalGatedRelease, and its synth-time settings. */
export function releaseOfTemplate(json: CfnTemplate): SynthesizedRelease {
  const [machineId] = Object.entries(json.Resources).find(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine') ?? [];
  if (!machineId) throw new Error('the template has no state machine');
  const prepareEnv = Object.values(json.Resources)
    .map((r) => (r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables)
    .find((variables) => typeof variables?.EVALGATE_EVAL_SHARDS === 'string');
  if (!prepareEnv) throw new Error('the template has no Prepare function');
  return {
    asl: resolveDefinition(json, machineId, placeholderResolver(json)),
    evalShards: JSON.parse(String(prepareEnv.EVALGATE_EVAL_SHARDS)) as EvalShard[],
    alarmThresholds: JSON.parse(String(prepareEnv.EVALGATE_ALARM_THRESHOLDS)) as AlarmThresholds,
    maxReleaseMinutes: Number(prepareEnv.EVALGATE_MAX_RELEASE_MINUTES),
  };
}
