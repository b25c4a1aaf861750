/**
 * The scenarios `evalgate simulate` runs on any team's stack when it is given none of its own: a release of a
 * version identical to the live one (the pipeline must promote it: anything else is a false alarm of the gate or
 * the canary, on the team's own suites and traffic), and, given a model id, a pin change through AppConfig.
 */
import type { ModelPins } from '../../functions/release/state';
import type { Scenario } from './scenario';

/** The variable that tells the candidate of `release` from the live version: nothing else differs. */
export const SIMULATED_RELEASE_MARKER = 'EVALGATE_SIMULATED_RELEASE';

export interface BuiltInOptions {
  /** Pins to propose in a `model-change` scenario. */
  readonly pins?: ModelPins;
}

/**
 * @example
 * builtInScenarios({ pins: { modelId: 'gpt-4o-2024-11-20' } }).map((s) => s.name); // ['release', 'model-change']
 */
export function builtInScenarios(options: BuiltInOptions = {}): Scenario[] {
  const release: Scenario = {
    name: 'release',
    title: 'a version identical to the live one',
    setup: async (stage) => {
      const version = await stage.publishVersion({ environment: { [SIMULATED_RELEASE_MARKER]: '1' }, description: 'the live code and configuration again' });
      return {
        story: `version ${version} runs the live code and model: the gate compares it with version ${stage.live.version} on your suites, the canary on your traffic; it must be promoted`,
        input: stage.manualRelease(version),
        expectEnd: 'Promoted',
        expectServing: version,
      };
    },
  };
  const { pins } = options;
  if (!pins) return [release];
  const modelChange: Scenario = {
    name: 'model-change',
    title: `a pin change to ${pins.modelId}`,
    setup: async (stage) => {
      const { input, configurationVersion } = await stage.changePins(pins);
      return { story: `model pins configuration ${configurationVersion} (${pins.modelId}) deployed in AppConfig: its trigger releases it`, input };
    },
  };
  return [release, modelChange];
}
