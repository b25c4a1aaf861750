/**
 * `evalgate/evals`: the eval engine. Load suites and a gate policy, run them against a target (optionally with the
 * live version as a paired baseline), summarize, gate and write reports: what `evalgate eval` does, as functions.
 * Imports no AWS SDK and nothing of the release pipeline.
 *
 * @example
 * import { buildReport, decideGate, loadPolicy, loadSuite, ModuleTarget, policyFor, runEvals, summarizeSuite, writeReports } from 'evalgate/evals';
 * const suite = loadSuite('evals/suites/faq.yaml');
 * const target = await ModuleTarget.start({ spec: 'module:src/handler.ts', path: 'src/handler.ts', exportName: 'handler' });
 * const { results } = await runEvals({ suites: [suite], target });
 */
export { AssertionRegistry, BUILTIN_ASSERTIONS, defaultRegistry, type AssertionType } from './assertions/registry';
export { ConfigFileError, type ConfigProblem } from './config/yaml-source';
export { decideGate, decideSuite, type Decision, type GateDecision, type SuiteDecision } from './gate';
export { DEFAULT_JUDGE_MODEL_ID, simulatedJudge } from './judge';
export { deriveOnlineChecks, type OnlineCheck, type OnlineChecks } from './online';
export { assertModelPinned, checkModelPin, UnpinnedModelError, type PinVerdict } from './pins';
export { BUILTIN_POLICY, loadPolicy, policyFor, policySchema, type Policy, type SuitePolicy } from './policy';
export { buildReport, type EvalReport, type ReportMeta } from './report/model';
export { REPORT_FILES, writeReports } from './report/write';
export { RUN_DEFAULTS, runEvals, type RunOptions, type RunResult } from './runner/runner';
export { scoreCase, passRate, type PassRate } from './scoring';
export { mcnemarOneSided, minimumDetectableRegressions, pairedBootstrapInterval } from './stats';
export { loadSuite, parseSuite, suitePath } from './suite/load';
export type { EvalCase, Suite } from './suite/model';
export { summarizeSuite, type Comparison, type SuiteSummary } from './summary';
export { TargetError, TargetSpecError } from './targets/errors';
export { HttpTarget } from './targets/http';
export { ModuleTarget, type ModuleTargetOptions } from './targets/module';
export { parseTargetSpec, type TargetSpec } from './targets/spec';
export type { AssertionContext, AssertionOutcome, CaseResult, CaseRun, GradingResult, JudgeModel, Target, TargetRequest, TargetResponse } from './types';
