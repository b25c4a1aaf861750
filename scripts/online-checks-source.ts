import { deriveOnlineChecks } from '../evals/engine/online';

export const ONLINE_CHECKS_FILE = 'evals/online-checks.json';
export const SAMPLE_SUITES = ['evals/suites/quality.yaml', 'evals/suites/schema.yaml', 'evals/suites/security.yaml'];

export function renderOnlineChecks(suites: readonly string[], tasks: readonly string[]): string {
  return `${JSON.stringify(deriveOnlineChecks(suites, tasks), null, 2)}\n`;
}
