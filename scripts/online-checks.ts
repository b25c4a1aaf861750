/**
 * Writes evals/online-checks.json: the live checks derived from the suites (evals/engine/online.ts), which the sample
 * assistant bundles for its live-score middleware. A test fails when the file is stale.
 *   npx tsx scripts/online-checks.ts
 */
import { writeFileSync } from 'node:fs';
import { INTENTS } from '../functions/sample-assistant/intents';
import { ONLINE_CHECKS_FILE, SAMPLE_SUITES, renderOnlineChecks } from './online-checks-source';

writeFileSync(ONLINE_CHECKS_FILE, renderOnlineChecks(SAMPLE_SUITES, INTENTS));
console.log(`wrote ${ONLINE_CHECKS_FILE}`);
