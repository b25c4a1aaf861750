/**
 * Release scenarios: a starting point (the seeded stage), one change made the way a team makes it, the real
 * release state machine run to its end, and what must hold afterwards. The local stage ships generic ones
 * (scenarios.ts); a team writes its own in a module (`evalgate simulate --scenarios FILE`) against these types:
 *
 * @example
 * import type { ScenarioFile } from 'evalgate';
 * export default {
 *   scenarios: [{
 *     name: 'new-prompts', title: 'the v2 prompts',
 *     setup: async (stage) => {
 *       const version = await stage.publishVersion({ environment: { PROMPT_SET: 'v2' }, description: 'prompts v2' });
 *       return { story: 'prompts v2 replace v1', input: stage.manualRelease(version), expectEnd: 'Promoted', expectServing: version };
 *     },
 *   }],
 * } satisfies ScenarioFile;
 */
import type { ModelPins } from '../../functions/release/state';

/** What a scenario can do to the stage: what a team's CI and people do on AWS. */
export interface ScenarioContext {
  /** The released function and its live alias. */
  readonly target: { readonly functionName: string; readonly alias: string };
  /** The version the alias serves at the start, and its environment. */
  readonly live: { readonly version: string; readonly environment: Readonly<Record<string, string>> };
  /** Publishes a version from the live one (same code), with variables set or (undefined) removed: CI's publish step. */
  publishVersion(options: { readonly environment?: Readonly<Record<string, string | undefined>>; readonly description: string }): Promise<string>;
  /**
   * Creates and deploys new model pins in AppConfig, as a person does; returns the release input the AppConfig
   * trigger starts. Throws the AppConfig validator's refusal for an unpinned id (nothing is created).
   */
  changePins(pins: ModelPins, description?: string): Promise<{ readonly configurationVersion: string; readonly input: unknown }>;
  /** The input of a release of `version` started by hand, with CI's unit-test report when the stage has one. */
  manualRelease(version: string): unknown;
  /** Runs another release to its end, e.g. while this one bakes. */
  run(input: unknown, executionName: string): Promise<{ readonly end: string }>;
  /** A line of the scenario's timeline. */
  log(line: string): void;
}

export interface ScenarioStep {
  /** What a person reads in the timeline before the run. */
  readonly story: string;
  /** Refusals that happened before any execution started (the AppConfig validator), as messages. */
  readonly refusedUpFront?: readonly string[];
  /** The release to run, if any. */
  readonly input?: unknown;
  /** @default `rel-<scenario name>` */
  readonly executionName?: string;
  /** Runs before a Task's handler (`CheckHealth5`, `Promote`, ...): where a rival release or a fault comes in. */
  readonly before?: (state: string, stage: ScenarioContext) => void | Promise<void>;
  /** The Succeed or Fail state the release must end in. @default any */
  readonly expectEnd?: string;
  /** The version the alias must serve at 100% afterwards. @default any, as long as it is one version at 100% */
  readonly expectServing?: string;
  /** The pins configuration AppConfig must have deployed afterwards. @default any */
  readonly expectPins?: string;
}

export interface Scenario {
  readonly name: string;
  readonly title: string;
  /** The starting point: variables of the live version on top of the synthesized ones. */
  readonly seed?: { readonly environment?: Readonly<Record<string, string>> };
  /** Makes the change; returns the step to run. */
  readonly setup: (stage: ScenarioContext) => Promise<ScenarioStep>;
}

/** A module of scenarios (`evalgate simulate --scenarios FILE`): its default export, or a `scenarios` export. */
export interface ScenarioFile {
  readonly scenarios: readonly Scenario[];
  /** CI's JUnit XML of the live code's unit tests (its text), when the scenarios bring their own. */
  readonly junit?: string;
}
